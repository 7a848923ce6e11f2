#include "labelstation/io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <atomic>
#include <sstream>

#include "labelstation/io/errors.h"

namespace labelstation::io {
namespace {

std::string systemError() { return std::strerror(errno); }

void writeAll(int fd, std::string_view content, const std::string& name) {
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError(name, "cannot write: " + systemError());
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& path, std::string_view content, Durability durability) {
  const bool flush = durability == Durability::Flushed;
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  // Unique per process and call (O_EXCL below guards against a clash with another process).
  static std::atomic<unsigned> counter{0};
  const std::filesystem::path tmp =
      dir / ("." + path.filename().string() + ".tmp" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) throw IoError(path.string(), "cannot create a temporary file to save into: " + systemError());
  try {
    writeAll(fd, content, path.string());
    if (flush && ::fsync(fd) != 0) throw IoError(path.string(), "cannot flush to disk: " + systemError());
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = systemError();
    ::unlink(tmp.c_str());
    throw IoError(path.string(), "cannot replace the file: " + why);
  }
  if (!flush) return;
  // Make the rename itself durable.
  const int dirFd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
}

void flushFileSystemOf(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IoError(path.string(), "cannot open to flush: " + systemError());
  const bool ok = ::syncfs(fd) == 0;
  const std::string why = ok ? "" : systemError();
  ::close(fd);
  if (!ok) throw IoError(path.string(), "cannot flush to disk: " + why);
}

std::string readWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path.string(), std::string("cannot open: ") + systemError());
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw IoError(path.string(), "read error");
  return out.str();
}

}  // namespace labelstation::io

#include "labelstation/io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
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

// The pid in `name` when it is `prefix` followed by digits and then `suffixStart` (or the end).
std::optional<long> pidAfter(const std::string& name, const std::string& prefix, char suffixStart) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  std::size_t i = prefix.size();
  long pid = 0;
  while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])) && pid < 100000000) pid = pid * 10 + (name[i++] - '0');
  if (i == prefix.size() || (i < name.size() && name[i] != suffixStart)) return std::nullopt;
  return pid;
}

bool processAlive(long pid) {
  if (pid <= 0) return false;
  if (pid == static_cast<long>(::getpid())) return true;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

std::size_t removeStaleLeftovers(const std::filesystem::path& target) {
  namespace fs = std::filesystem;
  const fs::path dir = target.has_parent_path() ? target.parent_path() : ".";
  const std::string base = target.filename().string();
  if (base.empty()) return 0;
  const auto now = fs::file_time_type::clock::now();
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::optional<long> pid;
    for (const char* kind : {".tmp", ".staging", ".old"})
      if (!pid) pid = pidAfter(name, "." + base + kind, '_');
    if (!pid) pid = pidAfter(name, base + ".partial-", '\0');
    if (!pid || processAlive(*pid)) continue;
    std::error_code timeEc;
    const auto modified = fs::symlink_status(it->path(), timeEc).type() == fs::file_type::symlink
                              ? now - std::chrono::hours(1)
                              : fs::last_write_time(it->path(), timeEc);
    if (timeEc || now - modified < std::chrono::minutes(1)) continue;
    std::error_code removeEc;
    if (fs::remove_all(it->path(), removeEc) > 0 && !removeEc) ++removed;
  }
  return removed;
}

void writeFileAtomically(const std::filesystem::path& path, std::string_view content, Durability durability) {
  const bool flush = durability == Durability::Flushed;
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  if (flush) removeStaleLeftovers(path);  // saves (not each of an export's thousands of files)
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

std::string readWholeFile(const std::filesystem::path& path) { return readWholeFile(path, path.string()); }

std::string readWholeFile(const std::filesystem::path& path, const std::string& shownName) {
  // Non-blocking open: a FIFO named like an input must not wait forever for a writer. Only
  // regular files are read (after symlinks): not FIFOs, devices (/dev/zero) or sockets.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw IoError(shownName, "cannot open: " + systemError());
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool dir = S_ISDIR(st.st_mode);
    ::close(fd);
    throw IoError(shownName, dir ? "is a folder, not a file" : "is not a regular file (a pipe, device or socket cannot be read)");
  }
  std::string out;
  try {
    out.resize(static_cast<std::size_t>(st.st_size));
  } catch (const std::bad_alloc&) {
    ::close(fd);
    throw IoError(shownName, "too large to read into memory (" + std::to_string(st.st_size) + " bytes)");
  }
  std::size_t done = 0;
  while (true) {
    if (done == out.size()) out.resize(out.size() + 65536);  // the file grew, or to see its end
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = systemError();
      ::close(fd);
      throw IoError(shownName, "read error: " + why);
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  out.resize(done);
  return out;
}

bool isRegularFile(const std::filesystem::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace labelstation::io

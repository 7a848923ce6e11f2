// Zip extraction: every entry checked before anything is written (zip slip, links, special
// files, sizes), then written below the extraction folder, at once or (media) when needed.
#include "dataset_zip.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io {
namespace fs = std::filesystem;

namespace {

std::string zipErrorText(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

struct ZipDeleter {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileDeleter {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct FdCloser {
  int fd = -1;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

// The entry's path below the extraction root ("" for the root itself), or an IoError.
std::string checkedEntryPath(const std::string& zipName, const std::string& name) {
  const auto refuse = [&](const std::string& why) {
    throw IoError(zipName, "entry '" + name + "' " + why + "; refused (an archive may only write inside its extraction folder)");
  };
  if (name.empty()) refuse("has an empty name");
  if (name.find('\\') != std::string::npos) refuse("contains a backslash");
  if (name.front() == '/') refuse("is an absolute path");
  if (name.size() >= 2 && name[1] == ':' && std::isalpha(static_cast<unsigned char>(name[0]))) refuse("is an absolute path");
  std::string rel;
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto end = std::min(name.find('/', start), name.size());
    const std::string part = name.substr(start, end - start);
    if (part == "..") refuse("has a '..' component");
    if (!part.empty() && part != ".") rel = rel.empty() ? part : rel + "/" + part;
    start = end + 1;
  }
  return rel;
}

bool isInside(const fs::path& path, const fs::path& root) {
  return std::mismatch(root.begin(), root.end(), path.begin(), path.end()).first == root.end();
}

struct PlannedEntry {
  zip_uint64_t index = 0;
  std::string name, rel;
  bool folder = false;
  zip_uint64_t size = 0;
};

// Every entry, checked: names inside the root, no links or special files, sizes within the limit.
std::vector<PlannedEntry> planEntries(zip_t* archive, const std::string& zipName, std::uint64_t maxUncompressedBytes) {
  const zip_int64_t count = zip_get_num_entries(archive, 0);
  if (count < 0) throw IoError(zipName, "cannot read the archive's entries");
  std::vector<PlannedEntry> plan;
  std::uint64_t total = 0;
  const auto tooBig = [&](const std::string& what) {
    throw IoError(zipName, what + " exceeds the limit of " + std::to_string(maxUncompressedBytes) +
                           " bytes (ScanOptions::maxUncompressedBytes); refusing to extract (zip bomb?)");
  };
  for (zip_uint64_t i = 0; i < static_cast<zip_uint64_t>(count); ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME) || !st.name)
      throw IoError(zipName, "entry #" + std::to_string(i) + " cannot be read: " + zip_strerror(archive));
    const std::string name = st.name;
    const std::string rel = checkedEntryPath(zipName, name);
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    if (zip_file_get_external_attributes(archive, i, 0, &opsys, &attributes) == 0 && opsys == ZIP_OPSYS_UNIX) {
      const auto type = static_cast<mode_t>((attributes >> 16) & S_IFMT);
      if (type == S_IFLNK)
        throw IoError(zipName, "entry '" + name + "' is a symbolic link; refused (an archive may only write inside its extraction folder)");
      if (type != 0 && type != S_IFREG && type != S_IFDIR)
        throw IoError(zipName, "entry '" + name + "' is a special file (device, FIFO or socket); refused");
    }
    const bool folder = name.back() == '/';
    const zip_uint64_t size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
    if (!folder) {
      if (size > maxUncompressedBytes || total > maxUncompressedBytes - size)
        tooBig("the uncompressed size (over " + std::to_string(total + std::min<std::uint64_t>(size, maxUncompressedBytes)) + " bytes)");
      total += size;
    }
    if (rel.empty()) {
      if (folder) continue;
      throw IoError(zipName, "entry '" + name + "' has no file name");
    }
    plan.push_back({i, name, rel, folder, size});
  }
  return plan;
}

// Creates `target` (it must not exist: an entry appearing twice is refused).
int createEntryFile(const std::string& zipName, const PlannedEntry& entry, const fs::path& target) {
  const int fd = ::open(target.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    throw IoError(zipName, "entry '" + entry.name + "': " +
                           (errno == EEXIST ? std::string("appears twice in the archive")
                                            : "cannot create " + target.string() + ": " + std::strerror(errno)));
  return fd;
}

// Writes the entry's data to `fd` (never more than its declared size: the limits checked up
// front hold for what is written).
void writeEntryData(zip_t* archive, const std::string& zipName, const PlannedEntry& entry, int fd, const fs::path& target) {
  FdCloser out{fd};
  std::unique_ptr<zip_file_t, ZipFileDeleter> in(zip_fopen_index(archive, entry.index, 0));
  if (!in) throw IoError(zipName, "entry '" + entry.name + "' cannot be opened: " + zip_strerror(archive));
  std::vector<char> buffer(1 << 16);
  std::uint64_t entryBytes = 0;
  for (;;) {
    const zip_int64_t n = zip_fread(in.get(), buffer.data(), buffer.size());
    if (n < 0) throw IoError(zipName, "entry '" + entry.name + "' is corrupt: " + zip_file_strerror(in.get()));
    if (n == 0) break;
    entryBytes += static_cast<std::uint64_t>(n);
    if (entryBytes > entry.size) throw IoError(zipName, "entry '" + entry.name + "' holds more data than its declared size");
    for (zip_int64_t done = 0; done < n;) {
      const ssize_t w = ::write(out.fd, buffer.data() + done, static_cast<std::size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) throw IoError(target.string(), std::string("write error: ") + std::strerror(errno));
      done += w;
    }
  }
  const int fdToClose = out.fd;
  out.fd = -1;
  if (::close(fdToClose) != 0) throw IoError(target.string(), std::string("write error: ") + std::strerror(errno));
}

// Creates the entry's folder, refusing one that resolves outside the extraction root.
void makeFolderInside(const fs::path& folder, const fs::path& root, const std::string& zipName, const PlannedEntry& entry) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw IoError(zipName, "entry '" + entry.name + "': cannot create folder " + folder.string() + ": " + ec.message());
  const fs::path real = fs::canonical(folder, ec);
  if (ec || !isInside(real, root))
    throw IoError(zipName, "entry '" + entry.name + "' would be written outside the extraction folder; refused");
}

bool isMedia(const std::string& rel) { return isPointCloudFile(rel) || isImageFile(rel); }

}  // namespace

struct DeferredZipMedia::Impl {
  std::string zipName;
  std::unique_ptr<zip_t, ZipDeleter> archive;
  mutable std::mutex mutex;
  std::map<fs::path, PlannedEntry> pending;  // destination / entry path (as the dataset names it) -> entry
  std::vector<fs::path> order;               // archive order, for extractAll

  fs::path root;  // canonical: what every file must stay inside

  // With the mutex held.
  void extract(const fs::path& file) {
    const auto it = pending.find(file);
    if (it == pending.end()) return;
    makeFolderInside(file.parent_path(), root, zipName, it->second);
    std::error_code ec;
    // Written beside its place, then renamed there: a reader sees all of it or no file.
    const fs::path part = file.string() + ".part";
    fs::remove(part, ec);
    try {
      writeEntryData(archive.get(), zipName, it->second, createEntryFile(zipName, it->second, part), part);
    } catch (...) {
      fs::remove(part, ec);
      throw;
    }
    fs::rename(part, file, ec);
    if (ec) {
      std::error_code ignored;
      fs::remove(part, ignored);
      throw IoError(file.string(), "cannot put the extracted file in place: " + ec.message());
    }
    pending.erase(it);
    if (pending.empty()) archive.reset();  // all out: the zip need not stay open
  }
};

DeferredZipMedia::DeferredZipMedia() : impl_(std::make_unique<Impl>()) {}
DeferredZipMedia::~DeferredZipMedia() = default;

void DeferredZipMedia::ensure(const fs::path& file) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->extract(file.lexically_normal());
}

bool DeferredZipMedia::extractAll(const std::atomic<bool>* stop) {
  for (const fs::path& file : impl_->order) {
    if (stop && stop->load()) return pending() == 0;
    std::lock_guard<std::mutex> lock(impl_->mutex);  // per file: a frame's ensure() waits for one file at most
    impl_->extract(file);
  }
  return true;
}

std::size_t DeferredZipMedia::pending() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->pending.size();
}

namespace detail {

void requireEmptyFolder(const fs::path& folder) {
  std::error_code ec;
  if (!fs::exists(folder, ec)) return;
  if (!fs::is_directory(folder, ec)) throw IoError(folder.string(), "extraction folder exists and is not a folder");
  if (!fs::is_empty(folder, ec) || ec)
    throw IoError(folder.string(), "extraction folder is not empty (extract into an empty or new folder)");
}

ZipExtraction extractZipEntries(const fs::path& zipPath, const fs::path& destination, std::uint64_t maxUncompressedBytes,
                                bool deferMedia) {
  const std::string zipName = zipPath.string();
  int code = 0;
  // No ZIP_CHECKCONS: real archives (CVAT's own test_canvas3d.zip) fail it; damaged data still
  // shows up as a CRC or read error while extracting.
  std::unique_ptr<zip_t, ZipDeleter> archive(zip_open(zipName.c_str(), ZIP_RDONLY, &code));
  if (!archive) throw IoError(zipName, "not a readable zip archive (" + zipErrorText(code) + ")");
  const std::vector<PlannedEntry> plan = planEntries(archive.get(), zipName, maxUncompressedBytes);  // before writing anything

  requireEmptyFolder(destination);
  std::error_code ec;
  fs::create_directories(destination, ec);
  if (ec) throw IoError(destination.string(), "cannot create the extraction folder: " + ec.message());
  const fs::path root = fs::canonical(destination, ec);
  if (ec) throw IoError(destination.string(), "cannot resolve the extraction folder: " + ec.message());

  ZipExtraction out;
  for (const auto& entry : plan) {
    const fs::path target = root / entry.rel;
    if (deferMedia && !entry.folder && isMedia(entry.rel) && entry.size > 0) {  // extracted when needed
      if (!out.deferred) out.deferred.reset(new DeferredZipMedia);
      // Keyed by the path the dataset gives the file (the destination need not be canonical).
      const fs::path named = (destination / entry.rel).lexically_normal();
      if (!out.deferred->impl_->pending.emplace(named, entry).second)
        throw IoError(zipName, "entry '" + entry.name + "': appears twice in the archive");
      out.deferred->impl_->order.push_back(named);
      out.deferredFiles.push_back(entry.rel);
      continue;
    }
    makeFolderInside(entry.folder ? target : target.parent_path(), root, zipName, entry);
    if (entry.folder) continue;
    writeEntryData(archive.get(), zipName, entry, createEntryFile(zipName, entry, target), target);
  }
  if (out.deferred) {
    out.deferred->impl_->zipName = zipName;
    out.deferred->impl_->root = root;
    out.deferred->impl_->archive = std::move(archive);
  }
  return out;
}

}  // namespace detail

void extractZip(const fs::path& zipPath, const fs::path& destination, std::uint64_t maxUncompressedBytes) {
  detail::extractZipEntries(zipPath, destination, maxUncompressedBytes, false);
}

}  // namespace labelstation::io

#include "format_files.h"

#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <stdio.h>  // renameat2

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>
#include <vector>

#include "labelstation/io/atomic_file.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/pcd.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io::formats {
namespace {
namespace fs = std::filesystem;

bool looksLikeZip(const fs::path& path) {
  if (isZipPath(path)) return true;
  if (!isRegularFile(path)) return false;  // a FIFO would block the open
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

// Flushes a finished file to disk, so that renaming it into place cannot publish a partial one.
void flushToDisk(const fs::path& file, const fs::path& nameForMessages) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  const bool flushed = fd >= 0 && ::fsync(fd) == 0;
  const std::string why = flushed ? std::string() : std::strerror(errno);
  if (fd >= 0) ::close(fd);
  if (!flushed) throw IoError(nameForMessages.string(), "cannot flush the zip to disk: " + why);
}

// Packs everything below `folder` into `zipPath` (entries sorted by path, folders included)
// through a temporary file beside it: the old zip survives any failure, and a crash leaves either
// the old zip or the whole new one.
void packFolderAsZip(const fs::path& folder, const fs::path& zipPath) {
  const fs::path partial = zipPath.string() + ".partial-" + std::to_string(::getpid());
  int code = 0;
  zip_t* archive = zip_open(partial.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!archive) throw IoError(zipPath.string(), "cannot create the zip archive");
  auto fail = [&](const std::string& why) {
    zip_discard(archive);
    std::error_code ec;
    fs::remove(partial, ec);
    throw IoError(zipPath.string(), why);
  };
  std::vector<fs::path> entries;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  std::sort(entries.begin(), entries.end(),
            [&](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
  for (const fs::path& entry : entries) {
    const std::string name = fs::relative(entry, folder).generic_string();
    if (fs::is_directory(entry, ec)) {
      if (zip_dir_add(archive, name.c_str(), ZIP_FL_ENC_UTF_8) < 0) fail("cannot add folder " + name);
      continue;
    }
    zip_source_t* source = zip_source_file(archive, entry.c_str(), 0, -1);
    if (!source) fail("cannot read " + entry.string());
    if (zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(source);
      fail("cannot add " + name);
    }
  }
  if (zip_close(archive) != 0) fail(std::string("cannot write the archive: ") + zip_strerror(archive));
  try {
    flushToDisk(partial, zipPath);
  } catch (...) {
    fs::remove(partial, ec);
    throw;
  }
  fs::rename(partial, zipPath, ec);
  if (ec) {
    fs::remove(partial, ec);
    throw IoError(zipPath.string(), "cannot move the finished archive into place");
  }
}

}  // namespace

std::string lowercaseExtension(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

bool isZipPath(const fs::path& path) { return lowercaseExtension(path) == ".zip"; }

TemporaryFolder::TemporaryFolder(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) throw IoError(pattern, "cannot create a temporary folder");
  path_ = pattern;
}

TemporaryFolder::~TemporaryFolder() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

// ---- input ----

InputRoot::InputRoot(const fs::path& input) : input_(input) {
  std::error_code ec;
  if (!fs::exists(input, ec)) throw IoError(input.string(), "does not exist");
  if (fs::is_directory(input, ec)) {
    folder_ = input;
  } else if (looksLikeZip(input)) {
    extracted_ = std::make_unique<TemporaryFolder>("labelstation-import");
    folder_ = extracted_->path();
    extractZip(input, folder_);  // on errors, extracted_ removes what was extracted
  } else {
    file_ = input;
    folder_ = input.parent_path().empty() ? fs::path(".") : input.parent_path();
  }
}

std::string InputRoot::nameOf(const fs::path& inside) const {
  if (!extracted_) return inside.string();
  return input_.string() + ": " + fs::relative(inside, folder_).generic_string();
}

std::string InputRoot::keptPath(const fs::path& inside) const {
  std::error_code ec;
  return !extracted_ && fs::is_regular_file(inside, ec) ? inside.string() : std::string();
}

fs::path findFileBelow(const fs::path& root, const std::string& name) {
  std::error_code ec;
  if (fs::is_regular_file(root / name, ec)) return root / name;
  std::vector<fs::path> found;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().filename() == name) found.push_back(it->path());
  if (found.empty()) return {};
  std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
    const auto da = std::distance(a.begin(), a.end()), db = std::distance(b.begin(), b.end());
    return da != db ? da < db : naturalLess(a.generic_string(), b.generic_string());
  });
  return found.front();
}

XmlInput readXmlInput(const fs::path& input, const std::string& preferred) {
  const InputRoot root(input);
  if (!root.file().empty()) return {input.string(), readWholeFile(input)};
  std::error_code ec;
  fs::path chosen = root.folder() / preferred;
  if (!fs::is_regular_file(chosen, ec)) {
    std::vector<fs::path> xmls;
    for (const auto& entry : fs::directory_iterator(root.folder(), ec))
      if (entry.is_regular_file() && lowercaseExtension(entry.path()) == ".xml") xmls.push_back(entry.path());
    if (xmls.size() != 1) {
      const std::string others = xmls.empty() ? " (and no other .xml file at its top)"
                                              : " and several .xml files: which one is meant is unclear";
      throw IoError(input.string(), "holds no " + preferred + others);
    }
    chosen = xmls.front();
  }
  return {root.nameOf(chosen), readWholeFile(chosen)};
}

// ---- output ----

OutputTarget::OutputTarget(const fs::path& output) : output_(output) {
  std::error_code ec;
  if (isZipPath(output)) {
    if (!output.parent_path().empty() && !fs::is_directory(output.parent_path(), ec))
      throw IoError(output.string(), "the folder to write the zip into does not exist");
    removeStaleLeftovers(output);
    staging_ = std::make_unique<TemporaryFolder>("labelstation-export");
    folder_ = staging_->path();
    return;
  }
  // A folder: written into a staging folder beside it, swapped in by commit().
  const fs::path name = output.filename().empty() ? output.parent_path().filename() : output.filename();
  const fs::path target = output.filename().empty() ? output.parent_path() : output;
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (name.empty() || name == "." || name == "..") throw IoError(output.string(), "name the folder to export into");
  fs::create_directories(parent, ec);
  if (!fs::is_directory(parent, ec)) throw IoError(output.string(), "cannot create the folder it goes into");
  const fs::file_status status = fs::symlink_status(target, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) throw IoError(output.string(), "exists and is not a folder");
    bool empty = true, marked = false;
    for (fs::directory_iterator it(target, ec), end; !ec && it != end; it.increment(ec)) {
      empty = false;
      marked = marked || it->path().filename() == kExportMarker;
    }
    if (!empty && !marked)
      throw IoError(output.string(),
                    "holds files that are not a Labelstation export; an export replaces the folder's contents: choose an empty or new folder");
  }
  removeStaleLeftovers(target);
  static std::atomic<unsigned> counter{0};
  const std::string unique = std::to_string(::getpid()) + "_" + std::to_string(counter++);
  target_ = target;
  stagingFolder_ = parent / ("." + name.string() + ".staging" + unique);
  replacedFolder_ = parent / ("." + name.string() + ".old" + unique);
  if (!fs::create_directory(stagingFolder_, ec))
    throw IoError(output.string(), "cannot create a staging folder beside it: " + (ec ? ec.message() : "it exists"));
  folder_ = stagingFolder_;
}

OutputTarget::~OutputTarget() {
  if (stagingFolder_.empty() || committed_) return;
  std::error_code ec;
  fs::remove_all(stagingFolder_, ec);  // an export that failed or was cancelled leaves the folder as it was
}

void OutputTarget::makeFolder(const std::string& relative) const {
  std::error_code ec;
  fs::create_directories(pathOf(relative), ec);
  if (ec) throw IoError(pathOf(relative).string(), "cannot create the folder");
}

void OutputTarget::writeFile(const std::string& relative, std::string_view content) const {
  const fs::path path = pathOf(relative);
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  writeFileAtomically(path, content, Durability::Deferred);  // flushed once, in commit()
}

void OutputTarget::commit() const {
  if (staging_) return packFolderAsZip(folder_, output_);
  // Marked as ours (a later export may replace it), flushed, then swapped in: the old folder and
  // the new one trade names in one step (renameat2 RENAME_EXCHANGE), or, where the file system
  // cannot, the old one is renamed aside first. A crash leaves the old export or the new one under
  // the name, never a mix; the other is a leftover removeStaleLeftovers() cleans.
  writeFileAtomically(folder_ / kExportMarker, "A Labelstation export: the next export to this folder replaces it.\n",
                      Durability::Deferred);
  flushFileSystemOf(folder_);
  std::error_code ec;
  const bool exists = fs::exists(fs::symlink_status(target_, ec));
  bool swapped = false;
  if (exists) {
    if (::renameat2(AT_FDCWD, stagingFolder_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
      swapped = true;
      fs::remove_all(stagingFolder_, ec);  // now the old export
    } else if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
      if (::rename(target_.c_str(), replacedFolder_.c_str()) != 0)
        throw IoError(output_.string(), std::string("cannot move the previous export aside: ") + std::strerror(errno));
    } else {
      throw IoError(output_.string(), std::string("cannot replace the previous export: ") + std::strerror(errno));
    }
  }
  if (!swapped) {
    if (::rename(stagingFolder_.c_str(), target_.c_str()) != 0) {
      const std::string why = std::strerror(errno);
      if (exists) ::rename(replacedFolder_.c_str(), target_.c_str());  // put the old one back
      throw IoError(output_.string(), "cannot move the export into place: " + why);
    }
    fs::remove_all(replacedFolder_, ec);
  }
  committed_ = true;
  const fs::path parent = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  const int dirFd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirFd >= 0) {
    ::fsync(dirFd);
    ::close(dirFd);
  }
}

void reportProgress(const ExportOptions& options, const std::filesystem::path& output, std::size_t done, std::size_t total) {
  if (options.progress && !options.progress(done, total)) throw ExportCancelled(output.string());
}

void copyMediaFile(const std::string& source, const fs::path& destination, const std::string& frame) {
  if (source.empty()) throw IoError(frame, "has no media file to save (FrameInfo::path is empty)");
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) throw IoError(source, "media file of frame '" + frame + "' is missing");
  fs::create_directories(destination.parent_path(), ec);
  fs::copy_file(source, destination, fs::copy_options::overwrite_existing, ec);
  if (ec) throw IoError(destination.string(), "cannot copy " + source + ": " + ec.message());
}

void savePointCloudAsPcd(const std::string& source, const fs::path& destination, const std::string& frame) {
  if (source.empty() || lowercaseExtension(source) == ".pcd") return copyMediaFile(source, destination, frame);
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) throw IoError(source, "media file of frame '" + frame + "' is missing");
  fs::create_directories(destination.parent_path(), ec);
  writePcd(destination, readPointCloud(source), PcdEncoding::Binary);
}

}  // namespace labelstation::io::formats

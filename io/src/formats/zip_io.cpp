#include "zip_io.h"

#include <fcntl.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>

#include "labelstation/io/atomic_file.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/errors.h"

namespace labelstation::io::formats {
namespace fs = std::filesystem;

TemporaryFolder::TemporaryFolder(const std::string& purpose) {
  static std::atomic<unsigned> counter{0};
  const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
  path_ = fs::temp_directory_path() / ("labelstation_" + purpose + "_" + std::to_string(::getpid()) + "_" +
                                       std::to_string(stamp) + "_" + std::to_string(counter++));
  std::error_code ec;
  fs::create_directories(path_, ec);
  if (ec) throw IoError(path_.string(), "cannot create a temporary folder: " + ec.message());
}

TemporaryFolder::~TemporaryFolder() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

bool isZipPath(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".zip";
}

InputFolder::InputFolder(const fs::path& input) : input_(input), path_(input) {
  std::error_code ec;
  if (!fs::exists(input, ec)) throw IoError(input.string(), "does not exist");
  if (fs::is_directory(input, ec)) return;
  if (!isZipPath(input)) throw IoError(input.string(), "is neither a folder nor a .zip");
  extracted_ = std::make_unique<TemporaryFolder>("import");
  extractZip(input, extracted_->path() / "data");
  path_ = extracted_->path() / "data";
}

std::string InputFolder::nameOf(const fs::path& inside) const {
  if (!extracted_) return inside.string();
  return (input_ / fs::relative(inside, path_)).string();
}

XmlInput readXmlInput(const fs::path& input, const std::string& preferred) {
  std::error_code ec;
  if (fs::is_regular_file(input, ec) && !isZipPath(input)) return {input.string(), readWholeFile(input)};
  InputFolder folder(input);
  fs::path chosen = folder.path() / preferred;
  if (!fs::is_regular_file(chosen, ec)) {
    std::vector<fs::path> xmls;
    for (const auto& entry : fs::directory_iterator(folder.path(), ec)) {
      std::string ext = entry.path().extension().string();
      std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
      if (entry.is_regular_file() && ext == ".xml") xmls.push_back(entry.path());
    }
    if (xmls.size() != 1)
      throw IoError(input.string(), xmls.empty() ? "holds no " + preferred + " (and no other .xml file at its top)"
                                                 : "holds no " + preferred + " and several .xml files: which one is meant is unclear");
    chosen = xmls.front();
  }
  return {folder.nameOf(chosen), readWholeFile(chosen)};
}

namespace {
struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
}  // namespace

void writeZipAtomically(const fs::path& zip, const std::vector<ZipEntry>& entries) {
  const fs::path temporary = fs::path(zip.string() + ".tmp-" + std::to_string(::getpid()));
  int code = 0;
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open(temporary.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code));
  if (!archive) throw IoError(zip.string(), "cannot create the zip (libzip error " + std::to_string(code) + ")");
  auto fail = [&](const std::string& problem) {
    archive.reset();
    std::error_code ec;
    fs::remove(temporary, ec);
    throw IoError(zip.string(), problem);
  };
  for (const ZipEntry& e : entries) {
    zip_source_t* source = nullptr;
    if (!e.file.empty()) {
      std::error_code ec;
      if (!fs::is_regular_file(e.file, ec)) fail("cannot add '" + e.name + "': " + e.file.string() + " is not a readable file");
      source = zip_source_file(archive.get(), e.file.c_str(), 0, -1);
    } else {
      // libzip reads the buffer at zip_close: the entries outlive this loop.
      source = zip_source_buffer(archive.get(), e.bytes.data(), e.bytes.size(), 0);
    }
    if (!source || zip_file_add(archive.get(), e.name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      if (source) zip_source_free(source);
      fail("cannot add '" + e.name + "': " + zip_strerror(archive.get()));
    }
  }
  if (zip_close(archive.get()) != 0) fail(std::string("cannot write the zip: ") + zip_strerror(archive.get()));
  archive.release();
  // Flushed before the rename, so a crash leaves either the old zip or the whole new one.
  if (const int fd = ::open(temporary.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code ec;
  fs::rename(temporary, zip, ec);
  if (ec) {
    fs::remove(temporary, ec);
    throw IoError(zip.string(), "cannot replace the file: " + ec.message());
  }
}

}  // namespace labelstation::io::formats

#pragma once
// Internal to the annotation formats: inputs that may be a file, a folder or a zip, and zip
// outputs written atomically.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace labelstation::io::formats {

// A folder that is removed with everything in it when this goes out of scope.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(const std::string& purpose);
  ~TemporaryFolder();
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A folder to read a dataset from: `input` itself, or a zip extracted (with the dataset scanner's
// zip-slip and size checks) into a temporary folder kept alive by this object.
class InputFolder {
 public:
  explicit InputFolder(const std::filesystem::path& input);
  const std::filesystem::path& path() const { return path_; }
  // The name to use in messages for a file inside: "<zip>/<entry>" or the real path.
  std::string nameOf(const std::filesystem::path& inside) const;

 private:
  std::filesystem::path input_, path_;
  std::unique_ptr<TemporaryFolder> extracted_;
};

struct XmlInput {
  std::string name;  // for messages
  std::string text;
};
// An .xml file, or a folder / zip holding `preferred` at its top (else exactly one .xml file at
// its top). Throws IoError naming the input when there is no such file.
XmlInput readXmlInput(const std::filesystem::path& input, const std::string& preferred);

struct ZipEntry {
  std::string name;             // path inside the zip, '/'-separated
  std::string bytes;            // the content, unless `file` is set
  std::filesystem::path file;   // a file to store as it is
};
// Writes the entries to `zip` through a temporary file renamed over it (the old zip survives any
// failure). Throws IoError naming the zip.
void writeZipAtomically(const std::filesystem::path& zip, const std::vector<ZipEntry>& entries);

// True when `path` ends in .zip (any case): exporters then write a zip instead of a folder.
bool isZipPath(const std::filesystem::path& path);

}  // namespace labelstation::io::formats

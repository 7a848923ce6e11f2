#pragma once
// Internal to the annotation formats: where a format reads from (a file, a folder or a zip) and
// writes to (a folder or a zip), and the media files it saves along. One implementation for every
// format, compiled once (format_files.cpp).

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "labelstation/io/annotation_set.h"

namespace labelstation::io::formats {

// The extension in lower case (".zip", ".xml"): formats choose by it whatever the user typed.
std::string lowercaseExtension(const std::filesystem::path& path);

// True when `path` ends in .zip (any case): exporters then write a zip instead of a folder.
bool isZipPath(const std::filesystem::path& path);

// A new folder under the system's temporary folder, removed with everything in it by the destructor:
// zips are extracted to and packed from one, and nothing is left behind on errors.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(const std::string& prefix);
  ~TemporaryFolder();
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// What an importer reads: a folder as it is, a zip (by extension or by its PK signature) extracted
// with the dataset scanner's zip-slip and size checks into a temporary folder removed with this
// object, or a single file (then folder() is the folder it is in). Throws IoError naming the input
// when it does not exist or the zip cannot be extracted.
class InputRoot {
 public:
  explicit InputRoot(const std::filesystem::path& input);
  const std::filesystem::path& folder() const { return folder_; }
  // The file given when the input was neither a folder nor a zip; empty otherwise.
  const std::filesystem::path& file() const { return file_; }
  // Files inside a zip are gone after the import: frames must not point at them.
  bool extracted() const { return extracted_ != nullptr; }
  // How a file inside is named in messages: "<zip>: <entry>" for archives, else its path.
  std::string nameOf(const std::filesystem::path& inside) const;
  // A media path worth keeping in FrameInfo (empty for extracted or missing files).
  std::string keptPath(const std::filesystem::path& inside) const;

 private:
  std::filesystem::path input_, folder_, file_;
  std::unique_ptr<TemporaryFolder> extracted_;  // set for a zip
};

// The first file named `name` (case-sensitive) below `root`, shallowest first; empty when none.
std::filesystem::path findFileBelow(const std::filesystem::path& root, const std::string& name);

struct XmlInput {
  std::string name;  // for messages
  std::string text;
};
// An .xml file, or a folder / zip holding `preferred` at its top (else exactly one .xml file at
// its top). Throws IoError naming the input when there is no such file.
XmlInput readXmlInput(const std::filesystem::path& input, const std::string& preferred);

// The file every folder export holds: a folder with it (or an empty one) may be replaced by the
// next export; any other folder is refused, so an export never wipes a user's files.
constexpr const char* kExportMarker = ".labelstation-export";

// Where an exporter writes. Both kinds are atomic, like saves: a failure, a cancel or a crash
// leaves what was there before, a success replaces it whole.
//  - A folder: everything goes to a staging folder beside it (".NAME.staging<pid>_<n>"); commit()
//    flushes it and swaps it in for the old folder, whose files are all gone afterwards (a 3-frame
//    export into a 10-frame one leaves 3 frames). An existing folder must be empty or an earlier
//    export (kExportMarker).
//  - A .zip: a temporary folder packed into the zip by commit(), written to a temporary name,
//    flushed to disk and renamed.
// Leftovers of interrupted exports beside the output are removed first (removeStaleLeftovers).
class OutputTarget {
 public:
  // Creates the staging folder; throws IoError naming `output` when it cannot or when `output` is
  // a folder that is neither empty nor an earlier export.
  explicit OutputTarget(const std::filesystem::path& output);
  ~OutputTarget();
  OutputTarget(const OutputTarget&) = delete;
  OutputTarget& operator=(const OutputTarget&) = delete;

  const std::filesystem::path& folder() const { return folder_; }
  const std::filesystem::path& output() const { return output_; }
  std::filesystem::path pathOf(const std::string& relative) const { return folder_ / std::filesystem::path(relative); }

  void makeFolder(const std::string& relative) const;
  // Writes the file atomically, creating the folders it is in.
  void writeFile(const std::string& relative, std::string_view content) const;
  // Packs the zip, or swaps the staging folder in. Call once, after everything is written.
  void commit() const;

 private:
  std::filesystem::path output_, folder_;
  std::unique_ptr<TemporaryFolder> staging_;  // set for a .zip: what commit() packs
  std::filesystem::path target_, stagingFolder_, replacedFolder_;  // folders
  mutable bool committed_ = false;
};

// Tells the export's progress callback that `done` of `total` media steps are done; throws
// ExportCancelled naming `output` when the callback asks to stop.
void reportProgress(const ExportOptions& options, const std::filesystem::path& output, std::size_t done, std::size_t total);

// Copies a frame's media file for saveMedia; a missing source is an error naming the frame.
void copyMediaFile(const std::string& source, const std::filesystem::path& destination, const std::string& frame);

// The frame's point cloud as a .pcd (the formats name clouds <id>.pcd; CVAT stores no .bin):
// copied when it is one, else converted.
void savePointCloudAsPcd(const std::string& source, const std::filesystem::path& destination, const std::string& frame);

}  // namespace labelstation::io::formats

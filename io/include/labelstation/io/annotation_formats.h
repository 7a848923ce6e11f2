#pragma once
// The registry of annotation formats, keyed by the names CVAT shows ("CVAT for images 1.1", …).
// The CLI's `formats`, the GUI's import/export dialogs and the tests all go through it.

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "labelstation/io/annotation_set.h"

namespace labelstation::io {

// What an export could not write, a line per kind of loss with its count (empty: nothing lost).
using ExportWarnings = std::vector<std::string>;

struct AnnotationFormat {
  std::string name;  // as CVAT shows it
  std::string id;    // short name for the command line: "cvat_images", "kitti_raw", …
  TaskDimension dimension = TaskDimension::Image2D;
  std::string summary;  // one line: what is written where
  // Reads a file, folder or zip. Throws IoError naming the file and the problem.
  std::function<AnnotationSet(const std::filesystem::path& input, const ImportOptions& options)> importer;
  // Writes `set` (already restricted by selectForExport) to a file, folder or .zip, atomically
  // where the output is one file. Throws IoError. Returns what it could not write.
  std::function<ExportWarnings(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options)> exporter;
  bool canImport() const { return static_cast<bool>(importer); }
  bool canExport() const { return static_cast<bool>(exporter); }
};

const std::vector<AnnotationFormat>& annotationFormats();
// By name or id, case-insensitively; nullptr when unknown.
const AnnotationFormat* findAnnotationFormat(std::string_view nameOrId);

// Applies selectForExport and runs the format's exporter. Returns what the format could not hold
// (one line per kind of loss, with counts: tags in CVAT for video, cuboids the camera does not see
// in KITTI object); the caller shows them.
ExportWarnings exportAnnotations(const AnnotationFormat& format, const AnnotationSet& set, const std::filesystem::path& output,
                       const ExportOptions& options);

}  // namespace labelstation::io

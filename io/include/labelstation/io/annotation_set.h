#pragma once
// What annotation formats exchange: a task's labels and frames with its objects, independent of
// any open document. Importers build one from files (with their own label ids), exporters write
// one, and `planImport` maps an imported set onto a document's task before anything changes, so
// a bad file never leaves a document half-imported.

#include <cstddef>
#include <ctime>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "labelstation/core/annotation.h"
#include "labelstation/core/document.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {

struct AnnotationSet {
  // name, dimension, label schema and frames (names as the format stores them; image sizes when
  // known). Object label and attribute ids refer to `task.labels`.
  Task task;
  std::vector<AnnotationObject> objects;  // ids unique within the set (1, 2, … when read)
  // Items an importer skipped or changed, one sentence each naming the item.
  std::vector<std::string> warnings;
};

// The document's task and every object, in id order.
AnnotationSet annotationSetOf(const Document& document);

// Export options the CVAT guide names. The frame range and deleted frames are applied to the set
// by selectForExport before any exporter sees it; onlyKeyframes and saveMedia are applied by each
// exporter (only it knows how its format writes interpolated frames and media).
struct ExportOptions {
  bool saveMedia = false;            // copy the frames' images / point clouds along
  std::optional<int> firstFrame;     // frame range, inclusive; unset = from the first frame
  std::optional<int> lastFrame;      // … to the last one
  bool onlyKeyframes = false;        // tracks keep only their keyframes (no interpolated frames)
  bool skipDeletedFrames = true;     // deleted frames and what lies on them are left out
  // KITTI object: the camera calibration (a KITTI raw drive folder, a calib/<id>.txt file or a
  // Labelstation calibration JSON). Other formats ignore it.
  std::filesystem::path calibration;
  // Called while the media are saved, with how many of `total` frames are done; returning false
  // cancels the export, which then throws ExportCancelled. A .zip or single-file output is then
  // left as it was, and so is a folder (the export is written beside it and swapped in at the end).
  std::function<bool(std::size_t done, std::size_t total)> progress;
  // CVAT XML: the time written as created / updated / dumped (seconds since 1970, UTC); unset:
  // now. Fixed for files that must come out the same each time (the sample data).
  std::optional<std::time_t> timestamp;
};

// What an export stopped by its progress callback throws.
class ExportCancelled : public IoError {
 public:
  explicit ExportCancelled(const std::string& output) : IoError(output, "the export was cancelled") {}
};

// The set restricted to the options' frame range (frames renumbered from 0, shapes and track
// keyframes moved with them; a track cut by the range start gets a keyframe there) and without
// deleted frames when asked (their shapes dropped; tracks keep their keyframes elsewhere).
AnnotationSet selectForExport(const AnnotationSet& set, const ExportOptions& options);

struct ImportOptions {
  bool replace = false;              // replace the document's annotations (else append)
  bool createMissingLabels = false;  // labels the document lacks are added (else: an error)
  bool masksToPolygons = false;      // each mask becomes a polygon per outer contour
  // KITTI object: the calibration for frames without their own calib/<id>.txt (a KITTI raw drive
  // folder, a calib file or a calibration JSON, as for export); the window and the CLI give the
  // task's dataset folder. Other formats ignore it.
  std::filesystem::path calibration;
};

// An imported set mapped onto a target task: labels and attributes by name, frames by name
// (with or without extension, CVAT's rule), then by index.
struct ImportPlan {
  std::vector<AnnotationObject> objects;  // target ids; object ids 0 (fresh ones on create)
  LabelSchema labels;                     // the target's labels, plus those created
  std::vector<std::string> createdLabels;  // names of the labels added (createMissingLabels)
  std::vector<std::string> errors;        // anything that blocks the import, one per item
  std::vector<std::string> warnings;      // dropped attribute values and the like
};
ImportPlan planImport(const AnnotationSet& imported, const Task& target, const ImportOptions& options);

}  // namespace labelstation::io

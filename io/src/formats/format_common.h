#pragma once
// Internal to labelstation_io: what the 3D cuboid formats (Kitti Raw, Datumaro 3D, Sly Point
// Cloud, KITTI object) share besides files (format_files.h): Python-style number text, item ids,
// and the rules that turn per-frame cuboids into shapes and tracks (and back) the way CVAT does.
// Definitions in format_common.cpp, compiled once.

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "labelstation/io/annotation_set.h"

namespace labelstation::io::formats {

// ---------------------------------------------------------------------------------------------
// Text

// Python's str(float): the shortest text that reads back to the same double, with ".0" on whole
// numbers and an exponent only below 1e-4 or from 1e16 on. datumaro writes numbers this way.
std::string pythonFloat(double value);
// `value` rounded to `maxDecimals`, trailing zeros dropped down to `minDecimals` ("12.50",
// "3.14159"); "-0.00" becomes "0.00". std::to_chars: an order of magnitude faster than printf,
// which dominated exporting long tasks.
std::string decimal(double value, int minDecimals, int maxDecimals);

// Text for XML content or a double-quoted attribute: & < > " as entities.
std::string escapeXml(std::string_view text);
// XML content as Python's ElementTree writes it (datumaro's files): & < > only.
std::string escapeXmlText(std::string_view text);

// A whole string as a double (leading/trailing blanks allowed); nullopt for anything else.
std::optional<double> parseDouble(std::string_view text);
// A whole string as an integer (written as a whole double up to 9e15); nullopt for anything else.
std::optional<long long> parseInteger(std::string_view text);

inline bool isBooleanText(const std::string& v) { return v == "true" || v == "false"; }

// The file's JSON; throws IoError naming the file (as `shownName` when given, e.g. "<zip>: entry")
// when it is malformed.
nlohmann::json parseJsonFile(const std::filesystem::path& file, const std::string& shownName = {});

// An attribute value read from JSON as the text our model stores: bools "true"/"false", numbers
// as Python writes them, strings as they are.
std::string attributeText(const nlohmann::json& value);

// ---------------------------------------------------------------------------------------------
// Item ids: what the formats name a frame's files after

// The frame's name without folders and without a media extension, as CVAT's 3D exports name
// items; its file's name when it has none; "%010d" of the index when it has neither.
std::string itemIdOf(const FrameInfo& frame, std::size_t index);
// itemIdOf of every frame, in frame order; ids may repeat.
std::vector<std::string> itemIdOfEachFrame(const Task& task);
// The first id in `ids` that an earlier one already has; nullopt when all differ.
std::optional<std::string> repeatedItemId(const std::vector<std::string>& ids);
// itemIdOfEachFrame, or an IoError naming `output` when two frames would share an id (their
// files would overwrite each other).
std::vector<std::string> itemIdsOf(const Task& task, const std::filesystem::path& output);

// ---------------------------------------------------------------------------------------------
// Reading: per-frame cuboids → labels, shapes and tracks

struct DeclaredAttribute {
  std::string name;
  std::optional<AttributeInputType> type;  // unset: inferred from the values (checkbox or text)
  std::vector<std::string> values;
  std::optional<bool> isMutable;  // unset: inferred from the tracks
};

struct ImportedCuboid {
  int frame = 0;  // index into the set's frames
  std::string label;
  std::vector<double> geometry;  // px py pz rx ry rz sx sy sz
  bool occluded = false;
  int group = 0;
  std::vector<std::pair<std::string, std::string>> attributes;  // name, value text
  std::optional<long long> trackId;                             // set: a sample of a track
  bool keyframe = true;                                         // for track samples: false = an interpolated frame
  std::string where;                                            // "item '0000000001'", for messages
  std::string file;                                             // the file it was read from, when not the builder's
};

// Collects cuboids read from `file` and builds the set's labels and objects:
//  - shapes: one object each;
//  - tracks (samples sharing a track id and label): keyframes where the file marks them and
//    where a visible range starts; an outside keyframe after each range (a gap, or the last
//    sample before the end of the task), as CVAT rebuilds tracks on import;
//  - attributes: checkbox when every value is true/false, else text (unless declared); immutable
//    when every track of the label keeps one value (the formats do not say), else mutable.
class CuboidSetBuilder {
 public:
  CuboidSetBuilder(std::string file, std::vector<std::string>& warnings) : file_(std::move(file)), warnings_(warnings) {}

  void declareLabel(const std::string& name, const std::string& color = "", std::vector<DeclaredAttribute> attributes = {});
  bool hasLabel(const std::string& name) const { return labels_.count(name) != 0; }
  // Checks the cuboid (9 finite numbers, no zero size; negative sizes made positive with a warning).
  void add(ImportedCuboid cuboid);
  void build(AnnotationSet& set);

 private:
  struct LabelDraft {
    std::string color;
    std::vector<std::string> attributeOrder;
    std::map<std::string, DeclaredAttribute> attributes;
    std::map<std::string, std::vector<std::string>> values;
  };
  enum class Which { All, Mutable, Immutable };

  void inferMutability(const std::vector<std::vector<const ImportedCuboid*>>& tracks);
  ShapeState stateOf(const AnnotationSet& set, const ImportedCuboid& c, Which which) const;

  std::string file_;
  std::vector<std::string>& warnings_;
  std::vector<std::string> labelOrder_;
  std::map<std::string, LabelDraft> labels_;
  std::vector<ImportedCuboid> samples_;
};

// ---------------------------------------------------------------------------------------------
// Writing: shapes and tracks → per-frame cuboids

struct ExportedCuboid {
  int frame = 0;
  const Label* label = nullptr;
  const AnnotationObject* object = nullptr;
  std::vector<double> geometry;  // px py pz rx ry rz sx sy sz
  bool occluded = false;
  std::vector<std::pair<std::string, std::string>> attributes;  // name, value text, in label order
  bool inTrack = false;
  bool keyframe = false;  // tracks: a keyframe of ours (else an interpolated frame)
};

// Whether a frame is written: selectForExport leaves deleted frames flagged when they are to be
// skipped, and CVAT's exports leave them out.
inline bool isWrittenFrame(const AnnotationSet& set, std::size_t frame) {
  return frame < set.task.frames.size() && !set.task.frames[frame].deleted;
}

// The track as CVAT exports it: keyframes on frames that are not written (deleted frames) are
// dropped before interpolating, so the frames around them bridge over. Other objects as they are.
AnnotationObject keyframesOnWrittenFrames(const AnnotationSet& set, const AnnotationObject& object);

// Every 3D cuboid of the set on every written frame it is visible on (tracks interpolated between
// their keyframes, as CVAT exports them, or only their keyframes with onlyKeyframes), sorted by
// frame then object order. Other shape types are not cuboids and are left out.
std::vector<ExportedCuboid> cuboidsForExport(const AnnotationSet& set, const ExportOptions& options);

}  // namespace labelstation::io::formats

#pragma once
// CVAT's skeleton drawing: the "svg" of a skeleton label (label JSON, CVAT XML's <svg>, backups),
// and the .svg file its skeleton configurator downloads and uploads. Coordinates lie in the
// 0..100 box of the configurator's drawing area.
//
//   <line x1=".." y1=".." x2=".." y2=".." data-type="edge" data-node-from="1" data-node-to="2"></line>
//   <circle r="0.75" cx=".." cy=".." data-type="element node" data-element-id="1" data-node-id="1"
//           data-label-name="head"></circle>

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "labelstation/core/label_schema.h"

namespace labelstation::io {

struct SkeletonDrawing {
  struct Node {
    int id = 0;               // data-element-id (= data-node-id), 1, 2, …
    int labelId = 0;          // data-label-id when written (CVAT's live labels), else 0
    std::string labelName;    // data-label-name
    double x = 0, y = 0;
  };
  std::vector<Node> nodes;
  std::vector<std::pair<int, int>> edges;  // node ids

  const Node* node(int id) const;
};

// The circles and lines of an svg text, in any order, other elements ignored; never throws (a
// drawing with nothing readable is empty). Circles without a positive node id and edges that do
// not join two distinct nodes of the drawing are dropped.
SkeletonDrawing parseSkeletonSvg(std::string_view svg);
// Lines first, then circles, as CVAT's configurator writes them; data-label-id only where set.
std::string writeSkeletonSvg(const SkeletonDrawing& drawing);

// The drawing of a skeleton label of `schema`: nodes 1, 2, … in sub-label order, at their node
// positions (spread on a circle where a point has none); `withLabelIds` adds data-label-id.
SkeletonDrawing skeletonDrawing(const LabelSchema& schema, const Label& skeleton, bool withLabelIds);
// Gives the skeleton's points the drawing's positions and edges. A node names its point by
// data-label-id (through `labelIds`, the ids of the text the drawing came with), else by
// data-label-name, else by its number in sub-label order; nodes naming none are skipped.
void applySkeletonDrawing(const SkeletonDrawing& drawing, LabelSchema& schema, LabelId skeleton,
                          const std::map<int, LabelId>& labelIds = {});

// The configurator's .svg file: the drawing inside <svg viewBox="0 0 100 100"> with a
// <desc data-description-type="labels-specification"> holding the points' label JSON by node id
// (name, color, type, attributes; no ids).
struct SkeletonFile {
  SkeletonDrawing drawing;
  std::string pointsJson;  // {"1": {"name": …}, …}; "{}" when the file has none
};
std::string writeSkeletonFile(const SkeletonFile& file);
// Throws IoError naming the file when it is not an svg of at least one skeleton point.
SkeletonFile readSkeletonFile(const std::filesystem::path& path);
SkeletonFile parseSkeletonFile(const std::string& text, const std::string& source);

}  // namespace labelstation::io

#pragma once
// The shapes converter (CVAT's "Run actions"): bulk actions on the shapes that match the
// filter over a range of frames — conversions between masks, polygons and rectangles,
// propagating the current frame's shapes, removing shapes — built as one undoable command,
// frame by frame with progress and a way to cancel.

#include <QString>
#include <functional>
#include <memory>

#include "labelstation/core/command.h"
#include "labelstation/core/filter.h"

namespace labelstation::app {

enum class ShapeAction {
  MasksToPolygons,
  PolygonsToMasks,
  RectanglesToMasks,
  MasksToRectangles,
  PolygonsToRectangles,
  RectanglesToPolygons,
  PropagateShapes,
  RemoveShapes,
};
constexpr int kShapeActionCount = 8;

QString describe(ShapeAction action);

// Runs `action` on the shapes (not tracks, tags or locked objects) on frames first..last that match `filter`
// (all shapes when null). Propagation copies the matching shapes of `currentFrame` to the other
// frames of the range. Shapes whose label does not take the new type are left as they are.
// `progress(done, total)` is called after each frame; returning false
// cancels (nullptr). Masks are drawn within each frame's image (its size when known).
std::unique_ptr<ObjectsCommand> runShapeAction(Document& document, ShapeAction action, int first, int last, int currentFrame,
                                               const Filter* filter, const std::function<bool(int, int)>& progress);

}  // namespace labelstation::app

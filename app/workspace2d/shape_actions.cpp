#include "shape_actions.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "labelstation/core/edits.h"
#include "labelstation/core/mask.h"
#include "labelstation/core/slicing.h"
#include "labelstation/io/shape_conversion.h"

namespace labelstation::app {

namespace {

ShapeType sourceType(ShapeAction action) {
  switch (action) {
    case ShapeAction::MasksToPolygons:
    case ShapeAction::MasksToRectangles: return ShapeType::Mask;
    case ShapeAction::PolygonsToMasks:
    case ShapeAction::PolygonsToRectangles: return ShapeType::Polygon;
    default: return ShapeType::Rectangle;
  }
}

// The image's size for rasterising, or a size that holds the points when it is unknown.
std::pair<int, int> canvasFor(const Document& document, int frame, const std::vector<double>& points) {
  const FrameInfo& info = document.frame(frame);
  if (info.width > 0 && info.height > 0) return {info.width, info.height};
  double right = 1, bottom = 1;
  for (std::size_t i = 0; i + 1 < points.size(); i += 2) {
    right = std::max(right, points[i]);
    bottom = std::max(bottom, points[i + 1]);
  }
  return {static_cast<int>(std::ceil(right)) + 1, static_cast<int>(std::ceil(bottom)) + 1};
}

// The converted geometries of one shape (several: a mask of separate parts), or none when it
// has no area to convert.
std::vector<ShapeState> convert(const Document& document, int frame, const ShapeState& from, ShapeAction action) {
  std::vector<ShapeState> out;
  auto as = [&](ShapeType type, std::vector<double> points) {
    ShapeState s = from;
    s.type = type;
    s.points = std::move(points);
    s.rotation = 0;
    if (!s.points.empty()) out.push_back(std::move(s));
  };
  auto raster = [&](const std::vector<double>& polygon) {
    const auto [w, h] = canvasFor(document, frame, polygon);
    as(ShapeType::Mask, encodeMask(rasterizePolygon(polygon, w, h)));
  };
  switch (action) {
    case ShapeAction::MasksToPolygons:
      for (auto& polygon : io::maskPolygons(from.points)) as(ShapeType::Polygon, std::move(polygon));
      break;
    case ShapeAction::MasksToRectangles:
      if (const auto m = decodeMask(from.points)) as(ShapeType::Rectangle, maskBoundingRectangle(*m));
      break;
    case ShapeAction::PolygonsToMasks: raster(from.points); break;
    case ShapeAction::RectanglesToMasks: raster(rectangleToPolygon(from.points, from.rotation)); break;
    case ShapeAction::PolygonsToRectangles: as(ShapeType::Rectangle, boundingRectangle(from.points)); break;
    case ShapeAction::RectanglesToPolygons: as(ShapeType::Polygon, rectangleToPolygon(from.points, from.rotation)); break;
    default: break;
  }
  return out;
}

}  // namespace

QString describe(ShapeAction action) {
  switch (action) {
    case ShapeAction::MasksToPolygons: return QCoreApplication::translate("ShapeAction", "Shapes converter: masks to polygons");
    case ShapeAction::PolygonsToMasks: return QCoreApplication::translate("ShapeAction", "Shapes converter: polygons to masks");
    case ShapeAction::RectanglesToMasks: return QCoreApplication::translate("ShapeAction", "Shapes converter: rectangles to masks");
    case ShapeAction::MasksToRectangles: return QCoreApplication::translate("ShapeAction", "Shapes converter: masks to rectangles");
    case ShapeAction::PolygonsToRectangles: return QCoreApplication::translate("ShapeAction", "Shapes converter: polygons to rectangles");
    case ShapeAction::RectanglesToPolygons: return QCoreApplication::translate("ShapeAction", "Shapes converter: rectangles to polygons");
    case ShapeAction::PropagateShapes: return QCoreApplication::translate("ShapeAction", "Propagate shapes (the current frame's)");
    case ShapeAction::RemoveShapes: return QCoreApplication::translate("ShapeAction", "Remove filtered shapes");
  }
  return {};
}

std::unique_ptr<ObjectsCommand> runShapeAction(Document& document, ShapeAction action, int first, int last, int currentFrame,
                                               const Filter* filter, const std::function<bool(int, int)>& progress) {
  first = std::max(first, 0);
  last = std::min(last, document.frameCount() - 1);
  auto command = std::make_unique<ObjectsCommand>(describe(action).toStdString());
  auto matching = [&](int frame) {
    std::vector<ObjectId> ids;
    for (ObjectId id : document.objectsOnFrame(frame)) {
      const AnnotationObject& obj = *document.object(id);
      if (obj.kind != ObjectKind::Shape || obj.shape.type == ShapeType::Cuboid3D || document.viewState(id).locked) continue;
      if (filter && !filter->matches(document, obj, frame)) continue;
      ids.push_back(id);
    }
    return ids;
  };
  const std::vector<ObjectId> current = action == ShapeAction::PropagateShapes ? matching(currentFrame) : std::vector<ObjectId>{};
  const int total = last - first + 1;
  std::vector<AnnotationObject> added;
  for (int frame = first; frame <= last; ++frame) {
    if (action == ShapeAction::PropagateShapes) {
      for (ObjectId id : frame == currentFrame ? std::vector<ObjectId>{} : current) {
        AnnotationObject copy = *document.object(id);
        copy.id = 0;
        copy.frame = frame;
        added.push_back(std::move(copy));
      }
    } else {
      for (ObjectId id : matching(frame)) {
        const AnnotationObject& obj = *document.object(id);
        if (action == ShapeAction::RemoveShapes) {
          command->setObject(document, id, std::nullopt);
          continue;
        }
        if (obj.shape.type != sourceType(action)) continue;
        std::vector<ShapeState> converted = convert(document, frame, obj.shape, action);
        const Label* label = document.labels().label(obj.label);
        if (!converted.empty() && (!label || !labelAllowsShape(label->type, converted.front().type))) continue;  // its label takes no such shape
        if (converted.empty()) continue;  // nothing to convert it to (a mask too thin for a polygon)
        // The object becomes the first result (a new one of the same label: its type changes);
        // further parts of a mask become objects of their own.
        command->setObject(document, id, std::nullopt);
        for (ShapeState& state : converted) {
          AnnotationObject made = obj;
          made.id = 0;
          made.shape = std::move(state);
          added.push_back(std::move(made));
        }
      }
    }
    if (progress && !progress(frame - first + 1, total)) return nullptr;
  }
  if (!added.empty()) {
    auto created = edits::create(document, added);
    for (ObjectId id : created->createdObjects()) command->setObject(document, id, created->pending(document, id));
  }
  return command;
}

}  // namespace labelstation::app

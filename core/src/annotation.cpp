#include "labelstation/core/annotation.h"

#include <algorithm>
#include <cmath>

#include "labelstation/core/mask.h"

namespace labelstation {

bool SkeletonElement::operator==(const SkeletonElement& o) const {
  return label == o.label && points == o.points && occluded == o.occluded && outside == o.outside &&
         attributes == o.attributes;
}

bool ShapeState::operator==(const ShapeState& o) const {
  return type == o.type && points == o.points && rotation == o.rotation && occluded == o.occluded &&
         outside == o.outside && zOrder == o.zOrder && elements == o.elements &&
         attributes == o.attributes;
}

std::string checkGeometry(const ShapeState& state) {
  const std::string type(toString(state.type));
  const auto& p = state.points;
  if (!std::all_of(p.begin(), p.end(), [](double v) { return std::isfinite(v); }) || !std::isfinite(state.rotation))
    return "a " + type + " has a coordinate that is not a finite number";
  auto exactly = [&](std::size_t n) {
    return p.size() == n ? std::string()
                         : "a " + type + " needs " + std::to_string(n) + " numbers, not " + std::to_string(p.size());
  };
  auto points = [&](std::size_t minimum) {
    if (p.size() % 2 != 0) return "a " + type + " needs x, y pairs";
    if (p.size() / 2 < minimum)
      return "a " + type + " needs at least " + std::to_string(minimum) + " points, not " + std::to_string(p.size() / 2);
    return std::string();
  };
  switch (state.type) {
    case ShapeType::Rectangle:
    case ShapeType::Ellipse: return exactly(4);
    case ShapeType::Cuboid2D: return exactly(16);
    case ShapeType::Polygon: return points(3);
    case ShapeType::Polyline: return points(2);
    case ShapeType::Points: return points(1);
    case ShapeType::Cuboid3D: {
      auto why = exactly(9);
      if (why.empty() && (p[6] <= 0 || p[7] <= 0 || p[8] <= 0)) why = "a cuboid_3d needs positive sizes";
      return why;
    }
    case ShapeType::Mask:
      return decodeMask(p) ? std::string()
                           : "a mask's run lengths do not fill its box (or the box is beyond 65,536 pixels a side or 2^28 pixels)";
    case ShapeType::Skeleton:
      if (state.elements.empty()) return "a skeleton needs its points";
      for (const auto& e : state.elements)
        if (e.points.size() != 2 || !std::isfinite(e.points[0]) || !std::isfinite(e.points[1]))
          return "each skeleton point needs one finite x, y";
      return {};
  }
  return {};
}

ShapeType AnnotationObject::shapeType() const {
  if (kind == ObjectKind::Track && !keyframes.empty()) return keyframes.begin()->second.type;
  return shape.type;
}

int AnnotationObject::firstFrame() const {
  if (kind == ObjectKind::Track) return keyframes.empty() ? 0 : keyframes.begin()->first;
  return frame;
}

int AnnotationObject::lastVisibleFrame(int lastFrameOfTask) const {
  if (kind != ObjectKind::Track) return frame;
  if (keyframes.empty()) return -1;
  const auto& [lastKey, lastShape] = *keyframes.rbegin();
  return lastShape.outside ? lastKey - 1 : std::max(lastFrameOfTask, lastKey);
}

bool AnnotationObject::operator==(const AnnotationObject& o) const {
  return id == o.id && kind == o.kind && label == o.label && group == o.group && source == o.source &&
         frame == o.frame && shape == o.shape && trackAttributes == o.trackAttributes &&
         keyframes == o.keyframes;
}

}  // namespace labelstation

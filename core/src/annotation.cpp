#include "labelstation/core/annotation.h"

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

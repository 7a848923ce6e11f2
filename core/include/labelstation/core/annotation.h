#pragma once
// Annotation objects: shapes (one frame), tracks (keyframed shapes interpolated between
// keyframes) and tags (frame labels), with everything CVAT keeps for each.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "labelstation/core/types.h"

namespace labelstation {

using AttributeValues = std::map<AttributeId, std::string>;

// One point of a skeleton on one frame.
struct SkeletonElement {
  LabelId label = kNoLabel;   // the skeleton sub-label
  std::vector<double> points;  // x, y
  bool occluded = false;
  bool outside = false;
  AttributeValues attributes;
  bool operator==(const SkeletonElement& o) const;
  bool operator!=(const SkeletonElement& o) const { return !(*this == o); }
};

// The geometry and per-frame state of a shape. `points` follows CVAT's layout for each type:
//  Rectangle  x1, y1, x2, y2 (+ rotation in degrees, clockwise on screen, about the centre)
//  Polygon / Polyline / Points  x0, y0, x1, y1, …
//  Ellipse    cx, cy, cx + rx, cy - ry (+ rotation)
//  Cuboid2D   16 numbers: the 8 projected corners in CVAT's order
//  Mask       RLE runs (0-run first) followed by left, top, right, bottom (inclusive)
//  Cuboid3D   px, py, pz, rx, ry, rz (radians), sx, sy, sz
//  Skeleton   empty: the geometry is in `elements`
struct ShapeState {
  ShapeType type = ShapeType::Rectangle;
  std::vector<double> points;
  double rotation = 0.0;
  bool occluded = false;
  bool outside = false;
  int zOrder = 0;
  std::vector<SkeletonElement> elements;
  // Plain shapes: all attribute values. Track keyframes: the mutable attribute values.
  AttributeValues attributes;

  bool operator==(const ShapeState& o) const;
  bool operator!=(const ShapeState& o) const { return !(*this == o); }
};

// Empty when the geometry fits its type (point counts, finite numbers, positive 3D sizes, a mask
// whose runs fill its box), else a sentence saying what is wrong.
std::string checkGeometry(const ShapeState& state);

// A shape, a track or a tag. One struct for all three keeps commands simple: each undoable
// change records whole before/after objects.
struct AnnotationObject {
  ObjectId id = 0;
  ObjectKind kind = ObjectKind::Shape;
  LabelId label = kNoLabel;
  int group = 0;  // 0: in no group
  Source source = Source::Manual;
  // Shapes and tags: their frame. Tracks: unused (see keyframes).
  int frame = 0;
  // Shapes: the shape. Tags: only `attributes` is used.
  ShapeState shape;
  // Tracks: immutable attribute values (mutable ones live on each keyframe).
  AttributeValues trackAttributes;
  // Tracks: keyframes by frame number. A keyframe with outside = true ends a visible range.
  std::map<int, ShapeState> keyframes;

  bool isTrack() const { return kind == ObjectKind::Track; }
  // The shape type drawn: for tracks, that of the keyframes. Meaningless for tags.
  ShapeType shapeType() const;
  // First frame the object touches; for tracks the first keyframe.
  int firstFrame() const;
  // Last frame the object is visible on. For tracks, the frame before the last keyframe when
  // that keyframe is outside, else `lastFrameOfTask` (the last keyframe is held to the end).
  int lastVisibleFrame(int lastFrameOfTask) const;
  bool operator==(const AnnotationObject& o) const;
  bool operator!=(const AnnotationObject& o) const { return !(*this == o); }
};

}  // namespace labelstation

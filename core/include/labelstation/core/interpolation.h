#pragma once
// Track interpolation: a pure function from a track and a frame to the shape drawn there.
//  - rectangles, ellipses, 2D cuboids, a single point: linear; rotation along the shortest arc;
//    a set of several points is held until the next keyframe (as CVAT)
//  - 3D cuboids: position and scale linear, each Euler angle along the shortest arc
//  - polygons / polylines: the contour with fewer points is densified (its own vertices kept,
//    extra points spread along its edges by length) and, for polygons, the best cyclic start
//    and direction are chosen, so shapes with different point counts morph without twisting
//  - skeletons: element by element; masks hold the previous keyframe
//  - an outside keyframe ends visibility until the next keyframe; the frames before it are
//    visible and interpolated towards its geometry, as CVAT's server and UI compute them
//  - occluded, z-order and mutable attributes come from the earlier keyframe

#include <optional>
#include <vector>

#include "labelstation/core/annotation.h"

namespace labelstation {

// The object's state on `frame`: for shapes and tags only on their own frame; for tracks from the
// first keyframe on (the result may have outside = true). nullopt where the object is absent.
std::optional<ShapeState> stateAt(const AnnotationObject& object, int frame);
// Whether the object is drawn on the frame (present and not outside).
bool isVisibleAt(const AnnotationObject& object, int frame);

// Blend of two keyframes, t in [0, 1]; per-frame flags and attributes come from `from`.
ShapeState interpolateStates(const ShapeState& from, const ShapeState& to, double t);

bool isKeyframe(const AnnotationObject& track, int frame);
std::optional<int> previousKeyframe(const AnnotationObject& track, int frame);
std::optional<int> nextKeyframe(const AnnotationObject& track, int frame);

}  // namespace labelstation

#pragma once
// Shape conversions that need an image library: a mask's outlines as polygons.

#include <vector>

namespace labelstation::io {

// The outer contours of a mask (CVAT's mask points) as polygons in image coordinates, largest
// first: how masks become polygons (OpenCV's border following, as CVAT's "convert masks to
// polygons"). Areas too thin for three points give none.
std::vector<std::vector<double>> maskPolygons(const std::vector<double>& points);

}  // namespace labelstation::io

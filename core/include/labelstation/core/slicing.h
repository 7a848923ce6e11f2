#pragma once
// Cutting one shape into two along a line drawn across it (CVAT's slice tool), and the
// conversions between rectangles, polygons and masks that need no image library.

#include <optional>
#include <utility>
#include <vector>

#include "labelstation/core/mask.h"

namespace labelstation {

// A polygon (x0, y0, x1, y1, …) cut by a polyline (x, y, …) from one point of its contour to
// another (the ends are moved onto the nearest edges). The two parts, or nullopt when the line
// does not cut it into two polygons of three points or more.
std::optional<std::pair<std::vector<double>, std::vector<double>>> slicePolygon(const std::vector<double>& polygon,
                                                                                const std::vector<double>& cut);
// A mask cut by a polyline that crosses it (its ends are extended past the mask): the pixels on
// each side, or nullopt when one side would be empty.
std::optional<std::pair<MaskBitmap, MaskBitmap>> sliceMask(const MaskBitmap& mask, const std::vector<double>& cut);

// The four corners of a rectangle (x1, y1, x2, y2) turned by `rotation` degrees (clockwise on
// screen) about its centre, as polygon points.
std::vector<double> rectangleToPolygon(const std::vector<double>& rectangle, double rotation);
// The bounding box (x1, y1, x2, y2) of a shape's points; masks: of their pixels (right and bottom
// edges of the last pixels).
std::vector<double> boundingRectangle(const std::vector<double>& points);
std::vector<double> maskBoundingRectangle(const MaskBitmap& mask);

}  // namespace labelstation

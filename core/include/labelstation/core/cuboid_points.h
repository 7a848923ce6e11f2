#pragma once
// A cuboid against the points of its frame: how many lie inside, and the box made tight around
// them (CVAT users' "shrink to points" and "fit height to points").

#include <cstddef>
#include <optional>

#include "labelstation/core/geometry.h"
#include "labelstation/core/point_cloud.h"

namespace labelstation {

std::size_t countPointsInside(const PointCloud& cloud, const Cuboid3D& box);

// The box shrunk to the extent of the points inside it, in its own frame (heading kept);
// nullopt when no point is inside.
std::optional<Cuboid3D> shrinkToPoints(const PointCloud& cloud, const Cuboid3D& box);

// The box's bottom and top moved to the lowest and highest point above its footprint (any
// height), footprint and heading kept; nullopt when no point is above it.
std::optional<Cuboid3D> fitHeightToPoints(const PointCloud& cloud, const Cuboid3D& box);

}  // namespace labelstation

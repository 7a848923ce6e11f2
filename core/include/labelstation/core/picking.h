#pragma once
// What lies under the cursor in the 3D view: the cloud's point along a view ray, the ground
// beneath a place, a cuboid the ray passes through. Pure geometry on our own float arrays, so
// the GUI can pick on every mouse move of a multi-million-point frame.

#include <Eigen/Core>
#include <optional>
#include <vector>

#include "labelstation/core/geometry.h"
#include "labelstation/core/point_cloud.h"

namespace labelstation {

struct Ray {
  Eigen::Vector3d origin = Eigen::Vector3d::Zero();
  Eigen::Vector3d direction = Eigen::Vector3d::UnitX();  // unit length
};

// How close to the ray a point must lie to count as under the cursor: `constant` metres plus
// `perMetre` metres for each metre in front of the origin (a perspective view's pixel radius
// grows with depth; an orthographic one's does not).
struct PickTolerance {
  double constant = 0;
  double perMetre = 0.005;
};

// Of the points within the tolerance of the ray and in front of its origin, the nearest to the
// origin (the visible surface); nullopt when none.
std::optional<Eigen::Vector3d> pickPoint(const PointCloud& cloud, const Ray& ray, const PickTolerance& tolerance);

// Where the ray meets the plane z = height, when it does in front of its origin.
std::optional<Eigen::Vector3d> hitHorizontalPlane(const Ray& ray, double height);

// The ground's height near (x, y): a low percentile of the points' z within `radius` metres
// (in xy), so stray points below the ground do not count; nullopt with fewer than 5 points there.
std::optional<double> groundHeightNear(const PointCloud& cloud, double x, double y, double radius);

// The distance along the ray to where it enters the cuboid (0 when it starts inside); nullopt
// when it misses.
std::optional<double> rayEntersCuboid(const Ray& ray, const Cuboid3D& box);

// Of the boxes, the index of the first one the ray enters; nullopt when it enters none.
std::optional<std::size_t> firstCuboidHit(const Ray& ray, const std::vector<Cuboid3D>& boxes);

}  // namespace labelstation

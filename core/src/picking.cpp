#include "labelstation/core/picking.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <limits>

namespace labelstation {

std::optional<Eigen::Vector3d> pickPoint(const PointCloud& cloud, const Ray& ray, const PickTolerance& tolerance) {
  // In the cloud's own frame (points are stored relative to its origin, for precision).
  const Eigen::Vector3d local = ray.origin - Eigen::Map<const Eigen::Vector3d>(cloud.origin.data());
  const float ox = static_cast<float>(local.x()), oy = static_cast<float>(local.y()), oz = static_cast<float>(local.z());
  const float dx = static_cast<float>(ray.direction.x()), dy = static_cast<float>(ray.direction.y()),
              dz = static_cast<float>(ray.direction.z());
  const float c = static_cast<float>(tolerance.constant), k = static_cast<float>(tolerance.perMetre);
  float bestDepth = std::numeric_limits<float>::infinity();
  std::size_t best = cloud.size();
  for (std::size_t i = 0; i < cloud.size(); ++i) {
    const float px = cloud.x[i] - ox, py = cloud.y[i] - oy, pz = cloud.z[i] - oz;
    const float depth = px * dx + py * dy + pz * dz;
    if (depth <= 0 || depth >= bestDepth) continue;
    const float radius = c + k * depth;
    const float squared = px * px + py * py + pz * pz - depth * depth;  // squared distance to the ray
    if (squared <= radius * radius) {
      bestDepth = depth;
      best = i;
    }
  }
  if (best == cloud.size()) return std::nullopt;
  return Eigen::Vector3d(cloud.x[best] + cloud.origin[0], cloud.y[best] + cloud.origin[1], cloud.z[best] + cloud.origin[2]);
}

std::optional<Eigen::Vector3d> hitHorizontalPlane(const Ray& ray, double height) {
  if (std::abs(ray.direction.z()) < 1e-9) return std::nullopt;
  const double t = (height - ray.origin.z()) / ray.direction.z();
  if (t <= 0) return std::nullopt;
  return Eigen::Vector3d(ray.origin + t * ray.direction);
}

std::optional<double> groundHeightNear(const PointCloud& cloud, double x, double y, double radius) {
  const float cx = static_cast<float>(x - cloud.origin[0]), cy = static_cast<float>(y - cloud.origin[1]);
  const float r2 = static_cast<float>(radius * radius);
  std::vector<float> heights;
  for (std::size_t i = 0; i < cloud.size(); ++i) {
    const float ex = cloud.x[i] - cx, ey = cloud.y[i] - cy;
    if (ex * ex + ey * ey <= r2) heights.push_back(cloud.z[i]);
  }
  if (heights.size() < 5) return std::nullopt;
  const auto nth = heights.begin() + static_cast<std::ptrdiff_t>(heights.size() / 20);  // 5th percentile
  std::nth_element(heights.begin(), nth, heights.end());
  return *nth + cloud.origin[2];
}

std::optional<double> rayEntersCuboid(const Ray& ray, const Cuboid3D& box) {
  // The slab test in the box's own frame.
  const Eigen::Matrix3d toBox = box.rotationMatrix().transpose();
  const Eigen::Vector3d o = toBox * (ray.origin - box.position), d = toBox * ray.direction;
  double enter = 0, leave = std::numeric_limits<double>::infinity();
  for (int axis = 0; axis < 3; ++axis) {
    const double half = std::abs(box.scale[axis]) / 2;
    if (std::abs(d[axis]) < 1e-12) {
      if (std::abs(o[axis]) > half) return std::nullopt;
      continue;
    }
    double t0 = (-half - o[axis]) / d[axis], t1 = (half - o[axis]) / d[axis];
    if (t0 > t1) std::swap(t0, t1);
    enter = std::max(enter, t0);
    leave = std::min(leave, t1);
    if (enter > leave) return std::nullopt;
  }
  return enter;
}

std::optional<std::size_t> firstCuboidHit(const Ray& ray, const std::vector<Cuboid3D>& boxes) {
  std::optional<std::size_t> first;
  double nearest = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < boxes.size(); ++i)
    if (const auto t = rayEntersCuboid(ray, boxes[i]); t && *t < nearest) {
      nearest = *t;
      first = i;
    }
  return first;
}

}  // namespace labelstation

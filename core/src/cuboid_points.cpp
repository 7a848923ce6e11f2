#include "labelstation/core/cuboid_points.h"

#include <Eigen/Geometry>
#include <algorithm>
#include <limits>

namespace labelstation {

namespace {

// Calls `visit` with each point in the box's own frame (centre at 0, axes along its sides).
template <typename Visit>
void forEachInBoxFrame(const PointCloud& cloud, const Cuboid3D& box, Visit visit) {
  const Eigen::Matrix3d toBox = box.rotationMatrix().transpose();
  const Eigen::Vector3d offset = toBox * (Eigen::Map<const Eigen::Vector3d>(cloud.origin.data()) - box.position);
  const Eigen::Matrix3f rotation = toBox.cast<float>();
  const Eigen::Vector3f shift = offset.cast<float>();
  for (std::size_t i = 0; i < cloud.size(); ++i) visit(Eigen::Vector3f(rotation * Eigen::Vector3f(cloud.x[i], cloud.y[i], cloud.z[i]) + shift));
}

}  // namespace

std::size_t countPointsInside(const PointCloud& cloud, const Cuboid3D& box) {
  const Eigen::Vector3f half = (box.scale.cwiseAbs() / 2).cast<float>();
  std::size_t inside = 0;
  forEachInBoxFrame(cloud, box, [&](const Eigen::Vector3f& p) { inside += (p.cwiseAbs().array() <= half.array()).all() ? 1 : 0; });
  return inside;
}

std::optional<Cuboid3D> shrinkToPoints(const PointCloud& cloud, const Cuboid3D& box) {
  const Eigen::Vector3f half = (box.scale.cwiseAbs() / 2).cast<float>();
  Eigen::Vector3f lo = Eigen::Vector3f::Constant(std::numeric_limits<float>::max()), hi = -lo;
  bool any = false;
  forEachInBoxFrame(cloud, box, [&](const Eigen::Vector3f& p) {
    if (!(p.cwiseAbs().array() <= half.array()).all()) return;
    lo = lo.cwiseMin(p);
    hi = hi.cwiseMax(p);
    any = true;
  });
  if (!any) return std::nullopt;
  Cuboid3D tight = box;
  const Eigen::Vector3d centre = ((lo + hi) / 2).cast<double>();
  tight.position = box.position + box.rotationMatrix() * centre;
  tight.scale = (hi - lo).cast<double>().cwiseMax(0.05);  // a single point still makes a box
  return tight;
}

std::optional<Cuboid3D> fitHeightToPoints(const PointCloud& cloud, const Cuboid3D& box) {
  const Eigen::Vector3f half = (box.scale.cwiseAbs() / 2).cast<float>();
  float lo = std::numeric_limits<float>::max(), hi = -lo;
  forEachInBoxFrame(cloud, box, [&](const Eigen::Vector3f& p) {
    if (std::abs(p.x()) > half.x() || std::abs(p.y()) > half.y()) return;
    lo = std::min(lo, p.z());
    hi = std::max(hi, p.z());
  });
  if (lo > hi) return std::nullopt;
  Cuboid3D fitted = box;
  fitted.position = box.position + box.rotationMatrix() * Eigen::Vector3d(0, 0, (lo + hi) / 2.0);
  fitted.scale.z() = std::max(0.05, static_cast<double>(hi - lo));
  return fitted;
}

}  // namespace labelstation

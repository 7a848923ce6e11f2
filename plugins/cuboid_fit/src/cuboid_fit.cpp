#include "labelstation/plugins/cuboid_fit.h"

#include <pcl/ModelCoefficients.h>
#include <pcl/filters/statistical_outlier_removal.h>
#include <pcl/point_cloud.h>
#include <pcl/point_types.h>
#include <pcl/sample_consensus/method_types.h>
#include <pcl/sample_consensus/model_types.h>
#include <pcl/segmentation/sac_segmentation.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

namespace labelstation::plugins {
namespace {

using Point2 = Eigen::Vector2d;

struct Rect {
  double angle = 0;  // of the rectangle's first axis
  Point2 centre{0, 0};
  double length = 0, width = 0;
};

// The rectangle at `angle` around the points, and how closely the points hug its edges (the
// closeness criterion of Zhang et al., "Efficient L-shape fitting for vehicle detection using
// laser scanners", 2017): a LiDAR sees one or two sides of a vehicle, so the right heading puts
// many points on the rectangle's edges. (The smallest-area rectangle around an L-shaped view can
// be turned 20° off.)
Rect rectangleAt(const std::vector<Point2>& pts, double angle, double* closeness) {
  const Point2 u(std::cos(angle), std::sin(angle)), v(-u.y(), u.x());
  double a0 = 1e300, a1 = -1e300, b0 = 1e300, b1 = -1e300;
  for (const auto& p : pts) {
    a0 = std::min(a0, p.dot(u));
    a1 = std::max(a1, p.dot(u));
    b0 = std::min(b0, p.dot(v));
    b1 = std::max(b1, p.dot(v));
  }
  if (closeness) {
    constexpr double kFloor = 0.01;  // metres: points on an edge do not count infinitely
    double score = 0;
    for (const auto& p : pts) {
      const double a = p.dot(u), b = p.dot(v);
      const double d = std::min(std::min(a1 - a, a - a0), std::min(b1 - b, b - b0));
      score += 1.0 / std::max(d, kFloor);
    }
    *closeness = score;
  }
  Rect r;
  r.angle = angle;
  r.centre = u * ((a0 + a1) / 2) + v * ((b0 + b1) / 2);
  r.length = a1 - a0;
  r.width = b1 - b0;
  return r;
}

// The best-hugging rectangle over every heading in (-45°, 45°] of the rough box's (the criterion
// repeats every 90°): 1° steps, then 0.1° around the best.
Rect lShapeRect(const std::vector<Point2>& pts) {
  double bestAngle = 0, bestScore = -1;
  auto consider = [&](double angle) {
    double score = 0;
    rectangleAt(pts, angle, &score);
    if (score > bestScore) {
      bestScore = score;
      bestAngle = angle;
    }
  };
  const double degree = M_PI / 180.0;
  for (int k = -44; k <= 45; ++k) consider(k * degree);
  const double coarse = bestAngle;
  for (int k = -10; k <= 10; ++k) consider(coarse + k * degree / 10);
  return rectangleAt(pts, bestAngle, nullptr);
}

}  // namespace

std::optional<CuboidFitResult> PclCuboidFitter::fit(const PointCloud& cloud, const Cuboid3D& rough) const {
  // Work in the rough box's frame: the fit then only has to find a yaw offset, and adding it to
  // rotation z is exact for CVAT's x-y-z Euler order (R = Rx·Ry·Rz).
  const Eigen::Matrix3d rt = rough.rotationMatrix().transpose();
  const Eigen::Vector3d half = rough.scale / 2.0 + Eigen::Vector3d::Constant(options_.margin);
  auto local = pcl::make_shared<pcl::PointCloud<pcl::PointXYZ>>();
  for (std::size_t i = 0; i < cloud.size(); ++i) {
    const Eigen::Vector3d p = rt * (Eigen::Vector3d(cloud.x[i] + cloud.origin[0], cloud.y[i] + cloud.origin[1],
                                                    cloud.z[i] + cloud.origin[2]) - rough.position);
    if (std::abs(p.x()) <= half.x() && std::abs(p.y()) <= half.y() && std::abs(p.z()) <= half.z())
      local->push_back(pcl::PointXYZ(static_cast<float>(p.x()), static_cast<float>(p.y()), static_cast<float>(p.z())));
  }
  if (static_cast<int>(local->size()) < options_.minPoints) return std::nullopt;

  CuboidFitResult result;
  // Ground: a near-horizontal plane fitted (RANSAC) to the lowest slab of the crop only, so an
  // object's roof, often the larger horizontal plane, is never taken for the floor.
  std::optional<Eigen::Vector4d> ground;
  {
    float zmin = std::numeric_limits<float>::infinity();
    for (const auto& p : *local) zmin = std::min(zmin, p.z);
    auto slab = pcl::make_shared<pcl::PointCloud<pcl::PointXYZ>>();
    for (const auto& p : *local)
      if (p.z < zmin + 0.4f) slab->push_back(p);
    if (static_cast<int>(slab->size()) >= options_.minPoints) {
      pcl::SACSegmentation<pcl::PointXYZ> seg;
      seg.setOptimizeCoefficients(true);
      seg.setModelType(pcl::SACMODEL_PERPENDICULAR_PLANE);
      seg.setMethodType(pcl::SAC_RANSAC);
      seg.setAxis(Eigen::Vector3f::UnitZ());
      seg.setEpsAngle(15.0 * M_PI / 180.0);
      seg.setDistanceThreshold(options_.groundTolerance);
      seg.setMaxIterations(200);
      seg.setInputCloud(slab);
      pcl::ModelCoefficients plane;
      pcl::PointIndices inliers;
      seg.segment(inliers, plane);
      if (static_cast<int>(inliers.indices.size()) >= options_.minPoints && plane.values.size() == 4 &&
          std::abs(plane.values[2]) > 0.5f)
        ground = Eigen::Vector4d(plane.values[0], plane.values[1], plane.values[2], plane.values[3]);
    }
  }
  auto groundHeight = [&](double x, double y) {
    return -((*ground)[0] * x + (*ground)[1] * y + (*ground)[3]) / (*ground)[2];
  };
  if (ground) {
    local->erase(std::remove_if(local->begin(), local->end(),
                                [&](const pcl::PointXYZ& p) {
                                  return p.z < groundHeight(p.x, p.y) + options_.groundTolerance;
                                }),
                 local->end());
    result.groundRemoved = true;
  }
  if (static_cast<int>(local->size()) < options_.minPoints) return std::nullopt;
  if (local->size() > 30) {
    pcl::StatisticalOutlierRemoval<pcl::PointXYZ> sor;
    sor.setInputCloud(local);
    sor.setMeanK(8);
    sor.setStddevMulThresh(2.5);
    auto kept = pcl::make_shared<pcl::PointCloud<pcl::PointXYZ>>();
    sor.filter(*kept);
    if (static_cast<int>(kept->size()) >= options_.minPoints) local = kept;
  }

  std::vector<Point2> xy;
  xy.reserve(local->size());
  double zmin = 1e300, zmax = -1e300;
  for (const auto& p : *local) {
    xy.emplace_back(p.x, p.y);
    zmin = std::min(zmin, static_cast<double>(p.z));
    zmax = std::max(zmax, static_cast<double>(p.z));
  }
  Rect rect = lShapeRect(xy);
  // Of the four headings the rectangle allows, keep the one nearest the rough box's (yaw 0 here).
  double yaw = rect.angle;
  double length = rect.length, width = rect.width;
  while (yaw > M_PI / 4) {
    yaw -= M_PI / 2;
    std::swap(length, width);
  }
  while (yaw <= -M_PI / 4) {
    yaw += M_PI / 2;
    std::swap(length, width);
  }
  if (ground) zmin = groundHeight(rect.centre.x(), rect.centre.y());  // objects stand on the ground
  const Eigen::Vector3d centreLocal(rect.centre.x(), rect.centre.y(), (zmin + zmax) / 2.0);
  result.box.position = rough.position + rough.rotationMatrix() * centreLocal;
  result.box.rotation = rough.rotation;
  result.box.rotation.z() = wrapAngle(rough.rotation.z() + yaw);
  result.box.scale = {length, width, zmax - zmin};
  result.objectPoints = static_cast<int>(local->size());
  return result;
}

}  // namespace labelstation::plugins

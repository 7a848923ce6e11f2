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

double cross(const Point2& o, const Point2& a, const Point2& b) {
  return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
}

// Andrew's monotone chain.
std::vector<Point2> convexHull(std::vector<Point2> pts) {
  std::sort(pts.begin(), pts.end(), [](const Point2& a, const Point2& b) {
    return a.x() < b.x() || (a.x() == b.x() && a.y() < b.y());
  });
  if (pts.size() < 3) return pts;
  std::vector<Point2> hull(2 * pts.size());
  std::size_t k = 0;
  for (const auto& p : pts) {
    while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0) --k;
    hull[k++] = p;
  }
  for (std::size_t i = pts.size() - 1, t = k + 1; i-- > 0;) {
    while (k >= t && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0) --k;
    hull[k++] = pts[i];
  }
  hull.resize(k - 1);
  return hull;
}

struct Rect {
  double angle = 0;  // of the rectangle's first axis
  Point2 centre{0, 0};
  double length = 0, width = 0;
};

// Smallest-area enclosing rectangle: one of its sides lies on a hull edge.
Rect minAreaRect(const std::vector<Point2>& hull) {
  Rect best;
  double bestArea = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < hull.size(); ++i) {
    const Point2 edge = hull[(i + 1) % hull.size()] - hull[i];
    if (edge.norm() < 1e-9) continue;
    const double angle = std::atan2(edge.y(), edge.x());
    const Point2 u(std::cos(angle), std::sin(angle)), v(-u.y(), u.x());
    double minU = 1e300, maxU = -1e300, minV = 1e300, maxV = -1e300;
    for (const auto& p : hull) {
      minU = std::min(minU, p.dot(u));
      maxU = std::max(maxU, p.dot(u));
      minV = std::min(minV, p.dot(v));
      maxV = std::max(maxV, p.dot(v));
    }
    const double area = (maxU - minU) * (maxV - minV);
    if (area < bestArea) {
      bestArea = area;
      best.angle = angle;
      best.length = maxU - minU;
      best.width = maxV - minV;
      best.centre = u * (minU + maxU) / 2.0 + v * (minV + maxV) / 2.0;
    }
  }
  return best;
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
  Rect rect = minAreaRect(convexHull(xy));
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

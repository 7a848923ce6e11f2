#include "labelstation/core/geometry.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace labelstation {

Cuboid3D Cuboid3D::fromPoints(const std::vector<double>& p) {
  if (p.size() < 9) throw std::invalid_argument("a 3D cuboid needs 9 numbers");
  Cuboid3D c;
  c.position = {p[0], p[1], p[2]};
  c.rotation = {p[3], p[4], p[5]};
  c.scale = {p[6], p[7], p[8]};
  return c;
}

std::vector<double> Cuboid3D::toPoints() const {
  return {position.x(), position.y(), position.z(), rotation.x(), rotation.y(),
          rotation.z(), scale.x(),    scale.y(),    scale.z()};
}

Eigen::Matrix3d Cuboid3D::rotationMatrix() const {
  return (Eigen::AngleAxisd(rotation.x(), Eigen::Vector3d::UnitX()) *
          Eigen::AngleAxisd(rotation.y(), Eigen::Vector3d::UnitY()) *
          Eigen::AngleAxisd(rotation.z(), Eigen::Vector3d::UnitZ()))
      .toRotationMatrix();
}

std::array<Eigen::Vector3d, 8> Cuboid3D::corners() const {
  const Eigen::Matrix3d r = rotationMatrix();
  const Eigen::Vector3d h = scale * 0.5;
  std::array<Eigen::Vector3d, 8> out;
  for (int i = 0; i < 8; ++i) {
    const Eigen::Vector3d local((i & 1) ? h.x() : -h.x(), (i & 2) ? h.y() : -h.y(), (i & 4) ? h.z() : -h.z());
    out[static_cast<std::size_t>(i)] = position + r * local;
  }
  return out;
}

bool Cuboid3D::contains(const Eigen::Vector3d& p) const {
  const Eigen::Vector3d local = rotationMatrix().transpose() * (p - position);
  const Eigen::Vector3d h = scale * 0.5;
  return std::abs(local.x()) <= h.x() && std::abs(local.y()) <= h.y() && std::abs(local.z()) <= h.z();
}

void Cuboid3D::setRotationMatrix(const Eigen::Matrix3d& m) {
  // Rx(a)·Ry(b)·Rz(c): m(0,2) = sin b, m(1,2) = −sin a cos b, m(2,2) = cos a cos b,
  // m(0,0) = cos b cos c, m(0,1) = −cos b sin c.
  // atan2, not asin: asin loses half its digits near ±90°.
  const double b = std::atan2(m(0, 2), std::hypot(m(1, 2), m(2, 2)));
  if (std::abs(m(0, 2)) > 1 - 1e-12) {  // pitch ±90°: roll and yaw turn about one axis, keep roll 0
    rotation = {0.0, b, std::atan2(m(1, 0), m(1, 1))};
    return;
  }
  rotation = {std::atan2(-m(1, 2), m(2, 2)), b, std::atan2(-m(0, 1), m(0, 0))};
}

Eigen::Vector3d Cuboid3D::heading() const { return rotationMatrix().col(0); }

double wrapAngle(double a) {
  constexpr double kTwoPi = 2.0 * M_PI;
  a = std::fmod(a, kTwoPi);
  if (a <= -M_PI) a += kTwoPi;
  if (a > M_PI) a -= kTwoPi;
  return a;
}

double wrapDegrees(double d) {
  d = std::fmod(d, 360.0);
  if (d < 0) d += 360.0;
  if (d >= 360.0) d -= 360.0;
  return d;
}

double lerpAngle(double a, double b, double t) { return wrapAngle(a + t * wrapAngle(b - a)); }

double lerpDegrees(double a, double b, double t) {
  double diff = wrapDegrees(b - a);
  if (diff > 180.0) diff -= 360.0;
  return wrapDegrees(a + t * diff);
}

BoundingBox2D boundsOf(const std::vector<double>& xy) {
  BoundingBox2D b;
  if (xy.size() < 2) return b;
  b.xmin = b.ymin = std::numeric_limits<double>::infinity();
  b.xmax = b.ymax = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i + 1 < xy.size(); i += 2) {
    b.xmin = std::min(b.xmin, xy[i]);
    b.xmax = std::max(b.xmax, xy[i]);
    b.ymin = std::min(b.ymin, xy[i + 1]);
    b.ymax = std::max(b.ymax, xy[i + 1]);
  }
  return b;
}

}  // namespace labelstation

#pragma once
// Geometry helpers shared by interpolation, filters, rendering and formats.

#include <array>
#include <vector>

#include <Eigen/Core>
#include <Eigen/Geometry>

namespace labelstation {

// A 3D cuboid as CVAT stores it: centre, Euler angles (radians) applied in x, y, z order
// (R = Rx · Ry · Rz, as three.js's 'XYZ' order), and full edge lengths along its own axes.
struct Cuboid3D {
  Eigen::Vector3d position = Eigen::Vector3d::Zero();
  Eigen::Vector3d rotation = Eigen::Vector3d::Zero();
  Eigen::Vector3d scale = Eigen::Vector3d::Ones();

  static Cuboid3D fromPoints(const std::vector<double>& points);  // px py pz rx ry rz sx sy sz
  std::vector<double> toPoints() const;

  Eigen::Matrix3d rotationMatrix() const;  // Rx · Ry · Rz of rotation (x, y, z)
  // The rotation (x, y, z) that gives `matrix` (|y| ≤ 90°), so a box that is only turned keeps
  // x = y = 0 and its yaw in z.
  void setRotationMatrix(const Eigen::Matrix3d& matrix);
  // Corners in the object frame order: bit 0 → +x, bit 1 → +y, bit 2 → +z half-extent.
  std::array<Eigen::Vector3d, 8> corners() const;
  bool contains(const Eigen::Vector3d& p) const;
  // Unit vector of the cuboid's +x axis: its heading (front).
  Eigen::Vector3d heading() const;
};

// Wraps an angle in radians into (-pi, pi].
double wrapAngle(double radians);
// Wraps an angle in degrees into [0, 360).
double wrapDegrees(double degrees);
// a + t·(b − a) along the shortest arc (radians), result wrapped into (-pi, pi].
double lerpAngle(double a, double b, double t);
// The same in degrees, result in [0, 360).
double lerpDegrees(double a, double b, double t);

struct BoundingBox2D {
  double xmin = 0, ymin = 0, xmax = 0, ymax = 0;
  double width() const { return xmax - xmin; }
  double height() const { return ymax - ymin; }
};
// Axis-aligned bounds of an x, y, x, y, … list.
BoundingBox2D boundsOf(const std::vector<double>& xy);

}  // namespace labelstation

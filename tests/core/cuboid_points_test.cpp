// Cuboids against their points: counting, shrinking to them, fitting the height.

#include <gtest/gtest.h>

#include <cmath>

#include "labelstation/core/cuboid_points.h"

namespace labelstation {
namespace {

// A turned 4 × 2 × 1.5 m car of points at (10, 5), its bottom on the ground at z = -1.7, with
// ground points around it.
struct TurnedCar {
  Cuboid3D truth;
  PointCloud cloud;
  TurnedCar() {
    truth.position = {10, 5, -1.7 + 0.75};
    truth.scale = {4, 2, 1.5};
    truth.rotation = {0, 0, 0.6};
    const Eigen::Matrix3d r = truth.rotationMatrix();
    for (int i = 0; i <= 8; ++i)
      for (int j = 0; j <= 4; ++j)
        for (int k = 0; k <= 3; ++k) {
          const Eigen::Vector3d local(-2 + 0.5 * i, -1 + 0.5 * j, -0.75 + 0.5 * k);
          const Eigen::Vector3d p = truth.position + r * local;
          cloud.addPoint(static_cast<float>(p.x()), static_cast<float>(p.y()), static_cast<float>(p.z()));
        }
    for (int i = -10; i <= 10; ++i)
      for (int j = -10; j <= 10; ++j) cloud.addPoint(10 + 0.7f * i, 5 + 0.7f * j, -1.75f);
  }
};

TEST(CuboidPoints, CountShrinkAndFitHeight) {
  const TurnedCar car;
  Cuboid3D loose = car.truth;
  loose.scale = {5, 3, 1.45};  // wider than the car, and short of the ground
  loose.position.z() = car.truth.position.z() + 0.02;
  Cuboid3D margin = car.truth;  // the car's points lie on its faces: a centimetre more holds them all
  margin.scale += Eigen::Vector3d::Constant(0.01);
  EXPECT_EQ(countPointsInside(car.cloud, margin), 9u * 5u * 4u);

  const auto tight = shrinkToPoints(car.cloud, loose);
  ASSERT_TRUE(tight);
  EXPECT_NEAR(tight->scale.x(), 4, 1e-4);
  EXPECT_NEAR(tight->scale.y(), 2, 1e-4);
  EXPECT_NEAR((tight->position.head<2>() - car.truth.position.head<2>()).norm(), 0, 1e-4);
  EXPECT_DOUBLE_EQ(tight->rotation.z(), 0.6);

  // The height reaches down to the ground points under the footprint and up to the roof.
  const auto fitted = fitHeightToPoints(car.cloud, loose);
  ASSERT_TRUE(fitted);
  EXPECT_NEAR(fitted->position.z() - fitted->scale.z() / 2, -1.75, 1e-4);
  EXPECT_NEAR(fitted->position.z() + fitted->scale.z() / 2, -1.7 + 1.5, 1e-4);
  EXPECT_DOUBLE_EQ(fitted->scale.x(), 5);

  Cuboid3D empty;
  empty.position = {100, 100, 0};
  EXPECT_FALSE(shrinkToPoints(car.cloud, empty));
  EXPECT_FALSE(fitHeightToPoints(car.cloud, empty));
  EXPECT_EQ(countPointsInside(car.cloud, empty), 0u);
}

TEST(CuboidPoints, GeoReferencedCloud) {
  TurnedCar car;
  PointCloud shifted;
  shifted.origin = {1000, -500, 20};
  for (std::size_t i = 0; i < car.cloud.size(); ++i) shifted.addPoint(car.cloud.x[i] - 1000, car.cloud.y[i] + 500, car.cloud.z[i] - 20);
  Cuboid3D margin = car.truth;
  margin.scale += Eigen::Vector3d::Constant(0.01);
  EXPECT_EQ(countPointsInside(shifted, margin), 180u);
}

}  // namespace
}  // namespace labelstation

#include <gtest/gtest.h>

#include <cmath>

#include "labelstation/io/synthetic_scene.h"
#include "labelstation/plugins/cuboid_fit.h"

namespace labelstation::plugins {
namespace {

TEST(CuboidFit, RecoversAVehicleFromARoughBox) {
  const auto frame = io::makeSyntheticFrame(2, 2.0);
  const PclCuboidFitter fitter;
  for (const auto& vehicle : frame.vehicles) {
    Cuboid3D rough = vehicle.box;
    rough.position += Eigen::Vector3d(0.4, -0.3, 0.2);
    rough.rotation.z() += 0.2;
    rough.scale *= 1.25;
    const auto result = fitter.fit(frame.cloud, rough);
    ASSERT_TRUE(result) << "vehicle " << vehicle.id;
    EXPECT_TRUE(result->groundRemoved);
    EXPECT_LT((result->box.position - vehicle.box.position).norm(), 0.15) << "vehicle " << vehicle.id;
    EXPECT_LT(std::abs(wrapAngle(result->box.rotation.z() - vehicle.box.rotation.z())), 0.05) << "vehicle " << vehicle.id;
    EXPECT_LT((result->box.scale - vehicle.box.scale).cwiseAbs().maxCoeff(), 0.2) << "vehicle " << vehicle.id;
  }
}

TEST(CuboidFit, KeepsTheRoughHeadingNotAPerpendicularOne) {
  const auto frame = io::makeSyntheticFrame(0, 2.0);
  const auto& vehicle = frame.vehicles[0];
  Cuboid3D rough = vehicle.box;
  rough.rotation.z() += M_PI;  // the annotator says the car faces the other way: keep that
  const auto result = PclCuboidFitter().fit(frame.cloud, rough);
  ASSERT_TRUE(result);
  EXPECT_LT(std::abs(wrapAngle(result->box.rotation.z() - rough.rotation.z())), 0.05);
  EXPECT_NEAR(result->box.scale.x(), vehicle.box.scale.x(), 0.2) << "length stays along the heading";
}

// What a spinning LiDAR sees of a vehicle: its two near sides (an L) on flat ground. The
// smallest-area rectangle around an L can turn well off the heading; the fit must not.
TEST(CuboidFit, FindsTheHeadingFromTwoVisibleSides) {
  for (const double heading : {0.0, 0.3, -0.7, 1.2}) {
    const Eigen::Vector2d centre(12, -4), along(std::cos(heading), std::sin(heading)), across(-along.y(), along.x());
    const double length = 4.6, width = 1.9, height = 1.6;
    PointCloud cloud;
    for (double x = -15; x <= 30; x += 0.25)
      for (double y = -20; y <= 12; y += 0.25) cloud.addPoint(static_cast<float>(x), static_cast<float>(y), 0.0f);  // ground
    for (double z = 0.25; z <= height; z += 0.08)
      for (double t = -0.5; t <= 0.5; t += 0.01) {
        // The rear face and the left side, as a sensor behind and to the left sees them.
        const Eigen::Vector2d rear = centre - along * (length / 2) + across * (t * width);
        const Eigen::Vector2d side = centre + along * (t * length) + across * (width / 2);
        cloud.addPoint(static_cast<float>(rear.x()), static_cast<float>(rear.y()), static_cast<float>(z));
        cloud.addPoint(static_cast<float>(side.x()), static_cast<float>(side.y()), static_cast<float>(z));
      }
    Cuboid3D rough;
    rough.position = Eigen::Vector3d(centre.x() + 0.3, centre.y() - 0.2, 0.9);
    rough.rotation.z() = heading + 0.25;  // 14° off
    rough.scale = Eigen::Vector3d(5.5, 2.4, 2.0);
    const auto result = PclCuboidFitter().fit(cloud, rough);
    ASSERT_TRUE(result) << heading;
    EXPECT_LT(std::abs(wrapAngle(result->box.rotation.z() - heading)), 1.0 * M_PI / 180) << "heading " << heading;
  }
}

TEST(CuboidFit, NoPointsNoFit) {
  const auto frame = io::makeSyntheticFrame(0);
  Cuboid3D empty;
  empty.position = {0, 0, 30};  // in the sky
  EXPECT_FALSE(PclCuboidFitter().fit(frame.cloud, empty));
}

}  // namespace
}  // namespace labelstation::plugins

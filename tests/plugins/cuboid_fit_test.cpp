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

TEST(CuboidFit, NoPointsNoFit) {
  const auto frame = io::makeSyntheticFrame(0);
  Cuboid3D empty;
  empty.position = {0, 0, 30};  // in the sky
  EXPECT_FALSE(PclCuboidFitter().fit(frame.cloud, empty));
}

}  // namespace
}  // namespace labelstation::plugins

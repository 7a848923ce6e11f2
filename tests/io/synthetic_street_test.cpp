#include <gtest/gtest.h>

#include "labelstation/io/synthetic_street.h"

namespace labelstation::io {
namespace {

TEST(SyntheticStreet, ScanIsDeterministicAndLooksLikeA64BeamLidar) {
  const SyntheticStreet street;
  const PointCloud a = street.scan(3), b = street.scan(3);
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.intensity, b.intensity);
  EXPECT_GT(a.size(), 40000u);
  EXPECT_LT(a.size(), 64u * 900u);
  const auto bounds = a.bounds();
  EXPECT_NEAR(bounds[2], -SyntheticStreet::kSensorHeight, 0.1) << "the lowest points are on the road";
  EXPECT_GT(bounds[5], 1.0) << "walls rise above the sensor";
}

TEST(SyntheticStreet, ObjectsMoveAndTheScanSeesThem) {
  const SyntheticStreet street;
  const auto now = street.objectsAt(4), later = street.objectsAt(5);
  ASSERT_EQ(now.size(), 6u);
  EXPECT_NEAR(later[0].box.position.x() - now[0].box.position.x(), 0.8, 1e-9) << "8 m/s at 10 Hz";
  EXPECT_EQ(now[2].box.position, later[2].box.position) << "the parked car stays";
  const PointCloud cloud = street.scan(4);
  for (const auto& o : now) {
    Cuboid3D grown = o.box;
    grown.scale += Eigen::Vector3d::Constant(0.1);
    int inside = 0;
    for (std::size_t i = 0; i < cloud.size(); ++i) inside += grown.contains({cloud.x[i], cloud.y[i], cloud.z[i]}) ? 1 : 0;
    EXPECT_GT(inside, 5) << o.label << " #" << o.id << " is hit by the LiDAR";
  }
}

TEST(SyntheticStreet, CameraImageAgreesWithTheCalibration) {
  const SyntheticStreet street;
  const Calibration calib = street.cameras();
  const CameraCalibration& left = calib.cameras[0];
  const Image image = street.render(0, left);
  ASSERT_EQ(image.width, 1242);
  // The parked dark car (#3) is ahead on the right: its side at mid height projects onto its
  // body colour, and a point high above the street onto the sky.
  const StreetObject car = street.objectsAt(0)[2];
  const Eigen::Vector3d side = car.box.position + Eigen::Vector3d(0, car.box.scale.y() / 2, -0.2);
  const auto px = project(left, side);
  ASSERT_TRUE(px);
  ASSERT_TRUE(px->x() >= 0 && px->y() >= 0 && px->x() < image.width && px->y() < image.height);
  const std::size_t i = 3 * (static_cast<std::size_t>(std::lround(px->y())) * image.width + std::lround(px->x()));
  EXPECT_LT(image.rgb[i], 90) << "dark body";
  const auto sky = project(left, {60, 0, 5});
  ASSERT_TRUE(sky);
  ASSERT_TRUE(sky->x() >= 0 && sky->y() >= 0 && sky->x() < image.width && sky->y() < image.height);
  const std::size_t j = 3 * (static_cast<std::size_t>(std::lround(sky->y())) * image.width + std::lround(sky->x()));
  EXPECT_GT(image.rgb[j + 2], 180) << "blue sky";
}

}  // namespace
}  // namespace labelstation::io

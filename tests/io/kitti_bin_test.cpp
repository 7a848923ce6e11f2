#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "labelstation/io/errors.h"
#include "labelstation/io/kitti_bin.h"
#include "labelstation/io/synthetic_scene.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

TEST(KittiBin, RoundTrip) {
  const fs::path file = fs::temp_directory_path() / ("labelstation_scan_" + std::to_string(::getpid()) + ".bin");
  PointCloud cloud;
  cloud.addPoint(1.5f, -2.0f, 0.25f);
  cloud.addPoint(10.0f, 20.0f, -1.0f);
  cloud.intensity = {0.5f, 0.9f};
  writeKittiBin(file, cloud);
  EXPECT_EQ(fs::file_size(file), 32u);
  const PointCloud back = readKittiBin(file);
  EXPECT_EQ(back.x, cloud.x);
  EXPECT_EQ(back.y, cloud.y);
  EXPECT_EQ(back.z, cloud.z);
  EXPECT_EQ(back.intensity, cloud.intensity);
  fs::remove(file);
}

TEST(KittiBin, ReadsCvatsVelodyneFixture) {
  const fs::path scan = fs::path(LABELSTATION_SHARED_DIR) /
                        "fixtures/external/cvat-ai-cvat/unzipped/test_velodyne_points/velodyne_points/data/000002.bin";
  if (!fs::exists(scan)) GTEST_SKIP() << "shared fixtures not present: " << scan;
  const PointCloud cloud = readKittiBin(scan);
  EXPECT_EQ(cloud.size(), fs::file_size(scan) / 16);
  EXPECT_EQ(cloud.size(), 100u);
}

TEST(KittiBin, TruncatedFileIsAClearError) {
  const fs::path file = fs::temp_directory_path() / ("labelstation_trunc_" + std::to_string(::getpid()) + ".bin");
  std::ofstream(file, std::ios::binary) << std::string(20, '\0');
  try {
    readKittiBin(file);
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("not a multiple of 16"), std::string::npos) << e.what();
    EXPECT_EQ(e.file(), file.string());
  }
  fs::remove(file);
  EXPECT_THROW(readKittiBin("/nonexistent.bin"), IoError);
}

TEST(SyntheticScene, IsDeterministicAndVehiclesMove) {
  const auto a = makeSyntheticFrame(3), b = makeSyntheticFrame(3), c = makeSyntheticFrame(4);
  EXPECT_EQ(a.cloud.x, b.cloud.x);
  EXPECT_GT(a.cloud.size(), 15000u);
  ASSERT_EQ(a.vehicles.size(), 4u);
  EXPECT_NE(a.vehicles[0].box.position.x(), c.vehicles[0].box.position.x());
  EXPECT_EQ(a.vehicles[3].box.position, c.vehicles[3].box.position) << "the parked one stays";
  // Every vehicle has points on its surface.
  for (const auto& v : a.vehicles) {
    Cuboid3D grown = v.box;
    grown.scale *= 1.05;
    int inside = 0;
    for (std::size_t i = 0; i < a.cloud.size(); ++i)
      inside += grown.contains({a.cloud.x[i], a.cloud.y[i], a.cloud.z[i]}) ? 1 : 0;
    EXPECT_GT(inside, 500) << "vehicle " << v.id;
  }
}

}  // namespace
}  // namespace labelstation::io

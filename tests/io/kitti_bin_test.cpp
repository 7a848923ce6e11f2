#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <vector>

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

// Large enough for the two-thread path (each thread converts half of the points); NaN points in
// both halves are dropped and counted, the rest keep their order.
TEST(KittiBin, LargeScanWithInvalidPointsInBothHalves) {
  const fs::path file = fs::temp_directory_path() / ("labelstation_large_" + std::to_string(::getpid()) + ".bin");
  const std::size_t n = 300000;  // 4.8 MB
  std::vector<float> records(n * 4);
  for (std::size_t i = 0; i < n; ++i) {
    records[4 * i] = static_cast<float>(i);
    records[4 * i + 1] = -static_cast<float>(i) / 2;
    records[4 * i + 2] = 1.5f;
    records[4 * i + 3] = static_cast<float>(i % 256) / 255.0f;
  }
  const std::size_t badIndex[] = {7, n / 2 - 1, n / 2, n - 1};
  for (std::size_t b : badIndex) records[4 * b + 1] = std::numeric_limits<float>::quiet_NaN();
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(records.data()), static_cast<std::streamsize>(n * 16));
  CloudFileInfo info;
  const PointCloud cloud = readKittiBin(file, &info);
  fs::remove(file);
  EXPECT_EQ(info.format, "kitti bin");
  EXPECT_EQ(info.pointsInFile, n);
  EXPECT_EQ(info.droppedInvalid, 4u);
  ASSERT_EQ(cloud.size(), n - 4);
  ASSERT_EQ(cloud.intensity.size(), n - 4);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::find(std::begin(badIndex), std::end(badIndex), i) != std::end(badIndex)) continue;
    ASSERT_EQ(cloud.x[kept], static_cast<float>(i));
    ASSERT_EQ(cloud.y[kept], -static_cast<float>(i) / 2);
    ASSERT_EQ(cloud.intensity[kept], static_cast<float>(i % 256) / 255.0f);
    ++kept;
  }
}

TEST(KittiBin, EmptyScanIsAnEmptyCloud) {
  const fs::path file = fs::temp_directory_path() / ("labelstation_empty_" + std::to_string(::getpid()) + ".bin");
  std::ofstream(file, std::ios::binary).flush();
  EXPECT_TRUE(readKittiBin(file).empty());
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

// Our PCD reader and writer against PCL's (pcl::io::loadPCDFile / savePCDFile*), on every PCD
// fixture (ours, PCL's, Open3D's, CVAT's, datumaro's) and on clouds written at test time by each
// side. PCL is linked into this test only, never into labelstation_io.
#include <gtest/gtest.h>

#include <pcl/PCLPointCloud2.h>
#include <pcl/console/print.h>
#include <pcl/io/pcd_io.h>
#include <pcl/point_types.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <random>
#include <type_traits>

#include "labelstation/io/pcd.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

std::vector<fs::path> pcdFixtures() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(LABELSTATION_SOURCE_DIR) / "tests/fixtures/pointclouds"))
    if (e.path().extension() == ".pcd") files.push_back(e.path());
  const fs::path external = fs::path(LABELSTATION_SHARED_DIR) / "fixtures/external";
  if (fs::exists(external))
    for (const auto& e : fs::recursive_directory_iterator(external))
      if (e.path().extension() == ".pcd") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

double blobValue(const pcl::PCLPointCloud2& blob, std::size_t point, const pcl::PCLPointField& f, unsigned component) {
  const std::uint8_t* p = &blob.data[point * blob.point_step + f.offset + component * pcl::getFieldSize(f.datatype)];
  auto get = [p](auto v) { std::memcpy(&v, p, sizeof v); return static_cast<double>(v); };
  switch (f.datatype) {
    case pcl::PCLPointField::INT8: return get(std::int8_t{});
    case pcl::PCLPointField::UINT8: return get(std::uint8_t{});
    case pcl::PCLPointField::INT16: return get(std::int16_t{});
    case pcl::PCLPointField::UINT16: return get(std::uint16_t{});
    case pcl::PCLPointField::INT32: return get(std::int32_t{});
    case pcl::PCLPointField::UINT32: return get(std::uint32_t{});
    case pcl::PCLPointField::INT64: return get(std::int64_t{});
    case pcl::PCLPointField::UINT64: return get(std::uint64_t{});
    case pcl::PCLPointField::FLOAT32: return get(float{});
    default: return get(double{});
  }
}

bool isIntensityName(std::string n) {
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return n == "intensity" || n == "i" || n == "reflectance" || n == "remission";
}

bool sameFloat(float a, float b) { return a == b || (std::isnan(a) && std::isnan(b)); }

// Every field of every valid point: our cloud against PCL's generic blob of the same file.
void expectSameAsPclBlob(const PointCloud& ours, const pcl::PCLPointCloud2& blob, const std::string& what) {
  const pcl::PCLPointField *fx = nullptr, *fy = nullptr, *fz = nullptr;
  for (const auto& f : blob.fields) {
    if (f.name == "x") fx = &f;
    if (f.name == "y") fy = &f;
    if (f.name == "z") fz = &f;
  }
  ASSERT_TRUE(fx && fy && fz) << what;
  std::vector<std::size_t> valid;  // PCL keeps NaN points; we drop them
  const std::size_t n = static_cast<std::size_t>(blob.width) * blob.height;
  for (std::size_t i = 0; i < n; ++i) {
    const float x = static_cast<float>(blobValue(blob, i, *fx, 0) - ours.origin[0]);
    const float y = static_cast<float>(blobValue(blob, i, *fy, 0) - ours.origin[1]);
    const float z = static_cast<float>(blobValue(blob, i, *fz, 0) - ours.origin[2]);
    if (std::isfinite(x) && std::isfinite(y) && std::isfinite(z)) valid.push_back(i);
  }
  ASSERT_EQ(ours.size(), valid.size()) << what;
  const bool geo = ours.origin != std::array<double, 3>{0, 0, 0};
  bool intensityTaken = false, rgbTaken = false;
  for (const auto& f : blob.fields) {
    if (f.name == "_") continue;
    for (unsigned c = 0; c < f.count; ++c) {
      const std::string channel = f.count == 1 ? f.name : f.name + "_" + std::to_string(c);
      const FloatChannel* values = nullptr;
      double offset = 0.0;  // an extra channel's (large timestamps)
      int axis = -1;
      if (f.count == 1 && (f.name == "x" || f.name == "y" || f.name == "z")) {
        axis = f.name[0] - 'x';
        values = axis == 0 ? &ours.x : axis == 1 ? &ours.y : &ours.z;
      } else if (f.count == 1 && !intensityTaken && isIntensityName(f.name)) {
        intensityTaken = true;
        values = &ours.intensity;
      } else if (f.count == 1 && !rgbTaken && (f.name == "rgb" || f.name == "rgba") && pcl::getFieldSize(f.datatype) == 4) {
        rgbTaken = true;
        ASSERT_EQ(ours.rgb.size(), valid.size()) << what;
        for (std::size_t j = 0; j < valid.size(); ++j) {
          std::uint32_t bits;
          std::memcpy(&bits, &blob.data[valid[j] * blob.point_step + f.offset], 4);
          ASSERT_EQ(ours.rgb[j], bits & 0xffffffu) << what << " rgb, point " << valid[j];
        }
        continue;
      } else {
        const PointField* extra = ours.field(channel);
        ASSERT_NE(extra, nullptr) << what << ": no channel " << channel;
        values = &extra->values;
        offset = extra->offset;
      }
      ASSERT_EQ(values->size(), valid.size()) << what << " " << channel;
      for (std::size_t j = 0; j < valid.size(); ++j) {
        const double theirs = blobValue(blob, valid[j], f, c);
        if (axis >= 0 && geo)
          ASSERT_NEAR((*values)[j] + ours.origin[axis], theirs, 1e-4) << what << " " << channel << ", point " << valid[j];
        else
          ASSERT_TRUE(sameFloat((*values)[j], static_cast<float>(theirs - offset)))
              << what << " " << channel << ", point " << valid[j] << ": ours " << (*values)[j] << ", PCL " << theirs;
      }
    }
  }
}

// The typed loader the fields call for (PointXYZRGB, PointXYZI or PointXYZ), for float32 x y z.
template <class PointT>
void expectSameAsPclTyped(const PointCloud& ours, const fs::path& file, bool intensity, bool rgb) {
  pcl::PointCloud<PointT> cloud;
  ASSERT_EQ(pcl::io::loadPCDFile<PointT>(file.string(), cloud), 0) << file;
  std::size_t j = 0;
  for (const PointT& p : cloud.points) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z)) continue;
    ASSERT_LT(j, ours.size()) << file;
    ASSERT_EQ(ours.x[j], p.x) << file << " point " << j;
    ASSERT_EQ(ours.y[j], p.y) << file << " point " << j;
    ASSERT_EQ(ours.z[j], p.z) << file << " point " << j;
    if constexpr (std::is_same_v<PointT, pcl::PointXYZI>) {
      if (intensity) {
        ASSERT_EQ(ours.intensity[j], p.intensity) << file << " point " << j;
      }
    }
    if constexpr (std::is_same_v<PointT, pcl::PointXYZRGB>) {
      if (rgb) {
        ASSERT_EQ(ours.rgb[j], p.rgba & 0xffffffu) << file << " point " << j;
      }
    }
    ++j;
  }
  EXPECT_EQ(j, ours.size()) << file;
}

void crossCheck(const fs::path& file) {
  SCOPED_TRACE(file.string());
  CloudFileInfo info;
  const PointCloud ours = readPcd(file, &info);
  pcl::PCLPointCloud2 blob;
  ASSERT_EQ(pcl::io::loadPCDFile(file.string(), blob), 0) << file;
  EXPECT_EQ(info.width, blob.width);
  EXPECT_EQ(info.height, blob.height);
  expectSameAsPclBlob(ours, blob, file.string());

  bool floatXyz = true, floatIntensity = false, rgb = false;
  for (const auto& f : blob.fields) {
    if ((f.name == "x" || f.name == "y" || f.name == "z") && f.datatype != pcl::PCLPointField::FLOAT32) floatXyz = false;
    if (f.name == "intensity" && f.datatype == pcl::PCLPointField::FLOAT32 && f.count == 1) floatIntensity = true;
    if ((f.name == "rgb" || f.name == "rgba") && f.count == 1) rgb = true;
  }
  if (!floatXyz) return;  // PCL's typed loaders only map float32 coordinates
  if (rgb) expectSameAsPclTyped<pcl::PointXYZRGB>(ours, file, false, true);
  else if (floatIntensity) expectSameAsPclTyped<pcl::PointXYZI>(ours, file, true, false);
  else expectSameAsPclTyped<pcl::PointXYZ>(ours, file, false, false);
}

class PclCrossCheck : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { pcl::console::setVerbosityLevel(pcl::console::L_ERROR); }
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("labelstation_pclx_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(PclCrossCheck, EveryPcdFixtureReadsLikePcl) {
  const auto files = pcdFixtures();
  ASSERT_GE(files.size(), 20u);
  for (const fs::path& file : files) crossCheck(file);
  if (!fs::exists(fs::path(LABELSTATION_SHARED_DIR) / "fixtures/external"))
    GTEST_SKIP() << "shared fixtures not present; checked only the committed ones";
}

TEST_F(PclCrossCheck, PclReadsWhatWeWrite) {
  PointCloud cloud;
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> u(-80, 80);
  const std::size_t n = 120000;  // several conversion chunks, two ascii parts
  for (std::size_t i = 0; i < n; ++i) {
    cloud.addPoint(u(rng), u(rng), u(rng) / 10);
    cloud.intensity.push_back(static_cast<float>(i % 256));
    cloud.rgb.push_back(static_cast<std::uint32_t>(rng()) & 0xffffffu);
  }
  cloud.addField("ring").values.assign(n, 7.0f);
  for (auto [encoding, name] : {std::pair{PcdEncoding::Ascii, "a.pcd"}, std::pair{PcdEncoding::Binary, "b.pcd"},
                                std::pair{PcdEncoding::BinaryCompressed, "c.pcd"}}) {
    const fs::path file = dir_ / name;
    writePcd(file, cloud, encoding);
    crossCheck(file);
    pcl::PointCloud<pcl::PointXYZRGB> typed;
    ASSERT_EQ(pcl::io::loadPCDFile(file.string(), typed), 0);
    ASSERT_EQ(typed.size(), n);
    EXPECT_EQ(typed[n - 1].x, cloud.x[n - 1]);
    EXPECT_EQ(typed[n - 1].rgba & 0xffffffu, cloud.rgb[n - 1]);
  }
  // Geo-referenced: written as F 8 with the origin added back; PCL reads the same doubles.
  PointCloud geo;
  geo.origin = {4500000.0, 5400000.0, 120.0};
  for (int i = 0; i < 1000; ++i) geo.addPoint(0.01f * i, -0.01f * i, 0.001f * i);
  for (PcdEncoding e : {PcdEncoding::Ascii, PcdEncoding::Binary, PcdEncoding::BinaryCompressed}) {
    writePcd(dir_ / "geo.pcd", geo, e);
    pcl::PCLPointCloud2 blob;
    ASSERT_EQ(pcl::io::loadPCDFile((dir_ / "geo.pcd").string(), blob), 0);
    ASSERT_EQ(blob.fields[0].datatype, pcl::PCLPointField::FLOAT64);
    for (int i = 0; i < 1000; ++i) {
      ASSERT_NEAR(blobValue(blob, i, blob.fields[0], 0), 4500000.0 + 0.01f * i, 1e-6);
      ASSERT_NEAR(blobValue(blob, i, blob.fields[1], 0), 5400000.0 - 0.01f * i, 1e-6);
    }
    crossCheck(dir_ / "geo.pcd");
  }
}

TEST_F(PclCrossCheck, WeReadWhatPclWrites) {
  pcl::PointCloud<pcl::PointXYZRGBNormal> rich;
  pcl::PointCloud<pcl::PointXYZI> xyzi;
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> u(-50, 50);
  for (int i = 0; i < 100000; ++i) {
    pcl::PointXYZRGBNormal p;
    p.x = u(rng);
    p.y = u(rng);
    p.z = i % 1000 == 0 ? std::numeric_limits<float>::quiet_NaN() : u(rng);
    p.rgba = static_cast<std::uint32_t>(rng());
    p.normal_x = 1.0f;
    p.normal_y = u(rng);
    p.normal_z = 0.0f;
    p.curvature = 0.25f;
    rich.push_back(p);
    pcl::PointXYZI q;
    q.x = p.x;
    q.y = p.y;
    q.z = p.z;
    q.intensity = static_cast<float>(i % 100);
    xyzi.push_back(q);
  }
  rich.is_dense = xyzi.is_dense = false;
  const fs::path a = dir_ / "a.pcd", b = dir_ / "b.pcd", c = dir_ / "c.pcd";
  ASSERT_EQ(pcl::io::savePCDFileASCII(a.string(), rich), 0);
  ASSERT_EQ(pcl::io::savePCDFileBinary(b.string(), rich), 0);
  ASSERT_EQ(pcl::io::savePCDFileBinaryCompressed(c.string(), rich), 0);
  for (const fs::path& f : {a, b, c}) {
    crossCheck(f);
    CloudFileInfo info;
    EXPECT_EQ(readPcd(f, &info).size(), 100000u - 100);
    EXPECT_EQ(info.droppedInvalid, 100u);
  }
  ASSERT_EQ(pcl::io::savePCDFileASCII(a.string(), xyzi), 0);
  ASSERT_EQ(pcl::io::savePCDFileBinary(b.string(), xyzi), 0);
  ASSERT_EQ(pcl::io::savePCDFileBinaryCompressed(c.string(), xyzi), 0);
  for (const fs::path& f : {a, b, c}) crossCheck(f);
}

}  // namespace
}  // namespace labelstation::io

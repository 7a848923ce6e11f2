// PLY reading (Open3D / PCL files and hand-written quirks), bad PLY input, and the
// readPointCloud dispatcher.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

#include "temp_dir.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/kitti_bin.h"
#include "labelstation/io/pcd.h"
#include "labelstation/io/ply.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

fs::path fixture(const std::string& name) { return fs::path(LABELSTATION_SOURCE_DIR) / "tests/fixtures/pointclouds" / name; }

using testing::TempDir;

template <class T>
void put(std::string& s, T v, bool bigEndian = false) {
  std::string bytes(reinterpret_cast<const char*>(&v), sizeof v);
  if (bigEndian) std::reverse(bytes.begin(), bytes.end());
  s += bytes;
}

void expectIoError(const std::function<void()>& fn, const std::string& file, const std::string& needle) {
  try {
    fn();
    ADD_FAILURE() << "no error; expected one mentioning '" << needle << "'";
  } catch (const IoError& e) {
    EXPECT_EQ(e.file(), file);
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

std::uint32_t expectedColour(std::uint32_t i) { return ((i * 53) % 256) << 16 | ((i * 91) % 256) << 8 | (i * 17) % 256; }

TEST(Ply, Open3dAsciiAndBinaryAgree) {
  CloudFileInfo ai, bi;
  const PointCloud a = readPly(fixture("open3d_xyzrgbn_ascii.ply"), &ai);
  const PointCloud b = readPly(fixture("open3d_xyzrgbn_binary.ply"), &bi);
  EXPECT_EQ(ai.format, "ply ascii");
  EXPECT_EQ(bi.format, "ply binary_little_endian");
  EXPECT_EQ(bi.fields, (std::vector<std::string>{"x", "y", "z", "nx", "ny", "nz", "red", "green", "blue"}));
  ASSERT_EQ(a.size(), 200u);
  ASSERT_EQ(b.size(), 200u);
  EXPECT_EQ(b.fieldNames(), (std::vector<std::string>{"x", "y", "z", "rgb", "nx", "ny", "nz"}));
  for (std::uint32_t i = 0; i < 200; ++i) {
    ASSERT_NEAR(a.x[i], b.x[i], 1e-5);  // Open3D's ascii PLY keeps 6 significant digits
    ASSERT_EQ(b.rgb[i], expectedColour(i));
    ASSERT_EQ(a.rgb[i], expectedColour(i));
    ASSERT_NEAR(b.extra[0].values[i], std::cos(i * 0.1), 1e-6);
  }
  // Same points as Open3D's PCD of the same cloud.
  const PointCloud pcd = readPcd(fixture("open3d_xyzrgbn_binary.pcd"));
  EXPECT_EQ(pcd.x, b.x);
  EXPECT_EQ(pcd.rgb, b.rgb);
  EXPECT_EQ(readPly(fixture("open3d_xyzi_binary.ply")).intensity, readPcd(fixture("open3d_xyzi_binary.pcd")).intensity);
}

TEST(Ply, PclWrittenFilesSkipOtherElementsAndDropNaN) {
  // pcl_pcd2ply writes a "camera" element after the vertices and keeps NaN points.
  const PointCloud pcd = readPcd(fixture("pcl_xyzi_binary.pcd"));
  for (const char* name : {"pcl_xyzi_ascii.ply", "pcl_xyzi_binary.ply"}) {
    CloudFileInfo info;
    const PointCloud ply = readPly(fixture(name), &info);
    EXPECT_EQ(info.pointsInFile, 320u) << name;
    EXPECT_EQ(info.droppedInvalid, 3u) << name;
    ASSERT_EQ(ply.size(), pcd.size()) << name;
    for (std::size_t i = 0; i < ply.size(); ++i) {
      ASSERT_NEAR(ply.x[i], pcd.x[i], 1e-5) << name;
      ASSERT_NEAR(ply.intensity[i], pcd.intensity[i], 1e-6) << name;
    }
  }
}

TEST(Ply, BigEndianFromPclTool) {
  CloudFileInfo info;
  const PointCloud be = readPly(fixture("pcl_xyzrgbn_big_endian.ply"), &info);
  EXPECT_EQ(info.format, "ply binary_big_endian");
  const PointCloud le = readPly(fixture("open3d_xyzrgbn_binary.ply"));
  EXPECT_EQ(be.x, le.x);
  EXPECT_EQ(be.z, le.z);
  EXPECT_EQ(be.rgb, le.rgb);
  EXPECT_EQ(be.extra[2].values, le.extra[2].values);
}

TEST(Ply, DoubleTimestampsKeepMicroseconds) {
  const std::string text =
      "ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\n"
      "property double timestamp\nend_header\n0 0 0 1700000000.000001\n1 0 0 1700000000.000003\n";
  const PointCloud c = parsePly(text, "t.ply");
  const PointField* t = c.field("timestamp");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->offset, 1700000000.0);
  EXPECT_NEAR(t->offset + t->values[0], 1700000000.000001, 2e-7);
  EXPECT_NEAR(t->offset + t->values[1], 1700000000.000003, 2e-7);
}

TEST(Ply, HandWrittenQuirks) {
  // An element before the vertices with a list, a list property on vertices, CRLF, comments,
  // float colours, "scalar_Intensity", an alpha to ignore, a NaN vertex, faces after.
  const std::string text =
      "ply\r\nformat ascii 1.0\r\ncomment made by hand\r\nelement info 2\r\nproperty list uchar int ids\r\n"
      "element vertex 3\r\nproperty float x\r\nproperty float y\r\nproperty float z\r\nproperty list uchar int idx\r\n"
      "property float scalar_Intensity\r\nproperty float red\r\nproperty float green\r\nproperty float blue\r\n"
      "property uchar alpha\r\nelement face 1\r\nproperty list uchar int vertex_indices\r\nend_header\r\n"
      "2 5 6\r\n0\r\n1 2 3 2 7 8 0.5 1 0 0.5 255\r\nnan 0 0 0 0.1 0 0 0 255\r\n4 5 6 1 9 0.25 0 1 0 255\r\n3 0 1 2\r\n";
  CloudFileInfo info;
  const PointCloud c = parsePly(text, "hand.ply", &info);
  EXPECT_EQ(c.x, (FloatChannel{1, 4}));
  EXPECT_EQ(c.intensity, (FloatChannel{0.5f, 0.25f}));
  EXPECT_EQ(c.rgb, (Channel<std::uint32_t>{0xff0080, 0x00ff00}));
  EXPECT_TRUE(c.extra.empty());
  EXPECT_EQ(info.droppedInvalid, 1u);

  // The same as binary big-endian and little-endian.
  for (bool bigEndian : {false, true}) {
    std::string bin = std::string("ply\nformat ") + (bigEndian ? "binary_big_endian" : "binary_little_endian") +
                      " 1.0\nelement info 1\nproperty list uchar int ids\nelement vertex 2\nproperty double x\n"
                      "property double y\nproperty double z\nproperty list ushort short idx\nproperty uchar red\n"
                      "property uchar green\nproperty uchar blue\nproperty int ring\nend_header\n";
    put(bin, std::uint8_t(2));
    put(bin, std::int32_t(5), bigEndian);
    put(bin, std::int32_t(6), bigEndian);
    for (int v = 0; v < 2; ++v) {
      for (double d : {4500000.25 + v * 0.01, 5400000.5, 12.0}) put(bin, d, bigEndian);
      put(bin, std::uint16_t(1), bigEndian);
      put(bin, std::int16_t(-1), bigEndian);
      for (std::uint8_t col : {0x12, 0x34, 0x56}) put(bin, col);
      put(bin, std::int32_t(-7 - v), bigEndian);
    }
    const PointCloud b = parsePly(bin, "bin.ply", &info);
    ASSERT_EQ(b.size(), 2u) << bigEndian;
    EXPECT_NE(b.origin[0], 0.0);  // geo-referenced doubles: origin chosen, centimetres kept
    EXPECT_NEAR(b.x[1] + b.origin[0], 4500000.26, 1e-4);
    EXPECT_NEAR(b.y[0] + b.origin[1], 5400000.5, 1e-4);
    EXPECT_EQ(b.rgb, (Channel<std::uint32_t>{0x123456, 0x123456}));
    EXPECT_EQ(b.field("ring")->values, (FloatChannel{-7, -8}));
  }
}

class PlyBadInput : public ::testing::Test {
 protected:
  void expectBad(const std::string& bytes, const std::string& needle) {
    const fs::path file = dir_.file("bad.ply", bytes);
    expectIoError([&] { readPly(file); }, file.string(), needle);
    expectIoError([&] { parsePly(bytes, "mem.ply"); }, "mem.ply", needle);
  }
  TempDir dir_;
};

const std::string kAsciiHead = "ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n";
const std::string kBinaryHead =
    "ply\nformat binary_little_endian 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n";

TEST_F(PlyBadInput, NotPlyOrBadHeader) {
  expectBad("", "empty file");
  expectBad("PCD\n", "not a PLY file");
  expectBad("ply\nformat binary_middle_endian 1.0\nend_header\n", "unknown format 'binary_middle_endian'");
  expectBad("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\n", "no end_header line");
  expectBad("ply\nformat ascii 1.0\nelement vertex 1\nproperty quad x\nend_header\n", "unknown property type 'quad'");
  expectBad("ply\nformat ascii 1.0\nelement vertex many\nend_header\n", "element count 'many' is not an unsigned number");
  expectBad("ply\nformat ascii 1.0\nelement face 0\nend_header\n", "no vertex element");
  expectBad("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n1 2\n", "no 'z' property");
  expectBad("ply\nelement vertex 0\nend_header\n", "no format line");
}

TEST_F(PlyBadInput, TruncatedData) {
  std::string bin = kBinaryHead;
  for (float f : {1.0f, 2.0f, 3.0f, 4.0f, 5.0f}) put(bin, f);
  expectBad(bin, "truncated");
  expectBad(kAsciiHead + "1.0000 2.0000 3.0000\n", "the header promises 2 vertices, the data has 1");
  expectBad("ply\nformat binary_little_endian 1.0\nelement vertex 4000000000\nproperty float x\nproperty float y\n"
            "property float z\nend_header\n0123456789ab",
            "4000000000 vertices cannot fit");
  std::string list = "ply\nformat binary_little_endian 1.0\nelement vertex 1\nproperty float x\nproperty float y\n"
                     "property float z\nproperty list uint int idx\nend_header\n";
  for (float f : {1.0f, 2.0f, 3.0f}) put(list, f);
  put(list, std::uint32_t{0xffffffff});
  expectBad(list, "truncated: the data ends inside a list");
}

TEST_F(PlyBadInput, AsciiNotANumber) {
  expectBad(kAsciiHead + "1 2 3\n4 x 6\n", "line 9: 'x' is not a number (property 'y')");
  expectBad(kAsciiHead + "1.0 2.0 3.0\n4.0 5.0\n", "too few values");
  expectBad(kAsciiHead + "1 2 3\n4 5 6 7\n", "4 values, expected 3");
}

TEST_F(PlyBadInput, Directory) { expectIoError([&] { readPly(dir_.path()); }, dir_.path().string(), "is a directory"); }

// ---------------------------------------------------------------------------------------------
// readPointCloud

TEST(PointCloudIo, DispatchesByExtensionInAnyCase) {
  TempDir dir;
  PointCloud cloud;
  cloud.addPoint(1, 2, 3);
  cloud.addPoint(4, 5, 6);
  cloud.intensity = {0.5f, 0.25f};
  writePcd(dir.path() / "a.PCD", cloud, PcdEncoding::Binary);
  writeKittiBin(dir.path() / "b.Bin", cloud);
  fs::copy_file(fixture("open3d_xyzi_binary.ply"), dir.path() / "c.PLY");
  CloudFileInfo info;
  EXPECT_EQ(readPointCloud(dir.path() / "a.PCD", &info).x, cloud.x);
  EXPECT_EQ(info.format, "pcd binary");
  EXPECT_EQ(readPointCloud(dir.path() / "b.Bin", &info).intensity, cloud.intensity);
  EXPECT_EQ(info.format, "kitti bin");
  EXPECT_EQ(info.fields, (std::vector<std::string>{"x", "y", "z", "intensity"}));
  EXPECT_EQ(info.pointsInFile, 2u);
  EXPECT_EQ(info.width, 2u);
  EXPECT_EQ(info.height, 1u);
  EXPECT_EQ(readPointCloud(dir.path() / "c.PLY", &info).size(), 200u);
  EXPECT_EQ(info.format, "ply binary_little_endian");
}

TEST(PointCloudIo, KittiBinDropsNaNLikeTheOtherReaders) {
  TempDir dir;
  PointCloud cloud;
  cloud.addPoint(1, 2, 3);
  cloud.addPoint(std::nanf(""), 0, 0);
  cloud.intensity = {0.5f, 0.25f};
  writeKittiBin(dir.path() / "n.bin", cloud);
  CloudFileInfo info;
  const PointCloud back = readPointCloud(dir.path() / "n.bin", &info);
  EXPECT_EQ(back.size(), 1u);
  EXPECT_EQ(back.intensity, FloatChannel{0.5f});
  EXPECT_EQ(info.pointsInFile, 2u);
  EXPECT_EQ(info.droppedInvalid, 1u);
}

TEST(PointCloudIo, RefusesUnknownFilesAndDirectories) {
  TempDir dir;
  expectIoError([&] { readPointCloud(dir.path() / "scan.xyz"); }, (dir.path() / "scan.xyz").string(), "unsupported point cloud format '.xyz'");
  fs::create_directories(dir.path() / "frame.pcd");
  expectIoError([&] { readPointCloud(dir.path() / "frame.pcd"); }, (dir.path() / "frame.pcd").string(), "is a directory");
  expectIoError([&] { readPointCloud(dir.path() / "none.bin"); }, (dir.path() / "none.bin").string(), "cannot open");
}

TEST(PointCloudIo, IsPointCloudFile) {
  for (const char* yes : {"a.pcd", "a.PCD", "dir/b.bin", "c.Ply", "0001.pcd.bin"}) EXPECT_TRUE(isPointCloudFile(yes)) << yes;
  for (const char* no : {"a.png", "pcd", "a.pcd.json", "a.", ".pcd.txt"}) EXPECT_FALSE(isPointCloudFile(no)) << no;
}

}  // namespace
}  // namespace labelstation::io

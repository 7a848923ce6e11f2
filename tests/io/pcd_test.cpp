// PCD reading and writing: every field kind and header quirk the issue lists, geo-referenced
// precision, real files from CVAT / datumaro / PCL / Open3D, and one test per kind of bad input.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <random>

#include "../../io/src/lzf.h"  // internal codec, tested directly
#include "temp_dir.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/pcd.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

const float kNaN = std::numeric_limits<float>::quiet_NaN();

using testing::TempDir;

fs::path fixture(const std::string& name) { return fs::path(LABELSTATION_SOURCE_DIR) / "tests/fixtures/pointclouds" / name; }
fs::path external(const std::string& rel) { return fs::path(LABELSTATION_SHARED_DIR) / "fixtures/external" / rel; }

std::string header(const std::string& fields, const std::string& size, const std::string& type, const std::string& count,
                   std::size_t points, const std::string& data) {
  return "# .PCD v0.7 - Point Cloud Data file format\nVERSION 0.7\nFIELDS " + fields + "\nSIZE " + size + "\nTYPE " + type +
         "\nCOUNT " + count + "\nWIDTH " + std::to_string(points) + "\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS " +
         std::to_string(points) + "\nDATA " + data + "\n";
}

template <class T>
void put(std::string& s, T v) {
  s.append(reinterpret_cast<const char*>(&v), sizeof v);
}

// Runs `fn`, expects an IoError whose file is `file` and whose message contains `needle`.
void expectIoError(const std::function<void()>& fn, const std::string& file, const std::string& needle) {
  try {
    fn();
    ADD_FAILURE() << "no error; expected one mentioning '" << needle << "'";
  } catch (const IoError& e) {
    EXPECT_EQ(e.file(), file);
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

PointCloud sampleCloud() {
  PointCloud c;
  for (int i = 0; i < 50; ++i) {
    c.addPoint(0.25f * i, -1.5f + i, std::sin(0.1f * i));
    c.intensity.push_back(i / 50.0f);
    c.rgb.push_back(static_cast<std::uint32_t>(i * 0x010203));
  }
  c.addField("ring").values.assign(50, 3.0f);
  auto& t = c.addField("time");
  for (int i = 0; i < 50; ++i) t.values[i] = 0.001f * i;
  return c;
}

void expectSameCloud(const PointCloud& a, const PointCloud& b) {
  EXPECT_EQ(a.x, b.x);
  EXPECT_EQ(a.y, b.y);
  EXPECT_EQ(a.z, b.z);
  EXPECT_EQ(a.intensity, b.intensity);
  EXPECT_EQ(a.rgb, b.rgb);
  EXPECT_EQ(a.origin, b.origin);
  ASSERT_EQ(a.extra.size(), b.extra.size());
  for (std::size_t i = 0; i < a.extra.size(); ++i) {
    EXPECT_EQ(a.extra[i].name, b.extra[i].name);
    EXPECT_EQ(a.extra[i].values, b.extra[i].values) << a.extra[i].name;
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

TEST(Pcd, SameCloudFromAsciiBinaryAndCompressed) {
  const std::string text = header("x y z intensity", "4 4 4 4", "F F F F", "1 1 1 1", 3, "ascii") +
                           "1 2 3 0.5\n-4.25 5e-1 6 1\n7 8 9.75 0\n";
  std::string bin = header("x y z intensity", "4 4 4 4", "F F F F", "1 1 1 1", 3, "binary");
  const float v[3][4] = {{1, 2, 3, 0.5f}, {-4.25f, 0.5f, 6, 1}, {7, 8, 9.75f, 0}};
  for (auto& p : v)
    for (float f : p) put(bin, f);
  CloudFileInfo ai, bi;
  const PointCloud a = parsePcd(text, "a.pcd", &ai);
  const PointCloud b = parsePcd(bin, "b.pcd", &bi);
  const PointCloud c = parsePcd(encodePcd(b, PcdEncoding::BinaryCompressed), "c.pcd");
  expectSameCloud(a, b);
  expectSameCloud(b, c);
  EXPECT_EQ(a.x, (FloatChannel{1, -4.25f, 7}));
  EXPECT_EQ(a.intensity, (FloatChannel{0.5f, 1, 0}));
  EXPECT_EQ(ai.format, "pcd ascii");
  EXPECT_EQ(bi.format, "pcd binary");
  EXPECT_EQ(bi.fields, (std::vector<std::string>{"x", "y", "z", "intensity"}));
  EXPECT_EQ(bi.pointsInFile, 3u);
}

TEST(Pcd, IntensityAliases) {
  for (const char* name : {"intensity", "i", "reflectance", "remission"}) {
    const PointCloud c = parsePcd(header(std::string("x y z ") + name, "4 4 4 4", "F F F F", "1 1 1 1", 1, "ascii") + "1 2 3 0.25\n", "a.pcd");
    EXPECT_EQ(c.intensity, FloatChannel{0.25f}) << name;
    EXPECT_TRUE(c.extra.empty()) << name;
  }
  // U1 / U2 intensities convert to float values.
  const PointCloud u = parsePcd(header("x y z intensity", "4 4 4 2", "F F F U", "1 1 1 1", 1, "ascii") + "1 2 3 4000\n", "u.pcd");
  EXPECT_EQ(u.intensity, FloatChannel{4000.0f});
}

TEST(Pcd, RgbAsPackedFloatOrUint) {
  const std::uint32_t red = 0x00ff0000, mixed = 0x00123456;
  float redAsFloat, mixedAsFloat;
  std::memcpy(&redAsFloat, &red, 4);
  std::memcpy(&mixedAsFloat, &mixed, 4);
  std::string f = header("x y z rgb", "4 4 4 4", "F F F F", "1 1 1 1", 2, "binary");
  for (float v : {0.0f, 0.0f, 0.0f, redAsFloat, 1.0f, 1.0f, 1.0f, mixedAsFloat}) put(f, v);
  EXPECT_EQ(parsePcd(f, "f.pcd").rgb, (Channel<std::uint32_t>{red, mixed}));
  // rgba as U 4 with alpha in the top byte; ascii rgb as an integer (PCL) and as a float (Open3D).
  std::string u = header("x y z rgba", "4 4 4 4", "F F F U", "1 1 1 1", 1, "binary");
  for (float v : {0.0f, 0.0f, 0.0f}) put(u, v);
  put(u, std::uint32_t{0xff123456});
  EXPECT_EQ(parsePcd(u, "u.pcd").rgb, Channel<std::uint32_t>{0x123456});
  EXPECT_EQ(parsePcd(header("x y z rgb", "4 4 4 4", "F F F U", "1 1 1 1", 1, "ascii") + "0 0 0 1193046\n", "a.pcd").rgb,
            Channel<std::uint32_t>{0x123456});
  EXPECT_EQ(parsePcd(header("x y z rgb", "4 4 4 4", "F F F F", "1 1 1 1", 1, "ascii") + "0 0 0 1.671814e-39\n", "o.pcd").rgb,
            Channel<std::uint32_t>{0x123456});
}

TEST(Pcd, ExtraFieldsCountAndPaddingInEveryEncoding) {
  // x y z, normals, ring U2, time F8, label I4, hist F4 COUNT 3, 4 bytes of "_" padding, unknown U1.
  const std::string fields = "x y z normal_x ring time label hist _ foo";
  const std::string size = "4 4 4 4 2 8 4 4 4 1", type = "F F F F U F I F F U", count = "1 1 1 1 1 1 1 3 1 1";
  std::string bin = header(fields, size, type, count, 2, "binary");
  for (int p = 0; p < 2; ++p) {
    for (float v : {1.0f + p, 2.0f, 3.0f, 0.5f}) put(bin, v);
    put(bin, std::uint16_t(7 + p));
    put(bin, 1.5 + p);
    put(bin, std::int32_t(-3 * (p + 1)));
    for (float v : {0.1f, 0.2f, 0.3f + p}) put(bin, v);
    put(bin, std::uint32_t{0xdeadbeef});  // padding
    put(bin, std::uint8_t(200));
  }
  const std::string ascii = header(fields, size, type, count, 2, "ascii") +
                            "1 2 3 0.5 7 1.5 -3 0.1 0.2 0.3 0 200\n2 2 3 0.5 8 2.5 -6 0.1 0.2 1.3 0 200\n";
  CloudFileInfo info;
  const PointCloud b = parsePcd(bin, "b.pcd", &info);
  expectSameCloud(b, parsePcd(ascii, "a.pcd"));
  expectSameCloud(b, parsePcd(encodePcd(b, PcdEncoding::BinaryCompressed), "c.pcd"));
  EXPECT_EQ(b.fieldNames(), (std::vector<std::string>{"x", "y", "z", "normal_x", "ring", "time", "label", "hist_0", "hist_1",
                                                      "hist_2", "foo"}));
  EXPECT_EQ(b.field("ring")->values, (FloatChannel{7, 8}));
  EXPECT_EQ(b.field("time")->values, (FloatChannel{1.5f, 2.5f}));
  EXPECT_EQ(b.field("label")->values, (FloatChannel{-3, -6}));
  EXPECT_EQ(b.field("hist_2")->values, (FloatChannel{0.3f, 1.3f}));
  EXPECT_EQ(b.field("foo")->values, (FloatChannel{200, 200}));
  EXPECT_EQ(info.fields, (std::vector<std::string>{"x", "y", "z", "normal_x", "ring", "time", "label", "hist", "foo"}));
}

// An F 8 epoch timestamp per point (seconds since 1970, µs apart) keeps its microseconds in every
// encoding, and writePcd writes it back as F 8.
TEST(Pcd, EpochTimestampsKeepMicroseconds) {
  const double t0 = 1700000000.123456;
  for (const char* encoding : {"ascii", "binary"}) {
    std::string text = header("x y z time", "4 4 4 8", "F F F F", "1 1 1 1", 3, encoding);
    for (int i = 0; i < 3; ++i) {
      const double t = t0 + i * 1e-6;
      if (std::string(encoding) == "ascii") {
        char row[96];
        std::snprintf(row, sizeof row, "%d 0 0 %.6f\n", i, t);
        text += row;
      } else {
        put(text, float(i));
        put(text, 0.0f);
        put(text, 0.0f);
        put(text, t);
      }
    }
    const PointCloud c = parsePcd(text, "t.pcd");
    const PointField* time = c.field("time");
    ASSERT_NE(time, nullptr);
    EXPECT_EQ(time->offset, 1700000000.0) << encoding;
    for (int i = 0; i < 3; ++i) EXPECT_NEAR(time->offset + time->values[i], t0 + i * 1e-6, 2e-7) << encoding << " point " << i;
    for (PcdEncoding out : {PcdEncoding::Binary, PcdEncoding::BinaryCompressed, PcdEncoding::Ascii}) {
      const std::string written = encodePcd(c, out);
      EXPECT_NE(written.find("FIELDS x y z time\nSIZE 4 4 4 8\n"), std::string::npos) << written.substr(0, 200);
      const PointCloud back = parsePcd(written, "back.pcd");
      for (int i = 0; i < 3; ++i) EXPECT_NEAR(back.field("time")->offset + back.field("time")->values[i], t0 + i * 1e-6, 2e-7);
    }
  }
}

TEST(Pcd, EveryTypeAndSize) {
  std::string bin = header("a b c d e f g h x y z", "1 1 2 2 4 4 8 8 4 8 4", "I U I U I U I U F F F", "1 1 1 1 1 1 1 1 1 1 1", 1, "binary");
  put(bin, std::int8_t(-100));
  put(bin, std::uint8_t(250));
  put(bin, std::int16_t(-30000));
  put(bin, std::uint16_t(60000));
  put(bin, std::int32_t(-2000000));
  put(bin, std::uint32_t(4000000));
  put(bin, std::int64_t(-5000000000LL));
  put(bin, std::uint64_t(9000000000ULL));
  put(bin, 1.25f);
  put(bin, -2.5);
  put(bin, 3.75f);
  const PointCloud c = parsePcd(bin, "t.pcd");
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c.x[0], 1.25f);
  EXPECT_EQ(c.y[0], -2.5f);
  EXPECT_EQ(c.z[0], 3.75f);
  const std::vector<double> expected{-100, 250, -30000, 60000, -2000000, 4000000, -5e9, 9e9};
  // Values beyond ±1e4 of 32/64-bit integer fields live in the channel's offset (exact here).
  for (std::size_t i = 0; i < expected.size(); ++i)
    EXPECT_EQ(c.extra[i].offset + c.extra[i].values[0], expected[i]) << c.extra[i].name;
  EXPECT_EQ(c.field("a")->offset, 0.0) << "8- and 16-bit fields fit a float";
  EXPECT_EQ(c.field("h")->offset, 9e9);
  expectSameCloud(c, parsePcd(header("a b c d e f g h x y z", "1 1 2 2 4 4 8 8 4 8 4", "I U I U I U I U F F F",
                                     "1 1 1 1 1 1 1 1 1 1 1", 1, "ascii") +
                                  "-100 250 -30000 60000 -2000000 4000000 -5000000000 9000000000 1.25 -2.5 3.75\n",
                              "t.pcd"));
}

TEST(Pcd, OrganisedCloudDropsNaNAndKeepsShape) {
  std::string text = "VERSION .7\nFIELDS x y z intensity\nSIZE 4 4 4 4\nTYPE F F F F\nCOUNT 1 1 1 1\nWIDTH 3\nHEIGHT 2\n"
                     "VIEWPOINT 1 2 3 0.5 0.5 0.5 0.5\nPOINTS 6\nDATA ascii\n";
  text += "1 1 1 0.1\nnan nan nan 0\n3 3 3 0.3\n4 inf 4 0.4\n5 5 5 0.5\n-nan 6 NaN 0.6\n";
  CloudFileInfo info;
  const PointCloud c = parsePcd(text, "o.pcd", &info);
  EXPECT_EQ(c.x, (FloatChannel{1, 3, 5}));
  EXPECT_EQ(c.intensity, (FloatChannel{0.1f, 0.3f, 0.5f}));
  EXPECT_EQ(info.width, 3u);
  EXPECT_EQ(info.height, 2u);
  EXPECT_EQ(info.pointsInFile, 6u);
  EXPECT_EQ(info.droppedInvalid, 3u);
  EXPECT_EQ(info.viewpoint, (std::array<double, 7>{1, 2, 3, 0.5, 0.5, 0.5, 0.5}));
  // The same cloud in binary: same points, same count dropped.
  PointCloud withNaN;
  for (float v : {1.0f, kNaN, 3.0f}) withNaN.addPoint(v, v, v);
  CloudFileInfo binInfo;
  const PointCloud b = parsePcd(encodePcd(withNaN, PcdEncoding::Binary), "b.pcd", &binInfo);
  EXPECT_EQ(b.x, (FloatChannel{1, 3}));
  EXPECT_EQ(binInfo.droppedInvalid, 1u);
}

TEST(Pcd, HeaderQuirks) {
  // No comment line, keywords in another order, comments and blank lines inside, a trailing
  // comment, tabs, CRLF, no POINTS (→ WIDTH × HEIGHT), COLUMNS for FIELDS, no SIZE/TYPE/COUNT.
  const std::string text =
      "VERSION 0.5\r\n# written by hand\r\n\r\nCOLUMNS x y\tz  # a comment\r\nWIDTH 2\r\n   \r\n#\r\nHEIGHT 1\r\n"
      "DATA ascii\r\n1 2 3\r\n\r\n# a comment between rows\r\n4 5 6\r\n";
  CloudFileInfo info;
  const PointCloud c = parsePcd(text, "q.pcd", &info);
  EXPECT_EQ(c.x, (FloatChannel{1, 4}));
  EXPECT_EQ(c.z, (FloatChannel{3, 6}));
  EXPECT_EQ(info.pointsInFile, 2u);
  // POINTS first, then VIEWPOINT, then WIDTH; no HEIGHT (→ 1); no WIDTH (→ POINTS).
  const std::string reordered = "POINTS 1\nVIEWPOINT 0 0 0 1 0 0 0\nFIELDS x y z\nCOUNT 1 1 1\nTYPE F F F\nSIZE 4 4 4\nWIDTH 1\nDATA ascii\n7 8 9";
  EXPECT_EQ(parsePcd(reordered, "r.pcd").x, FloatChannel{7});
  EXPECT_EQ(parsePcd("FIELDS x y z\nPOINTS 1\nDATA ascii\n7 8 9\n", "p.pcd").y, FloatChannel{8});
}

TEST(Pcd, PointsMustAgreeWithWidthTimesHeightAsInPcl) {
  const std::string text = "FIELDS x y z\nWIDTH 2\nHEIGHT 2\nPOINTS 3\nDATA ascii\n1 2 3\n4 5 6\n7 8 9\n";
  expectIoError([&] { parsePcd(text, "w.pcd"); }, "w.pcd", "POINTS 3 disagrees with WIDTH 2 × HEIGHT 2");
}

TEST(Pcd, AsciiRowsBeyondPointsAreIgnored) {
  const PointCloud c = parsePcd("FIELDS x y z\nPOINTS 2\nDATA ascii\n1 1 1\n2 2 2\n3 3 3\nnot a row at all\n", "e.pcd");
  EXPECT_EQ(c.x, (FloatChannel{1, 2}));
}

TEST(Pcd, LargeAsciiParsedInTwoPartsKeepsOrder) {
  // > 256 KiB of text, so the second half goes to the worker thread; NaN rows in both halves and
  // extra rows after POINTS.
  const std::size_t n = 30000;
  std::string text = header("x y z intensity", "4 4 4 4", "F F F F", "1 1 1 1", n, "ascii");
  std::size_t nans = 0;
  for (std::size_t i = 0; i < n + 100; ++i) {
    if (i % 997 == 5 && i < n) {
      text += "nan nan nan 0\n";
      ++nans;
    } else {
      text += std::to_string(i) + " " + std::to_string(i * 0.5) + " -1.5 " + std::to_string(i % 100) + "\n";
    }
  }
  ASSERT_GT(text.size(), 512u * 1024);
  CloudFileInfo info;
  const PointCloud c = parsePcd(text, "big.pcd", &info);
  ASSERT_EQ(c.size(), n - nans);
  EXPECT_EQ(info.droppedInvalid, nans);
  for (std::size_t j = 1; j < c.size(); ++j) ASSERT_LT(c.x[j - 1], c.x[j]);
  EXPECT_EQ(c.x.back(), static_cast<float>(n - 1));
  EXPECT_EQ(c.intensity.back(), static_cast<float>((n - 1) % 100));
}

TEST(Pcd, GeoReferencedDoublesKeepCentimetres) {
  // F 8 coordinates around 4.5e6 / 5.4e6 that differ by 1 cm.
  std::string bin = header("x y z intensity", "8 8 8 4", "F F F F", "1 1 1 1", 100, "binary");
  std::string ascii = header("x y z intensity", "8 8 8 4", "F F F F", "1 1 1 1", 100, "ascii");
  for (int i = 0; i < 100; ++i) {
    put(bin, 4500000.0 + 0.01 * i);
    put(bin, 5400000.0 - 0.01 * i);
    put(bin, 250.0 + 0.01 * (i % 3));
    put(bin, float(i));
    char row[128];
    std::snprintf(row, sizeof row, "%.2f %.2f %.2f %d\n", 4500000.0 + 0.01 * i, 5400000.0 - 0.01 * i, 250.0 + 0.01 * (i % 3), i);
    ascii += row;
  }
  const PointCloud b = parsePcd(bin, "geo.pcd");
  const PointCloud c = parsePcd(encodePcd(b, PcdEncoding::BinaryCompressed), "geo_c.pcd");
  const PointCloud a = parsePcd(ascii, "geo_a.pcd");
  for (const PointCloud* cloud : {&b, &c, &a}) {
    ASSERT_EQ(cloud->size(), 100u);
    EXPECT_NE(cloud->origin[0], 0.0);
    EXPECT_EQ(cloud->origin[0], std::round(cloud->origin[0]));  // whole metres
    for (int i = 0; i < 100; ++i) {
      EXPECT_NEAR(cloud->x[i] + cloud->origin[0], 4500000.0 + 0.01 * i, 1e-4);
      EXPECT_NEAR(cloud->y[i] + cloud->origin[1], 5400000.0 - 0.01 * i, 1e-4);
      EXPECT_NEAR(cloud->z[i] + cloud->origin[2], 250.0 + 0.01 * (i % 3), 1e-4);
    }
    EXPECT_NEAR(cloud->x[1] - cloud->x[0], 0.01, 1e-5);  // neighbours 1 cm apart stay 1 cm apart
  }
  // Large float32 coordinates also get an origin (the values the file holds are kept exactly).
  std::string f = header("x y z", "4 4 4", "F F F", "1 1 1", 2, "binary");
  for (float v : {4500000.5f, 5400000.0f, 12.0f, 4500001.0f, 5400000.5f, 13.0f}) put(f, v);
  const PointCloud g = parsePcd(f, "f.pcd");
  EXPECT_NE(g.origin[0], 0.0);
  EXPECT_EQ(g.x[0] + g.origin[0], 4500000.5);
  EXPECT_EQ(g.y[1] + g.origin[1], 5400000.5);
  // Small clouds keep origin 0.
  EXPECT_EQ(parsePcd("FIELDS x y z\nPOINTS 1\nDATA ascii\n9999 1 1\n", "s.pcd").origin, (std::array<double, 3>{0, 0, 0}));
}

TEST(Pcd, AsciiNumbersAreCorrectlyRounded) {
  // The parser's fast path must round exactly as strtof / strtod: ties, values next to float
  // half-way points, many digits, tiny and huge exponents, signs.
  std::vector<std::string> tokens{"0",         "-0",          "+1.5",        "0.1",         "0.000123",    "123456789",
                                  "16777217",  "16777219",    "16777217.00000001", "33554434.99999999",
                                  "1.00000005960464477", "1.000000059604644775390625", "3.4028235e38", "3.40282356e38",
                                  "1e-45",     "7e-46",       "1.17549435e-38", "6.812499365e-39", "-2.5E+3", "1.", ".5",
                                  "4500000.01", "12345678901234567890", "0.30000001192092896"};
  std::mt19937 rng(17);
  for (int i = 0; i < 3000; ++i) {
    char buf[64];
    const double v = std::ldexp(static_cast<double>(rng()) / 4294967296.0 - 0.5, static_cast<int>(rng() % 40) - 20);
    std::snprintf(buf, sizeof buf, i % 3 == 0 ? "%.6g" : i % 3 == 1 ? "%.9g" : "%.17g", v);
    tokens.push_back(buf);
  }
  // Extra channels, so that no origin is subtracted: v is F 4 (parsed as float), w is F 8.
  std::string text = header("x y z v w", "4 4 4 4 8", "F F F F F", "1 1 1 1 1", tokens.size(), "ascii");
  for (const std::string& t : tokens) text += "0 0 0 " + t + " " + t + "\n";
  const PointCloud c = parsePcd(text, "n.pcd");
  ASSERT_EQ(c.size(), tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const float expected = std::strtof(tokens[i].c_str(), nullptr);
    std::uint32_t a, b;
    std::memcpy(&a, &c.field("v")->values[i], 4);
    std::memcpy(&b, &expected, 4);
    EXPECT_EQ(a, b) << tokens[i];
    // w is F 8: stored relative to the channel's offset (0 unless the values are large).
    const PointField* w = c.field("w");
    EXPECT_EQ(w->values[i], static_cast<float>(std::strtod(tokens[i].c_str(), nullptr) - w->offset)) << tokens[i];
  }
}

TEST(Pcd, ParseFromMemoryMatchesFile) {
  TempDir dir;
  const std::string bytes = encodePcd(sampleCloud(), PcdEncoding::Binary);
  const fs::path file = dir.file("m.pcd", bytes);
  expectSameCloud(readPcd(file), parsePcd(bytes, "m.pcd"));
}

// ---------------------------------------------------------------------------------------------
// Writing

TEST(Pcd, WriterRoundTripsEveryEncoding) {
  TempDir dir;
  const PointCloud cloud = sampleCloud();
  for (auto [encoding, name] : {std::pair{PcdEncoding::Ascii, "ascii"}, std::pair{PcdEncoding::Binary, "binary"},
                                std::pair{PcdEncoding::BinaryCompressed, "binary_compressed"}}) {
    const fs::path file = dir.path() / (std::string(name) + ".pcd");
    writePcd(file, cloud, encoding);
    CloudFileInfo info;
    expectSameCloud(readPcd(file, &info), cloud);
    EXPECT_EQ(info.format, std::string("pcd ") + name);
    EXPECT_EQ(info.fields, (std::vector<std::string>{"x", "y", "z", "intensity", "rgb", "ring", "time"}));
  }
  // No temporary files left beside the target.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()), 3);
}

TEST(Pcd, WriterKeepsGeoPrecisionWithDoubles) {
  PointCloud cloud;
  cloud.origin = {4500000.0, 5400000.0, 100.0};
  for (int i = 0; i < 10; ++i) cloud.addPoint(0.01f * i, -0.01f * i, 0.5f);
  for (PcdEncoding e : {PcdEncoding::Ascii, PcdEncoding::Binary, PcdEncoding::BinaryCompressed}) {
    const std::string bytes = encodePcd(cloud, e);
    EXPECT_NE(bytes.find("SIZE 8 8 8\n"), std::string::npos);
    const PointCloud back = parsePcd(bytes, "g.pcd");
    for (int i = 0; i < 10; ++i) {
      EXPECT_NEAR(back.x[i] + back.origin[0], 4500000.0 + 0.01 * i, 1e-4);
      EXPECT_NEAR(back.y[i] + back.origin[1], 5400000.0 - 0.01 * i, 1e-4);
    }
  }
}

TEST(Pcd, WriterRejectsMismatchedChannels) {
  PointCloud cloud = sampleCloud();
  cloud.intensity.pop_back();
  expectIoError([&] { writePcd("/tmp/never_written.pcd", cloud, PcdEncoding::Binary); }, "/tmp/never_written.pcd",
                "channel 'intensity' has 49 values for 50 points");
  EXPECT_FALSE(fs::exists("/tmp/never_written.pcd"));
}

TEST(Pcd, CompressedBlockLargerThanUncompressed) {
  // Random floats do not compress: the LZF block grows (as in CVAT's 000002.pcd).
  PointCloud cloud;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-100, 100);
  for (int i = 0; i < 2000; ++i) cloud.addPoint(u(rng), u(rng), u(rng));
  const std::string bytes = encodePcd(cloud, PcdEncoding::BinaryCompressed);
  const std::size_t data = bytes.find("DATA binary_compressed\n") + 23;
  std::uint32_t sizes[2];
  std::memcpy(sizes, bytes.data() + data, 8);
  EXPECT_GT(sizes[0], sizes[1]);
  expectSameCloud(parsePcd(bytes, "r.pcd"), cloud);
}

// ---------------------------------------------------------------------------------------------
// LZF

TEST(Lzf, DecodesHandAssembledStream) {
  // literal "abc"; back-reference 6 bytes at distance 3 (overlapping); extended back-reference of
  // 20 bytes at distance 1; literal "X".
  const unsigned char in[] = {2, 'a', 'b', 'c', (4 << 5) | 0, 2, (7 << 5) | 0, 18 - 7, 0, 0, 'X'};
  unsigned char out[64];
  const std::size_t n = lzf::decompress(in, sizeof in, out, sizeof out);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(out), n), "abcabcabc" + std::string(20, 'c') + "X");
}

TEST(Lzf, RoundTripsAndStaysWithinBound) {
  std::mt19937 rng(3);
  std::vector<std::string> inputs{"", "a", std::string(100000, '\0'), "abcabcabcabcabcabcabc"};
  std::string random(50000, '\0'), mixed;
  for (char& ch : random) ch = static_cast<char>(rng());
  for (int i = 0; i < 20000; ++i) mixed += (i % 3 == 0) ? static_cast<char>(rng() % 4) : static_cast<char>(i % 251);
  inputs.push_back(random);
  inputs.push_back(mixed);
  for (const std::string& s : inputs) {
    std::vector<unsigned char> packed(lzf::compressBound(s.size()));
    const std::size_t n = lzf::compress(reinterpret_cast<const unsigned char*>(s.data()), s.size(), packed.data());
    ASSERT_LE(n, lzf::compressBound(s.size()));
    std::string back(s.size(), '\0');
    EXPECT_EQ(lzf::decompress(packed.data(), n, reinterpret_cast<unsigned char*>(back.data()), back.size()), s.size());
    EXPECT_EQ(back, s);
  }
}

TEST(Lzf, CorruptStreamsThrow) {
  unsigned char out[16];
  const unsigned char beforeStart[] = {0, 'a', (1 << 5) | 0, 5};  // distance 6 with 1 byte written
  const unsigned char literalPastEnd[] = {5, 'a', 'b'};
  const unsigned char overflow[] = {(7 << 5), 200, 0};            // would write 209 bytes
  const unsigned char missingOffset[] = {0, 'a', (1 << 5)};
  EXPECT_THROW(lzf::decompress(beforeStart, sizeof beforeStart, out, sizeof out), lzf::LzfError);
  EXPECT_THROW(lzf::decompress(literalPastEnd, sizeof literalPastEnd, out, sizeof out), lzf::LzfError);
  EXPECT_THROW(lzf::decompress(overflow, sizeof overflow, out, sizeof out), lzf::LzfError);
  EXPECT_THROW(lzf::decompress(missingOffset, sizeof missingOffset, out, sizeof out), lzf::LzfError);
}

// ---------------------------------------------------------------------------------------------
// Bad input: an IoError naming the file and the problem, never a crash, hang or huge allocation.

class PcdBadInput : public ::testing::Test {
 protected:
  void expectBad(const std::string& bytes, const std::string& needle) {
    const fs::path file = dir_.file("bad.pcd", bytes);
    expectIoError([&] { readPcd(file); }, file.string(), needle);
    expectIoError([&] { parsePcd(bytes, "mem.pcd"); }, "mem.pcd", needle);
  }
  std::string binaryXyz(std::size_t points, std::size_t payloadPoints) {
    std::string s = header("x y z", "4 4 4", "F F F", "1 1 1", points, "binary");
    return s + std::string(payloadPoints * 12, '\x01');
  }
  TempDir dir_;
};

TEST_F(PcdBadInput, TruncatedBinary) { expectBad(binaryXyz(10, 9), "truncated: the header promises 10 points of 12 bytes"); }

TEST_F(PcdBadInput, TruncatedCompressed) {
  const std::string full = encodePcd(sampleCloud(), PcdEncoding::BinaryCompressed);
  expectBad(full.substr(0, full.size() - 10), "truncated: the compressed block is");
  const std::size_t data = full.find("binary_compressed\n") + 18;
  expectBad(full.substr(0, data + 5), "size fields are missing");
}

TEST_F(PcdBadInput, CompressedSizeLargerThanFile) {
  std::string s = header("x y z", "4 4 4", "F F F", "1 1 1", 1, "binary_compressed");
  put(s, std::uint32_t{0xfffffff0});
  put(s, std::uint32_t{12});
  s += "abc";
  expectBad(s, "the compressed block is 4294967280 bytes but only 3 bytes follow");
}

TEST_F(PcdBadInput, AsciiRowsMissing) {
  expectBad(header("x y z", "4 4 4", "F F F", "1 1 1", 3, "ascii") + "1 2 3\n4 5 6\n", "promises 3 rows but the ascii data has 2");
}

TEST_F(PcdBadInput, HeaderLiesAboutPoints) {
  // Far more points than bytes: refused before anything is allocated for them.
  expectBad(binaryXyz(4000000000u, 2), "truncated: the header promises 4000000000 points");
  expectBad(header("x y z", "4 4 4", "F F F", "1 1 1", 4000000000u, "ascii") + "1 2 3\n", "promises 4000000000 rows");
  expectBad("FIELDS x y z\nWIDTH 4294967295\nHEIGHT 4294967295\nDATA ascii\n1 2 3\n", "promises 18446744065119617025 rows");
  std::string compressed = header("x y z", "4 4 4", "F F F", "1 1 1", 100000000, "binary_compressed");
  put(compressed, std::uint32_t{4});
  put(compressed, std::uint32_t{1200000000});
  expectBad(compressed + "abcd", "corrupt: 4 compressed bytes cannot hold 1200000000 bytes");
}

TEST_F(PcdBadInput, SizeOverflow) {
  expectBad("FIELDS x y z h\nSIZE 4 4 4 8\nTYPE F F F F\nCOUNT 1 1 1 4611686018427387904\nPOINTS 1\nDATA binary\n", "overflows");
}

TEST_F(PcdBadInput, UnknownType) { expectBad(header("x y z", "4 4 4", "F F D", "1 1 1", 1, "ascii") + "1 2 3\n", "unknown TYPE 'D' for field 'z'"); }

TEST_F(PcdBadInput, SizeNotMatchingType) {
  expectBad(header("x y z", "4 4 2", "F F F", "1 1 1", 1, "ascii") + "1 2 3\n", "SIZE 2 does not match TYPE F for field 'z'");
  expectBad(header("x y z", "4 4 3", "F F U", "1 1 1", 1, "ascii") + "1 2 3\n", "SIZE 3 does not match TYPE U");
  expectBad(header("x y z", "4 4", "F F F", "1 1 1", 1, "ascii") + "1 2 3\n", "SIZE lists 2 values for 3 FIELDS");
}

TEST_F(PcdBadInput, CountZero) { expectBad(header("x y z", "4 4 4", "F F F", "1 0 1", 1, "ascii") + "1 2 3\n", "COUNT 0 for field 'y'"); }

TEST_F(PcdBadInput, EmptyFile) { expectBad("", "empty file"); }

TEST_F(PcdBadInput, DirectoryGivenAsFile) {
  expectIoError([&] { readPcd(dir_.path()); }, dir_.path().string(), "is a directory");
  expectIoError([&] { readPcd(dir_.path() / "missing.pcd"); }, (dir_.path() / "missing.pcd").string(), "cannot open");
}

TEST_F(PcdBadInput, MissingDataLine) {
  expectBad("VERSION 0.7\nFIELDS x y z\nPOINTS 1\n", "no DATA line");
  expectBad("ply\nformat ascii 1.0\n", "not a PCD header");
  expectBad(std::string("\x89PNG\r\n\x1a\n\0\0", 10), "not a PCD header");
}

TEST_F(PcdBadInput, UnknownDataEncodingAndMissingXyz) {
  expectBad("FIELDS x y z\nPOINTS 1\nDATA zstd\n", "unknown encoding 'zstd'");
  expectBad("FIELDS x y intensity\nPOINTS 1\nDATA ascii\n1 2 3\n", "no 'z' field");
}

TEST_F(PcdBadInput, CorruptLzfStream) {
  std::string s = header("x y z", "4 4 4", "F F F", "1 1 1", 1, "binary_compressed");
  put(s, std::uint32_t{4});
  put(s, std::uint32_t{12});
  s += std::string("\x00\x41\x20\x10", 4);  // literal 'A', then a back-reference 17 bytes back
  expectBad(s, "corrupt LZF stream: back-reference points before the start of the output");
  std::string shortStream = header("x y z", "4 4 4", "F F F", "1 1 1", 1, "binary_compressed");
  put(shortStream, std::uint32_t{2});
  put(shortStream, std::uint32_t{12});
  expectBad(shortStream + std::string("\x00\x41", 2), "decodes to 1 bytes, the header says 12");
}

TEST_F(PcdBadInput, AsciiTokensThatAreNotNumbers) {
  expectBad(header("x y z", "4 4 4", "F F F", "1 1 1", 2, "ascii") + "1 2 3\n4 five 6\n", "line 13: 'five' is not a number (field 'y')");
  expectBad(header("x y z", "4 4 4", "F F F", "1 1 1", 1, "ascii") + "1 2 3abc\n", "'3abc' is not a number");
  expectBad(header("x y z", "4 4 4", "F F F", "1 1 1", 1, "ascii") + "1 2\n", "the row has 2 values, expected 3");
  expectBad(header("x y z", "4 4 4", "F F F", "1 1 1", 1, "ascii") + "1 2 3 4\n", "more than 3 values");
}

TEST_F(PcdBadInput, EveryTruncationOrByteFlipFailsCleanly) {
  const PointCloud cloud = sampleCloud();
  for (PcdEncoding e : {PcdEncoding::Ascii, PcdEncoding::Binary, PcdEncoding::BinaryCompressed}) {
    const std::string full = encodePcd(cloud, e);
    for (std::size_t n = 0; n + 1 < full.size(); n += (e == PcdEncoding::Ascii ? 7 : 1)) {
      try {
        const PointCloud c = parsePcd(std::string_view(full.data(), n), "cut.pcd");
        EXPECT_LE(c.size(), cloud.size());  // only a cut exactly after a whole last row can succeed
      } catch (const IoError&) {
      }
    }
    std::mt19937 rng(11);
    for (int k = 0; k < 300; ++k) {
      std::string flipped = full;
      flipped[rng() % flipped.size()] ^= static_cast<char>(1 + rng() % 255);
      try {
        parsePcd(flipped, "flip.pcd");
      } catch (const IoError&) {
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Real files written by other tools

TEST(PcdThirdParty, CvatCanvas3dClouds) {
  const fs::path dir = external("cvat-ai-cvat/unzipped/test_canvas3d/pointcloud");
  if (!fs::exists(dir)) GTEST_SKIP() << "shared fixtures not present: " << dir;
  CloudFileInfo info;
  const PointCloud first = readPcd(dir / "000001.pcd", &info);  // binary, NaN point, no "# .PCD" line
  EXPECT_EQ(info.format, "pcd binary");
  EXPECT_EQ(info.pointsInFile, 10000u);
  EXPECT_EQ(info.droppedInvalid, 1u);
  EXPECT_EQ(first.size(), 9999u);
  for (const char* name : {"000002.pcd", "000003.pcd"}) {  // compressed block > uncompressed
    const PointCloud c = readPcd(dir / name, &info);
    EXPECT_EQ(info.format, "pcd binary_compressed");
    EXPECT_EQ(c.size(), 10000u);
    const auto b = c.bounds();
    EXPECT_GE(b[0], 0.0f);
    EXPECT_LE(b[3], 1.0f);
  }
  const PointCloud upload = readPcd(external("cvat-ai-cvat/unzipped/test_pointcloud_pcd/pointcloud/000001.pcd"));
  EXPECT_EQ(upload.size(), 100u);
}

TEST(PcdThirdParty, DatumaroClouds) {
  const fs::path raw = external("cvat-ai-datumaro/tests/assets/kitti_dataset/kitti_raw/velodyne_points/data");
  if (!fs::exists(raw)) GTEST_SKIP() << "shared fixtures not present: " << raw;
  CloudFileInfo info;
  const PointCloud ascii = readPcd(raw / "0000000000.pcd", &info);
  EXPECT_EQ(info.format, "pcd ascii");
  ASSERT_EQ(ascii.size(), 100u);
  EXPECT_EQ(ascii.x[0], 0.5791356657f);
  EXPECT_EQ(ascii.y[0], 0.4114198749f);
  EXPECT_EQ(ascii.z[0], 0.7830189931f);
  EXPECT_EQ(readPcd(raw / "0000000001.pcd", &info).size(), 200u);
  EXPECT_EQ(info.format, "pcd binary");
  for (const char* rel : {"cvat-ai-datumaro/tests/assets/sly_pointcloud_dataset/ds0/pointcloud/frame1.pcd",
                          "cvat-ai-datumaro/tests/assets/datumaro_dataset/with_pcd/point_clouds/default/0000000000.pcd",
                          "datumaro-written/from_kitti_raw/datumaro_3d/point_clouds/default/0000000000.pcd"})
    expectSameCloud(readPcd(external(rel)), ascii);
}

TEST(PcdThirdParty, PclWrittenFilesAgreeAcrossEncodings) {
  for (const std::string s : {"xyzi", "rich", "geo", "organized"}) {
    CloudFileInfo info;
    const PointCloud source = readPcd(fixture("source_" + s + ".pcd"));
    const PointCloud binary = readPcd(fixture("pcl_" + s + "_binary.pcd"), &info);  // page-padded by PCL
    expectSameCloud(binary, source);
    expectSameCloud(readPcd(fixture("pcl_" + s + "_binary_compressed.pcd")), source);
    const PointCloud ascii = readPcd(fixture("pcl_" + s + "_ascii.pcd"));
    ASSERT_EQ(ascii.size(), source.size()) << s;
    for (std::size_t i = 0; i < ascii.size(); ++i) {  // PCL's ascii writer rounds to its precision
      ASSERT_NEAR(ascii.x[i] + ascii.origin[0], source.x[i] + source.origin[0], 1e-3) << s;
      ASSERT_NEAR(ascii.z[i] + ascii.origin[2], source.z[i] + source.origin[2], 1e-3) << s;
    }
    if (s == "xyzi") {
      EXPECT_EQ(info.droppedInvalid, 3u);
    }
    if (s == "organized") {
      EXPECT_EQ(info.width, 32u);
      EXPECT_EQ(info.height, 8u);
      EXPECT_EQ(info.droppedInvalid, 37u);
    }
    if (s == "geo") {
      EXPECT_NEAR(binary.x[7] + binary.origin[0], 4500000.07, 1e-4);
      EXPECT_NEAR(binary.y[16] + binary.origin[1], 5400000.16, 1e-4);
    }
    if (s == "rich") {
      EXPECT_EQ(binary.rgb[5], static_cast<std::uint32_t>(((5 * 53) % 256) << 16 | ((5 * 91) % 256) << 8 | (5 * 17) % 256));
      EXPECT_EQ(binary.field("label")->values[0], -3.0f);
      EXPECT_EQ(binary.field("hist_2")->values[3], 0.3f);
    }
  }
}

TEST(PcdThirdParty, Open3dWrittenFiles) {
  for (const std::string s : {"xyzrgbn", "xyzi"}) {
    CloudFileInfo info;
    const PointCloud binary = readPcd(fixture("open3d_" + s + "_binary.pcd"), &info);
    ASSERT_EQ(binary.size(), 200u);
    expectSameCloud(readPcd(fixture("open3d_" + s + "_binary_compressed.pcd")), binary);
    const PointCloud ascii = readPcd(fixture("open3d_" + s + "_ascii.pcd"));
    ASSERT_EQ(ascii.size(), 200u);
    for (std::size_t i = 0; i < 200; ++i) ASSERT_NEAR(ascii.x[i], binary.x[i], 1e-6);
    EXPECT_EQ(ascii.rgb, binary.rgb);
    if (s == "xyzrgbn") {
      for (std::uint32_t i = 0; i < 200; ++i)
        ASSERT_EQ(binary.rgb[i], ((i * 53) % 256) << 16 | ((i * 91) % 256) << 8 | (i * 17) % 256) << i;
      EXPECT_NE(binary.field("normal_x"), nullptr);
    } else {
      EXPECT_EQ(binary.intensity[42], 0.42f);
    }
  }
}

}  // namespace
}  // namespace labelstation::io

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "labelstation/core/geometry.h"
#include "labelstation/io/annotation_formats.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/calibration.h"
#include "labelstation/io/errors.h"
#include "set_compare.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

constexpr double kPi = 3.14159265358979323846;

fs::path fixtureRoot() {
  return fs::path(LABELSTATION_SHARED_DIR) / "fixtures/external/openvinotoolkit-datumaro/tests/assets/kitti_dataset/kitti_3d/training";
}

class KittiObject : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("labelstation_kitti_object_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static const AnnotationFormat& format() { return *findAnnotationFormat("KITTI object detection"); }

  // A 3D task of `frames` frames with the given cuboids (label, frame, centre, scale, yaw).
  struct Box {
    std::string label;
    int frame;
    Eigen::Vector3d centre, scale;
    double yaw;
    bool occluded = false;
  };
  static AnnotationSet taskWith(const std::vector<Box>& boxes, int frames = 1, int width = 1242, int height = 375) {
    AnnotationSet set;
    set.task.dimension = TaskDimension::PointCloud3D;
    for (int i = 0; i < frames; ++i) {
      FrameInfo f;
      char name[16];
      std::snprintf(name, sizeof name, "%06d", i);
      f.name = name;
      f.width = width;
      f.height = height;
      set.task.frames.push_back(f);
    }
    for (const Box& b : boxes) {
      if (!set.task.labels.labelByName(b.label)) {
        Label l;
        l.name = b.label;
        l.color = "#fa3253";
        l.type = LabelType::Cuboid3D;
        set.task.labels.addLabel(l);
      }
      AnnotationObject o;
      o.id = static_cast<ObjectId>(set.objects.size() + 1);
      o.label = set.task.labels.labelByName(b.label)->id;
      o.frame = b.frame;
      o.shape.type = ShapeType::Cuboid3D;
      Cuboid3D c;
      c.position = b.centre;
      c.scale = b.scale;
      c.rotation = Eigen::Vector3d(0, 0, b.yaw);
      o.shape.points = c.toPoints();
      o.shape.occluded = b.occluded;
      set.objects.push_back(o);
    }
    return set;
  }

  // A calibration with KITTI's axes and no tilt: camera x = -LiDAR y, y = -LiDAR z, z = LiDAR x.
  fs::path cleanCalibration(double fx = 700, double cx = 620, double cy = 187) {
    const fs::path file = dir_ / "clean_calib.txt";
    std::ostringstream out;
    out << "P0: " << fx << " 0 " << cx << " 0 0 " << fx << " " << cy << " 0 0 0 1 0\n";
    out << "P1: " << fx << " 0 " << cx << " 0 0 " << fx << " " << cy << " 0 0 0 1 0\n";
    out << "P2: " << fx << " 0 " << cx << " 0 0 " << fx << " " << cy << " 0 0 0 1 0\n";
    out << "P3: " << fx << " 0 " << cx << " 0 0 " << fx << " " << cy << " 0 0 0 1 0\n";
    out << "R0_rect: 1 0 0 0 1 0 0 0 1\n";
    out << "Tr_velo_to_cam: 0 -1 0 0 0 0 -1 0 1 0 0 0\n";
    std::ofstream(file) << out.str();
    return file;
  }

  static std::vector<std::string> rowsOf(const fs::path& file) {
    std::istringstream in(readWholeFile(file));
    std::vector<std::string> rows;
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) rows.push_back(line);
    return rows;
  }

  static std::vector<double> numbersOf(const std::string& row, std::string* type = nullptr) {
    std::istringstream in(row);
    std::string t;
    in >> t;
    if (type) *type = t;
    std::vector<double> v;
    for (double d; in >> d;) v.push_back(d);
    return v;
  }

  fs::path dir_;
};

// formats.md §5.3's worked example with the real 2011_09_26 calibration, checked by hand:
// a Car at (15.0, -3.0, -0.8), size (4.5, 1.9, 1.6), yaw -0.5 on a 1242 × 375 image.
TEST_F(KittiObject, WorkedExampleMatchesTheHandCheckedRow) {
  const fs::path calib = fixtureRoot() / "calib/000001.txt";
  if (!fs::exists(calib)) GTEST_SKIP() << "shared fixtures not present";
  const AnnotationSet set = taskWith({{"car", 0, {15.0, -3.0, -0.8}, {4.5, 1.9, 1.6}, -0.5}});
  ExportOptions options;
  options.calibration = calib;
  exportAnnotations(format(), set, dir_ / "out", options);
  const auto rows = rowsOf(dir_ / "out/label_2/000000.txt");
  ASSERT_EQ(rows.size(), 1u);
  std::string type;
  const std::vector<double> ours = numbersOf(rows[0], &type);
  const std::vector<double> hand = numbersOf("Car 0.00 0 -1.27 672.25 174.42 831.38 268.41 1.60 1.90 4.50 3.02 1.65 14.71 -1.07");
  EXPECT_EQ(type, "Car") << "KITTI's class name, whatever the label's case";
  ASSERT_EQ(ours.size(), 14u) << rows[0];
  for (std::size_t i = 0; i < 14; ++i) EXPECT_NEAR(ours[i], hand[i], 0.0051) << "column " << i + 2 << " of " << rows[0];
  // The ground-truth style where the value allows: 2 decimals for the 2D part and the sizes.
  EXPECT_EQ(rows[0].rfind("Car 0.00 0 -1.27 672.25 174.42 831.38 268.41 1.60 1.90 4.50 ", 0), 0u) << rows[0];
  // The calibration is written beside the labels, as KITTI's tools expect.
  const KittiObjectCalibration written = readKittiObjectMatrices(dir_ / "out/calib/000000.txt");
  EXPECT_NEAR(written.P[2](0, 3), 44.85728, 1e-9);
}

// Each convention on its own, with an untilted calibration where the answers are exact.
TEST_F(KittiObject, ConventionsBottomCentreSizeOrderAndYawSign) {
  const fs::path calib = cleanCalibration();
  ExportOptions options;
  options.calibration = calib;
  const AnnotationSet set = taskWith({{"Car", 0, {20, 1, -0.5}, {4, 2, 1.5}, 0.0},        // heading along LiDAR +x
                                      {"Pedestrian", 0, {10, -2, 0.2}, {0.6, 0.8, 1.8}, kPi / 2}});  // heading along +y (left)
  exportAnnotations(format(), set, dir_ / "out", options);
  const auto rows = rowsOf(dir_ / "out/label_2/000000.txt");
  ASSERT_EQ(rows.size(), 2u);
  const std::vector<double> car = numbersOf(rows[0]);
  // h w l = z, y, x sizes.
  EXPECT_DOUBLE_EQ(car[7], 1.5);
  EXPECT_DOUBLE_EQ(car[8], 2);
  EXPECT_DOUBLE_EQ(car[9], 4);
  // Location: camera x = -LiDAR y, camera y = -(bottom z) = -(centre z - h/2), camera z = LiDAR x.
  EXPECT_NEAR(car[10], -1, 1e-9);
  EXPECT_NEAR(car[11], 0.5 + 0.75, 1e-9) << "the bottom of the box, not its centre";
  EXPECT_NEAR(car[12], 20, 1e-9);
  // Heading +x LiDAR = +z camera: rotation_y = -pi/2 (= -yaw - pi/2).
  EXPECT_NEAR(car[13], -kPi / 2, 1e-9);
  const std::vector<double> person = numbersOf(rows[1]);
  EXPECT_NEAR(std::abs(person[13]), kPi, 1e-9) << "heading +y LiDAR = -x camera: rotation_y = ±pi";
  // alpha = rotation_y - atan2(x, z).
  EXPECT_NEAR(car[2], std::round(100 * (-kPi / 2 - std::atan2(-1.0, 20.0))) / 100, 1e-9);
  // The 2D box: the projected corners (fx 700, centre 620, 187), here inside the image.
  EXPECT_EQ(car[0], 0.0) << "not truncated";
  EXPECT_NEAR(car[3], 620 + 700 * -2.0 / 18.0, 0.01) << "left: the near corner (LiDAR x 18) on the left side (LiDAR y 2)";
}

TEST_F(KittiObject, TruncationOcclusionAndInvisibleBoxes) {
  const fs::path calib = cleanCalibration();
  ExportOptions options;
  options.calibration = calib;
  const AnnotationSet set = taskWith({{"Car", 0, {8, 7, 0}, {4, 2, 1.5}, 0.0, true},    // half off the left edge, occluded
                                      {"Car", 0, {-10, 0, 0}, {4, 2, 1.5}, 0.0},        // behind the camera
                                      {"Car", 0, {10, 60, 0}, {4, 2, 1.5}, 0.0}});      // beside, outside the image
  const ExportWarnings losses = exportAnnotations(format(), set, dir_ / "out", options);
  const auto rows = rowsOf(dir_ / "out/label_2/000000.txt");
  ASSERT_EQ(rows.size(), 1u) << "boxes the camera cannot see are not written";
  ASSERT_EQ(losses.size(), 1u) << "… and the export says so, with the count";
  EXPECT_EQ(losses[0].rfind("2 cuboids on 1 frame were not written: behind camera 2 or outside its image", 0), 0u) << losses[0];
  const std::vector<double> v = numbersOf(rows[0]);
  EXPECT_GT(v[0], 0.2);
  EXPECT_LT(v[0], 0.9);
  EXPECT_EQ(v[1], 1) << "occluded";
  EXPECT_EQ(v[3], 0) << "clipped to the image's left edge";
}

// Label files without their calib/<id>.txt take the task's calibration (the window and the CLI
// give the task's dataset folder); without one the refusal says what is missing.
TEST_F(KittiObject, ImportUsesTheTasksCalibrationWhenTheFilesHaveNone) {
  const fs::path calib = cleanCalibration();
  ExportOptions options;
  options.calibration = calib;
  const AnnotationSet set = taskWith({{"Car", 0, {10, 1, -0.5}, {4, 2, 1.5}, 0.3}});
  exportAnnotations(format(), set, dir_ / "out", options);
  fs::remove_all(dir_ / "out" / "calib");
  try {
    format().importer(dir_ / "out", {});
    ADD_FAILURE() << "imported without any calibration";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("is missing (and no task calibration was given)"), std::string::npos) << e.what();
  }
  ImportOptions withTask;
  withTask.calibration = calib;
  const AnnotationSet back = format().importer(dir_ / "out", withTask);
  ASSERT_EQ(back.objects.size(), 1u);
  const Cuboid3D box = Cuboid3D::fromPoints(back.objects[0].shape.points);
  EXPECT_NEAR(box.position.x(), 10, 1e-3);
  EXPECT_NEAR(box.rotation.z(), 0.3, 1e-3);
}

TEST_F(KittiObject, RoundTripWithTheRealCalibration) {
  const fs::path calib = fixtureRoot() / "calib/000001.txt";
  if (!fs::exists(calib)) GTEST_SKIP() << "shared fixtures not present";
  const AnnotationSet set = taskWith({{"Car", 0, {15.0, -3.0, -0.8}, {4.5, 1.9, 1.6}, -0.5, true},
                                      {"Cyclist", 1, {12.25, 2.5, -0.9}, {1.8, 0.6, 1.7}, 2.75},
                                      {"Truck", 1, {30.123456, -1.5, -0.2}, {9.5, 2.6, 3.4}, 0.1}},
                                     3);
  ExportOptions options;
  options.calibration = calib;
  for (const char* out : {"folder", "kitti.zip"}) {
    SCOPED_TRACE(out);
    exportAnnotations(format(), set, dir_ / out, options);
    const AnnotationSet back = format().importer(dir_ / out, {});
    ASSERT_EQ(back.task.frames.size(), 3u) << "the empty frame has its (empty) label file";
    EXPECT_EQ(back.task.frames[2].name, "000002");
    ASSERT_EQ(back.objects.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
      const Cuboid3D a = Cuboid3D::fromPoints(set.objects[i].shape.points), b = Cuboid3D::fromPoints(back.objects[i].shape.points);
      EXPECT_LT((a.position - b.position).norm(), 1e-6) << i;
      EXPECT_LT((a.scale - b.scale).norm(), 1e-6) << i;
      EXPECT_NEAR(wrapAngle(a.rotation.z() - b.rotation.z()), 0.0, 1e-6) << i;
      EXPECT_EQ(back.objects[i].shape.occluded, set.objects[i].shape.occluded);
      EXPECT_EQ(back.task.labels.label(back.objects[i].label)->name, set.task.labels.label(set.objects[i].label)->name);
    }
  }
  // With an untilted calibration the heading is exact too.
  options.calibration = cleanCalibration();
  exportAnnotations(format(), set, dir_ / "clean", options);
  testing::expectSameObjects(set, format().importer(dir_ / "clean", {}), 1e-6);
}

TEST_F(KittiObject, ReadsTheKittiFixture) {
  if (!fs::exists(fixtureRoot())) GTEST_SKIP() << "shared fixtures not present";
  const AnnotationSet set = format().importer(fixtureRoot().parent_path(), {});  // finds training/
  ASSERT_EQ(set.task.frames.size(), 1u);
  EXPECT_EQ(set.task.frames[0].name, "000001");
  EXPECT_NE(set.task.frames[0].path.find("velodyne/000001.bin"), std::string::npos);
  ASSERT_EQ(set.objects.size(), 2u) << "Truck and Car; the DontCare region is skipped";
  EXPECT_EQ(set.warnings.size(), 1u);
  const Cuboid3D truck = Cuboid3D::fromPoints(set.objects[0].shape.points);
  EXPECT_EQ(set.task.labels.label(set.objects[0].label)->name, "Truck");
  EXPECT_NEAR(truck.scale.x(), 12.34, 1e-9);  // l
  EXPECT_NEAR(truck.scale.y(), 2.63, 1e-9);   // w
  EXPECT_NEAR(truck.scale.z(), 2.85, 1e-9);   // h
  // 69.44 m ahead of the camera; the LiDAR sits ~0.27 m behind it.
  EXPECT_NEAR(truck.position.x(), 69.44 + 0.27, 0.1);
  // rotation_y -1.56 is a heading of about +0.01 rad in the LiDAR frame (-ry - pi/2).
  EXPECT_NEAR(truck.rotation.z(), 1.56 - kPi / 2, 0.01);
  EXPECT_FALSE(set.objects[0].shape.occluded);
  EXPECT_FALSE(set.objects[1].shape.occluded) << "occlusion 3 means unknown";
}

TEST_F(KittiObject, BadInputIsNamed) {
  const AnnotationSet set = taskWith({{"Car", 0, {15, 0, 0}, {4, 2, 1.5}, 0}});
  try {
    exportAnnotations(format(), set, dir_ / "out", {});
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("needs the camera calibration"), std::string::npos) << e.what();
  }
  fs::create_directories(dir_ / "in/label_2");
  std::ofstream(dir_ / "in/label_2/000007.txt") << "Car 0.00 0 -1.27 672.25 174.42 831.38 268.41 1.60 1.90 4.50 3.02 1.65 14.71 -1.07\n";
  try {
    format().importer(dir_ / "in", {});
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("calib/000007.txt is missing"), std::string::npos) << e.what();
  }
  std::ofstream(dir_ / "in/label_2/000007.txt", std::ios::trunc) << "Car 0.00 0 -1.27 672.25 174.42 831.38\n";
  try {
    format().importer(dir_ / "in", {});
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("000007.txt: line 1: 7 values, expected 15"), std::string::npos) << e.what();
  }
  std::ofstream(dir_ / "in/label_2/000007.txt", std::ios::trunc) << "Car 0.00 0 -1.27 672.25 x 831.38 268.41 1.60 1.90 4.50 3.02 1.65 14.71 -1.07\n";
  EXPECT_THROW(format().importer(dir_ / "in", {}), IoError);
  EXPECT_THROW(format().importer(dir_ / "nowhere", {}), IoError);
}

}  // namespace
}  // namespace labelstation::io

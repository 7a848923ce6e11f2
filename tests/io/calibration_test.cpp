#include <gtest/gtest.h>

#include <unistd.h>

#include <Eigen/Geometry>
#include <filesystem>
#include <fstream>
#include <opencv2/calib3d.hpp>

#include "labelstation/core/geometry.h"
#include "labelstation/io/calibration.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

const fs::path kKittiCalib = fs::path(LABELSTATION_SHARED_DIR) /
                             "fixtures/external/openvinotoolkit-datumaro/tests/assets/kitti_dataset/kitti_3d/training/calib/000001.txt";

fs::path writeTemp(const std::string& name, const std::string& text) {
  const fs::path dir = fs::temp_directory_path() / ("labelstation_calib_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / name) << text;
  return dir / name;
}

std::string errorOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const IoError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Calibration, KittiObjectWorkedExampleProjectsTheCuboid) {
  if (!fs::exists(kKittiCalib)) GTEST_SKIP() << "shared fixtures absent";
  const Calibration calib = readKittiObjectCalibration(kKittiCalib);
  ASSERT_EQ(calib.cameras.size(), 4u);
  const CameraCalibration* cam = calib.camera("image_2");
  ASSERT_NE(cam, nullptr);
  // formats.md §5.3: a Car cuboid at (15, -3, -0.8), size 4.5 x 1.9 x 1.6, yaw -0.5 has the 2D
  // box 672.25 174.42 831.38 268.41 in image 2.
  Cuboid3D box;
  box.position = {15.0, -3.0, -0.8};
  box.rotation = {0, 0, -0.5};
  box.scale = {4.5, 1.9, 1.6};
  double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
  for (const auto& corner : box.corners()) {
    const auto px = project(*cam, corner);
    ASSERT_TRUE(px);
    x0 = std::min(x0, px->x());
    y0 = std::min(y0, px->y());
    x1 = std::max(x1, px->x());
    y1 = std::max(y1, px->y());
  }
  EXPECT_NEAR(x0, 672.25, 0.01);
  EXPECT_NEAR(y0, 174.42, 0.01);
  EXPECT_NEAR(x1, 831.38, 0.01);
  EXPECT_NEAR(y1, 268.41, 0.01);
  EXPECT_FALSE(project(*cam, {-10.0, 0.0, 0.0})) << "a point behind the car is behind the camera";
}

TEST(Calibration, JsonRoundTripAndDistortionMatchesOpenCv) {
  CameraCalibration pin;
  pin.name = "front";
  pin.width = 1920;
  pin.height = 1080;
  pin.K << 1000, 0, 960, 0, 1010, 540, 0, 0, 1;
  pin.distortion = {-0.3, 0.1, 0.001, -0.002, 0.01};
  // LiDAR x forward, z up → camera z forward, y down.
  pin.T_cam_from_lidar << 0, -1, 0, 0.1, 0, 0, -1, 0.2, 1, 0, 0, -0.3, 0, 0, 0, 1;
  CameraCalibration fish = pin;
  fish.name = "left";
  fish.model = CameraModel::Fisheye;
  fish.distortion = {0.05, -0.01, 0.002, -0.0005};
  const Calibration back = parseCalibrationJson(writeCalibrationJson({{pin, fish}}), "calib.json");
  ASSERT_EQ(back.cameras.size(), 2u);
  EXPECT_EQ(back.cameras[1].model, CameraModel::Fisheye);
  EXPECT_TRUE(back.cameras[0].K.isApprox(pin.K));
  EXPECT_TRUE(back.cameras[0].T_cam_from_lidar.isApprox(pin.T_cam_from_lidar));
  EXPECT_EQ(back.cameras[0].distortion, pin.distortion);

  const Eigen::Vector3d lidarPoints[] = {{10, 2, 1}, {5, -3, -1}, {20, 0, 0}, {8, 4, 2}};
  for (const auto& cam : back.cameras) {
    cv::Mat K(3, 3, CV_64F), D(1, static_cast<int>(cam.distortion.size()), CV_64F);
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) K.at<double>(r, c) = cam.K(r, c);
    for (std::size_t i = 0; i < cam.distortion.size(); ++i) D.at<double>(0, static_cast<int>(i)) = cam.distortion[i];
    for (const auto& p : lidarPoints) {
      const Eigen::Vector3d c = (cam.T_cam_from_lidar * p.homogeneous()).head<3>();
      std::vector<cv::Point3d> in{{c.x(), c.y(), c.z()}};
      std::vector<cv::Point2d> out;
      const cv::Mat zero = cv::Mat::zeros(3, 1, CV_64F);
      if (cam.model == CameraModel::Fisheye) cv::fisheye::projectPoints(in, out, zero, zero, K, D);
      else cv::projectPoints(in, zero, zero, K, D, out);
      const auto px = project(cam, p);
      ASSERT_TRUE(px);
      EXPECT_NEAR(px->x(), out[0].x, 1e-6) << cam.name;
      EXPECT_NEAR(px->y(), out[0].y, 1e-6) << cam.name;
    }
  }
}

TEST(Calibration, KittiRawWriteReadKeepsProjections) {
  CameraCalibration left;
  left.name = "image_00";
  left.width = 1242;
  left.height = 375;
  left.K << 721.5, 0, 609.6, 0, 721.5, 172.9, 0, 0, 1;
  left.T_cam_from_lidar << 0, -1, 0, 0, 0, 0, -1, -0.08, 1, 0, 0, -0.27, 0, 0, 0, 1;
  CameraCalibration right = left;
  right.name = "image_01";
  right.T_cam_from_lidar(0, 3) -= 0.54;  // stereo baseline
  const fs::path dir = writeTemp("dummy", "").parent_path() / "raw";
  fs::create_directories(dir);
  writeKittiRawCalibration(dir, {{left, right}});
  const Calibration back = readKittiRawCalibration(dir / "calib_velo_to_cam.txt", dir / "calib_cam_to_cam.txt");
  ASSERT_EQ(back.cameras.size(), 2u);
  EXPECT_EQ(back.cameras[1].name, "image_01");
  EXPECT_EQ(back.cameras[1].width, 1242);
  for (const Eigen::Vector3d p : {Eigen::Vector3d(10, 1, 0), Eigen::Vector3d(30, -5, 2)}) {
    for (std::size_t i = 0; i < 2; ++i) {
      const auto expected = project(i == 0 ? left : right, p);
      const auto got = project(back.cameras[i], p);
      ASSERT_TRUE(expected && got);
      EXPECT_NEAR(got->x(), expected->x(), 1e-6);
      EXPECT_NEAR(got->y(), expected->y(), 1e-6);
    }
  }
  CameraCalibration turned = right;
  turned.T_cam_from_lidar.block<3, 3>(0, 0) = Eigen::AngleAxisd(0.3, Eigen::Vector3d::UnitY()) * left.T_cam_from_lidar.block<3, 3>(0, 0);
  EXPECT_THROW(writeKittiRawCalibration(dir, {{left, turned}}), IoError) << "not rectified";
}

TEST(Calibration, WrongCalibrationsAreClearErrors) {
  const auto missing = writeTemp("missing.txt", "P2: 1 0 0 0 0 1 0 0 0 0 1 0\nR0_rect: 1 0 0 0 1 0 0 0 1\n");
  EXPECT_NE(errorOf([&] { readKittiObjectCalibration(missing); }).find("missing \"Tr_velo_to_cam:\""), std::string::npos);
  const auto shortRow = writeTemp("short.txt", "P2: 1 0 0\nR0_rect: 1 0 0 0 1 0 0 0 1\nTr_velo_to_cam: 1 0 0 0 0 1 0 0 0 0 1 0\n");
  EXPECT_NE(errorOf([&] { readKittiObjectCalibration(shortRow); }).find("\"P2:\" has 3 numbers, expected 12"), std::string::npos);
  const auto notRotation = writeTemp("scaled.txt", "P2: 700 0 600 0 0 700 170 0 0 0 1 0\nR0_rect: 2 0 0 0 1 0 0 0 1\nTr_velo_to_cam: 1 0 0 0 0 1 0 0 0 0 1 0\n");
  EXPECT_NE(errorOf([&] { readKittiObjectCalibration(notRotation); }).find("R0_rect is not a rotation"), std::string::npos);
  const auto text = writeTemp("text.txt", "P2: 700 zero 600\n");
  EXPECT_NE(errorOf([&] { readKittiObjectCalibration(text); }).find("line 1"), std::string::npos);
  EXPECT_NE(errorOf([] { readKittiObjectCalibration("/nonexistent/calib.txt"); }).find("/nonexistent/calib.txt"), std::string::npos);

  const std::string good = R"({"name": "c", "K": [[500, 0, 320], [0, 500, 240], [0, 0, 1]],
    "T_cam_from_lidar": [[0, -1, 0, 0], [0, 0, -1, 0], [1, 0, 0, 0], [0, 0, 0, 1]]})";
  EXPECT_NO_THROW(parseCalibrationJson(good, "c.json"));
  auto bad = [&](const std::string& from, const std::string& to) {
    std::string text = good;
    text.replace(text.find(from), from.size(), to);
    return errorOf([&] { parseCalibrationJson(text, "c.json"); });
  };
  EXPECT_NE(bad("[1, 0, 0, 0], [0, 0, 0, 1]", "[2, 0, 0, 0], [0, 0, 0, 1]").find("T_cam_from_lidar is not a rotation"), std::string::npos);
  EXPECT_NE(bad("[500, 0, 320]", "[0, 0, 320]").find("no positive focal length"), std::string::npos);
  EXPECT_NE(bad("[0, 0, 1]]", "[0, 0]]").find("\"K\" must be 3 rows of 3 numbers"), std::string::npos);
  EXPECT_NE(bad("\"name\": \"c\"", "\"name\": \"c\", \"model\": \"fisheye\", \"distortion\": [1, 2, 3, 4, 5]").find("4 distortion"), std::string::npos);
  EXPECT_NE(bad("\"name\": \"c\"", "\"name\": \"c\", \"model\": \"orthographic\"").find("unknown model"), std::string::npos);
  EXPECT_NE(errorOf([] { parseCalibrationJson("{", "c.json"); }).find("c.json: not valid JSON"), std::string::npos);
}

}  // namespace
}  // namespace labelstation::io

#pragma once
// Camera calibration relative to the LiDAR, and projection of LiDAR points into camera images.
//
// Read from KITTI object calibration (calib/<id>.txt: P0–P3, R0_rect, Tr_velo_to_cam), KITTI
// raw drives (calib_velo_to_cam.txt + calib_cam_to_cam.txt) or Labelstation's JSON:
//
//   {"cameras": [{"name": "front", "model": "pinhole", "width": 1242, "height": 375,
//                 "K": [[fx, 0, cx], [0, fy, cy], [0, 0, 1]],
//                 "distortion": [k1, k2, p1, p2, k3],       // pinhole: 4, 5 or 8 (OpenCV order)
//                                                            // fisheye: k1, k2, k3, k4
//                 "T_cam_from_lidar": [[r, r, r, tx], [r, r, r, ty], [r, r, r, tz], [0, 0, 0, 1]]}]}
//
// A camera frame has x right, y down, z forward (OpenCV and KITTI); LiDAR x forward, z up.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace labelstation::io {

enum class CameraModel { Pinhole, Fisheye };

struct CameraCalibration {
  std::string name;  // "image_02", "front", …
  CameraModel model = CameraModel::Pinhole;
  int width = 0, height = 0;  // image size, 0 when the file does not say
  Eigen::Matrix3d K = Eigen::Matrix3d::Identity();
  std::vector<double> distortion;  // empty: none
  Eigen::Matrix4d T_cam_from_lidar = Eigen::Matrix4d::Identity();
};

struct Calibration {
  std::vector<CameraCalibration> cameras;
  const CameraCalibration* camera(const std::string& name) const;
};

// The pixel (x right, y down, pixel centres at integers) where a LiDAR point appears, or nullopt
// when it is behind the camera (or on its plane). Points outside the image still get a pixel.
std::optional<Eigen::Vector2d> project(const CameraCalibration& camera, const Eigen::Vector3d& lidarPoint);

// The matrices of a KITTI object-benchmark calibration as the devkit uses them: label locations
// are in the rectified reference camera frame, x_rect = R0_rect · Tr_velo_to_cam · x_velo, and
// camera i sees x_img ~ P_i · x_rect.
struct KittiObjectCalibration {
  Eigen::Matrix<double, 3, 4> P[4];  // P0 … P3 (all zeros when the file lacks one)
  Eigen::Matrix3d R0_rect = Eigen::Matrix3d::Identity();
  Eigen::Matrix<double, 3, 4> Tr_velo_to_cam = Eigen::Matrix<double, 3, 4>::Zero();
  int width = 0, height = 0;  // camera 2's image size when known (raw drives: S_rect_02)

  Eigen::Matrix4d rectFromLidar() const;  // R0_rect · Tr_velo_to_cam as 4×4
};
KittiObjectCalibration readKittiObjectMatrices(const std::filesystem::path& file);
// From a KITTI raw drive's pair: P2 = P_rect_02, R0_rect = R_rect_00, Tr_velo_to_cam = [R | T].
KittiObjectCalibration readKittiRawMatrices(const std::filesystem::path& veloToCam, const std::filesystem::path& camToCam);
// A camera given as K and T_cam_from_lidar (no distortion): P2 = K·[I | 0], R0_rect = I,
// Tr_velo_to_cam = T (its first three rows); size from the camera.
KittiObjectCalibration kittiMatricesOf(const CameraCalibration& camera);
// The calib/<id>.txt text: P0–P3, R0_rect, Tr_velo_to_cam and Tr_imu_to_velo (identity: unknown).
std::string writeKittiObjectCalibration(const KittiObjectCalibration& calibration);

// Each throws IoError naming the file and the problem (missing key, wrong count of numbers,
// a rotation that is not a rotation, a camera matrix with no focal length…).
Calibration readKittiObjectCalibration(const std::filesystem::path& file);
Calibration readKittiRawCalibration(const std::filesystem::path& veloToCam, const std::filesystem::path& camToCam);
Calibration readCalibrationJson(const std::filesystem::path& file);
Calibration parseCalibrationJson(const std::string& text, const std::string& source);
std::string writeCalibrationJson(const Calibration& calibration);

// The KITTI raw pair for cameras given as pinhole K + T (no distortion, rectified already);
// `calib_velo_to_cam.txt` takes the first camera's extrinsics as the reference.
void writeKittiRawCalibration(const std::filesystem::path& folder, const Calibration& calibration);

}  // namespace labelstation::io

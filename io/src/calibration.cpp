#include "labelstation/io/calibration.h"

#include <Eigen/Dense>

#include <cmath>
#include <iomanip>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"
#include "safe_input.h"

namespace labelstation::io {
namespace {

using json = nlohmann::json;

// "KEY: v1 v2 …" lines; other lines (calib_time, comments) are kept as text and ignored later.
std::map<std::string, std::vector<double>> readKeyValues(const std::filesystem::path& file) {
  std::map<std::string, std::vector<double>> out;
  std::istringstream in(readWholeFile(file));
  std::string line;
  int lineNo = 0;
  while (std::getline(in, line)) {
    ++lineNo;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    key.erase(0, key.find_first_not_of(" \t"));
    key.erase(key.find_last_not_of(" \t\r") + 1);
    std::istringstream values(line.substr(colon + 1));
    std::vector<double> numbers;
    std::string token;
    bool numeric = true;
    while (values >> token) {
      char* end = nullptr;
      const double v = std::strtod(token.c_str(), &end);
      if (end != token.c_str() + token.size() || !std::isfinite(v)) {
        numeric = false;
        break;
      }
      numbers.push_back(v);
    }
    if (numeric) out[key] = std::move(numbers);
    else if (key != "calib_time") throw IoError(file.string(), "line " + std::to_string(lineNo) + ": \"" + key + "\" holds text that is not a number");
  }
  return out;
}

const std::vector<double>& require(const std::map<std::string, std::vector<double>>& values, const std::string& key,
                                   std::size_t count, const std::filesystem::path& file) {
  auto it = values.find(key);
  if (it == values.end()) throw IoError(file.string(), "missing \"" + key + ":\"");
  if (it->second.size() != count)
    throw IoError(file.string(), "\"" + key + ":\" has " + std::to_string(it->second.size()) + " numbers, expected " + std::to_string(count));
  return it->second;
}

Eigen::Matrix4d rows3x4(const std::vector<double>& v) {
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c) m(r, c) = v[static_cast<std::size_t>(r * 4 + c)];
  return m;
}

Eigen::Matrix4d rotation4(const std::vector<double>& v) {
  Eigen::Matrix4d m = Eigen::Matrix4d::Identity();
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) m(r, c) = v[static_cast<std::size_t>(r * 3 + c)];
  return m;
}

std::string checkRotation(const Eigen::Matrix3d& r) {
  if ((r * r.transpose() - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff() > 1e-3 || std::abs(r.determinant() - 1.0) > 1e-3)
    return "is not a rotation (rows not orthonormal or determinant not 1)";
  return {};
}

// A camera from a KITTI rectified projection P (3x4) applied after `toRectified`: P = K [I | t].
CameraCalibration fromProjection(const std::string& name, const std::vector<double>& p, const Eigen::Matrix4d& toRectified,
                                 const std::filesystem::path& file) {
  const Eigen::Matrix4d P = rows3x4(p);
  CameraCalibration cam;
  cam.name = name;
  cam.K = P.block<3, 3>(0, 0);
  if (cam.K(0, 0) <= 0 || cam.K(1, 1) <= 0) throw IoError(file.string(), "\"" + name + "\" has no positive focal length");
  Eigen::Matrix4d shift = Eigen::Matrix4d::Identity();
  shift.block<3, 1>(0, 3) = cam.K.inverse() * P.block<3, 1>(0, 3);
  cam.T_cam_from_lidar = shift * toRectified;
  return cam;
}

void checkCamera(const CameraCalibration& cam, const std::string& source) {
  const std::string who = "camera \"" + cam.name + "\"";
  if (!cam.K.allFinite() || !cam.T_cam_from_lidar.allFinite()) throw IoError(source, who + " has a number that is not finite");
  if (cam.K(0, 0) <= 0 || cam.K(1, 1) <= 0) throw IoError(source, who + ": K has no positive focal length");
  if (std::abs(cam.K(2, 2) - 1.0) > 1e-9 || cam.K(2, 0) != 0 || cam.K(2, 1) != 0 || cam.K(1, 0) != 0)
    throw IoError(source, who + ": K must be upper triangular with a last row of 0 0 1");
  const Eigen::RowVector4d last = cam.T_cam_from_lidar.row(3);
  if ((last - Eigen::RowVector4d(0, 0, 0, 1)).cwiseAbs().maxCoeff() > 1e-9)
    throw IoError(source, who + ": T_cam_from_lidar's last row must be 0 0 0 1");
  const std::string rot = checkRotation(cam.T_cam_from_lidar.block<3, 3>(0, 0));
  if (!rot.empty()) throw IoError(source, who + ": T_cam_from_lidar " + rot);
  const std::size_t n = cam.distortion.size();
  if (cam.model == CameraModel::Fisheye && n != 0 && n != 4)
    throw IoError(source, who + ": a fisheye camera takes 4 distortion coefficients, not " + std::to_string(n));
  if (cam.model == CameraModel::Pinhole && n != 0 && n != 4 && n != 5 && n != 8)
    throw IoError(source, who + ": a pinhole camera takes 4, 5 or 8 distortion coefficients, not " + std::to_string(n));
  if (cam.width < 0 || cam.height < 0) throw IoError(source, who + " has a negative image size");
}

template <int R, int C>
Eigen::Matrix<double, R, C> matrixFrom(const json& value, const std::string& what, const std::string& source) {
  Eigen::Matrix<double, R, C> m;
  if (!value.is_array() || value.size() != R) throw IoError(source, what + " must be " + std::to_string(R) + " rows of " + std::to_string(C) + " numbers");
  for (int r = 0; r < R; ++r) {
    const json& row = value[static_cast<std::size_t>(r)];
    if (!row.is_array() || row.size() != C) throw IoError(source, what + " must be " + std::to_string(R) + " rows of " + std::to_string(C) + " numbers");
    for (int c = 0; c < C; ++c) {
      if (!row[static_cast<std::size_t>(c)].is_number()) throw IoError(source, what + " holds something that is not a number");
      m(r, c) = row[static_cast<std::size_t>(c)].get<double>();
    }
  }
  return m;
}

json rowsOf(const Eigen::MatrixXd& m) {
  json out = json::array();
  for (int r = 0; r < m.rows(); ++r) {
    json row = json::array();
    for (int c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
    out.push_back(row);
  }
  return out;
}

std::string numbers(const Eigen::MatrixXd& m) {
  std::ostringstream os;
  os << std::scientific << std::setprecision(12);
  for (int r = 0; r < m.rows(); ++r)
    for (int c = 0; c < m.cols(); ++c) os << (r || c ? " " : "") << m(r, c);
  return os.str();
}

}  // namespace

const CameraCalibration* Calibration::camera(const std::string& name) const {
  for (const auto& c : cameras)
    if (c.name == name) return &c;
  return nullptr;
}

std::optional<Eigen::Vector2d> project(const CameraCalibration& camera, const Eigen::Vector3d& lidarPoint) {
  const Eigen::Vector3d p = (camera.T_cam_from_lidar * lidarPoint.homogeneous()).head<3>();
  if (p.z() <= 1e-9) return std::nullopt;
  double x = p.x() / p.z(), y = p.y() / p.z();
  const auto& d = camera.distortion;
  if (camera.model == CameraModel::Fisheye && d.size() == 4) {
    // Kannala–Brandt as OpenCV's fisheye module: distort the angle from the axis.
    const double r = std::hypot(x, y);
    if (r > 1e-12) {
      const double theta = std::atan(r), t2 = theta * theta;
      const double thetaD = theta * (1 + t2 * (d[0] + t2 * (d[1] + t2 * (d[2] + t2 * d[3]))));
      x *= thetaD / r;
      y *= thetaD / r;
    }
  } else if (camera.model == CameraModel::Pinhole && d.size() >= 4) {
    // Brown–Conrady with OpenCV's coefficient order k1 k2 p1 p2 [k3 [k4 k5 k6]].
    const double k3 = d.size() >= 5 ? d[4] : 0, k4 = d.size() == 8 ? d[5] : 0, k5 = d.size() == 8 ? d[6] : 0,
                 k6 = d.size() == 8 ? d[7] : 0;
    const double r2 = x * x + y * y, r4 = r2 * r2, r6 = r4 * r2;
    const double radial = (1 + d[0] * r2 + d[1] * r4 + k3 * r6) / (1 + k4 * r2 + k5 * r4 + k6 * r6);
    const double xd = x * radial + 2 * d[2] * x * y + d[3] * (r2 + 2 * x * x);
    const double yd = y * radial + d[2] * (r2 + 2 * y * y) + 2 * d[3] * x * y;
    x = xd;
    y = yd;
  }
  const Eigen::Vector3d pixel = camera.K * Eigen::Vector3d(x, y, 1.0);
  return Eigen::Vector2d(pixel.x(), pixel.y());
}

Calibration readKittiObjectCalibration(const std::filesystem::path& file) {
  const auto values = readKeyValues(file);
  const Eigen::Matrix4d rect = rotation4(require(values, "R0_rect", 9, file));
  const Eigen::Matrix4d velo = rows3x4(require(values, "Tr_velo_to_cam", 12, file));
  for (const auto& [what, m] : {std::pair{"R0_rect", rect}, std::pair{"Tr_velo_to_cam", velo}}) {
    const std::string why = checkRotation(m.block<3, 3>(0, 0));
    if (!why.empty()) throw IoError(file.string(), std::string(what) + " " + why);
  }
  Calibration calib;
  for (int i = 0; i < 4; ++i) {
    const std::string key = "P" + std::to_string(i);
    if (!values.count(key)) continue;
    calib.cameras.push_back(fromProjection("image_" + std::to_string(i), require(values, key, 12, file), rect * velo, file));
  }
  if (calib.cameras.empty()) throw IoError(file.string(), "no camera projection (P0: … P3:)");
  return calib;
}

Eigen::Matrix4d KittiObjectCalibration::rectFromLidar() const {
  Eigen::Matrix4d rect = Eigen::Matrix4d::Identity(), velo = Eigen::Matrix4d::Identity();
  rect.block<3, 3>(0, 0) = R0_rect;
  velo.block<3, 4>(0, 0) = Tr_velo_to_cam;
  return rect * velo;
}

namespace {

Eigen::Matrix<double, 3, 4> matrix3x4(const std::vector<double>& v) {
  return rows3x4(v).block<3, 4>(0, 0);
}

void checkKittiMatrices(const KittiObjectCalibration& k, const std::string& source) {
  if (std::string why = checkRotation(k.R0_rect); !why.empty()) throw IoError(source, "R0_rect " + why);
  if (std::string why = checkRotation(k.Tr_velo_to_cam.block<3, 3>(0, 0)); !why.empty()) throw IoError(source, "Tr_velo_to_cam " + why);
  if (k.P[2](0, 0) <= 0 || k.P[2](1, 1) <= 0) throw IoError(source, "P2 has no positive focal length");
}

}  // namespace

KittiObjectCalibration readKittiObjectMatrices(const std::filesystem::path& file) {
  const auto values = readKeyValues(file);
  KittiObjectCalibration k;
  for (int i = 0; i < 4; ++i) {
    const std::string key = "P" + std::to_string(i);
    k.P[i] = values.count(key) ? matrix3x4(require(values, key, 12, file)) : Eigen::Matrix<double, 3, 4>::Zero();
  }
  if (!values.count("P2")) throw IoError(file.string(), "missing \"P2:\" (the left colour camera the labels refer to)");
  k.R0_rect = rotation4(require(values, "R0_rect", 9, file)).block<3, 3>(0, 0);
  k.Tr_velo_to_cam = matrix3x4(require(values, "Tr_velo_to_cam", 12, file));
  checkKittiMatrices(k, file.string());
  return k;
}

KittiObjectCalibration readKittiRawMatrices(const std::filesystem::path& veloToCam, const std::filesystem::path& camToCam) {
  const auto v = readKeyValues(veloToCam);
  const auto& r = require(v, "R", 9, veloToCam);
  const auto& t = require(v, "T", 3, veloToCam);
  const auto c = readKeyValues(camToCam);
  KittiObjectCalibration k;
  for (int i = 0; i < 4; ++i) {
    const std::string key = "P_rect_0" + std::to_string(i);
    k.P[i] = c.count(key) ? matrix3x4(require(c, key, 12, camToCam)) : Eigen::Matrix<double, 3, 4>::Zero();
  }
  if (!c.count("P_rect_02")) throw IoError(camToCam.string(), "missing \"P_rect_02:\" (the left colour camera)");
  k.R0_rect = rotation4(require(c, "R_rect_00", 9, camToCam)).block<3, 3>(0, 0);
  k.Tr_velo_to_cam.block<3, 3>(0, 0) = rotation4(r).block<3, 3>(0, 0);
  k.Tr_velo_to_cam.col(3) = Eigen::Vector3d(t[0], t[1], t[2]);
  if (c.count("S_rect_02")) {
    const auto& s = require(c, "S_rect_02", 2, camToCam);
    k.width = static_cast<int>(std::lround(s[0]));
    k.height = static_cast<int>(std::lround(s[1]));
  }
  checkKittiMatrices(k, veloToCam.string() + " + " + camToCam.string());
  return k;
}

KittiObjectCalibration kittiMatricesOf(const CameraCalibration& camera) {
  KittiObjectCalibration k;
  for (auto& p : k.P) p.setZero();
  k.P[2].block<3, 3>(0, 0) = camera.K;
  k.Tr_velo_to_cam = camera.T_cam_from_lidar.block<3, 4>(0, 0);
  k.width = camera.width;
  k.height = camera.height;
  return k;
}

std::string writeKittiObjectCalibration(const KittiObjectCalibration& k) {
  std::string out;
  for (int i = 0; i < 4; ++i) out += "P" + std::to_string(i) + ": " + numbers(k.P[i]) + "\n";
  out += "R0_rect: " + numbers(k.R0_rect) + "\n";
  out += "Tr_velo_to_cam: " + numbers(k.Tr_velo_to_cam) + "\n";
  out += "Tr_imu_to_velo: " + numbers(Eigen::Matrix<double, 3, 4>::Identity()) + "\n";
  return out;
}

Calibration readKittiRawCalibration(const std::filesystem::path& veloToCam, const std::filesystem::path& camToCam) {
  const auto v = readKeyValues(veloToCam);
  const auto& r = require(v, "R", 9, veloToCam);
  const auto& t = require(v, "T", 3, veloToCam);
  Eigen::Matrix4d velo = rotation4(r);
  velo.block<3, 1>(0, 3) = Eigen::Vector3d(t[0], t[1], t[2]);
  const std::string why = checkRotation(velo.block<3, 3>(0, 0));
  if (!why.empty()) throw IoError(veloToCam.string(), "R " + why);
  const auto c = readKeyValues(camToCam);
  const Eigen::Matrix4d rect = rotation4(require(c, "R_rect_00", 9, camToCam));
  const std::string rectWhy = checkRotation(rect.block<3, 3>(0, 0));
  if (!rectWhy.empty()) throw IoError(camToCam.string(), "R_rect_00 " + rectWhy);
  Calibration calib;
  for (int i = 0; i < 10; ++i) {
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%02d", i);
    const std::string key = std::string("P_rect_") + suffix;
    if (!c.count(key)) continue;
    CameraCalibration cam = fromProjection(std::string("image_") + suffix, require(c, key, 12, camToCam), rect * velo, camToCam);
    if (c.count(std::string("S_rect_") + suffix)) {
      const auto& s = require(c, std::string("S_rect_") + suffix, 2, camToCam);
      cam.width = static_cast<int>(std::lround(s[0]));
      cam.height = static_cast<int>(std::lround(s[1]));
    }
    calib.cameras.push_back(cam);
  }
  if (calib.cameras.empty()) throw IoError(camToCam.string(), "no rectified camera projection (P_rect_00: …)");
  return calib;
}

Calibration parseCalibrationJson(const std::string& text, const std::string& source) try {
  json doc = detail::parseJson(text, source, "not valid JSON");
  json cameras;
  if (doc.is_object() && doc.contains("cameras")) cameras = doc["cameras"];
  else if (doc.is_object()) cameras = json::array({doc});
  else throw IoError(source, "expected an object with \"cameras\"");
  if (!cameras.is_array() || cameras.empty()) throw IoError(source, "\"cameras\" must be a non-empty list");
  Calibration calib;
  int index = 0;
  for (const auto& c : cameras) {
    ++index;
    if (!c.is_object()) throw IoError(source, "camera #" + std::to_string(index) + " must be an object");
    CameraCalibration cam;
    cam.name = c.value("name", "camera_" + std::to_string(index));
    const std::string who = "camera \"" + cam.name + "\"";
    const std::string model = c.value("model", "pinhole");
    if (model == "pinhole") cam.model = CameraModel::Pinhole;
    else if (model == "fisheye") cam.model = CameraModel::Fisheye;
    else throw IoError(source, who + ": unknown model \"" + model + "\" (pinhole or fisheye)");
    if (!c.contains("K")) throw IoError(source, who + ": missing \"K\"");
    if (!c.contains("T_cam_from_lidar")) throw IoError(source, who + ": missing \"T_cam_from_lidar\"");
    cam.K = matrixFrom<3, 3>(c["K"], who + ": \"K\"", source);
    cam.T_cam_from_lidar = matrixFrom<4, 4>(c["T_cam_from_lidar"], who + ": \"T_cam_from_lidar\"", source);
    if (c.contains("distortion")) {
      if (!c["distortion"].is_array()) throw IoError(source, who + ": \"distortion\" must be a list of numbers");
      for (const auto& d : c["distortion"]) {
        if (!d.is_number()) throw IoError(source, who + ": \"distortion\" must be a list of numbers");
        cam.distortion.push_back(d.get<double>());
      }
    }
    if (c.contains("width") && c["width"].is_number_integer()) cam.width = c["width"].get<int>();
    if (c.contains("height") && c["height"].is_number_integer()) cam.height = c["height"].get<int>();
    checkCamera(cam, source);
    calib.cameras.push_back(cam);
  }
  return calib;
} catch (const json::exception& e) {  // a field of the wrong type ("name": 3, …)
  throw IoError(source, "malformed calibration: " + detail::jsonErrorText(e));
}

Calibration readCalibrationJson(const std::filesystem::path& file) {
  return parseCalibrationJson(readWholeFile(file), file.string());
}

std::string writeCalibrationJson(const Calibration& calibration) {
  json cameras = json::array();
  for (const auto& cam : calibration.cameras) {
    cameras.push_back({{"name", cam.name},
                       {"model", cam.model == CameraModel::Fisheye ? "fisheye" : "pinhole"},
                       {"width", cam.width},
                       {"height", cam.height},
                       {"K", rowsOf(cam.K)},
                       {"distortion", cam.distortion},
                       {"T_cam_from_lidar", rowsOf(cam.T_cam_from_lidar)}});
  }
  return json{{"cameras", cameras}}.dump(2) + "\n";
}

void writeKittiRawCalibration(const std::filesystem::path& folder, const Calibration& calibration) {
  if (calibration.cameras.empty()) throw IoError(folder.string(), "no camera to write");
  const Eigen::Matrix4d reference = calibration.cameras.front().T_cam_from_lidar;
  std::ostringstream velo;
  velo << "calib_time: 01-Jan-2026 00:00:00\nR: " << numbers(reference.block<3, 3>(0, 0)) << "\nT: "
       << numbers(reference.block<3, 1>(0, 3).transpose()) << "\ndelta_f: 0.000000e+00 0.000000e+00\ndelta_c: 0.000000e+00 0.000000e+00\n";
  std::ostringstream cam;
  cam << "calib_time: 01-Jan-2026 00:00:00\ncorner_dist: 0.000000e+00\n";
  for (std::size_t i = 0; i < calibration.cameras.size(); ++i) {
    const CameraCalibration& c = calibration.cameras[i];
    // Rectified cameras share the reference camera's orientation; only a shift may differ.
    const Eigen::Matrix4d relative = c.T_cam_from_lidar * reference.inverse();
    if ((relative.block<3, 3>(0, 0) - Eigen::Matrix3d::Identity()).cwiseAbs().maxCoeff() > 1e-9 || !c.distortion.empty())
      throw IoError(folder.string(), "camera \"" + c.name + "\" is not rectified with the first camera: KITTI raw calibration cannot hold it");
    Eigen::Matrix<double, 3, 4> P;
    P.block<3, 3>(0, 0) = c.K;
    P.block<3, 1>(0, 3) = c.K * relative.block<3, 1>(0, 3);
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%02zu", i);
    const std::string s(suffix);
    cam << "S_" << s << ": " << c.width << " " << c.height << "\nK_" << s << ": " << numbers(c.K) << "\nD_" << s
        << ": 0 0 0 0 0\nR_" << s << ": " << numbers(Eigen::Matrix3d::Identity()) << "\nT_" << s << ": "
        << numbers(relative.block<3, 1>(0, 3).transpose()) << "\nS_rect_" << s << ": " << c.width << " " << c.height
        << "\nR_rect_" << s << ": " << numbers(Eigen::Matrix3d::Identity()) << "\nP_rect_" << s << ": " << numbers(P) << "\n";
  }
  writeFileAtomically(folder / "calib_velo_to_cam.txt", velo.str());
  writeFileAtomically(folder / "calib_cam_to_cam.txt", cam.str());
}

}  // namespace labelstation::io

// KITTI object detection: label_2/<id>.txt rows in the rectified camera frame and calib/<id>.txt,
// converted from and to LiDAR cuboids (formats.md §5; the same conventions as OpenPCDet's
// boxes3d_lidar_to_kitti_camera). What peers get wrong, and what the tests pin:
//  - location is the bottom centre of the box, in rectified camera coordinates: the LiDAR centre
//    is lowered by h/2 before the transform (not the box centre);
//  - dimensions are written h w l: l is the cuboid's size along its heading (LiDAR x scale), w
//    across it (y scale), h its height (z scale);
//  - rotation_y turns about the camera's y axis (pointing down): ry = atan2(-d_z, d_x) of the
//    heading d in camera coordinates, about -yaw - pi/2 with KITTI's calibration;
//  - alpha = ry - atan2(x, z) of the location; bbox = the projected corners clipped to the
//    image; truncated = 1 - clipped area / unclipped area; occluded 1 when the cuboid is.
// Rotations about the LiDAR x and y axes cannot be written (KITTI boxes only turn about the
// vertical) and are dropped; objects behind the camera or wholly outside the image are not
// written (KITTI labels only what camera 2 sees).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "format_common.h"
#include "format_files.h"
#include "formats.h"
#include "labelstation/core/geometry.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/calibration.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"
#include "labelstation/io/kitti_bin.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io::formats {
namespace {
namespace fs = std::filesystem;

constexpr double kPi = 3.14159265358979323846;

// KITTI's class names, matched case-insensitively so a label "car" is written "Car".
const char* const kKittiTypes[] = {"Car", "Van", "Truck", "Pedestrian", "Person_sitting", "Cyclist", "Tram", "Misc"};

std::string kittiType(const std::string& label) {
  for (const char* type : kKittiTypes) {
    const std::string t = type;
    if (t.size() == label.size() && std::equal(t.begin(), t.end(), label.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
      return t;
  }
  std::string out = label;
  std::replace(out.begin(), out.end(), ' ', '_');
  return out.empty() ? "Misc" : out;
}

std::string fixed2(double v) { return decimal(v, 2, 2); }

// At least two decimals, at most nine: ground-truth style where the value allows, exact enough
// for a round trip otherwise.
std::string precise(double v) { return decimal(v, 2, 9); }

// ---- the conversion, both ways ----

struct CameraBox {
  double h = 0, w = 0, l = 0;
  Eigen::Vector3d location = Eigen::Vector3d::Zero();  // bottom centre, rectified camera frame
  double rotationY = 0;
};

CameraBox toCamera(const Cuboid3D& box, const KittiObjectCalibration& calib) {
  const Eigen::Matrix4d rectFromLidar = calib.rectFromLidar();
  CameraBox out;
  out.l = box.scale.x();
  out.w = box.scale.y();
  out.h = box.scale.z();
  const Eigen::Vector3d bottom = box.position - Eigen::Vector3d(0, 0, out.h / 2);
  out.location = (rectFromLidar * bottom.homogeneous()).head<3>();
  const double yaw = box.rotation.z();
  const Eigen::Vector3d heading = rectFromLidar.block<3, 3>(0, 0) * Eigen::Vector3d(std::cos(yaw), std::sin(yaw), 0);
  out.rotationY = wrapAngle(std::atan2(-heading.z(), heading.x()));
  return out;
}

Cuboid3D toLidar(const CameraBox& c, const KittiObjectCalibration& calib) {
  const Eigen::Matrix4d lidarFromRect = calib.rectFromLidar().inverse();
  Cuboid3D box;
  box.scale = Eigen::Vector3d(c.l, c.w, c.h);
  const Eigen::Vector3d bottom = (lidarFromRect * c.location.homogeneous()).head<3>();
  box.position = bottom + Eigen::Vector3d(0, 0, c.h / 2);
  // The yaw whose flat heading the export rule maps to exactly this rotation_y: with
  // d = M·(cos yaw, sin yaw, 0), the export takes ry = atan2(-d_z, d_x), so (d_x, -d_z) must be
  // parallel to (cos ry, sin ry): cos yaw·A + sin yaw·B = 0. (Mapping the camera heading back
  // instead would be off by the calibration's tilt, ~1e-4 rad with KITTI's.)
  const Eigen::Matrix3d m = calib.rectFromLidar().block<3, 3>(0, 0);
  const double sr = std::sin(c.rotationY), cr = std::cos(c.rotationY);
  const double a = m(0, 0) * sr + m(2, 0) * cr, b = m(0, 1) * sr + m(2, 1) * cr;
  double yaw = std::atan2(-a, b);
  const Eigen::Vector3d d = m * Eigen::Vector3d(std::cos(yaw), std::sin(yaw), 0);
  if (d.x() * cr - d.z() * sr < 0) yaw = wrapAngle(yaw + kPi);
  box.rotation = Eigen::Vector3d(0, 0, yaw);
  return box;
}

struct ImageBox {
  double left = 0, top = 0, right = 0, bottom = 0, truncated = 0;
};

// The cuboid's corners projected with P2 and clipped to the image; nullopt when a corner is
// behind the camera or nothing of the box is inside the image.
std::optional<ImageBox> imageBox(const Cuboid3D& box, const KittiObjectCalibration& calib, int width, int height) {
  const Eigen::Matrix4d rectFromLidar = calib.rectFromLidar();
  double u0 = HUGE_VAL, v0 = HUGE_VAL, u1 = -HUGE_VAL, v1 = -HUGE_VAL;
  for (const Eigen::Vector3d& corner : box.corners()) {
    const Eigen::Vector4d rect = rectFromLidar * corner.homogeneous();
    const Eigen::Vector3d p = calib.P[2] * rect;
    if (rect.z() <= 0.1 || p.z() <= 1e-9) return std::nullopt;
    u0 = std::min(u0, p.x() / p.z());
    u1 = std::max(u1, p.x() / p.z());
    v0 = std::min(v0, p.y() / p.z());
    v1 = std::max(v1, p.y() / p.z());
  }
  ImageBox out;
  out.left = std::clamp(u0, 0.0, width - 1.0);
  out.right = std::clamp(u1, 0.0, width - 1.0);
  out.top = std::clamp(v0, 0.0, height - 1.0);
  out.bottom = std::clamp(v1, 0.0, height - 1.0);
  const double full = (u1 - u0) * (v1 - v0), clipped = (out.right - out.left) * (out.bottom - out.top);
  if (clipped <= 0 || full <= 0) return std::nullopt;
  out.truncated = std::clamp(1.0 - clipped / full, 0.0, 1.0);
  return out;
}

// ---- calibration for export ----

struct ExportCalibration {
  KittiObjectCalibration matrices;
  std::string text;  // calib/<id>.txt
};

ExportCalibration exportCalibration(const fs::path& given, const fs::path& output) {
  auto fail = [&](const std::string& problem) -> ExportCalibration { throw IoError(given.empty() ? output.string() : given.string(), problem); };
  if (given.empty())
    return fail("KITTI object export needs the camera calibration: give a KITTI raw drive folder (calib_velo_to_cam.txt + "
                "calib_cam_to_cam.txt), a KITTI calib/<id>.txt file or a Labelstation calibration JSON");
  std::error_code ec;
  KittiObjectCalibration k;
  if (fs::is_directory(given, ec)) {
    const bool json = fs::exists(given / "calibration.json", ec);
    if (fs::exists(given / "calib_velo_to_cam.txt", ec) && fs::exists(given / "calib_cam_to_cam.txt", ec)) {
      try {
        k = readKittiRawMatrices(given / "calib_velo_to_cam.txt", given / "calib_cam_to_cam.txt");
      } catch (const IoError&) {
        // A drive whose cameras are not KITTI's 02 (no P_rect_02) may describe them in its
        // calibration.json, as the window's camera images use it.
        if (!json) throw;
        return exportCalibration(given / "calibration.json", output);
      }
    } else if (json)
      return exportCalibration(given / "calibration.json", output);
    else
      return fail("holds neither calib_velo_to_cam.txt + calib_cam_to_cam.txt nor calibration.json");
  } else if (given.extension() == ".json") {
    const Calibration calib = readCalibrationJson(given);
    const CameraCalibration* camera = calib.camera("image_02");
    if (!camera && !calib.cameras.empty()) camera = &calib.cameras.front();
    if (!camera) return fail("has no camera");
    k = kittiMatricesOf(*camera);
  } else {
    k = readKittiObjectMatrices(given);
  }
  return {k, writeKittiObjectCalibration(k)};
}

// Camera 2's image size, which the 2D boxes are clipped to: from the calibration (S_rect_02, a
// JSON camera's size), else the frame's recorded size, else its first related image.
std::pair<int, int> imageSize(const KittiObjectCalibration& calib, const FrameInfo& frame, const fs::path& output) {
  if (calib.width > 0 && calib.height > 0) return {calib.width, calib.height};
  if (frame.width > 0 && frame.height > 0) return {frame.width, frame.height};
  if (!frame.relatedImages.empty()) {
    const Image image = readImage(frame.relatedImages.front());
    return {image.width, image.height};
  }
  throw IoError(output.string(), "the image size of frame '" + frame.name +
                                     "' is unknown (the calibration gives none and the frame has no camera image): the 2D boxes cannot be clipped");
}

// File ids: the frames' item ids (names without folders or media extension) when every frame has a
// name and no two share an id, else the 6-digit frame number, so no file is written twice.
std::vector<std::string> fileIds(const Task& task) {
  std::vector<std::string> ids = itemIdOfEachFrame(task);
  const bool unnamed = std::any_of(task.frames.begin(), task.frames.end(), [](const FrameInfo& f) { return f.name.empty(); });
  if (!unnamed && !repeatedItemId(ids)) return ids;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%06zu", i);
    ids[i] = buf;
  }
  return ids;
}

// A cloud as a KITTI scan: float32 x y z (with the cloud's origin added back) and intensity.
std::string kittiScanBytes(const PointCloud& cloud) {
  std::string bytes(cloud.size() * 16, '\0');
  auto* out = reinterpret_cast<float*>(bytes.data());
  for (std::size_t i = 0; i < cloud.size(); ++i) {
    out[4 * i] = static_cast<float>(cloud.x[i] + cloud.origin[0]);
    out[4 * i + 1] = static_cast<float>(cloud.y[i] + cloud.origin[1]);
    out[4 * i + 2] = static_cast<float>(cloud.z[i] + cloud.origin[2]);
    out[4 * i + 3] = cloud.intensity.empty() ? 0.0f : cloud.intensity[i];
  }
  return bytes;
}

}  // namespace

ExportWarnings exportKittiObject(const AnnotationSet& set, const fs::path& output, const ExportOptions& options) {
  if (set.task.dimension != TaskDimension::PointCloud3D) throw IoError(output.string(), "KITTI object export needs a point cloud (3D) task");
  const ExportCalibration calib = exportCalibration(options.calibration, output);
  const std::vector<std::string> ids = fileIds(set.task);
  // Every frame's rows are made and its scan checked before any file is written: a frame without an
  // image size or a scan stops the export before it touches the output.
  std::vector<std::string> labelRows(set.task.frames.size());
  std::size_t unseen = 0;  // boxes the camera does not see (behind it or outside its image)
  std::set<int> unseenFrames;
  for (int f = 0; f < static_cast<int>(set.task.frames.size()); ++f) {
    const FrameInfo& frame = set.task.frames[static_cast<std::size_t>(f)];
    if (frame.deleted) continue;
    const std::pair<int, int> size = imageSize(calib.matrices, frame, output);
    std::string& rows = labelRows[static_cast<std::size_t>(f)];
    for (const AnnotationObject& o : set.objects) {
      if (o.kind == ObjectKind::Tag) continue;
      std::optional<ShapeState> state = o.isTrack() ? stateAt(o, f) : (o.frame == f ? std::optional<ShapeState>(o.shape) : std::nullopt);
      if (!state || state->outside || state->type != ShapeType::Cuboid3D) continue;
      const Cuboid3D box = Cuboid3D::fromPoints(state->points);
      const std::optional<ImageBox> image = imageBox(box, calib.matrices, size.first, size.second);
      if (!image) {
        ++unseen;
        unseenFrames.insert(f);
        continue;
      }
      const CameraBox cam = toCamera(box, calib.matrices);
      const double alpha = wrapAngle(cam.rotationY - std::atan2(cam.location.x(), cam.location.z()));
      const Label* label = set.task.labels.label(o.label);
      rows += kittiType(label ? label->name : "") + " " + fixed2(image->truncated) + " " + (state->occluded ? "1" : "0") + " " +
              fixed2(alpha) + " " + fixed2(image->left) + " " + fixed2(image->top) + " " + fixed2(image->right) + " " +
              fixed2(image->bottom) + " " + precise(cam.h) + " " + precise(cam.w) + " " + precise(cam.l) + " " +
              precise(cam.location.x()) + " " + precise(cam.location.y()) + " " + precise(cam.location.z()) + " " +
              precise(cam.rotationY) + "\n";
    }
    std::error_code ec;
    if (options.saveMedia && (frame.path.empty() || !fs::is_regular_file(frame.path, ec)))
      throw IoError(output.string(), "cannot save the point cloud of frame '" + frame.name +
                                         "': " + (frame.path.empty() ? "no file is known" : frame.path + " does not exist"));
  }
  const OutputTarget target(output);
  for (std::size_t f = 0; f < set.task.frames.size(); ++f) {
    reportProgress(options, output, f, set.task.frames.size());
    const FrameInfo& frame = set.task.frames[f];
    if (frame.deleted) continue;
    const std::string& id = ids[f];
    target.writeFile("label_2/" + id + ".txt", labelRows[f]);
    target.writeFile("calib/" + id + ".txt", calib.text);
    if (!options.saveMedia) continue;
    // KITTI scans are .bin: other clouds are converted.
    const std::string scan = "velodyne/" + id + ".bin";
    if (fs::path(frame.path).extension() == ".bin") copyMediaFile(frame.path, target.pathOf(scan), frame.name);
    else target.writeFile(scan, kittiScanBytes(readPointCloud(frame.path)));
    if (frame.relatedImages.empty()) continue;
    const std::string& image = frame.relatedImages.front();
    copyMediaFile(image, target.pathOf("image_2/" + id + fs::path(image).extension().string()), frame.name);
  }
  target.commit();
  if (unseen == 0) return {};
  return {std::to_string(unseen) + (unseen == 1 ? " cuboid" : " cuboids") + " on " + std::to_string(unseenFrames.size()) +
          (unseenFrames.size() == 1 ? " frame" : " frames") + (unseen == 1 ? " was" : " were") +
          " not written: behind camera 2 or outside its image (KITTI object holds only what the camera sees)"};
}

AnnotationSet importKittiObject(const fs::path& input, const ImportOptions& options) {
  const InputRoot inputRoot(input);
  if (!inputRoot.file().empty()) throw IoError(input.string(), "is neither a folder nor a .zip");
  fs::path root = inputRoot.folder();
  std::error_code ec;
  if (!fs::is_directory(root / "label_2", ec) && fs::is_directory(root / "training" / "label_2", ec)) root = root / "training";
  if (!fs::is_directory(root / "label_2", ec)) throw IoError(input.string(), "has no label_2/ folder (nor training/label_2/)");
  std::set<std::string, bool (*)(const std::string&, const std::string&)> stems(
      [](const std::string& a, const std::string& b) { return naturalLess(a, b); });
  for (const auto& e : fs::directory_iterator(root / "label_2", ec))
    if (e.path().extension() == ".txt") stems.insert(e.path().stem().string());
  if (fs::is_directory(root / "velodyne", ec))
    for (const auto& e : fs::directory_iterator(root / "velodyne", ec))
      if (e.path().extension() == ".bin") stems.insert(e.path().stem().string());

  AnnotationSet set;
  set.task.dimension = TaskDimension::PointCloud3D;
  set.task.name = fs::absolute(input).lexically_normal().filename().string();
  std::size_t dontCare = 0, flat = 0;
  std::map<std::string, LabelId> labelOfType;  // a name lookup per row was quadratic with many types
  std::optional<ExportCalibration> given;  // the task's calibration, read once when needed
  auto taskCalibration = [&]() -> const ExportCalibration& {
    if (!given) given = exportCalibration(options.calibration, input);
    return *given;
  };
  for (const std::string& id : stems) {
    const int frame = static_cast<int>(set.task.frames.size());
    FrameInfo info;
    info.name = id;
    info.path = inputRoot.keptPath(root / "velodyne" / (id + ".bin"));  // none when it came from a zip (removed afterwards)
    set.task.frames.push_back(info);
    const fs::path labelFile = root / "label_2" / (id + ".txt");
    if (!fs::exists(labelFile, ec)) continue;
    const std::string name = inputRoot.nameOf(labelFile);
    std::istringstream lines(readWholeFile(labelFile));
    std::optional<KittiObjectCalibration> calib;
    std::string line;
    for (int lineNo = 1; std::getline(lines, line); ++lineNo) {
      std::istringstream in(line);
      std::string type;
      if (!(in >> type)) continue;
      std::vector<double> v;
      for (std::string token; in >> token;) {
        char* end = nullptr;
        const double d = std::strtod(token.c_str(), &end);
        if (end != token.c_str() + token.size() || !std::isfinite(d))
          throw IoError(name, "line " + std::to_string(lineNo) + ": '" + token + "' is not a number");
        v.push_back(d);
      }
      if (v.size() != 14 && v.size() != 15)
        throw IoError(name, "line " + std::to_string(lineNo) + ": " + std::to_string(v.size() + 1) + " values, expected 15 (or 16 with a score)");
      if (type == "DontCare") {
        ++dontCare;
        continue;
      }
      CameraBox cam;
      cam.h = v[7];
      cam.w = v[8];
      cam.l = v[9];
      cam.location = Eigen::Vector3d(v[10], v[11], v[12]);
      cam.rotationY = v[13];
      if (cam.h <= 0 || cam.w <= 0 || cam.l <= 0) {
        ++flat;  // a 2D-only row (dimensions -1): no cuboid to make
        continue;
      }
      if (!calib) {
        const fs::path calibFile = root / "calib" / (id + ".txt");
        if (fs::exists(calibFile, ec)) calib = readKittiObjectMatrices(calibFile);
        else if (!options.calibration.empty()) calib = taskCalibration().matrices;  // the task's own
        else throw IoError(name, "its calibration " + inputRoot.nameOf(calibFile) + " is missing (and no task calibration was given)");
      }
      auto known = labelOfType.find(type);
      if (known == labelOfType.end()) {
        Label label;
        label.name = type;
        label.type = LabelType::Cuboid3D;
        label.color = defaultLabelColor(set.task.labels.allLabels().size());
        try {
          known = labelOfType.emplace(type, set.task.labels.addLabel(label)).first;
        } catch (const SchemaError& e) {  // more than kMaxLabels types
          throw IoError(name, e.what());
        }
      }
      AnnotationObject o;
      o.id = static_cast<ObjectId>(set.objects.size() + 1);
      o.label = known->second;
      o.frame = frame;
      o.shape.type = ShapeType::Cuboid3D;
      o.shape.points = toLidar(cam, *calib).toPoints();
      o.shape.occluded = v[1] == 1 || v[1] == 2;  // partly or largely; 3 means unknown
      set.objects.push_back(std::move(o));
    }
  }
  if (dontCare) set.warnings.push_back(std::to_string(dontCare) + " DontCare regions skipped (they are not objects)");
  if (flat) set.warnings.push_back(std::to_string(flat) + " rows without 3D dimensions (2D-only boxes) skipped");
  return set;
}

}  // namespace labelstation::io::formats

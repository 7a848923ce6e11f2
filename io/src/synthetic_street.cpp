#include "labelstation/io/synthetic_street.h"

#include <Eigen/Geometry>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <random>

#include <nlohmann/json.hpp>

#include "labelstation/core/mask.h"
#include "labelstation/io/annotation_formats.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/kitti_bin.h"

namespace labelstation::io {
namespace {

constexpr double kDeg = M_PI / 180.0;
constexpr double kGround = -SyntheticStreet::kSensorHeight;
constexpr double kFrameSeconds = 0.1;  // 10 Hz

enum class Material { Road, Sidewalk, Wall, Pole, CarBody, Skin };

struct Solid {
  Cuboid3D box;
  Material material;
  int object = 0;  // StreetObject id, 0 for the static scene
};

struct Hit {
  double t = std::numeric_limits<double>::infinity();
  Eigen::Vector3d normal = Eigen::Vector3d::UnitZ();
  Material material = Material::Road;
  int object = 0;
  const Solid* solid = nullptr;
};

// Slab test in the box's own frame.
void intersect(const Solid& solid, const Eigen::Vector3d& origin, const Eigen::Vector3d& dir, Hit& best) {
  const Eigen::Matrix3d r = solid.box.rotationMatrix();
  const Eigen::Vector3d o = r.transpose() * (origin - solid.box.position);
  const Eigen::Vector3d d = r.transpose() * dir;
  const Eigen::Vector3d h = solid.box.scale / 2.0;
  double tNear = -std::numeric_limits<double>::infinity(), tFar = std::numeric_limits<double>::infinity();
  int axis = 0;
  double sign = 1;
  for (int i = 0; i < 3; ++i) {
    if (std::abs(d[i]) < 1e-12) {
      if (std::abs(o[i]) > h[i]) return;
      continue;
    }
    double t0 = (-h[i] - o[i]) / d[i], t1 = (h[i] - o[i]) / d[i];
    double s = -1;
    if (t0 > t1) {
      std::swap(t0, t1);
      s = 1;
    }
    if (t0 > tNear) {
      tNear = t0;
      axis = i;
      sign = s;
    }
    tFar = std::min(tFar, t1);
    if (tNear > tFar) return;
  }
  if (tNear <= 1e-6 || tNear >= best.t) return;
  Eigen::Vector3d n = Eigen::Vector3d::Zero();
  n[axis] = sign;
  best.t = tNear;
  best.normal = r * n;
  best.material = solid.material;
  best.object = solid.object;
  best.solid = &solid;
}

struct Motion {
  int id;
  const char* label;
  double x0, y0, yaw, speed;  // speed in m/s along the heading
  double length, width, height;
};

// Cars drive along the lanes, one waits at the kerb, pedestrians walk and cross.
constexpr Motion kMotions[] = {
    {1, "car", -26.0, -2.2, 0.0, 8.0, 4.4, 1.8, 1.5},
    {2, "car", 32.0, 2.4, M_PI, 6.5, 4.7, 1.9, 1.6},
    {3, "car", 11.0, -5.6, 0.0, 0.0, 4.2, 1.8, 1.45},
    {4, "car", -13.0, 5.5, M_PI, 0.0, 5.2, 2.1, 2.2},
    {5, "pedestrian", 3.0, -9.2, 0.0, 1.4, 0.6, 0.6, 1.75},
    {6, "pedestrian", 17.0, 8.5, -M_PI / 2, 1.2, 0.5, 0.6, 1.65},
};

std::vector<Solid> sceneAt(int frame, const std::vector<StreetObject>& objects) {
  std::vector<Solid> solids;
  auto add = [&](Eigen::Vector3d centre, Eigen::Vector3d size, Material m, int object = 0, double yaw = 0) {
    Solid s;
    s.box.position = centre;
    s.box.scale = size;
    s.box.rotation = {0, 0, yaw};
    s.material = m;
    s.object = object;
    solids.push_back(s);
  };
  for (int side : {-1, 1}) {
    add({0, side * 9.5, kGround + 0.075}, {240, 5, 0.15}, Material::Sidewalk);
    add({0, side * 12.25, kGround + 6}, {240, 0.5, 12}, Material::Wall);
    for (double x : {-30.0, -10.0, 10.0, 30.0}) add({x, side * 7.6, kGround + 2.5}, {0.2, 0.2, 5}, Material::Pole);
  }
  for (const auto& o : objects) {
    add(o.box.position, o.box.scale, o.label == std::string("car") ? Material::CarBody : Material::Skin, o.id, o.box.rotation.z());
  }
  (void)frame;
  return solids;
}

Hit castRay(const std::vector<Solid>& solids, const Eigen::Vector3d& origin, const Eigen::Vector3d& dir, double maxRange) {
  Hit hit;
  hit.t = maxRange;
  if (dir.z() < -1e-9) {  // the road plane
    const double t = (kGround - origin.z()) / dir.z();
    if (t > 0 && t < hit.t) {
      hit.t = t;
      hit.normal = Eigen::Vector3d::UnitZ();
      hit.material = Material::Road;
    }
  }
  for (const auto& s : solids) intersect(s, origin, dir, hit);
  if (hit.t >= maxRange) hit.t = std::numeric_limits<double>::infinity();
  return hit;
}

float reflectivity(Material m) {
  switch (m) {
    case Material::Road: return 0.12f;
    case Material::Sidewalk: return 0.25f;
    case Material::Wall: return 0.35f;
    case Material::Pole: return 0.55f;
    case Material::CarBody: return 0.7f;
    case Material::Skin: return 0.3f;
  }
  return 0.2f;
}

Eigen::Vector3d carColour(int id) {
  static const Eigen::Vector3d colours[] = {{200, 30, 40}, {230, 230, 235}, {40, 70, 160}, {60, 60, 65}, {20, 120, 60}};
  return colours[static_cast<std::size_t>(id) % 5];
}

Eigen::Vector3d surfaceColour(const Hit& hit, const Eigen::Vector3d& p) {
  switch (hit.material) {
    case Material::Road: {
      const double y = p.y();
      const bool centreDash = std::abs(y) < 0.08 && std::fmod(std::abs(p.x()) + 100.0, 6.0) < 3.0;
      const bool edge = std::abs(std::abs(y) - 6.8) < 0.1;
      return centreDash || edge ? Eigen::Vector3d(235, 235, 225) : Eigen::Vector3d(70, 72, 76);
    }
    case Material::Sidewalk: return {150, 148, 140};
    case Material::Wall: {
      const double u = std::fmod(std::abs(p.x()) + 100.0, 4.0), v = std::fmod(p.z() - kGround, 3.0);
      const bool window = u > 1.0 && u < 3.0 && v > 1.0 && v < 2.2 && p.z() - kGround > 0.8;
      return window ? Eigen::Vector3d(60, 80, 110) : Eigen::Vector3d(185, 160, 130);
    }
    case Material::Pole: return {90, 95, 100};
    case Material::CarBody: {
      const Solid& s = *hit.solid;
      const double local = p.z() - (s.box.position.z() - s.box.scale.z() / 2);
      if (local > s.box.scale.z() * 0.6) return {35, 45, 55};  // glass
      if (local < 0.3) return {25, 25, 25};                    // tyres and sills
      return carColour(hit.object);
    }
    case Material::Skin: {
      const Solid& s = *hit.solid;
      const double local = p.z() - (s.box.position.z() - s.box.scale.z() / 2);
      if (local > s.box.scale.z() * 0.85) return {220, 180, 150};  // head
      if (local < s.box.scale.z() * 0.45) return {40, 50, 90};     // trousers
      return hit.object % 2 ? Eigen::Vector3d(230, 120, 30) : Eigen::Vector3d(60, 150, 190);
    }
  }
  return {128, 128, 128};
}

std::string frameName(int frame) {
  char name[16];
  std::snprintf(name, sizeof name, "%010d", frame);
  return name;
}

nlohmann::json boxJson(const Cuboid3D& box) {
  return {{"position", {box.position.x(), box.position.y(), box.position.z()}},
          {"rotation", {box.rotation.x(), box.rotation.y(), box.rotation.z()}},
          {"scale", {box.scale.x(), box.scale.y(), box.scale.z()}}};
}

}  // namespace

SyntheticStreet::SyntheticStreet(LidarSpec lidar) : lidar_(lidar) {}

std::vector<StreetObject> SyntheticStreet::objectsAt(int frame) const {
  std::vector<StreetObject> out;
  const double seconds = frame * kFrameSeconds;
  for (const auto& m : kMotions) {
    StreetObject o;
    o.id = m.id;
    o.label = m.label;
    o.box.position = {m.x0 + m.speed * seconds * std::cos(m.yaw), m.y0 + m.speed * seconds * std::sin(m.yaw),
                      kGround + m.height / 2};
    o.box.rotation = {0, 0, m.yaw};
    o.box.scale = {m.length, m.width, m.height};
    out.push_back(o);
  }
  return out;
}

PointCloud SyntheticStreet::scan(int frame) const {
  const auto solids = sceneAt(frame, objectsAt(frame));
  std::mt19937 rng(977u + static_cast<unsigned>(frame));
  std::normal_distribution<double> rangeNoise(0.0, 0.015);
  std::uniform_real_distribution<float> intensityNoise(-0.03f, 0.03f);
  const int columns = static_cast<int>(std::lround(360.0 / lidar_.azimuthStepDegrees));
  PointCloud cloud;
  cloud.reserve(static_cast<std::size_t>(columns * lidar_.beams));
  cloud.intensity.reserve(static_cast<std::size_t>(columns * lidar_.beams));
  const Eigen::Vector3d origin = Eigen::Vector3d::Zero();
  for (int c = 0; c < columns; ++c) {
    const double azimuth = (-180.0 + c * lidar_.azimuthStepDegrees) * kDeg;
    for (int b = 0; b < lidar_.beams; ++b) {
      const double elevation =
          (lidar_.upperDegrees + (lidar_.lowerDegrees - lidar_.upperDegrees) * b / std::max(1, lidar_.beams - 1)) * kDeg;
      const Eigen::Vector3d dir(std::cos(elevation) * std::cos(azimuth), std::cos(elevation) * std::sin(azimuth), std::sin(elevation));
      const Hit hit = castRay(solids, origin, dir, lidar_.maxRange);
      const double noise = rangeNoise(rng);
      const float jitter = intensityNoise(rng);
      if (!std::isfinite(hit.t) || hit.t < 1.0) continue;  // sky, or the car the sensor sits on
      const Eigen::Vector3d p = origin + dir * (hit.t + noise);
      cloud.addPoint(static_cast<float>(p.x()), static_cast<float>(p.y()), static_cast<float>(p.z()));
      const double incidence = std::abs(hit.normal.dot(dir));
      cloud.intensity.push_back(std::clamp(reflectivity(hit.material) * static_cast<float>(0.6 + 0.4 * incidence) + jitter, 0.0f, 1.0f));
    }
  }
  return cloud;
}

Calibration SyntheticStreet::cameras() const {
  Calibration calib;
  Eigen::Matrix3d toCamera;  // camera x right = -lidar y, y down = -lidar z, z forward = lidar x
  toCamera << 0, -1, 0, 0, 0, -1, 1, 0, 0;
  for (int i = 0; i < 2; ++i) {
    CameraCalibration cam;
    cam.name = i == 0 ? "image_00" : "image_01";
    cam.width = 1242;
    cam.height = 375;
    cam.K << 721.5377, 0, 609.5593, 0, 721.5377, 172.854, 0, 0, 1;
    const Eigen::Vector3d centre(0.27, i == 0 ? 0.0 : -0.54, -0.08);  // right camera 0.54 m to the right
    cam.T_cam_from_lidar.block<3, 3>(0, 0) = toCamera;
    cam.T_cam_from_lidar.block<3, 1>(0, 3) = -toCamera * centre;
    calib.cameras.push_back(cam);
  }
  return calib;
}

Image SyntheticStreet::render(int frame, const CameraCalibration& camera) const {
  const auto solids = sceneAt(frame, objectsAt(frame));
  const Eigen::Matrix3d r = camera.T_cam_from_lidar.block<3, 3>(0, 0);
  const Eigen::Vector3d origin = -r.transpose() * camera.T_cam_from_lidar.block<3, 1>(0, 3);
  const Eigen::Matrix3d kInv = camera.K.inverse();
  const Eigen::Vector3d sun = Eigen::Vector3d(-0.4, 0.5, 0.75).normalized();
  Image image;
  image.width = camera.width;
  image.height = camera.height;
  image.rgb.resize(static_cast<std::size_t>(image.width) * image.height * 3);
  for (int v = 0; v < image.height; ++v) {
    for (int u = 0; u < image.width; ++u) {
      const Eigen::Vector3d dir = (r.transpose() * (kInv * Eigen::Vector3d(u, v, 1.0))).normalized();
      const Hit hit = castRay(solids, origin, dir, 400.0);
      Eigen::Vector3d colour;
      if (!std::isfinite(hit.t)) {
        const double up = std::clamp(dir.z() * 3.0, 0.0, 1.0);
        colour = Eigen::Vector3d(190, 210, 235) * (1 - up) + Eigen::Vector3d(90, 140, 205) * up;
      } else {
        const Eigen::Vector3d p = origin + dir * hit.t;
        const double light = 0.45 + 0.55 * std::max(0.0, hit.normal.dot(sun));
        const double haze = std::clamp(hit.t / 250.0, 0.0, 0.6);
        colour = surfaceColour(hit, p) * light * (1 - haze) + Eigen::Vector3d(190, 210, 235) * haze;
      }
      std::uint8_t* px = image.rgb.data() + 3 * (static_cast<std::size_t>(v) * image.width + u);
      for (int c = 0; c < 3; ++c) px[c] = static_cast<std::uint8_t>(std::clamp(colour[c], 0.0, 255.0));
    }
  }
  return image;
}

AnnotationSet sampleImageAnnotations(int images) {
  AnnotationSet set;
  Task& task = set.task;
  task.name = "images_street";
  task.dimension = TaskDimension::Image2D;
  for (int i = 0; i < images; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "street_%02d.jpg", i);
    task.frames.push_back({name, "", {}, false, 1242, 375});
  }
  LabelSchema& labels = task.labels;
  auto label = [&](const char* name, const char* color, LabelType type) {
    Label l;
    l.name = name;
    l.color = color;
    l.type = type;
    return labels.addLabel(l);
  };
  const LabelId car = label("car", "#fa3253", LabelType::Any), person = label("person", "#34d17a", LabelType::Any);
  label("traffic sign", "#f5a623", LabelType::Any);
  const LabelId lane = label("lane", "#33ddff", LabelType::Polyline), sidewalk = label("sidewalk", "#b83df5", LabelType::Mask);
  const LabelId pole = label("pole", "#ffcc33", LabelType::Points), daytime = label("daytime", "#3d9df5", LabelType::Tag);
  const LabelId pose = label("pose", "#24b353", LabelType::Skeleton);
  std::vector<LabelId> joints;
  for (const char* joint : {"head", "hip", "left foot", "right foot"}) {
    Label j;
    j.name = joint;
    j.color = "#24b353";
    j.type = LabelType::Points;
    joints.push_back(labels.addSublabel(pose, j));
  }
  for (const auto& [a, b] : {std::pair{0, 1}, std::pair{1, 2}, std::pair{1, 3}})
    labels.addEdge(pose, joints[static_cast<std::size_t>(a)], joints[static_cast<std::size_t>(b)]);
  labels.label(pose)->nodePositions = {{joints[0], {50, 5}}, {joints[1], {50, 55}}, {joints[2], {20, 95}}, {joints[3], {80, 95}}};

  // What the first image shows (see sample_data/images_street/street_00.jpg).
  ObjectId next = 1;
  auto add = [&](LabelId l, ShapeType type, std::vector<double> points) -> AnnotationObject& {
    AnnotationObject o;
    o.id = next++;
    o.label = l;
    o.shape.type = type;
    o.shape.points = std::move(points);
    set.objects.push_back(std::move(o));
    return set.objects.back();
  };
  add(car, ShapeType::Polygon, {874, 185, 1000, 186, 1153, 190, 1153, 292, 1000, 310, 874, 268});
  // The car ahead from behind: its rear face, and its front face up and in (perspective).
  add(car, ShapeType::Cuboid2D, {528, 183, 528, 213, 578, 183, 578, 213, 572, 175, 572, 205, 534, 175, 534, 205});
  add(person, ShapeType::Rectangle, {226, 172, 261, 238});
  AnnotationObject& walker = add(pose, ShapeType::Skeleton, {});
  const double at[4][2] = {{243, 176}, {243, 210}, {233, 236}, {254, 236}};
  for (std::size_t j = 0; j < joints.size(); ++j) {
    SkeletonElement e;
    e.label = joints[j];
    e.points = {at[j][0], at[j][1]};
    walker.shape.elements.push_back(e);
  }
  add(lane, ShapeType::Polyline, {0, 320, 260, 258, 520, 197});
  add(sidewalk, ShapeType::Mask, encodeMask(rasterizePolygon({0, 250, 520, 194, 520, 197, 0, 318}, 1242, 375)));
  add(pole, ShapeType::Points, {427, 95, 795, 93});
  AnnotationObject& tag = add(daytime, ShapeType::Rectangle, {});
  tag.kind = ObjectKind::Tag;
  return set;
}

void writeSampleData(const std::filesystem::path& root, const SampleDataOptions& options) {
  namespace fs = std::filesystem;
  const SyntheticStreet street;
  const Calibration calib = street.cameras();

  const fs::path lidar = root / "lidar_street";
  fs::create_directories(lidar / "velodyne_points" / "data");
  for (const auto& cam : calib.cameras) fs::create_directories(lidar / cam.name / "data");
  nlohmann::json frames = nlohmann::json::array();
  for (int f = 0; f < options.frames3d; ++f) {
    const std::string name = frameName(f);
    writeKittiBin(lidar / "velodyne_points" / "data" / (name + ".bin"), street.scan(f));
    for (const auto& cam : calib.cameras) writeImage(lidar / cam.name / "data" / (name + ".jpg"), street.render(f, cam));
    nlohmann::json objects = nlohmann::json::array();
    for (const auto& o : street.objectsAt(f)) {
      nlohmann::json j = boxJson(o.box);
      j["id"] = o.id;
      j["label"] = o.label;
      objects.push_back(j);
    }
    frames.push_back({{"frame", f}, {"name", name}, {"objects", objects}});
  }
  writeKittiRawCalibration(lidar, calib);
  writeFileAtomically(lidar / "calibration.json", writeCalibrationJson(calib));
  writeFileAtomically(lidar / "ground_truth.json",
                      nlohmann::json{{"description", "Cuboids of every object on every frame, LiDAR frame (x forward, "
                                                     "y left, z up), rotation in radians, scale = length, width, height"},
                                     {"frames", frames}}
                              .dump(1) + "\n");

  const fs::path images = root / "images_street";
  for (int i = 0; i < options.images2d; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "street_%02d", i);
    fs::create_directories(images / "related_images" / (std::string(name) + "_jpg"));
    const int frame = i * 2;
    writeImage(images / (std::string(name) + ".jpg"), street.render(frame, calib.cameras[0]));
    writeImage(images / "related_images" / (std::string(name) + "_jpg") / "right.jpg", street.render(frame, calib.cameras[1]));
  }
  // Beside the image set (not in it: a dataset's folder holds its media).
  ExportOptions fixedTime;
  fixedTime.timestamp = 1767225600;  // 2026-01-01: the same bytes every time
  exportAnnotations(*findAnnotationFormat("cvat_images"), sampleImageAnnotations(options.images2d), root / "images_street_annotations.xml", fixedTime);
}

}  // namespace labelstation::io

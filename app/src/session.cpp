#include "session.h"

#include <algorithm>

#include "labelstation/core/edits.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/kitti_bin.h"
#include "labelstation/io/synthetic_scene.h"

namespace labelstation::app {
namespace fs = std::filesystem;

LabelSchema defaultLidarLabels() {
  LabelSchema labels;
  Label car;
  car.name = "car";
  car.color = "#fa3253";
  car.type = LabelType::Cuboid3D;
  AttributeSpec parked;
  parked.name = "parked";
  parked.inputType = AttributeInputType::Checkbox;
  parked.values = {"false"};
  AttributeSpec occlusion;
  occlusion.name = "occlusion";
  occlusion.inputType = AttributeInputType::Select;
  occlusion.isMutable = true;
  occlusion.values = {"none", "partly", "largely"};
  car.attributes = {parked, occlusion};
  labels.addLabel(car);
  Label truck;
  truck.name = "truck";
  truck.color = "#3d9df5";
  truck.type = LabelType::Cuboid3D;
  labels.addLabel(truck);
  Label pedestrian;
  pedestrian.name = "pedestrian";
  pedestrian.color = "#34d17a";
  pedestrian.type = LabelType::Cuboid3D;
  labels.addLabel(pedestrian);
  return labels;
}

std::unique_ptr<Session> Session::synthetic(int frames) {
  std::unique_ptr<Session> s(new Session);
  s->synthetic_ = true;
  s->title_ = "synthetic street";
  Task task;
  task.name = s->title_;
  task.dimension = TaskDimension::PointCloud3D;
  task.labels = defaultLidarLabels();
  for (int f = 0; f < frames; ++f) task.frames.push_back({"synthetic_" + std::to_string(f), "", {}, false});
  const LabelId car = task.labels.labelByName("car")->id;
  const LabelId truck = task.labels.labelByName("truck")->id;
  s->document_ = std::make_unique<Document>(std::move(task));
  s->undo_ = std::make_unique<UndoStack>(*s->document_);
  s->clouds_.resize(static_cast<std::size_t>(frames));

  // One track per vehicle, keyframed on the first and last frame: the frames between are
  // interpolated, as an annotator would leave them.
  const auto first = io::makeSyntheticFrame(0), last = io::makeSyntheticFrame(frames - 1);
  std::vector<AnnotationObject> tracks;
  for (std::size_t i = 0; i < first.vehicles.size(); ++i) {
    AnnotationObject track;
    track.kind = ObjectKind::Track;
    track.label = first.vehicles[i].box.scale.z() > 2.0 ? truck : car;
    for (const auto* frame : {&first, &last}) {
      ShapeState state;
      state.type = ShapeType::Cuboid3D;
      state.points = frame->vehicles[i].box.toPoints();
      track.keyframes[frame == &first ? 0 : frames - 1] = state;
    }
    tracks.push_back(track);
  }
  edits::create(*s->document_, tracks)->apply(*s->document_);  // the starting state, not an undo step
  return s;
}

std::unique_ptr<Session> Session::open(const fs::path& path) {
  std::vector<fs::path> scans;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    scans.push_back(path);
  } else if (fs::is_directory(path, ec)) {
    for (const fs::path& dir : {path, path / "velodyne", path / "velodyne_points" / "data"}) {
      if (!fs::is_directory(dir, ec)) continue;
      for (const auto& entry : fs::directory_iterator(dir, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".bin") scans.push_back(entry.path());
      if (!scans.empty()) break;
    }
    std::sort(scans.begin(), scans.end());
    if (scans.empty()) throw io::IoError(path.string(), "no KITTI .bin scans found here (looked in it, velodyne/ and velodyne_points/data/)");
  } else {
    throw io::IoError(path.string(), "no such file or folder");
  }
  for (const auto& scan : scans)
    if (scan.extension() != ".bin")
      throw io::IoError(scan.string(), "unsupported point cloud type \"" + scan.extension().string() + "\" (this build reads KITTI .bin)");

  std::unique_ptr<Session> s(new Session);
  s->title_ = path.filename().string();
  Task task;
  task.name = s->title_;
  task.dimension = TaskDimension::PointCloud3D;
  task.labels = defaultLidarLabels();
  for (const auto& scan : scans) task.frames.push_back({scan.filename().string(), scan.string(), {}, false});
  s->document_ = std::make_unique<Document>(std::move(task));
  s->undo_ = std::make_unique<UndoStack>(*s->document_);
  s->clouds_.resize(scans.size());
  s->cloud(0);  // fail now, with the file named, rather than on first paint
  return s;
}

const PointCloud& Session::cloud(int frame) {
  auto& slot = clouds_.at(static_cast<std::size_t>(frame));
  if (!slot) {
    slot = synthetic_ ? io::makeSyntheticFrame(frame).cloud : io::readKittiBin(document_->frame(frame).path);
  }
  return *slot;
}

}  // namespace labelstation::app

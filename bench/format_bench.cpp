// A long LiDAR task through every 3D format: 5,000 frames with 50 cuboids on each, as 50 tracks
// keyframed every 10 frames (250,000 cuboid instances once interpolated), exported to each 3D
// format and read back; the native project saved and loaded. Files go to a temporary folder.
//
// Each benchmark runs a few times and reports the median wall time; the summary at the end lists
// seconds per format.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "labelstation/core/geometry.h"
#include "labelstation/io/annotation_formats.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/calibration.h"
#include "labelstation/io/project.h"

namespace fs = std::filesystem;
using namespace labelstation;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kFrames = 5000;
constexpr int kObjects = 50;
constexpr int kKeyframeStep = 10;

fs::path g_dir;
io::AnnotationSet g_set;
io::ExportOptions g_options;
std::map<std::string, double> g_export, g_import;

io::AnnotationSet longTask() {
  io::AnnotationSet set;
  set.task.name = "long drive";
  set.task.dimension = TaskDimension::PointCloud3D;
  for (int f = 0; f < kFrames; ++f) {
    FrameInfo frame;
    char name[16];
    std::snprintf(name, sizeof name, "%010d", f);
    frame.name = name;
    set.task.frames.push_back(frame);
  }
  Label car;
  car.name = "car";
  car.color = "#fa3253";
  car.type = LabelType::Cuboid3D;
  AttributeSpec occlusion;
  occlusion.name = "occlusion";
  occlusion.inputType = AttributeInputType::Select;
  occlusion.isMutable = true;
  occlusion.values = {"none", "partly", "largely"};
  car.attributes = {occlusion};
  set.task.labels.addLabel(car);
  const Label* label = set.task.labels.labelByName("car");
  for (int t = 0; t < kObjects; ++t) {
    AnnotationObject track;
    track.id = t + 1;
    track.kind = ObjectKind::Track;
    track.label = label->id;
    for (int f = 0; f < kFrames; f += kKeyframeStep) {
      Cuboid3D box;
      // Cars in the camera's view ahead of the ego vehicle, drifting slowly.
      box.position = Eigen::Vector3d(8.0 + (t % 10) * 4.0 + 0.002 * f, -6.0 + (t / 10) * 3.0 + std::sin(0.001 * f), -0.9);
      box.scale = Eigen::Vector3d(4.2, 1.8, 1.5);
      box.rotation = Eigen::Vector3d(0, 0, 0.1 * std::sin(0.002 * f + t));
      ShapeState state;
      state.type = ShapeType::Cuboid3D;
      state.points = box.toPoints();
      state.attributes[label->attributes[0].id] = f % 100 == 0 ? "partly" : "none";
      track.keyframes[f] = state;
    }
    set.objects.push_back(track);
  }
  return set;
}

double seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

void exportFormat(benchmark::State& state, const io::AnnotationFormat* format) {
  std::vector<double> samples;
  const fs::path out = g_dir / ("export_" + format->id);
  for (auto _ : state) {
    fs::remove_all(out);
    const auto t0 = Clock::now();
    io::exportAnnotations(*format, g_set, out, g_options);
    samples.push_back(seconds(t0));
    state.SetIterationTime(samples.back());
  }
  g_export[format->name] = median(samples);
}

void importFormat(benchmark::State& state, const io::AnnotationFormat* format) {
  const fs::path out = g_dir / ("export_" + format->id);
  if (!fs::exists(out)) io::exportAnnotations(*format, g_set, out, g_options);
  std::vector<double> samples;
  std::size_t objects = 0;
  for (auto _ : state) {
    const auto t0 = Clock::now();
    const io::AnnotationSet back = format->importer(out, {});
    samples.push_back(seconds(t0));
    state.SetIterationTime(samples.back());
    objects = back.objects.size();
  }
  state.counters["objects"] = static_cast<double>(objects);
  g_import[format->name] = median(samples);
}

void projectSaveLoad(benchmark::State& state) {
  io::ProjectContents contents;
  contents.task = g_set.task;
  contents.objects = g_set.objects;
  const fs::path file = g_dir / "long.lsproj";
  std::vector<double> save, load;
  for (auto _ : state) {
    auto t0 = Clock::now();
    io::saveProject(file, contents);
    save.push_back(seconds(t0));
    t0 = Clock::now();
    benchmark::DoNotOptimize(io::loadProject(file));
    load.push_back(seconds(t0));
    state.SetIterationTime(save.back() + load.back());
  }
  g_export["Labelstation project (save / load)"] = median(save);
  g_import["Labelstation project (save / load)"] = median(load);
}

void prepare() {
  g_dir = fs::temp_directory_path() / ("labelstation_format_bench_" + std::to_string(::getpid()));
  fs::create_directories(g_dir);
  g_set = longTask();
  // KITTI object needs a camera: a pinhole looking along the LiDAR's x axis.
  io::Calibration calibration;
  io::CameraCalibration camera;
  camera.name = "image_02";
  camera.width = 1242;
  camera.height = 375;
  camera.K << 721.5, 0, 609.6, 0, 721.5, 172.9, 0, 0, 1;
  camera.T_cam_from_lidar.block<3, 3>(0, 0) << 0, -1, 0, 0, 0, -1, 1, 0, 0;
  calibration.cameras.push_back(camera);
  io::writeFileAtomically(g_dir / "calibration.json", io::writeCalibrationJson(calibration));
  g_options.calibration = g_dir / "calibration.json";
  for (const io::AnnotationFormat& f : io::annotationFormats()) {
    // A CVAT backup always carries the point clouds, which this task of annotations alone has not.
    if (f.dimension != TaskDimension::PointCloud3D || f.id == "cvat_backup_3d") continue;
    benchmark::RegisterBenchmark(("export/" + f.id).c_str(), exportFormat, &f)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
    benchmark::RegisterBenchmark(("import/" + f.id).c_str(), importFormat, &f)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
  }
  benchmark::RegisterBenchmark("project/save+load", projectSaveLoad)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);
}

void summary() {
  std::printf("\n%d frames, %d tracks keyframed every %d frames (%d cuboids per frame once interpolated); medians of 3 runs\n",
              kFrames, kObjects, kKeyframeStep, kObjects);
  std::printf("%-36s %10s %10s\n", "format", "export s", "import s");
  for (const auto& [name, s] : g_export) {
    const auto it = g_import.find(name);
    std::printf("%-36s %10.2f %10.2f\n", name.c_str(), s, it == g_import.end() ? NAN : it->second);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  prepare();
  benchmark::RunSpecifiedBenchmarks();
  summary();
  benchmark::Shutdown();
  fs::remove_all(g_dir);
  return 0;
}

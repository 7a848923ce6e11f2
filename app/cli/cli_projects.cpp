// labelstation-cli's project and format commands: formats, create, export, import, convert,
// validate.
#include "cli_projects.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "labelstation/io/annotation_formats.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/default_labels.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/label_json.h"
#include "labelstation/io/project.h"

namespace labelstation::cli {
namespace fs = std::filesystem;

namespace {

class Progress {
 public:
  explicit Progress(bool quiet) : quiet_(quiet), start_(std::chrono::steady_clock::now()) {}
  void step(const std::string& what) const {
    if (quiet_) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::fprintf(stderr, "[%6.2f s] %s\n", s, what.c_str());
  }

 private:
  bool quiet_;
  std::chrono::steady_clock::time_point start_;
};

const io::AnnotationFormat& formatOf(const std::string& name, bool forExport) {
  const io::AnnotationFormat* f = io::findAnnotationFormat(name);
  std::string known;
  for (const auto& g : io::annotationFormats()) known += "\n  " + g.id + "  (" + g.name + ")";
  if (!f) throw UsageError("unknown format '" + name + "'; known formats:" + known);
  if (forExport && !f->canExport()) throw UsageError("the format '" + f->name + "' cannot be exported");
  if (!forExport && !f->canImport()) throw UsageError("the format '" + f->name + "' cannot be imported");
  return *f;
}

void printWarnings(const std::vector<std::string>& warnings, bool quiet) {
  if (quiet) return;
  for (const auto& w : warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
}

io::AnnotationSet setOf(const io::ProjectContents& c) {
  io::AnnotationSet set;
  set.task = c.task;
  set.objects = c.objects;
  return set;
}

struct ObjectCounts {
  std::size_t shapes = 0, tracks = 0, tags = 0;
};

ObjectCounts countObjects(const io::AnnotationSet& set) {
  ObjectCounts n;
  for (const auto& o : set.objects) (o.kind == ObjectKind::Track ? n.tracks : o.kind == ObjectKind::Tag ? n.tags : n.shapes)++;
  return n;
}

std::string describe(const io::AnnotationSet& set) {
  const ObjectCounts n = countObjects(set);
  return std::to_string(set.task.frames.size()) + " frames, " + std::to_string(n.shapes) + " shapes, " + std::to_string(n.tracks) +
         " tracks, " + std::to_string(n.tags) + " tags";
}

}  // namespace

int listFormats() {
  std::printf("%-28s %-16s %-3s %-7s %s\n", "format", "id", "dim", "support", "what");
  for (const auto& f : io::annotationFormats()) {
    const std::string support = std::string(f.canImport() ? "import" : "") + (f.canImport() && f.canExport() ? "+" : "") +
                                (f.canExport() ? "export" : "");
    std::printf("%-28s %-16s %-3s %-7s %s\n", f.name.c_str(), f.id.c_str(), f.dimension == TaskDimension::PointCloud3D ? "3d" : "2d",
                support == "import+export" ? "both" : support.c_str(), f.summary.c_str());
  }
  return 0;
}

int createProject(const CreateOptions& o) {
  const Progress progress(o.quiet);
  std::error_code ec;
  if (fs::exists(o.project, ec)) throw io::IoError(o.project.string(), "already exists (not overwritten)");
  progress.step("scanning " + o.dataset.string());
  io::ScanOptions scan;
  fs::path dataset = o.dataset;
  if (fs::is_regular_file(o.dataset, ec)) {
    // A zip's frames must outlive this command: they are extracted beside the project.
    scan.extractTo = fs::path(o.project.string() + ".data");
    dataset = scan.extractTo;
  }
  const io::Dataset scanned = io::scanDataset(o.dataset, scan);
  printWarnings(scanned.warnings, o.quiet);
  io::ProjectContents c;
  c.dataset = fs::absolute(dataset);
  c.task = io::taskFromDataset(scanned, o.name.empty() ? fs::absolute(o.dataset).lexically_normal().filename().string() : o.name);
  // The window's labels for such data unless --labels gives others.
  c.task.labels = !o.labels.empty() ? io::readLabelJsonFile(o.labels) : scanned.is3D() ? io::defaultLidarLabels() : io::defaultImageLabels();
  io::saveProject(o.project, c);
  progress.step("created " + o.project.string() + ": " + std::to_string(c.task.frames.size()) + " " +
                (scanned.is3D() ? "point cloud" : "image") + " frames, " + std::to_string(c.task.labels.topLevelLabels().size()) + " labels");
  return 0;
}

int exportProject(const ExportCommand& o) {
  const Progress progress(o.quiet);
  const io::AnnotationFormat& format = formatOf(o.format, true);
  progress.step("reading " + o.project.string());
  const io::LoadedProject loaded = io::loadProject(o.project);
  printWarnings(loaded.warnings, o.quiet);
  if (format.dimension != loaded.contents.task.dimension)
    throw UsageError("'" + format.name + "' is a " + (format.dimension == TaskDimension::PointCloud3D ? "3D" : "2D") +
                     " format but the project is " + (loaded.contents.task.dimension == TaskDimension::PointCloud3D ? "3D" : "2D"));
  const io::AnnotationSet set = setOf(loaded.contents);
  io::ExportOptions options = o.options;
  if (options.calibration.empty()) options.calibration = loaded.contents.dataset;  // a KITTI raw drive holds its calib files
  progress.step("exporting " + describe(set) + " as " + format.name);
  // What the format could not hold is said even with --quiet: it is lost from the file.
  printWarnings(io::exportAnnotations(format, set, o.output, options), false);
  progress.step("wrote " + o.output.string());
  return 0;
}

int importIntoProject(const ImportCommand& o) {
  const Progress progress(o.quiet);
  const io::AnnotationFormat& format = formatOf(o.format, false);
  progress.step("reading " + o.project.string());
  io::LoadedProject loaded = io::loadProject(o.project);
  progress.step("reading " + o.input.string() + " as " + format.name);
  io::ImportOptions options = o.options;
  if (options.calibration.empty()) options.calibration = loaded.contents.dataset;  // KITTI object without calib/
  const io::AnnotationSet imported = format.importer(o.input, options);
  progress.step("read " + describe(imported));
  io::ImportPlan plan = io::planImport(imported, loaded.contents.task, o.options);
  printWarnings(plan.warnings, o.quiet);
  if (!plan.errors.empty()) {
    for (const auto& e : plan.errors) std::fprintf(stderr, "error: %s\n", e.c_str());
    std::fprintf(stderr, "labelstation-cli: nothing was imported (%zu problem%s)\n", plan.errors.size(), plan.errors.size() == 1 ? "" : "s");
    return kExitRefused;
  }
  io::ProjectContents& c = loaded.contents;
  if (o.options.replace) c.objects.clear();
  ObjectId next = 1;
  for (const auto& obj : c.objects) next = std::max(next, obj.id + 1);
  for (AnnotationObject& obj : plan.objects) {
    obj.id = next++;
    c.objects.push_back(std::move(obj));
  }
  c.task.labels = plan.labels;
  io::saveProject(o.project, c);
  std::string created;
  for (const auto& l : plan.createdLabels) created += (created.empty() ? " (new labels: " : ", ") + l;
  if (!created.empty()) created += ")";
  progress.step(std::string(o.options.replace ? "replaced the annotations with " : "added ") + std::to_string(plan.objects.size()) +
                " objects" + created + "; saved " + o.project.string());
  return 0;
}

int convert(const ConvertCommand& o) {
  const Progress progress(o.quiet);
  const io::AnnotationFormat& from = formatOf(o.from, false);
  const io::AnnotationFormat& to = formatOf(o.to, true);
  if (from.dimension != to.dimension) throw UsageError("cannot convert between a 2D and a 3D format ('" + from.name + "' → '" + to.name + "')");
  progress.step("reading " + o.input.string() + " as " + from.name);
  const io::AnnotationSet set = from.importer(o.input, {});
  printWarnings(set.warnings, o.quiet);
  progress.step("writing " + describe(set) + " as " + to.name);
  printWarnings(io::exportAnnotations(to, set, o.output, o.options), false);
  progress.step("wrote " + o.output.string());
  return 0;
}

int validate(const ValidateCommand& o) {
  const io::AnnotationFormat& format = formatOf(o.format, false);
  const io::AnnotationSet set = format.importer(o.input, {});
  const ObjectCounts n = countObjects(set);
  nlohmann::ordered_json out = {{"format", format.name}, {"frames", set.task.frames.size()}, {"labels", set.task.labels.topLevelLabels().size()},
                                {"shapes", n.shapes},    {"tracks", n.tracks},              {"tags", n.tags},
                                {"warnings", set.warnings}};
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace labelstation::cli

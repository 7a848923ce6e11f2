// labelstation-cli: batch work without a GUI.
//   labelstation-cli info PATH              describe a point cloud, image, video, dataset folder or zip (JSON)
//   labelstation-cli labels FILE            check a CVAT raw label JSON and list its labels
//   labelstation-cli sample-data DIR        write the synthetic street datasets (3D KITTI raw + 2D)
//   labelstation-cli formats | create | export | import | convert | validate   (cli_projects.h)

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <new>

#include <nlohmann/json.hpp>

#include "cli_projects.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"
#include "labelstation/io/point_cloud_io.h"
#include "labelstation/io/label_json.h"
#include "labelstation/io/synthetic_street.h"

namespace fs = std::filesystem;
using namespace labelstation;

namespace {

// One JSON object on one line describing a cloud, an image or a dataset.
int info(const std::string& path) {
  nlohmann::ordered_json out;  // keys in the order the docs give them
  std::error_code ec;
  if (fs::is_regular_file(path, ec) && io::isPointCloudFile(path)) {
    io::CloudFileInfo fileInfo;
    const PointCloud cloud = io::readPointCloud(path, &fileInfo);
    const auto b = cloud.bounds();
    const auto& o = cloud.origin;
    out = {{"type", "pointcloud"},
           {"format", fileInfo.format},
           {"points", cloud.size()},
           {"fields", fileInfo.fields},
           {"dropped_invalid", fileInfo.droppedInvalid},
           {"bounds", {{"min", {b[0] + o[0], b[1] + o[1], b[2] + o[2]}}, {"max", {b[3] + o[0], b[4] + o[1], b[5] + o[2]}}}}};
    if (fileInfo.height > 1) out["organized"] = {fileInfo.width, fileInfo.height};
  } else if (fs::is_regular_file(path, ec) && io::isImageFile(path)) {
    const io::Image image = io::readImage(path);
    out = {{"type", "image"}, {"width", image.width}, {"height", image.height},
           {"channels", image.sourceChannels}, {"bit_depth", image.sourceBitDepth}};
  } else if (fs::is_regular_file(path, ec) && io::isVideoFile(path)) {
    const io::VideoSource video(path);
    out = {{"type", "video"}, {"frames", video.frameCount()}, {"fps", video.fps()},
           {"width", video.width()}, {"height", video.height()}};
  } else {
    const io::Dataset dataset = io::scanDataset(path);
    out = {{"type", "dataset"},
           {"dimension", dataset.is3D() ? "3d" : "2d"},
           {"layout", std::string(io::toString(dataset.layout))},
           {"frames", dataset.frames.size()},
           {"related_images", dataset.relatedImageCount()}};
    if (!dataset.calibrationFiles.empty()) out["calibration_files"] = dataset.calibrationFiles.size();
    if (!dataset.warnings.empty()) out["warnings"] = dataset.warnings;
    if (dataset.extracted) fs::remove_all(dataset.root, ec);
  }
  std::cout << out.dump() << "\n";
  return 0;
}

int checkLabels(const std::string& file) {
  const LabelSchema schema = io::readLabelJsonFile(file);
  for (const Label* label : schema.topLevelLabels()) {
    std::cout << label->name << "  " << toString(label->type) << "  " << label->color;
    if (!label->attributes.empty()) std::cout << "  " << label->attributes.size() << " attribute(s)";
    if (!label->sublabels.empty())
      std::cout << "  " << label->sublabels.size() << " point(s), " << label->edges.size() << " edge(s)";
    std::cout << "\n";
  }
  std::cout << schema.topLevelLabels().size() << " label(s), valid\n";
  return 0;
}

int writeSampleData(const std::string& dir, int frames, int images) {
  io::writeSampleData(dir, {frames, images});
  std::cout << "wrote " << frames << " LiDAR frames to " << (fs::path(dir) / "lidar_street").string() << " and " << images
            << " images to " << (fs::path(dir) / "images_street").string() << "\n";
  return 0;
}

// "A-B", "A-" or "-B" (inclusive frame numbers) into the export options.
void parseFrameRange(const std::string& range, io::ExportOptions& options) {
  const std::size_t dash = range.find('-');
  if (range.empty() || dash == std::string::npos) throw cli::UsageError("--frames expects A-B, A- or -B, got '" + range + "'");
  try {
    if (dash > 0) options.firstFrame = std::stoi(range.substr(0, dash));
    if (dash + 1 < range.size()) options.lastFrame = std::stoi(range.substr(dash + 1));
  } catch (const std::exception&) {
    throw cli::UsageError("--frames expects frame numbers, got '" + range + "'");
  }
  if (options.firstFrame && options.lastFrame && *options.firstFrame > *options.lastFrame)
    throw cli::UsageError("--frames: the first frame comes after the last");
}

void addExportOptions(CLI::App* command, io::ExportOptions& options, std::string& frames) {
  command->add_flag("--save-media", options.saveMedia, "copy the images / point clouds into the output");
  command->add_option("--frames", frames, "frame range A-B (inclusive; A- or -B for open ends)");
  command->add_flag("--only-keyframes", options.onlyKeyframes, "tracks keep only their keyframes");
  command->add_flag("!--keep-deleted", options.skipDeletedFrames, "export deleted frames as normal frames (default: skip them)");
  command->add_option("--calibration", options.calibration,
                      "KITTI object: calibration (KITTI raw drive folder, calib/<id>.txt or calibration JSON; "
                      "export defaults to the project's dataset folder)");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Labelstation batch tool"};
  app.footer(
      "Exit codes: 0 done; 1 a file could not be read or written (the message names it and the problem);\n"
      "2 bad arguments (unknown format, 2D/3D mismatch, ...); 3 import refused (unknown labels, frames not in\n"
      "the task; nothing was changed). Progress goes to stderr (--quiet silences it), results to stdout.");
  app.require_subcommand(1);
  std::string labelFile, sampleDir, infoPath;
  auto* infoCommand = app.add_subcommand("info", "Describe a point cloud, an image, or a dataset folder or zip, as one JSON object");
  infoCommand->add_option("path", infoPath, "file, folder or .zip")->required();
  int frames = 12, images = 6;
  auto* labels = app.add_subcommand("labels", "Check a CVAT raw label JSON file and list its labels");
  labels->add_option("file", labelFile, "the JSON file")->required();
  auto* sample = app.add_subcommand("sample-data", "Write the synthetic street: a KITTI raw LiDAR sequence with stereo images, and a 2D image set");
  sample->add_option("dir", sampleDir, "output folder")->required();
  sample->add_option("-n,--frames", frames, "LiDAR frames")->check(CLI::Range(1, 10000));
  sample->add_option("--images", images, "2D images")->check(CLI::Range(0, 1000));

  auto* formats = app.add_subcommand("formats", "List the annotation formats with their import / export support");

  cli::CreateOptions create;
  auto* createCommand = app.add_subcommand("create", "Create a project over a dataset folder or zip");
  createCommand->add_option("project", create.project, "the project file to write (.lsproj)")->required();
  createCommand->add_option("--data", create.dataset, "dataset folder or zip (any layout `info` recognises)")->required();
  createCommand->add_option("--labels", create.labels, "CVAT raw label JSON");
  createCommand->add_option("--name", create.name, "task name (default: the dataset's folder name)");
  createCommand->add_flag("-q,--quiet", create.quiet, "no progress on stderr");

  cli::ExportCommand exportArgs;
  std::string exportFrames;
  auto* exportCommand = app.add_subcommand("export", "Export a project's annotations");
  exportCommand->add_option("project", exportArgs.project, "the project file")->required();
  exportCommand->add_option("--format", exportArgs.format, "format name or id (see `formats`)")->required();
  exportCommand->add_option("-o,--output", exportArgs.output, "output file, folder or .zip")->required();
  addExportOptions(exportCommand, exportArgs.options, exportFrames);
  exportCommand->add_flag("-q,--quiet", exportArgs.quiet, "no progress on stderr");

  cli::ImportCommand importArgs;
  auto* importCommand = app.add_subcommand("import", "Import annotations into a project (all or nothing)");
  importCommand->add_option("project", importArgs.project, "the project file")->required();
  importCommand->add_option("input", importArgs.input, "annotation file, folder or zip")->required();
  importCommand->add_option("--format", importArgs.format, "format name or id (see `formats`)")->required();
  importCommand->add_flag("--replace", importArgs.options.replace, "replace the project's annotations (default: append)");
  importCommand->add_flag("--create-labels", importArgs.options.createMissingLabels, "add labels the project lacks instead of refusing");
  importCommand->add_flag("--masks-to-polygons", importArgs.options.masksToPolygons, "turn masks into polygons (one per outer contour)");
  importCommand->add_flag("-q,--quiet", importArgs.quiet, "no progress on stderr");

  cli::ConvertCommand convertArgs;
  std::string convertFrames;
  auto* convertCommand = app.add_subcommand("convert", "Convert annotations from one format to another");
  convertCommand->add_option("input", convertArgs.input, "annotation file, folder or zip")->required();
  convertCommand->add_option("--from", convertArgs.from, "input format")->required();
  convertCommand->add_option("--to", convertArgs.to, "output format")->required();
  convertCommand->add_option("-o,--output", convertArgs.output, "output file, folder or .zip")->required();
  addExportOptions(convertCommand, convertArgs.options, convertFrames);
  convertCommand->add_flag("-q,--quiet", convertArgs.quiet, "no progress on stderr");

  cli::ValidateCommand validateArgs;
  auto* validateCommand = app.add_subcommand("validate", "Read annotations and print what they hold (JSON), or the first problem");
  validateCommand->add_option("input", validateArgs.input, "annotation file, folder or zip")->required();
  validateCommand->add_option("--format", validateArgs.format, "format name or id")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return cli::kExitUsage;
  }
  try {
    if (*infoCommand) return info(infoPath);
    if (*labels) return checkLabels(labelFile);
    if (*sample) return writeSampleData(sampleDir, frames, images);
    if (*formats) return cli::listFormats();
    if (*createCommand) return cli::createProject(create);
    if (*exportCommand) {
      if (!exportFrames.empty()) parseFrameRange(exportFrames, exportArgs.options);
      return cli::exportProject(exportArgs);
    }
    if (*importCommand) return cli::importIntoProject(importArgs);
    if (*convertCommand) {
      if (!convertFrames.empty()) parseFrameRange(convertFrames, convertArgs.options);
      return cli::convert(convertArgs);
    }
    if (*validateCommand) return cli::validate(validateArgs);
  } catch (const cli::UsageError& e) {
    std::cerr << "labelstation-cli: " << e.what() << "\n";
    return cli::kExitUsage;
  } catch (const std::bad_alloc&) {  // readers bound what files declare; this is a file too large for memory
    const std::string input = *infoCommand ? infoPath : *labels ? labelFile : *createCommand ? create.dataset.string()
                            : *exportCommand ? exportArgs.project.string() : *importCommand ? importArgs.input.string()
                            : *convertCommand ? convertArgs.input.string() : *validateCommand ? validateArgs.input.string() : "";
    std::cerr << "labelstation-cli: " << (input.empty() ? "" : input + ": ") << "not enough memory to read it\n";
    return cli::kExitFileError;
  } catch (const std::exception& e) {  // io::IoError names the file and the problem
    std::cerr << "labelstation-cli: " << e.what() << "\n";
    return cli::kExitFileError;
  }
  return cli::kExitOk;
}

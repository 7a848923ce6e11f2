// labelstation-cli: batch work without a GUI.
//   labelstation-cli info PATH              describe a point cloud, image, video, dataset folder or zip (JSON)
//   labelstation-cli labels FILE            check a CVAT raw label JSON and list its labels
//   labelstation-cli sample-data DIR        write the synthetic street datasets (3D KITTI raw + 2D)

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

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

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Labelstation batch tool"};
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
  CLI11_PARSE(app, argc, argv);
  try {
    if (*infoCommand) return info(infoPath);
    if (*labels) return checkLabels(labelFile);
    if (*sample) return writeSampleData(sampleDir, frames, images);
  } catch (const io::IoError& e) {
    std::cerr << "labelstation-cli: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "labelstation-cli: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

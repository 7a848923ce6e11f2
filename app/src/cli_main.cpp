// labelstation-cli: batch work without a GUI.
//   labelstation-cli labels FILE            check a CVAT raw label JSON and list its labels
//   labelstation-cli sample-data DIR [-n N] write the synthetic street sequence as KITTI scans

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "labelstation/io/errors.h"
#include "labelstation/io/kitti_bin.h"
#include "labelstation/io/label_json.h"
#include "labelstation/io/synthetic_scene.h"

namespace fs = std::filesystem;
using namespace labelstation;

namespace {

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

int writeSampleData(const std::string& dir, int frames) {
  const fs::path velodyne = fs::path(dir) / "velodyne";
  fs::create_directories(velodyne);
  for (int f = 0; f < frames; ++f) {
    char name[32];
    std::snprintf(name, sizeof name, "%06d.bin", f);
    io::writeKittiBin(velodyne / name, io::makeSyntheticFrame(f).cloud);
  }
  std::cout << "wrote " << frames << " scans to " << velodyne.string() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Labelstation batch tool"};
  app.require_subcommand(1);
  std::string labelFile, sampleDir;
  int frames = 5;
  auto* labels = app.add_subcommand("labels", "Check a CVAT raw label JSON file and list its labels");
  labels->add_option("file", labelFile, "the JSON file")->required();
  auto* sample = app.add_subcommand("sample-data", "Write the synthetic street sequence as KITTI .bin scans");
  sample->add_option("dir", sampleDir, "output folder (scans go to DIR/velodyne)")->required();
  sample->add_option("-n,--frames", frames, "number of frames")->check(CLI::Range(1, 10000));
  CLI11_PARSE(app, argc, argv);
  try {
    if (*labels) return checkLabels(labelFile);
    if (*sample) return writeSampleData(sampleDir, frames);
  } catch (const io::IoError& e) {
    std::cerr << "labelstation-cli: " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "labelstation-cli: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

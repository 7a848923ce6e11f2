#pragma once
// Helpers shared by the format tests: a fresh folder per test, the shared fixtures (and
// REQUIRE_FIXTURE to skip without them), importing and exporting by format name, reading files
// back, and counting and looking into imported cuboids.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>

#include "../temp_dir.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/io/annotation_formats.h"
#include "labelstation/io/errors.h"
#include "set_compare.h"

// Skips the test when the shared fixtures (outside this repository) are not checked out.
#define REQUIRE_FIXTURE(p) \
  if (!std::filesystem::exists(p)) GTEST_SKIP() << "shared fixtures not present: " << (p)

namespace labelstation::io::testing {

using Json = nlohmann::json;

// A file or folder of the external fixtures (files written by the tools that own the formats).
inline std::filesystem::path externalFixture(const std::string& path) {
  return std::filesystem::path(LABELSTATION_SHARED_DIR) / "fixtures/external" / path;
}

// datumaro's KITTI Raw sample, which the point cloud format tests export.
inline std::filesystem::path kittiRawFixture() {
  return externalFixture("cvat-ai-datumaro/tests/assets/kitti_dataset/kitti_raw");
}

inline AnnotationSet importAs(const std::string& format, const std::filesystem::path& path) {
  return findAnnotationFormat(format)->importer(path, {});
}

inline void exportAs(const std::string& format, const AnnotationSet& set, const std::filesystem::path& path,
                     const ExportOptions& options = {}) {
  exportAnnotations(*findAnnotationFormat(format), set, path, options);
}

inline ExportOptions withMedia() {
  ExportOptions options;
  options.saveMedia = true;
  return options;
}

// A test of one format (importing and exporting through it), with a fresh folder `dir_` removed
// when the test ends.
class FormatFolderTest : public ::testing::Test {
 protected:
  explicit FormatFolderTest(std::string format)
      : format_(std::move(format)), folder_(format_ + "-test"), dir_(folder_.path()) {}

  AnnotationSet importSet(const std::filesystem::path& path) const { return importAs(format_, path); }
  void exportSet(const AnnotationSet& set, const std::filesystem::path& path, const ExportOptions& options = {}) const {
    exportAs(format_, set, path, options);
  }

  void write(const std::filesystem::path& path, const std::string& text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }

  // The IoError message for importing `path`; fails the test when nothing is thrown.
  std::string importError(const std::filesystem::path& path) {
    try {
      importAs(format_, path);
    } catch (const IoError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no IoError for " << path;
    return {};
  }

 private:
  std::string format_;
  labelstation::testing::TempDir folder_;

 protected:
  const std::filesystem::path dir_;
};

// `text` with the first `from` replaced by `to`; fails the test when `from` is not there.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

inline Json readJson(const std::filesystem::path& file) {
  std::ifstream in(file);
  return Json::parse(in);
}

// The regular files below `root`, as generic paths relative to it.
// The files below `root`, relative, without the marker every folder export holds
// (.labelstation-export, so that the next export may replace the folder).
inline std::set<std::string> filesBelow(const std::filesystem::path& root) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().filename() != ".labelstation-export")
      out.insert(std::filesystem::relative(e.path(), root).generic_string());
  return out;
}

// Cuboids drawn on each frame (shapes plus visible track frames), as datumaro counts annotations.
inline int visibleCuboids(const AnnotationSet& set) {
  int n = 0;
  for (const auto& o : set.objects)
    for (int f = 0; f < static_cast<int>(set.task.frames.size()); ++f) n += isVisibleAt(o, f) ? 1 : 0;
  return n;
}

// The value of the shape attribute `name` of `o`, or "<none>" when it has none.
inline std::string attributeNamed(const AnnotationSet& set, const AnnotationObject& o, const std::string& name) {
  const std::map<std::string, std::string> named = namedAttributes(set.task.labels, o.label, o.shape.attributes);
  const auto it = named.find(name);
  return it == named.end() ? "<none>" : it->second;
}

}  // namespace labelstation::io::testing

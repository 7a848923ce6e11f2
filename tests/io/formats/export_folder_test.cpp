// Folder exports are atomic and replace what was there; leftovers of interrupted saves and
// exports are cleaned by the next save or export beside them.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <set>

#include "format_test_support.h"
#include "labelstation/io/atomic_file.h"
#include "sample_sets.h"

namespace labelstation::io::testing {
namespace {

namespace fs = std::filesystem;

// Names in `dir` that start with '.' and contain `what` (staging folders, temporary copies).
std::vector<std::string> hidden(const fs::path& dir, const std::string& what) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find(what) != std::string::npos) out.push_back(name);
  }
  return out;
}

// A pid no process has: a child that has exited and been reaped.
long deadPid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

void makeOld(const fs::path& p) { fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::hours(1)); }

class ExportFolder : public FormatFolderTest {
 protected:
  ExportFolder() : FormatFolderTest("kitti_raw") {}
};

TEST_F(ExportFolder, AShorterExportReplacesALongerOne) {
  const fs::path out = dir_ / "export";
  exportSet(sampleCuboidSet(), out);  // 6 frames
  EXPECT_EQ(importSet(out).task.frames.size(), 6u);
  std::ofstream(out / "stray.txt") << "left by hand";  // replaced too: the folder is an export
  ExportOptions three;
  three.lastFrame = 2;
  exportSet(sampleCuboidSet(), out, three);
  EXPECT_EQ(importSet(out).task.frames.size(), 3u);
  EXPECT_FALSE(fs::exists(out / "stray.txt"));
  EXPECT_TRUE(fs::exists(out / ".labelstation-export"));
  EXPECT_TRUE(hidden(dir_, ".staging").empty());
  EXPECT_TRUE(hidden(dir_, ".old").empty());
}

TEST_F(ExportFolder, AFolderOfOtherFilesIsRefusedAndKept) {
  const fs::path out = dir_ / "my_data";
  fs::create_directories(out);
  std::ofstream(out / "precious.pcd") << "not ours";
  try {
    exportSet(sampleCuboidSet(), out);
    FAIL() << "exported over a folder of other files";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("not a Labelstation export"), std::string::npos) << e.what();
  }
  EXPECT_EQ(filesBelow(out), std::set<std::string>{"precious.pcd"});
  EXPECT_TRUE(hidden(dir_, ".staging").empty());
}

TEST_F(ExportFolder, ACancelledExportLeavesTheEarlierOne) {
  const fs::path out = dir_ / "export";
  exportSet(sampleCuboidSet(), out);
  const std::set<std::string> before = filesBelow(out);
  AnnotationSet set = sampleCuboidSet();
  ExportOptions cancel;
  cancel.saveMedia = true;
  cancel.progress = [](std::size_t, std::size_t) { return false; };
  for (auto& f : set.task.frames) f.path = "/nonexistent";  // never reached: cancelled first
  EXPECT_THROW(exportSet(set, out, cancel), ExportCancelled);
  EXPECT_EQ(filesBelow(out), before);
  EXPECT_TRUE(hidden(dir_, ".staging").empty());
}

TEST_F(ExportFolder, LeftoversOfDeadProcessesAreCleanedByTheNextExport) {
  const fs::path out = dir_ / "export";
  const long dead = deadPid();
  const fs::path staging = dir_ / (".export.staging" + std::to_string(dead) + "_0");
  const fs::path old = dir_ / (".export.old" + std::to_string(dead) + "_3");
  const fs::path live = dir_ / (".export.staging" + std::to_string(::getppid()) + "_0");
  const fs::path fresh = dir_ / (".export.staging" + std::to_string(deadPid()) + "_1");
  for (const fs::path& p : {staging, old, live, fresh}) {
    fs::create_directories(p / "label_2");
    std::ofstream(p / "label_2" / "000000.txt") << "half written";
  }
  for (const fs::path& p : {staging, old, live}) makeOld(p);
  exportSet(sampleCuboidSet(), out);
  EXPECT_FALSE(fs::exists(staging));
  EXPECT_FALSE(fs::exists(old));
  EXPECT_TRUE(fs::exists(live)) << "a running process's staging folder was removed";
  EXPECT_TRUE(fs::exists(fresh)) << "a leftover modified in the last minute was removed";
}

TEST_F(ExportFolder, LeftoversOfSavesAndZipsAreCleanedByTheNextSave) {
  const fs::path project = dir_ / "task.lsproj";
  const long dead = deadPid();
  const fs::path tmp = dir_ / (".task.lsproj.tmp" + std::to_string(dead) + "_7");
  const fs::path other = dir_ / (".other.lsproj.tmp" + std::to_string(dead) + "_7");
  std::ofstream(tmp) << "7.5 MB of a project once";
  std::ofstream(other) << "another file's";
  makeOld(tmp);
  makeOld(other);
  writeFileAtomically(project, "{}");
  EXPECT_FALSE(fs::exists(tmp));
  EXPECT_TRUE(fs::exists(other)) << "only the saved file's leftovers are cleaned";

  const fs::path zip = dir_ / "export.zip";
  const fs::path partial = dir_ / ("export.zip.partial-" + std::to_string(dead));
  std::ofstream(partial) << "PK";
  makeOld(partial);
  exportSet(sampleCuboidSet(), zip);
  EXPECT_FALSE(fs::exists(partial));
  EXPECT_EQ(importSet(zip).task.frames.size(), 6u);
}

}  // namespace
}  // namespace labelstation::io::testing

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>

#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

int entriesIn(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    (void)e;
    ++n;
  }
  return n;
}

fs::path tempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("labelstation_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(AtomicFile, WritesAndReplacesLeavingNoTemporaries) {
  const fs::path dir = tempDir("atomic");
  const fs::path file = dir / "project.json";
  writeFileAtomically(file, "first");
  writeFileAtomically(file, "second version");
  EXPECT_EQ(readWholeFile(file), "second version");
  EXPECT_EQ(entriesIn(dir), 1) << "no temporary file is left behind";
  fs::remove_all(dir);
}

TEST(AtomicFile, FailedSaveKeepsTheOldFile) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
  const fs::path dir = tempDir("readonly");
  const fs::path file = dir / "project.json";
  writeFileAtomically(file, "precious work");
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  EXPECT_THROW(writeFileAtomically(file, "new"), IoError);
  fs::permissions(dir, fs::perms::owner_all);
  EXPECT_EQ(readWholeFile(file), "precious work");
  fs::remove_all(dir);
}

TEST(AtomicFile, MissingFolderIsAClearError) {
  try {
    writeFileAtomically("/nonexistent-folder/x.json", "data");
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-folder/x.json"), std::string::npos);
  }
}

TEST(AtomicFile, SaveOverAFolderFailsAndKeepsIt) {
  const fs::path dir = tempDir("overdir");
  fs::create_directories(dir / "target");
  EXPECT_THROW(writeFileAtomically(dir / "target", "x"), IoError);
  EXPECT_TRUE(fs::is_directory(dir / "target"));
  EXPECT_EQ(entriesIn(dir), 1) << "the temporary file is cleaned up";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace labelstation::io

#pragma once
// Work that outlives a crash: every open task is registered in a recovery folder (the
// application's data folder) for as long as it is open, so the next start can offer what a killed
// or crashed session left unsaved, as office suites do.
//
// A registration is a small JSON file, `<id>.recovery`, that the live session keeps locked
// (flock): the kernel drops the lock when the process dies however it dies, so a registration
// whose lock is free belongs to no running session. It names the task's source (a dataset folder,
// zip or file, "synthetic" for the built-in street, or a project) and the project file its
// changes are journalled in: the user's own project (its journal sits beside it), or, for an
// untitled task, `<id>.lsproj` in the recovery folder, written at its first change.
//
//   {"title": "lidar_street", "source": "/data/lidar_street", "project": "/…/recovery/ab12.lsproj",
//    "untitled": true, "started": 1796000000}

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "labelstation/io/project.h"

namespace labelstation::io {

// The source of the synthetic street (it has no files).
inline constexpr const char* kSyntheticSource = "synthetic";

struct RecoveryRecord {
  std::filesystem::path registration;  // the <id>.recovery file
  std::string title;
  std::string source;             // dataset path, kSyntheticSource, or the project for a project
  std::filesystem::path project;  // where the changes are journalled
  bool untitled = true;           // the project is the recovery folder's own, not the user's
  std::int64_t started = 0;       // seconds since the epoch
  std::int64_t lastChange = 0;    // … of the journal's last write (the project's when none)
  std::size_t changes = 0;        // change batches journalled since the last save
};

// A live session's registration: holds the lock until it is released or destroyed. Destroying it
// keeps the files (unsaved work stays recoverable); release() removes them.
class RecoveryClaim {
 public:
  // Registers a task. `project`: the user's project, or empty for an untitled task (its recovery
  // project is made by startUntitledJournal). Throws IoError naming the folder.
  static std::unique_ptr<RecoveryClaim> create(const std::filesystem::path& folder, const std::string& title,
                                               const std::string& source, const std::filesystem::path& project);
  // Takes over an orphaned registration (its lock must be free): nullptr when another session
  // took it first.
  static std::unique_ptr<RecoveryClaim> adopt(const RecoveryRecord& record);
  ~RecoveryClaim();
  RecoveryClaim(const RecoveryClaim&) = delete;
  RecoveryClaim& operator=(const RecoveryClaim&) = delete;

  const RecoveryRecord& record() const { return record_; }
  // For an untitled task: writes its recovery project (the document as it is now, labels and all)
  // and returns a journal on it, so every later change is on disk before the edit returns.
  std::unique_ptr<ProjectJournal> startUntitledJournal(Document& document, const std::string& source);
  // The work is saved as a project (or the task now is one): the registration follows it, and an
  // untitled recovery project is removed.
  void becomeProject(const std::filesystem::path& project);
  // Unregisters: nothing is left to recover (the work was saved, or the user discarded it). An
  // untitled task's recovery project and journal go too; a user's project is never touched here.
  void release();

 private:
  RecoveryClaim() = default;
  void write();
  RecoveryRecord record_;
  int fd_ = -1;  // the registration, locked
};

// Registrations no running session holds, with the work they point to (changes counted from the
// journal). Untitled ones without a recovery project (no change was ever made) and projects
// whose journal holds no change are removed on the way, as are unreadable registrations.
std::vector<RecoveryRecord> findOrphanedWork(const std::filesystem::path& folder);
// Removes an orphan's registration and, when untitled, its recovery project (never a user's).
void discardOrphanedWork(const RecoveryRecord& record);

}  // namespace labelstation::io

#pragma once
// What the window works on: the document, its undo stack, and the frames' data behind a frame
// cache, so the UI thread never waits on disk. A 3D session comes from a dataset folder or zip
// (any layout the scanner knows) or, with nothing opened, from the synthetic street with tracked
// objects, so there is something to annotate right away.

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "labelstation/core/document.h"
#include "labelstation/core/undo_stack.h"
#include "labelstation/io/calibration.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/default_labels.h"
#include "labelstation/io/frame_cache.h"
#include "labelstation/io/project.h"
#include "labelstation/io/recovery.h"

namespace labelstation::app {

class Session {
 public:
  static std::unique_ptr<Session> synthetic(int frames = 10);
  // A point cloud file, a folder or zip in any layout io::scanDataset knows, or a project
  // (.lsproj, see openProject). Throws io::IoError naming the path when nothing loadable is there.
  static std::unique_ptr<Session> open(const std::filesystem::path& path);
  // A new task over a dataset with the given labels (CVAT's raw label JSON, or the default
  // labels for its kind of data when `labels` is empty): File > New task.
  static std::unique_ptr<Session> newTask(const std::filesystem::path& dataset, const LabelSchema& labels);
  // A Labelstation project: its annotations, with the changes its journal holds from a session
  // that ended without saving, over its frames. Every change is journalled from then on.
  static std::unique_ptr<Session> openProject(const std::filesystem::path& file);
  // The work a session that ended without saving left (io::findOrphanedWork): its project, or its
  // source opened again with the journalled labels, objects and deleted frames. Unsaved until saved;
  // it stays registered under the same entry. Throws io::IoError naming the source when it cannot
  // be opened or no longer has the frames the work was made on.
  static std::unique_ptr<Session> recover(const io::RecoveryRecord& record);
  ~Session();

  // Registers the session in the recovery folder (see io/recovery.h): from its first change an
  // untitled task is journalled there, a project in its own journal, and a session that ends
  // without saving is offered at the next start. Throws io::IoError naming the folder.
  void registerForRecovery(const std::filesystem::path& folder);
  bool isRegisteredForRecovery() const { return recovery_ != nullptr; }
  // Forgets the unsaved changes on disk (the user chose Discard): a project's journal starts
  // afresh, an untitled task's recovery files go. The document itself is left as it is.
  void discardUnsavedChanges();

  // The project file, empty until the session is saved as one.
  const std::filesystem::path& projectFile() const { return projectFile_; }
  // Saves to the project file (atomically, previous version kept as .bak); saveAs writes a new
  // project and journals there from then on. Throw io::IoError naming the file.
  void save();
  void saveAs(const std::filesystem::path& file);
  // Autosave on the project's interval (io::ProjectJournal::autosaveIfDue); false without a project.
  bool autosaveIfDue(std::chrono::steady_clock::time_point now);
  io::ProjectSettings& settings() { return settings_; }
  // Changes not yet saved: journalled ones in a project; in an untitled task, any since it opened
  // that were not undone (recovered work counts until saved).
  bool hasUnsavedChanges() const;
  // What opening found worth telling: changes recovered from the journal, journal problems.
  const std::vector<std::string>& notices() const { return notices_; }
  // The cameras' calibration found beside the data (KITTI raw calib_*.txt or calibration.json).
  const io::Calibration* calibration() const { return calibration_ ? &*calibration_ : nullptr; }
  // The camera a frame's related image was taken with: the calibrated camera named like a folder
  // of the image's path (image_02/data/…), else the one at the image's index; null when none.
  const io::CameraCalibration* cameraFor(int frame, std::size_t image) const;
  // The journal's first write error since the last save (crash recovery is off until a save).
  std::string journalError() const { return journal_ ? journal_->error() : std::string(); }

  Document& document() { return *document_; }
  UndoStack& undoStack() { return *undo_; }
  std::string title() const { return title_; }
  const io::Dataset* dataset() const { return dataset_ ? &*dataset_ : nullptr; }
  // A zip's point clouds and images are extracted in the background after opening (each frame
  // extracts what it needs first); this extracts the rest now, for work that reads the files
  // directly (exports copy them). False when `stop` ended it early. Throws io::IoError naming
  // the zip and a damaged entry.
  bool extractAllMedia(const std::atomic<bool>* stop = nullptr);

  // The frame's data (or its load error) when loaded; nullopt while it loads, and then the
  // ready callback fires (on the cache's worker thread) with its number.
  std::optional<io::FrameCache::Result> frame(int index) { return cache_->tryGet(index); }
  io::FrameCache::Result waitFrame(int index) { return cache_->wait(index); }
  void onFrameReady(std::function<void(int)> callback) { cache_->onReady(std::move(callback)); }

 private:
  Session() = default;
  static std::unique_ptr<Session> openDataset(const std::filesystem::path& path, const LabelSchema& labels);
  // A video file, each of its frames a frame of an image task named as CVAT names them.
  static std::unique_ptr<Session> openVideo(const std::filesystem::path& path, const LabelSchema& labels);
  void start(Task task, std::shared_ptr<io::FrameSource> source);
  void start(std::unique_ptr<Document> document, std::shared_ptr<io::FrameSource> source);
  // An untitled task's changes reach its recovery journal (made at the first change).
  void journalUntitledChanges();
  std::filesystem::path datasetPath() const;

  std::unique_ptr<Document> document_;
  std::unique_ptr<UndoStack> undo_;
  std::optional<io::Dataset> dataset_;
  std::unique_ptr<io::FrameCache> cache_;
  std::string title_;
  std::filesystem::path projectFile_;
  io::ProjectSettings settings_;
  std::string source_;  // what recovery reopens: the dataset, io::kSyntheticSource or the project
  std::unique_ptr<io::RecoveryClaim> recovery_;
  std::filesystem::path recoveryFolder_;
  int firstChangeToken_ = -1;  // an untitled task waiting for its first change
  bool recovered_ = false;     // holds recovered work not yet saved
  std::unique_ptr<io::ProjectJournal> journal_;  // after the document, so it unsubscribes first
  std::vector<std::string> notices_;
  std::optional<io::Calibration> calibration_;
  std::atomic<bool> stopExtracting_{false};
  std::thread extractor_;  // fills a zip's deferred media; joined before the files go
  void loadCalibration();
};

using io::defaultImageLabels;
using io::defaultLidarLabels;

}  // namespace labelstation::app

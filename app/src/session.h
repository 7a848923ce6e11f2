#pragma once
// What the window works on: the document, its undo stack, and the frames' data behind a frame
// cache, so the UI thread never waits on disk. A 3D session comes from a dataset folder or zip
// (any layout the scanner knows) or, with nothing opened, from the synthetic street with tracked
// objects, so there is something to annotate right away.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "labelstation/core/document.h"
#include "labelstation/core/undo_stack.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/frame_cache.h"

namespace labelstation::app {

class Session {
 public:
  static std::unique_ptr<Session> synthetic(int frames = 10);
  // A point cloud file, or a folder or zip in any layout io::scanDataset knows. Throws
  // io::IoError naming the path when nothing loadable is there.
  static std::unique_ptr<Session> open(const std::filesystem::path& path);
  ~Session();

  Document& document() { return *document_; }
  UndoStack& undoStack() { return *undo_; }
  std::string title() const { return title_; }
  const io::Dataset* dataset() const { return dataset_ ? &*dataset_ : nullptr; }

  // The frame's data (or its load error) when loaded; nullopt while it loads, and then the
  // ready callback fires (on the cache's worker thread) with its number.
  std::optional<io::FrameCache::Result> frame(int index) { return cache_->tryGet(index); }
  io::FrameCache::Result waitFrame(int index) { return cache_->wait(index); }
  void onFrameReady(std::function<void(int)> callback) { cache_->onReady(std::move(callback)); }

 private:
  Session() = default;
  void start(Task task, std::shared_ptr<io::FrameSource> source);

  std::unique_ptr<Document> document_;
  std::unique_ptr<UndoStack> undo_;
  std::optional<io::Dataset> dataset_;
  std::unique_ptr<io::FrameCache> cache_;
  std::string title_;
};

// The label schema a new 3D session starts with.
LabelSchema defaultLidarLabels();

}  // namespace labelstation::app

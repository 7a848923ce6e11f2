#pragma once
// What the window works on: the document, its undo stack and the point clouds of its frames.
// A 3D session comes from KITTI .bin scans on disk or, with nothing opened, from the synthetic
// street scene (with tracked cuboids, so there is something to annotate right away).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "labelstation/core/document.h"
#include "labelstation/core/point_cloud.h"
#include "labelstation/core/undo_stack.h"

namespace labelstation::app {

class Session {
 public:
  // The synthetic sequence with one cuboid track per vehicle.
  static std::unique_ptr<Session> synthetic(int frames = 10);
  // A .bin file, or a folder holding .bin scans (directly or under velodyne/). Throws
  // io::IoError naming the path when nothing loadable is there.
  static std::unique_ptr<Session> open(const std::filesystem::path& path);

  Document& document() { return *document_; }
  UndoStack& undoStack() { return *undo_; }
  // The cloud of a frame, loaded on first use. Throws io::IoError for unreadable files.
  const PointCloud& cloud(int frame);
  std::string title() const { return title_; }

 private:
  Session() = default;
  std::unique_ptr<Document> document_;
  std::unique_ptr<UndoStack> undo_;
  std::vector<std::optional<PointCloud>> clouds_;
  bool synthetic_ = false;
  std::string title_;
};

// The label schema a new 3D session starts with.
LabelSchema defaultLidarLabels();

}  // namespace labelstation::app

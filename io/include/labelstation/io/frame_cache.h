#pragma once
// Frames for the views without waiting on disk: a FrameSource loads frame N (its cloud and
// images); a FrameCache loads the current frame and its neighbours on a worker thread, so that
// stepping forward finds the next frame in memory. Nothing here blocks the caller except wait(),
// and load errors come back as values.

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "labelstation/core/point_cloud.h"
#include "labelstation/io/image.h"

namespace labelstation::io {

struct FrameData {
  PointCloud cloud;                  // 3D frames
  Image image;                       // 2D frames
  std::vector<Image> relatedImages;  // camera images of a 3D frame, context images of a 2D one
  // Problems that did not stop the frame (a related image that cannot be read), each naming
  // the file; its slot in relatedImages is left empty.
  std::vector<std::string> problems;
};

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  virtual int frameCount() const = 0;
  // Called on the cache's worker thread only. Throws IoError (or any std::exception) on failure.
  virtual FrameData load(int frame) = 0;
};

class FrameCache {
 public:
  struct Window {
    int behind = 1;  // frames kept and prefetched before the current one
    int ahead = 4;   // and after it
  };
  struct Result {
    std::shared_ptr<const FrameData> data;  // null when the load failed
    std::string error;                      // why, naming the file
    bool ok() const { return data != nullptr; }
  };
  struct Stats {
    std::size_t hits = 0;       // tryGet found the frame loaded
    std::size_t misses = 0;     // tryGet had to queue it
    std::size_t loads = 0;      // loads the source ran
    std::size_t cancelled = 0;  // queued loads dropped because the window moved away
  };

  explicit FrameCache(std::shared_ptr<FrameSource> source) : FrameCache(std::move(source), Window()) {}
  FrameCache(std::shared_ptr<FrameSource> source, Window window);
  ~FrameCache();
  FrameCache(const FrameCache&) = delete;
  FrameCache& operator=(const FrameCache&) = delete;

  int frameCount() const { return frameCount_; }
  // The frame if it is loaded (or failed); otherwise nullopt at once, with the frame made
  // current and loaded first, its neighbours after it.
  std::optional<Result> tryGet(int frame);
  // Blocks until the frame is loaded (for the CLI and tests; the GUI uses tryGet + onReady).
  Result wait(int frame);
  // Moves the prefetch window: queued loads outside it are cancelled, loaded frames outside it
  // are released.
  void setCurrent(int frame);
  void setWindow(Window window);
  // Called on the worker thread after each load, with the frame number. Whatever the callback
  // uses must outlive the cache (or be replaced with an empty callback first).
  void onReady(std::function<void(int)> callback);
  Stats stats() const;

 private:
  void run();
  void requeue();  // with mutex_ held
  bool inWindow(int frame) const { return frame >= current_ - window_.behind && frame <= current_ + window_.ahead; }

  std::shared_ptr<FrameSource> source_;
  const int frameCount_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;   // worker: work arrived or stop
  std::condition_variable loaded_; // wait(): a frame finished
  std::map<int, Result> ready_;
  std::deque<int> queue_;
  int loading_ = -1;
  int current_ = 0;
  Window window_;
  Stats stats_;
  std::function<void(int)> callback_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace labelstation::io

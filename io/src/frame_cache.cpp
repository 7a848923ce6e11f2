#include "labelstation/io/frame_cache.h"

#include <algorithm>
#include <exception>

namespace labelstation::io {

FrameCache::FrameCache(std::shared_ptr<FrameSource> source, Window window)
    : source_(std::move(source)), frameCount_(source_ ? source_->frameCount() : 0), window_(window) {
  worker_ = std::thread([this] { run(); });
}

FrameCache::~FrameCache() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
    queue_.clear();
  }
  wake_.notify_all();
  worker_.join();
}

std::optional<FrameCache::Result> FrameCache::tryGet(int frame) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (frame < 0 || frame >= frameCount_)
    return Result{nullptr, "frame " + std::to_string(frame) + " does not exist (0.." + std::to_string(frameCount_ - 1) + ")"};
  auto it = ready_.find(frame);
  if (it != ready_.end()) {
    ++stats_.hits;
    if (current_ != frame) {
      current_ = frame;
      requeue();
    }
    return it->second;
  }
  ++stats_.misses;
  current_ = frame;
  requeue();
  return std::nullopt;
}

FrameCache::Result FrameCache::wait(int frame) {
  if (auto result = tryGet(frame)) return *result;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!ready_.count(frame) && !stop_) {
    // Someone moved the window away meanwhile: bring the frame back.
    if (loading_ != frame && std::find(queue_.begin(), queue_.end(), frame) == queue_.end()) {
      current_ = frame;
      requeue();
    }
    loaded_.wait(lock);
  }
  auto it = ready_.find(frame);
  return it != ready_.end() ? it->second : Result{nullptr, "the frame cache was stopped"};
}

void FrameCache::setCurrent(int frame) {
  std::lock_guard<std::mutex> lock(mutex_);
  current_ = std::clamp(frame, 0, std::max(0, frameCount_ - 1));
  requeue();
}

void FrameCache::setWindow(Window window) {
  std::lock_guard<std::mutex> lock(mutex_);
  window_ = window;
  requeue();
}

void FrameCache::onReady(std::function<void(int)> callback) {
  std::lock_guard<std::mutex> lock(mutex_);
  callback_ = std::move(callback);
}

FrameCache::Stats FrameCache::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stats_;
}

void FrameCache::requeue() {
  // Current frame first, then ahead (the usual direction of travel), then behind.
  std::deque<int> wanted;
  auto want = [&](int f) {
    if (f >= 0 && f < frameCount_ && f != loading_ && !ready_.count(f)) wanted.push_back(f);
  };
  want(current_);
  for (int d = 1; d <= std::max(window_.ahead, window_.behind); ++d) {
    if (d <= window_.ahead) want(current_ + d);
    if (d <= window_.behind) want(current_ - d);
  }
  for (int f : queue_)
    if (std::find(wanted.begin(), wanted.end(), f) == wanted.end()) ++stats_.cancelled;
  queue_ = std::move(wanted);
  for (auto it = ready_.begin(); it != ready_.end();) {
    if (inWindow(it->first)) ++it;
    else it = ready_.erase(it);
  }
  if (!queue_.empty()) wake_.notify_one();
}

void FrameCache::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    const int frame = queue_.front();
    queue_.pop_front();
    loading_ = frame;
    ++stats_.loads;
    lock.unlock();
    Result result;
    try {
      result.data = std::make_shared<const FrameData>(source_->load(frame));
    } catch (const std::exception& e) {
      result.error = e.what();
    } catch (...) {
      result.error = "frame " + std::to_string(frame) + ": unknown error while loading";
    }
    lock.lock();
    loading_ = -1;
    // A frame the window left while it loaded is dropped, unless it is the one asked for.
    if (inWindow(frame)) ready_[frame] = std::move(result);
    auto callback = callback_;
    lock.unlock();
    loaded_.notify_all();
    if (callback) callback(frame);
    lock.lock();
  }
}

}  // namespace labelstation::io

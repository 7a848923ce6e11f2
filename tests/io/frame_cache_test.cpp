#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <set>

#include "labelstation/io/errors.h"
#include "labelstation/io/frame_cache.h"

namespace labelstation::io {
namespace {

// A source whose loads wait for the test to open a gate, and that records what it loaded.
class GatedSource : public FrameSource {
 public:
  explicit GatedSource(int frames, bool gated) : frames_(frames), open_(!gated) {}
  int frameCount() const override { return frames_; }
  FrameData load(int frame) override {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      started_.push_back(frame);
      changed_.notify_all();
      changed_.wait(lock, [&] { return open_; });
    }
    if (frame == 13) throw IoError("frame_13.pcd", "truncated data");
    FrameData data;
    data.cloud.addPoint(static_cast<float>(frame), 0, 0);
    return data;
  }
  void open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  // Waits until `n` loads have started.
  void waitStarted(std::size_t n) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return started_.size() >= n; });
  }
  std::vector<int> started() {
    std::lock_guard<std::mutex> lock(mutex_);
    return started_;
  }

 private:
  int frames_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_;
  std::vector<int> started_;
};

TEST(FrameCache, NeverBlocksTheCaller) {
  auto source = std::make_shared<GatedSource>(50, true);
  FrameCache cache(source);
  EXPECT_FALSE(cache.tryGet(0)) << "the load is stuck behind the gate, yet tryGet returns";
  source->waitStarted(1);
  EXPECT_FALSE(cache.tryGet(0));
  source->open();
  const auto result = cache.wait(0);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.data->cloud.x[0], 0.0f);
}

// Counts finished loads so a test can wait for the prefetch without sleeping.
class ReadyCounter {
 public:
  void attach(FrameCache& cache) {
    cache.onReady([this](int) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++count_;
      changed_.notify_all();
    });
  }
  void waitFor(int n) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return count_ >= n; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int count_ = 0;
};

TEST(FrameCache, PrefetchedNeighboursAreHits) {
  auto source = std::make_shared<GatedSource>(50, false);
  ReadyCounter ready;  // outlives the cache, whose worker calls it
  FrameCache cache(source, {1, 3});
  ready.attach(cache);
  EXPECT_FALSE(cache.tryGet(20));
  ready.waitFor(5);  // 20, then 21, 19, 22 and 23 in the background
  const std::vector<int> order = source->started();
  EXPECT_EQ(order, (std::vector<int>{20, 21, 19, 22, 23})) << "current first, then nearest ahead and behind";
  for (int f : {21, 22, 23}) {
    const auto next = cache.tryGet(f);  // stepping forward finds each frame in memory
    ASSERT_TRUE(next) << f;
    ASSERT_TRUE(next->ok());
    EXPECT_EQ(next->data->cloud.x[0], static_cast<float>(f));
  }
  EXPECT_EQ(cache.stats().hits, 3u);
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST(FrameCache, MovingAwayCancelsQueuedLoads) {
  auto source = std::make_shared<GatedSource>(100, true);
  FrameCache cache(source, {0, 5});
  EXPECT_FALSE(cache.tryGet(0));
  source->waitStarted(1);       // frame 0 is loading; 1..5 are queued
  EXPECT_FALSE(cache.tryGet(50));  // jump: 1..5 are no longer wanted
  EXPECT_EQ(cache.stats().cancelled, 5u);
  source->open();
  ASSERT_TRUE(cache.wait(50).ok());
  source->waitStarted(7);  // 0, 50, 51..55
  for (int f : source->started()) EXPECT_FALSE(f >= 1 && f <= 5) << "loaded cancelled frame " << f;
  EXPECT_FALSE(cache.tryGet(0)) << "frame 0 finished after the jump and was not kept";
}

TEST(FrameCache, ErrorsArriveAsValues) {
  auto source = std::make_shared<GatedSource>(20, false);
  FrameCache cache(source);
  const auto bad = cache.wait(13);
  EXPECT_FALSE(bad.ok());
  EXPECT_NE(bad.error.find("frame_13.pcd: truncated data"), std::string::npos) << bad.error;
  const auto outside = cache.tryGet(25);
  ASSERT_TRUE(outside);
  EXPECT_FALSE(outside->ok());
  EXPECT_TRUE(cache.wait(12).ok()) << "a bad frame does not stop the others";
}

TEST(FrameCache, SteppingThroughASequenceHitsMemory) {
  auto source = std::make_shared<GatedSource>(30, false);
  ReadyCounter ready;
  FrameCache cache(source, {1, 2});
  ready.attach(cache);
  cache.wait(0);
  ready.waitFor(3);  // 0, 1, 2
  int loadsSeen = 3;
  std::size_t hits = 0;
  for (int f = 1; f < 28; ++f) {
    if (cache.tryGet(f)) ++hits;
    // Each step queues one new frame ahead; wait for it as a user's pause between frames would.
    ready.waitFor(++loadsSeen);
  }
  EXPECT_EQ(hits, 27u);
  EXPECT_EQ(cache.stats().loads, 30u) << "every frame loaded exactly once";
}

}  // namespace
}  // namespace labelstation::io

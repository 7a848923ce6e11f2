#pragma once
// Frame sources for the frame cache: a scanned dataset (frame N's point cloud or image and its
// related images) and a video file.

#include "labelstation/io/dataset.h"
#include "labelstation/io/frame_cache.h"

namespace labelstation::io {

class DatasetFrameSource : public FrameSource {
 public:
  explicit DatasetFrameSource(Dataset dataset, bool withRelatedImages = true)
      : dataset_(std::move(dataset)), withRelatedImages_(withRelatedImages) {}
  int frameCount() const override { return static_cast<int>(dataset_.frames.size()); }
  // The cloud (3D) or the image (2D) must load, else IoError; related images that fail are
  // reported in FrameData::problems.
  FrameData load(int frame) override;
  const Dataset& dataset() const { return dataset_; }

 private:
  Dataset dataset_;
  bool withRelatedImages_;
};

// A video file as a 2D frame source: frame N is the video's frame N.
class VideoFrameSource : public FrameSource {
 public:
  explicit VideoFrameSource(const std::filesystem::path& path) : video_(path) {}
  int frameCount() const override { return video_.frameCount(); }
  FrameData load(int frame) override {
    FrameData data;
    data.image = video_.frame(frame);
    return data;
  }
  const VideoSource& video() const { return video_; }

 private:
  VideoSource video_;
};

}  // namespace labelstation::io

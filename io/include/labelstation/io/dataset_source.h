#pragma once
// A scanned dataset as a FrameSource: frame N's point cloud (or image) and related images.

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

}  // namespace labelstation::io

#include "labelstation/io/dataset_source.h"

#include "labelstation/io/errors.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io {

FrameData DatasetFrameSource::load(int frame) {
  if (frame < 0 || frame >= frameCount())
    throw IoError(dataset_.root.string(), "frame " + std::to_string(frame) + " does not exist");
  const DatasetFrame& f = dataset_.frames[static_cast<std::size_t>(frame)];
  if (dataset_.deferredMedia) dataset_.deferredMedia->ensure(f.media);  // still in the zip: extract it first
  FrameData data;
  if (dataset_.is3D()) data.cloud = readPointCloud(f.media);
  else data.image = readImage(f.media);
  if (!withRelatedImages_) return data;
  data.relatedImages.resize(f.relatedImages.size());
  for (std::size_t i = 0; i < f.relatedImages.size(); ++i) {
    try {
      if (dataset_.deferredMedia) dataset_.deferredMedia->ensure(f.relatedImages[i]);
      data.relatedImages[i] = readImage(f.relatedImages[i]);
    } catch (const IoError& e) {
      data.problems.push_back(e.what());
    }
  }
  return data;
}

}  // namespace labelstation::io

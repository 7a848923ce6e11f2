#include "labelstation/io/kitti_bin.h"

#include <string>

#include "cloud_decode.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {

PointCloud readKittiBin(const std::filesystem::path& path, CloudFileInfo* info) {
  detail::FileSource src(path, path.string());
  if (src.size() % 16 != 0)
    throw IoError(path.string(), "size " + std::to_string(src.size()) +
                                     " bytes is not a multiple of 16 (x, y, z, reflectance as float32): truncated or not a KITTI scan");
  return detail::decodeXyziRecords(src, path.string(), "kitti bin", info);
}

void writeKittiBin(const std::filesystem::path& path, const PointCloud& cloud) {
  std::string bytes(cloud.size() * 16, '\0');
  auto* out = reinterpret_cast<float*>(bytes.data());
  for (std::size_t i = 0; i < cloud.size(); ++i) {
    out[4 * i] = cloud.x[i];
    out[4 * i + 1] = cloud.y[i];
    out[4 * i + 2] = cloud.z[i];
    out[4 * i + 3] = cloud.intensity.empty() ? 0.0f : cloud.intensity[i];
  }
  writeFileAtomically(path, bytes);
}

}  // namespace labelstation::io

#include "labelstation/io/point_cloud_io.h"

#include <malloc.h>

#include <algorithm>
#include <cctype>
#include <system_error>

#include "cloud_decode.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/kitti_bin.h"
#include "labelstation/io/pcd.h"
#include "labelstation/io/ply.h"

namespace labelstation::io {
namespace {

enum class Format { Unknown, Pcd, KittiBin, Ply };

Format formatOf(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".pcd") return Format::Pcd;
  if (ext == ".bin") return Format::KittiBin;
  if (ext == ".ply") return Format::Ply;
  return Format::Unknown;
}

}  // namespace

void keepFreedMemoryForFrameLoading() {
  // Blocks up to 1 GiB come from the heap, and the heap is trimmed only past 1 GiB free.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

bool isPointCloudFile(const std::filesystem::path& path) { return formatOf(path) != Format::Unknown; }

PointCloud readPointCloud(const std::filesystem::path& path, CloudFileInfo* info) {
  const Format format = formatOf(path);
  if (format == Format::Unknown)
    throw IoError(path.string(), "unsupported point cloud format '" + path.extension().string() +
                                     "' (supported: .pcd, .bin, .ply)");
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw IoError(path.string(), "is a directory, not a point cloud file");
  switch (format) {
    case Format::Pcd: return readPcd(path, info);
    case Format::Ply: return readPly(path, info);
    default: break;
  }
  return readKittiBin(path, info);
}

}  // namespace labelstation::io

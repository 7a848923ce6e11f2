#include "labelstation/io/point_cloud_io.h"

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
  PointCloud cloud = readKittiBin(path);
  std::vector<std::size_t> invalid;  // same rule as the other readers: no NaN / inf points
  detail::collectInvalid(cloud, 0, cloud.size(), invalid);
  const std::size_t inFile = cloud.size();
  detail::dropInvalid(cloud, invalid);
  if (info) {
    *info = CloudFileInfo{};
    info->format = "kitti bin";
    info->fields = {"x", "y", "z", "intensity"};
    info->pointsInFile = inFile;
    info->droppedInvalid = invalid.size();
    info->width = static_cast<std::uint32_t>(std::min<std::size_t>(inFile, UINT32_MAX));
    info->height = 1;
  }
  return cloud;
}

}  // namespace labelstation::io

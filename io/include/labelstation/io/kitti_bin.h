#pragma once
// KITTI Velodyne scans: headerless little-endian float32 records x, y, z, reflectance (16 bytes).

#include <filesystem>

#include "labelstation/core/point_cloud.h"

namespace labelstation::io {

// Throws IoError naming the file when it cannot be read or its size is not a whole number of points.
PointCloud readKittiBin(const std::filesystem::path& path);
void writeKittiBin(const std::filesystem::path& path, const PointCloud& cloud);

}  // namespace labelstation::io

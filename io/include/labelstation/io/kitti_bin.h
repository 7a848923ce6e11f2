#pragma once
// KITTI Velodyne scans: headerless little-endian float32 records x, y, z, reflectance (16 bytes).

#include <filesystem>

#include "labelstation/core/point_cloud.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io {

// Converted like a binary PCD (two threads for large scans, points with a non-finite x, y or z
// dropped and counted in `info`). Throws IoError naming the file when it cannot be read or its
// size is not a whole number of points.
PointCloud readKittiBin(const std::filesystem::path& path, CloudFileInfo* info = nullptr);
void writeKittiBin(const std::filesystem::path& path, const PointCloud& cloud);

}  // namespace labelstation::io

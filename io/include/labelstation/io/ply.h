#pragma once
// PLY (Stanford polygon) files as point clouds: format ascii, binary_little_endian and
// binary_big_endian 1.0. Only the "vertex" element is read; faces and other elements are skipped.
//
// Vertex properties:
//   x y z (any numeric type)                        → x/y/z (required; origin rule of point_cloud_io.h)
//   intensity | scalar_intensity | reflectance (any case) → intensity
//   red green blue (uchar, or 0–1 float)            → rgb (packed 0x00RRGGBB); alpha ignored
//   every other scalar property (nx ny nz, …)       → `extra` under its own name, as float
//   list properties on vertices                     → skipped
// Throws IoError naming the file for every malformed or truncated input.

#include <filesystem>
#include <string>
#include <string_view>

#include "labelstation/core/point_cloud.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io {

PointCloud readPly(const std::filesystem::path& path, CloudFileInfo* info = nullptr);

// The same from bytes already in memory; `name` is used in error messages.
PointCloud parsePly(std::string_view bytes, const std::string& name, CloudFileInfo* info = nullptr);

}  // namespace labelstation::io

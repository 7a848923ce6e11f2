#pragma once
// Point cloud files in and out: one entry point for every format labelstation_io reads, and the
// description of a file that every reader can fill in.
//
// All readers share these rules:
// - Points whose x, y or z is NaN or infinite are dropped; `CloudFileInfo::droppedInvalid` says how
//   many. The other channels stay aligned with the remaining points.
// - Coordinates are stored as float relative to `PointCloud::origin`. Each axis is decided on its
//   own from the first (up to 4096) finite values in the file: when any of them is beyond ±1e4
//   (UTM eastings and northings, for instance) that axis's origin is the centre of those values
//   rounded to whole metres, otherwise 0. Values are converted in double before being narrowed,
//   so F 8 / double coordinates keep centimetres (and float32 ones are kept exactly).
// - Every problem with the file (cannot open, truncated, inconsistent header, corrupt stream, not a
//   number …) throws IoError naming the file and the problem; nothing is read past the data the
//   file holds, and no buffer larger than the file can justify is allocated.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "labelstation/core/point_cloud.h"

namespace labelstation::io {

struct CloudFileInfo {
  // "pcd ascii", "pcd binary", "pcd binary_compressed", "kitti bin", "ply ascii",
  // "ply binary_little_endian", "ply binary_big_endian".
  std::string format;
  // The file's own field names in file order (PCD padding fields "_" left out; a PLY's vertex
  // properties).
  std::vector<std::string> fields;
  std::size_t pointsInFile = 0;    // points the file holds, valid or not
  std::size_t droppedInvalid = 0;  // of those, dropped for a non-finite x, y or z
  std::uint32_t width = 0, height = 0;  // PCD organisation (height 1 = unorganised); others: n × 1
  std::array<double, 7> viewpoint{0, 0, 0, 1, 0, 0, 0};  // PCD VIEWPOINT tx ty tz qw qx qy qz
};

// Keeps freed multi-megabyte blocks in the process heap instead of returning them to the kernel
// (glibc's default), so a program that loads frame after frame reuses pages it already owns rather
// than paying ~0.5 ms per MB of page faults on every load. Call once at start-up; the GUI and the
// io benchmark do.
void keepFreedMemoryForFrameLoading();

// Reads .pcd, .bin (KITTI Velodyne) or .ply, chosen by the extension (case-insensitive).
// Throws IoError for other extensions, directories and unreadable files.
PointCloud readPointCloud(const std::filesystem::path& path, CloudFileInfo* info = nullptr);

// True when readPointCloud knows the extension (.pcd, .bin, .ply, any case). Looks at the name only.
bool isPointCloudFile(const std::filesystem::path& path);

}  // namespace labelstation::io

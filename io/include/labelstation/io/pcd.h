#pragma once
// PCD (Point Cloud Library) files, versions 0.5 to 0.7, DATA ascii, binary and binary_compressed.
//
// Field mapping on read:
//   x y z                                  → PointCloud::x/y/z (required; relative to origin, see
//                                            point_cloud_io.h)
//   intensity | i | reflectance | remission → intensity (the first of them; COUNT 1)
//   rgb | rgba (F 4 or U/I 4, 0x00RRGGBB)  → rgb (alpha dropped)
//   "_"                                    → padding, skipped
//   anything else (normal_x, ring, time, label, …) → `extra`, converted to float; a field with
//                                            COUNT n > 1 becomes channels name_0 … name_{n-1};
//                                            F 8 and 32/64-bit integer fields far from zero get
//                                            a PointField::offset (an epoch timestamp keeps µs)
// Header: keywords in any order, `#` comment lines and trailing `# …` comments, blank lines and
// CRLF are accepted; SIZE defaults to 4, TYPE to F, COUNT to 1, HEIGHT to 1, WIDTH to POINTS and a
// missing POINTS to WIDTH × HEIGHT. As in PCL, POINTS must equal WIDTH × HEIGHT. Bytes after the
// data are ignored (PCL pads compressed files to a page).

#include <filesystem>
#include <string>
#include <string_view>

#include "labelstation/core/point_cloud.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io {

// Reads a PCD file: one header parse, then the payload through one memory map of the file (small
// files: positioned reads) and per-field strided copy loops into channels sized once without
// zero-filling; large binary payloads are converted by two threads, each taking half of the
// points, so every record is read from memory once; ascii is parsed (std::from_chars) in two halves on two threads, binary_compressed is
// LZF-decoded through a small window straight into the channels. Throws IoError naming the file.
PointCloud readPcd(const std::filesystem::path& path, CloudFileInfo* info = nullptr);

// The same from bytes already in memory (e.g. a zip entry); `name` is used in error messages.
PointCloud parsePcd(std::string_view bytes, const std::string& name, CloudFileInfo* info = nullptr);

enum class PcdEncoding { Ascii, Binary, BinaryCompressed };

// Writes fields x y z [intensity] [rgb] [extra…] atomically (writeFileAtomically). x y z are F 4,
// or F 8 with the origin added back when the cloud's origin is not 0, so geo-referenced clouds keep
// their precision; intensity is F 4, extra channels F 4 (F 8 with the offset added back when
// PointField::offset is not 0), rgb is U 4. WIDTH = POINTS, HEIGHT 1,
// identity VIEWPOINT. Throws IoError when a channel's size differs from the point count, or when a
// binary_compressed payload would not fit PCD's 32-bit size fields.
void writePcd(const std::filesystem::path& path, const PointCloud& cloud, PcdEncoding encoding);

// The bytes writePcd would write.
std::string encodePcd(const PointCloud& cloud, PcdEncoding encoding);

}  // namespace labelstation::io

#pragma once
// Mask shapes as CVAT keeps them: run lengths of the mask cropped to its tight box, row-major,
// alternating 0-runs and 1-runs starting with a 0-run, followed by left, top, right, bottom.

#include <cstdint>
#include <optional>
#include <vector>

namespace labelstation {

struct MaskBitmap {
  int left = 0, top = 0, width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  // width * height, row-major, 0 or 1
};

// CVAT's points for a mask: runs…, left, top, right, bottom. An empty bitmap gives no points.
std::vector<double> encodeMask(const MaskBitmap& bitmap);
// The bitmap of a mask's points; nullopt when the runs do not fill the box exactly.
std::optional<MaskBitmap> decodeMask(const std::vector<double>& points);

}  // namespace labelstation

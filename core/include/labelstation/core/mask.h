#pragma once
// Mask shapes as CVAT keeps them: run lengths of the mask cropped to its tight box, row-major,
// alternating 0-runs and 1-runs starting with a 0-run, followed by left, top, right, bottom.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace labelstation {

struct MaskBitmap {
  int left = 0, top = 0, width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  // width * height, row-major, 0 or 1

  bool at(int x, int y) const {
    x -= left;
    y -= top;
    return x >= 0 && y >= 0 && x < width && y < height && pixels[static_cast<std::size_t>(y * width + x)];
  }
  std::size_t count() const;  // set pixels
};

// CVAT's points for a mask: runs…, left, top, right, bottom. An empty bitmap gives no points.
std::vector<double> encodeMask(const MaskBitmap& bitmap);
// The largest mask box read: sides of at most 65,536 pixels, at most 2^28 pixels (a 16,384 ×
// 16,384 image) in all. Files state a box in four numbers; nothing larger is ever allocated.
constexpr long long kMaxMaskSide = 65536;
constexpr std::size_t kMaxMaskPixels = std::size_t{1} << 28;
// The bitmap of a mask's points; nullopt when the runs do not fill the box exactly or the box is
// larger than the limits above.
std::optional<MaskBitmap> decodeMask(const std::vector<double>& points);

// `mask` without the pixels set in `removed` (the box stays; encodeMask crops it).
MaskBitmap subtractMask(MaskBitmap mask, const MaskBitmap& removed);
// The pixels of both, on a box holding both.
MaskBitmap uniteMasks(const MaskBitmap& a, const MaskBitmap& b);
// The pixels whose centres lie inside a polygon (x0, y0, x1, y1, … in image coordinates; even-odd
// rule), clipped to the image.
MaskBitmap rasterizePolygon(const std::vector<double>& points, int imageWidth, int imageHeight);

}  // namespace labelstation

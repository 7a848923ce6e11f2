#include "labelstation/core/mask.h"

#include <algorithm>
#include <cmath>

namespace labelstation {

std::vector<double> encodeMask(const MaskBitmap& bitmap) {
  // Crop to the tight box of set pixels first, as CVAT does.
  int x0 = bitmap.width, y0 = bitmap.height, x1 = -1, y1 = -1;
  for (int y = 0; y < bitmap.height; ++y)
    for (int x = 0; x < bitmap.width; ++x)
      if (bitmap.pixels[static_cast<std::size_t>(y * bitmap.width + x)]) {
        x0 = std::min(x0, x);
        x1 = std::max(x1, x);
        y0 = std::min(y0, y);
        y1 = std::max(y1, y);
      }
  if (x1 < 0) return {};
  std::vector<double> runs;
  std::uint8_t current = 0;
  double run = 0;
  for (int y = y0; y <= y1; ++y)
    for (int x = x0; x <= x1; ++x) {
      const std::uint8_t v = bitmap.pixels[static_cast<std::size_t>(y * bitmap.width + x)] ? 1 : 0;
      if (v != current) {
        runs.push_back(run);
        run = 0;
        current = v;
      }
      run += 1;
    }
  runs.push_back(run);
  runs.insert(runs.end(), {static_cast<double>(bitmap.left + x0), static_cast<double>(bitmap.top + y0),
                           static_cast<double>(bitmap.left + x1), static_cast<double>(bitmap.top + y1)});
  return runs;
}

std::optional<MaskBitmap> decodeMask(const std::vector<double>& points) {
  if (points.size() < 5) return std::nullopt;
  const std::size_t n = points.size() - 4;
  // Box corners within ±2^30 (so the arithmetic below cannot overflow), sides of at most
  // kMaxMaskSide and an area of at most kMaxMaskPixels: a file's four numbers never size an
  // allocation beyond that, and the runs must fill the box exactly before anything is allocated.
  for (std::size_t i = n; i < n + 4; ++i)
    if (!(std::fabs(points[i]) < 1073741824.0)) return std::nullopt;
  MaskBitmap m;
  m.left = static_cast<int>(std::lround(points[n]));
  m.top = static_cast<int>(std::lround(points[n + 1]));
  const long long width = std::llround(points[n + 2]) - m.left + 1, height = std::llround(points[n + 3]) - m.top + 1;
  if (width <= 0 || height <= 0 || width > kMaxMaskSide || height > kMaxMaskSide) return std::nullopt;
  const std::size_t total = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  if (total > kMaxMaskPixels) return std::nullopt;
  m.width = static_cast<int>(width);
  m.height = static_cast<int>(height);
  std::size_t sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(points[i] >= 0) || points[i] > static_cast<double>(total)) return std::nullopt;
    sum += static_cast<std::size_t>(std::llround(points[i]));
    if (sum > total) return std::nullopt;
  }
  if (sum != total) return std::nullopt;
  m.pixels.reserve(total);
  std::uint8_t value = 0;
  for (std::size_t i = 0; i < n; ++i, value ^= 1) m.pixels.insert(m.pixels.end(), static_cast<std::size_t>(std::llround(points[i])), value);
  return m;
}

}  // namespace labelstation

namespace labelstation {

std::size_t MaskBitmap::count() const {
  return static_cast<std::size_t>(std::count(pixels.begin(), pixels.end(), std::uint8_t{1}));
}

MaskBitmap subtractMask(MaskBitmap mask, const MaskBitmap& removed) {
  for (int y = 0; y < mask.height; ++y)
    for (int x = 0; x < mask.width; ++x)
      if (removed.at(mask.left + x, mask.top + y)) mask.pixels[static_cast<std::size_t>(y * mask.width + x)] = 0;
  return mask;
}

MaskBitmap uniteMasks(const MaskBitmap& a, const MaskBitmap& b) {
  if (a.width <= 0 || a.height <= 0) return b;
  if (b.width <= 0 || b.height <= 0) return a;
  MaskBitmap out;
  out.left = std::min(a.left, b.left);
  out.top = std::min(a.top, b.top);
  out.width = std::max(a.left + a.width, b.left + b.width) - out.left;
  out.height = std::max(a.top + a.height, b.top + b.height) - out.top;
  out.pixels.assign(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height), 0);
  for (int y = 0; y < out.height; ++y)
    for (int x = 0; x < out.width; ++x)
      out.pixels[static_cast<std::size_t>(y * out.width + x)] = a.at(out.left + x, out.top + y) || b.at(out.left + x, out.top + y);
  return out;
}

MaskBitmap rasterizePolygon(const std::vector<double>& points, int imageWidth, int imageHeight) {
  MaskBitmap out;
  const std::size_t n = points.size() / 2;
  if (n < 3 || imageWidth <= 0 || imageHeight <= 0) return out;
  double minX = points[0], maxX = points[0], minY = points[1], maxY = points[1];
  for (std::size_t i = 0; i < n; ++i) {
    minX = std::min(minX, points[2 * i]);
    maxX = std::max(maxX, points[2 * i]);
    minY = std::min(minY, points[2 * i + 1]);
    maxY = std::max(maxY, points[2 * i + 1]);
  }
  // Pixel (x, y) has its centre at (x + 0.5, y + 0.5).
  out.left = std::clamp(static_cast<int>(std::floor(minX)), 0, imageWidth - 1);
  out.top = std::clamp(static_cast<int>(std::floor(minY)), 0, imageHeight - 1);
  const int right = std::clamp(static_cast<int>(std::ceil(maxX)), 0, imageWidth - 1);
  const int bottom = std::clamp(static_cast<int>(std::ceil(maxY)), 0, imageHeight - 1);
  out.width = right - out.left + 1;
  out.height = bottom - out.top + 1;
  out.pixels.assign(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height), 0);
  std::vector<double> crossings;
  for (int y = 0; y < out.height; ++y) {
    const double cy = out.top + y + 0.5;
    crossings.clear();
    for (std::size_t i = 0; i < n; ++i) {  // scanline crossings of each edge (half-open in y)
      const double x0 = points[2 * i], y0 = points[2 * i + 1];
      const double x1 = points[2 * ((i + 1) % n)], y1 = points[2 * ((i + 1) % n) + 1];
      if ((y0 <= cy) != (y1 <= cy)) crossings.push_back(x0 + (cy - y0) / (y1 - y0) * (x1 - x0));
    }
    std::sort(crossings.begin(), crossings.end());
    for (std::size_t k = 0; k + 1 < crossings.size(); k += 2) {
      // Pixels whose centre x + 0.5 lies in [from, to).
      const int from = std::max(out.left, static_cast<int>(std::ceil(crossings[k] - 0.5)));
      const int to = std::min(out.left + out.width - 1, static_cast<int>(std::ceil(crossings[k + 1] - 0.5)) - 1);
      for (int x = from; x <= to; ++x) out.pixels[static_cast<std::size_t>(y * out.width + x - out.left)] = 1;
    }
  }
  return out;
}

}  // namespace labelstation

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
  MaskBitmap m;
  m.left = static_cast<int>(std::lround(points[n]));
  m.top = static_cast<int>(std::lround(points[n + 1]));
  m.width = static_cast<int>(std::lround(points[n + 2])) - m.left + 1;
  m.height = static_cast<int>(std::lround(points[n + 3])) - m.top + 1;
  if (m.width <= 0 || m.height <= 0) return std::nullopt;
  const std::size_t total = static_cast<std::size_t>(m.width) * static_cast<std::size_t>(m.height);
  m.pixels.reserve(total);
  std::uint8_t value = 0;
  for (std::size_t i = 0; i < n; ++i, value ^= 1) {
    if (points[i] < 0) return std::nullopt;
    const auto run = static_cast<std::size_t>(std::lround(points[i]));
    if (m.pixels.size() + run > total) return std::nullopt;
    m.pixels.insert(m.pixels.end(), run, value);
  }
  if (m.pixels.size() != total) return std::nullopt;
  return m;
}

}  // namespace labelstation

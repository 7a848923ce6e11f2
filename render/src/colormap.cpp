#include "labelstation/render/colormap.h"

#include <algorithm>

namespace labelstation::render {
namespace {

// Stops of the height ramp: deep blue, cyan, green, yellow, red.
constexpr float kStops[5][3] = {
    {30, 60, 200}, {0, 200, 230}, {40, 210, 60}, {240, 220, 30}, {230, 40, 30}};

}  // namespace

void heightRamp(float t, std::uint8_t* rgb) {
  t = std::clamp(t, 0.0f, 1.0f) * 4.0f;
  const int i = std::min(3, static_cast<int>(t));
  const float f = t - static_cast<float>(i);
  for (int c = 0; c < 3; ++c)
    rgb[c] = static_cast<std::uint8_t>(kStops[i][c] + f * (kStops[i + 1][c] - kStops[i][c]) + 0.5f);
}

void colorByHeight(const float* z, std::size_t count, float zmin, float zmax, std::uint8_t* rgb) {
  colorByValue(z, count, zmin, zmax, rgb);
}

void colorFromPacked(const std::uint32_t* packed, std::size_t count, std::uint8_t* rgb) {
  for (std::size_t p = 0; p < count; ++p) {
    rgb[3 * p] = static_cast<std::uint8_t>(packed[p] >> 16);
    rgb[3 * p + 1] = static_cast<std::uint8_t>(packed[p] >> 8);
    rgb[3 * p + 2] = static_cast<std::uint8_t>(packed[p]);
  }
}

void colorSingle(std::size_t count, std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t* rgb) {
  for (std::size_t p = 0; p < count; ++p) {
    rgb[3 * p] = r;
    rgb[3 * p + 1] = g;
    rgb[3 * p + 2] = b;
  }
}

void colorByValue(const float* z, std::size_t count, float zmin, float zmax, std::uint8_t* rgb) {
  // A 256-entry table makes the per-point work a multiply, a clamp and a copy.
  std::uint8_t table[256][3];
  for (int i = 0; i < 256; ++i) heightRamp(static_cast<float>(i) / 255.0f, table[i]);
  const float scale = zmax > zmin ? 255.0f / (zmax - zmin) : 0.0f;
  for (std::size_t p = 0; p < count; ++p) {
    const float v = (z[p] - zmin) * scale;
    const int idx = static_cast<int>(std::clamp(v, 0.0f, 255.0f));
    rgb[3 * p] = table[idx][0];
    rgb[3 * p + 1] = table[idx][1];
    rgb[3 * p + 2] = table[idx][2];
  }
}

}  // namespace labelstation::render

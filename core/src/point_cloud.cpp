#include "labelstation/core/point_cloud.h"

#include <algorithm>

namespace labelstation {

void PointCloud::reserve(std::size_t n) {
  x.reserve(n);
  y.reserve(n);
  z.reserve(n);
}

void PointCloud::addPoint(float px, float py, float pz) {
  x.push_back(px);
  y.push_back(py);
  z.push_back(pz);
}

const PointField* PointCloud::field(std::string_view name) const {
  for (const auto& f : extra)
    if (f.name == name) return &f;
  return nullptr;
}

PointField& PointCloud::addField(std::string_view name) {
  for (auto& f : extra)
    if (f.name == name) return f;
  extra.push_back({std::string(name), FloatChannel(size(), 0.0f)});
  return extra.back();
}

std::vector<std::string> PointCloud::fieldNames() const {
  std::vector<std::string> names{"x", "y", "z"};
  if (!intensity.empty()) names.push_back("intensity");
  if (!rgb.empty()) names.push_back("rgb");
  for (const auto& f : extra) names.push_back(f.name);
  return names;
}

double PointCloud::bytesPerPoint() const {
  if (empty()) return 0.0;
  std::size_t bytes = (x.capacity() + y.capacity() + z.capacity() + intensity.capacity()) * sizeof(float) +
                      rgb.capacity() * sizeof(std::uint32_t);
  for (const auto& f : extra) bytes += f.values.capacity() * sizeof(float);
  return static_cast<double>(bytes) / static_cast<double>(size());
}

std::array<float, 6> PointCloud::bounds() const {
  if (empty()) return {0, 0, 0, 0, 0, 0};
  auto [xmin, xmax] = std::minmax_element(x.begin(), x.end());
  auto [ymin, ymax] = std::minmax_element(y.begin(), y.end());
  auto [zmin, zmax] = std::minmax_element(z.begin(), z.end());
  return {*xmin, *ymin, *zmin, *xmax, *ymax, *zmax};
}

}  // namespace labelstation

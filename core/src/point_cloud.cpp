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

std::array<float, 6> PointCloud::bounds() const {
  if (empty()) return {0, 0, 0, 0, 0, 0};
  auto [xmin, xmax] = std::minmax_element(x.begin(), x.end());
  auto [ymin, ymax] = std::minmax_element(y.begin(), y.end());
  auto [zmin, zmax] = std::minmax_element(z.begin(), z.end());
  return {*xmin, *ymin, *zmin, *xmax, *ymax, *zmax};
}

}  // namespace labelstation

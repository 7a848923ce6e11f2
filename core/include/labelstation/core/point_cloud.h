#pragma once
// The in-memory point cloud: structure of arrays of floats, with an optional double-precision
// origin so geo-referenced clouds keep their precision. Library point types (PCL's 32-byte
// structs) are built only inside the algorithms that need them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace labelstation {

struct PointCloud {
  std::vector<float> x, y, z;
  std::vector<float> intensity;     // empty when the source has none
  std::vector<std::uint32_t> rgb;   // packed 0x00RRGGBB; empty when none
  std::array<double, 3> origin{0.0, 0.0, 0.0};  // added to every point to get world coordinates

  std::size_t size() const { return x.size(); }
  bool empty() const { return x.empty(); }
  void reserve(std::size_t n);
  void addPoint(float px, float py, float pz);
  // Axis-aligned bounds {xmin, ymin, zmin, xmax, ymax, zmax}; zeros when empty.
  std::array<float, 6> bounds() const;
};

}  // namespace labelstation

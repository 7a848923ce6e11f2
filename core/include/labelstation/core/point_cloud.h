#pragma once
// The in-memory point cloud: structure of arrays of floats, with an optional double-precision
// origin so geo-referenced clouds keep their precision. Library point types (PCL's 32-byte
// structs) are built only inside the algorithms that need them.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace labelstation {

// An allocator whose value-initialisation leaves numbers uninitialised, so resize() costs nothing
// when a reader overwrites every element next (zeroing the channels of a 1 M-point cloud first
// would write 16 MB more than the load itself). Values passed explicitly, as in resize(n, 0.0f),
// are still written.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() noexcept = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// One per-point channel of numbers.
template <class T>
using Channel = std::vector<T, UninitializedAllocator<T>>;
using FloatChannel = Channel<float>;

// A per-point channel beyond x, y, z, intensity and rgb: normals, ring, time, label, or any
// other field a file carries (a field with COUNT n becomes n channels "name_0" … "name_{n-1}").
struct PointField {
  std::string name;
  FloatChannel values;
  // Added to every value: readers set it for wide numbers far from zero (an F 8 epoch timestamp,
  // a large U 4 id) so the floats keep their precision; the value is offset + values[i].
  double offset = 0.0;
};

struct PointCloud {
  FloatChannel x, y, z;
  FloatChannel intensity;           // empty when the source has none
  Channel<std::uint32_t> rgb;       // packed 0x00RRGGBB; empty when none
  std::vector<PointField> extra;    // every other channel, in file order
  std::array<double, 3> origin{0.0, 0.0, 0.0};  // added to every point to get world coordinates

  const PointField* field(std::string_view name) const;
  // The channel of that name, created (sized to the cloud) when missing.
  PointField& addField(std::string_view name);
  // "x", "y", "z", then "intensity" and "rgb" when present, then the extra channels.
  std::vector<std::string> fieldNames() const;
  // Bytes held per point by all channels (capacity, not just size).
  double bytesPerPoint() const;

  std::size_t size() const { return x.size(); }
  bool empty() const { return x.empty(); }
  void reserve(std::size_t n);
  void addPoint(float px, float py, float pz);
  // Axis-aligned bounds {xmin, ymin, zmin, xmax, ymax, zmax}; zeros when empty.
  std::array<float, 6> bounds() const;
};

}  // namespace labelstation

#pragma once
// Point colouring kernels. Kept free of Eigen, PCL and VTK so that they may be compiled with
// SIMD flags without changing Eigen's ABI under PCL.

#include <cstddef>
#include <cstdint>

namespace labelstation::render {

// Writes 3 bytes (r, g, b) per point: a blue → cyan → green → yellow → red ramp of z over
// [zmin, zmax] (values outside are clamped).
void colorByHeight(const float* z, std::size_t count, float zmin, float zmax, std::uint8_t* rgb);

// The same ramp over any per-point value (intensity, …) in [lo, hi].
void colorByValue(const float* values, std::size_t count, float lo, float hi, std::uint8_t* rgb);
// The ramp's colour at t in [0, 1].
void heightRamp(float t, std::uint8_t* rgb);
// The points' own colours, packed 0x00RRGGBB.
void colorFromPacked(const std::uint32_t* packed, std::size_t count, std::uint8_t* rgb);
// One colour for every point.
void colorSingle(std::size_t count, std::uint8_t r, std::uint8_t g, std::uint8_t b, std::uint8_t* rgb);

}  // namespace labelstation::render

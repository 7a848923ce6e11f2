#pragma once
// Point colouring kernels. Kept free of Eigen, PCL and VTK so that they may be compiled with
// SIMD flags without changing Eigen's ABI under PCL.

#include <cstddef>
#include <cstdint>

namespace labelstation::render {

// Writes 3 bytes (r, g, b) per point: a blue → cyan → green → yellow → red ramp of z over
// [zmin, zmax] (values outside are clamped).
void colorByHeight(const float* z, std::size_t count, float zmin, float zmax, std::uint8_t* rgb);

// The ramp's colour at t in [0, 1].
void heightRamp(float t, std::uint8_t* rgb);

}  // namespace labelstation::render

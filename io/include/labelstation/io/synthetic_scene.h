#pragma once
// A small synthetic street scene, the same on every machine: ground, two walls and a few
// vehicles that drive along the street from frame to frame. It makes the bundled sample data
// and gives the app something to show before a sequence is opened.

#include <vector>

#include "labelstation/core/geometry.h"
#include "labelstation/core/point_cloud.h"

namespace labelstation::io {

struct SyntheticVehicle {
  int id = 0;            // stable across frames
  Cuboid3D box;          // ground-truth cuboid on this frame
};

struct SyntheticFrame {
  PointCloud cloud;
  std::vector<SyntheticVehicle> vehicles;
};

// `density` scales the number of points (1.0 gives about 20,000).
SyntheticFrame makeSyntheticFrame(int frame, double density = 1.0);

}  // namespace labelstation::io

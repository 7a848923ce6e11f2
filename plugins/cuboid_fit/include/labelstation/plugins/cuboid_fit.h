#pragma once
// Assisted 3D annotation: fits a cuboid tightly to the object under a rough one. The annotator
// drops a loose box on a car; the fitter removes the ground under it (a RANSAC plane fitted to
// the lowest slab of points, so a roof is never taken for the floor) and stray
// points (statistical outlier removal, both PCL), then finds the rectangle, seen from above, whose
// edges the rest of the points hug most closely (L-shape fitting: a LiDAR sees one or two sides
// of a vehicle; its yaw kept closest to the rough box's heading) and the object's height.

#include <optional>
#include <string>

#include "labelstation/core/geometry.h"
#include "labelstation/core/point_cloud.h"

namespace labelstation::plugins {

struct CuboidFitOptions {
  double margin = 0.5;           // metres added around the rough box when collecting points
  double groundTolerance = 0.12; // points this close to the ground plane are ground
  int minPoints = 10;            // fewer object points than this: no fit
};

struct CuboidFitResult {
  Cuboid3D box;
  int objectPoints = 0;  // points the fit is based on
  bool groundRemoved = false;
};

class CuboidFitter {
 public:
  virtual ~CuboidFitter() = default;
  virtual std::string name() const = 0;
  // nullopt when too few points lie around the rough box.
  virtual std::optional<CuboidFitResult> fit(const PointCloud& cloud, const Cuboid3D& rough) const = 0;
};

// The PCL-based fitter described above.
class PclCuboidFitter : public CuboidFitter {
 public:
  explicit PclCuboidFitter(CuboidFitOptions options = {}) : options_(options) {}
  std::string name() const override { return "Fit cuboid (PCL)"; }
  std::optional<CuboidFitResult> fit(const PointCloud& cloud, const Cuboid3D& rough) const override;

 private:
  CuboidFitOptions options_;
};

}  // namespace labelstation::plugins

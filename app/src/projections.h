#pragma once
// The top, side and front projections of the selected cuboid: three orthographic views centred
// on it, turned with it (top: its front up; side: seen from its left; front: seen from ahead),
// showing the points around it (within a margin) at high zoom, side by side with splitters.

#include <QWidget>
#include <memory>
#include <optional>

#include "labelstation/core/geometry.h"
#include "labelstation/core/point_cloud.h"
#include "labelstation/render/scene.h"

class QLabel;

namespace labelstation::app {

class VtkView;

enum class Projection { Top, Side, Front };

class ProjectionPanes : public QWidget {
  Q_OBJECT
 public:
  explicit ProjectionPanes(QWidget* parent = nullptr);
  ~ProjectionPanes() override;
  // The cuboid (nullopt: nothing selected) over the frame's points (may be null while loading).
  void showCuboid(const std::optional<Cuboid3D>& box, render::Rgb color, const PointCloud* cloud);
  render::Scene& scene(Projection p) { return *scenes_[static_cast<int>(p)]; }
  VtkView* view(Projection p) { return views_[static_cast<int>(p)]; }
  // Points kept around the cuboid, in metres beyond each face.
  static constexpr double kMargin = 1.5;

 private:
  std::unique_ptr<render::Scene> scenes_[3];
  VtkView* views_[3] = {};
  QLabel* empty_ = nullptr;
};

// The cloud's points within `margin` metres of the cuboid (in its own frame), world coordinates.
PointCloud pointsAround(const PointCloud& cloud, const Cuboid3D& box, double margin);

}  // namespace labelstation::app

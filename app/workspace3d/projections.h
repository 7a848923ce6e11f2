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
  // How near (pixels) to a box's edge a press counts as on it (the control point size setting).
  void setGripPixels(int pixels) { gripPixels_ = pixels; }
  render::Scene& scene(Projection p) { return *scenes_[static_cast<int>(p)]; }

 signals:
  // A drag in a pane changed the cuboid: `finished` on release (one undo step per drag).
  void cuboidEdited(const labelstation::Cuboid3D& box, bool finished);

 protected:
  // Mouse drags on the panes: inside the box moves it in the pane's plane, an edge (or corner)
  // resizes it with the opposite edge kept, the rotation handle (or Ctrl+drag anywhere on the
  // box) turns it about the axis the pane looks along: yaw in the top pane, pitch in the side
  // pane, roll in the front pane (Shift: in 15° steps).
  bool eventFilter(QObject* watched, QEvent* event) override;

 public:
  VtkView* view(Projection p) { return views_[static_cast<int>(p)]; }
  // Points kept around the cuboid, in metres beyond each face.
  static constexpr double kMargin = 1.5;
  // The rotation handle sits this far above the box's upper edge on screen.
  static constexpr double kHandleGapPixels = 18;
  // Where a pane draws the rotation handle, in the pane's pixels (with a cuboid shown).
  QPointF rotationHandlePixel(Projection p) const;

 private:
  struct Drag {
    int pane = -1;
    enum class Kind { Move, Resize, Rotate } kind = Kind::Move;
    int sideR = 0, sideU = 0;  // resize: which edge along screen right / up (-1, 0, +1)
    QPointF start;
    Cuboid3D box;
  };
  void aim(int pane);
  // Screen right and up of a pane in world coordinates, and metres per pixel.
  void paneAxes(int pane, Eigen::Vector3d& right, Eigen::Vector3d& up, double& metresPerPixel) const;
  // Half the box's extent on a pane's screen, in metres along screen right and up.
  std::pair<double, double> halfExtents(int pane) const;
  Eigen::Vector3d rotationHandle(int pane) const;  // world position
  Cuboid3D dragged(const QPointF& position, Qt::KeyboardModifiers modifiers) const;

  std::optional<Cuboid3D> box_;
  render::Rgb color_;
  const PointCloud* cloud_ = nullptr;
  std::optional<Drag> drag_;
  int gripPixels_ = 6;
  std::unique_ptr<render::Scene> scenes_[3];
  VtkView* views_[3] = {};
  QLabel* empty_ = nullptr;
};

// The cloud's points within `margin` metres of the cuboid (in its own frame), world coordinates.
PointCloud pointsAround(const PointCloud& cloud, const Cuboid3D& box, double margin);

}  // namespace labelstation::app

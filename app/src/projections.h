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
  // resizes it with the opposite edge kept, Ctrl+drag in the top pane turns it about the
  // vertical (Shift: in 15° steps).
  bool eventFilter(QObject* watched, QEvent* event) override;

 public:
  VtkView* view(Projection p) { return views_[static_cast<int>(p)]; }
  // Points kept around the cuboid, in metres beyond each face.
  static constexpr double kMargin = 1.5;
  int gripPixels_ = 6;

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
  Cuboid3D dragged(const QPointF& position, Qt::KeyboardModifiers modifiers) const;

  std::optional<Cuboid3D> box_;
  render::Rgb color_;
  const PointCloud* cloud_ = nullptr;
  std::optional<Drag> drag_;
  std::unique_ptr<render::Scene> scenes_[3];
  VtkView* views_[3] = {};
  QLabel* empty_ = nullptr;
};

// The cloud's points within `margin` metres of the cuboid (in its own frame), world coordinates.
PointCloud pointsAround(const PointCloud& cloud, const Cuboid3D& box, double margin);

}  // namespace labelstation::app

#pragma once
// The selected cuboid's numbers: position, rotation (roll, pitch, yaw) and size as editable fields, and how many of the
// frame's points lie inside it (updated live while editing), plus the keyboard nudges that move,
// turn and resize it in its own frame, so no edit needs the mouse.

#include <QWidget>
#include <optional>

#include "labelstation/core/geometry.h"

class QDoubleSpinBox;
class QLabel;

namespace labelstation::app {

enum class Nudge { Forward, Back, Left, Right, Up, Down, TurnLeft, TurnRight, Longer, Shorter, Wider, Narrower, Taller, Lower };

// The cuboid after one nudge: moves of 0.1 m along its own axes (heading, left, up), turns of 1°
// about the vertical, size steps of 0.1 m that keep the opposite face where it was (never below
// 0.05 m).
Cuboid3D nudged(const Cuboid3D& box, Nudge nudge);

class CuboidDetails : public QWidget {
  Q_OBJECT
 public:
  explicit CuboidDetails(QWidget* parent = nullptr);
  // The cuboid to show (nullopt: nothing selected, fields disabled) and its point count.
  void showCuboid(const std::optional<Cuboid3D>& box, std::size_t pointsInside);
  std::optional<Cuboid3D> cuboid() const { return box_; }

 signals:
  // The user typed a new value: the whole edited cuboid.
  void edited(const labelstation::Cuboid3D& box);

 private:
  static constexpr int kFields = 9;  // x y z, roll pitch yaw (degrees), length width height
  void fieldChanged(int field);
  // A field's value in the cuboid (angles in radians).
  static double& component(Cuboid3D& box, int field);
  static double component(const Cuboid3D& box, int field);

  std::optional<Cuboid3D> box_;
  QDoubleSpinBox* fields_[kFields] = {};
  QLabel* points_ = nullptr;
  bool updating_ = false;
};

}  // namespace labelstation::app

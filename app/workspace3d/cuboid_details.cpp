#include "cuboid_details.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <algorithm>
#include <cmath>

namespace labelstation::app {
namespace {

constexpr double kStep = 0.1;                     // metres
constexpr double kTurn = M_PI / 180.0;  // one degree
constexpr double kMinSize = 0.05;

}  // namespace

Cuboid3D nudged(const Cuboid3D& box, Nudge nudge) {
  Cuboid3D out = box;
  const double yaw = box.rotation.z();
  const Eigen::Vector3d forward(std::cos(yaw), std::sin(yaw), 0), left(-std::sin(yaw), std::cos(yaw), 0), up(0, 0, 1);
  // Grows one face by `step` along `axis` (scale index) and moves the centre half of it, so the
  // opposite face stays where it was.
  auto grow = [&](int axis, const Eigen::Vector3d& direction, double step) {
    const double size = std::max(kMinSize, box.scale[axis] + step);
    out.scale[axis] = size;
    out.position = box.position + direction * ((size - box.scale[axis]) / 2);
  };
  switch (nudge) {
    case Nudge::Forward: out.position += forward * kStep; break;
    case Nudge::Back: out.position -= forward * kStep; break;
    case Nudge::Left: out.position += left * kStep; break;
    case Nudge::Right: out.position -= left * kStep; break;
    case Nudge::Up: out.position += up * kStep; break;
    case Nudge::Down: out.position -= up * kStep; break;
    case Nudge::TurnLeft: out.rotation.z() = wrapAngle(yaw + kTurn); break;
    case Nudge::TurnRight: out.rotation.z() = wrapAngle(yaw - kTurn); break;
    case Nudge::Longer: grow(0, forward, kStep); break;
    case Nudge::Shorter: grow(0, forward, -kStep); break;
    case Nudge::Wider: grow(1, left, kStep); break;
    case Nudge::Narrower: grow(1, left, -kStep); break;
    case Nudge::Taller: grow(2, up, kStep); break;
    case Nudge::Lower: grow(2, up, -kStep); break;
  }
  return out;
}

CuboidDetails::CuboidDetails(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  const char* names[kFields] = {"x", "y", "z", "roll", "pitch", "yaw", "length", "width", "height"};
  const QString labels[kFields] = {tr("Position x (m)"), tr("Position y (m)"), tr("Position z (m)"),
                                   tr("Roll, about x (°)"), tr("Pitch, about y (°)"), tr("Yaw, about z (°)"),
                                   tr("Length (m)"), tr("Width (m)"), tr("Height (m)")};
  for (int i = 0; i < kFields; ++i) {
    const bool angle = i >= 3 && i < 6, size = i >= 6;
    auto* field = new QDoubleSpinBox(this);
    field->setObjectName(QString("cuboid_%1").arg(names[i]));
    field->setDecimals(angle ? 1 : 3);
    field->setSingleStep(angle ? 1.0 : 0.1);
    field->setRange(angle ? -180.0 : size ? kMinSize : -1e6, angle ? 180.0 : 1e6);
    field->setKeyboardTracking(false);  // one edit per typed value, not per keystroke
    connect(field, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this, i] { fieldChanged(i); });
    form->addRow(labels[i], field);
    fields_[i] = field;
  }
  points_ = new QLabel(this);
  points_->setObjectName("cuboid_points");
  form->addRow(tr("Points inside"), points_);
  showCuboid(std::nullopt, 0);
}

void CuboidDetails::showCuboid(const std::optional<Cuboid3D>& box, std::size_t pointsInside) {
  box_ = box;
  updating_ = true;
  for (QDoubleSpinBox* f : fields_) f->setEnabled(box.has_value());
  if (box)
    for (int i = 0; i < kFields; ++i) fields_[i]->setValue(i >= 3 && i < 6 ? component(*box, i) * 180.0 / M_PI : component(*box, i));
  points_->setText(box ? QString::number(pointsInside) : QString("–"));
  updating_ = false;
}

double& CuboidDetails::component(Cuboid3D& box, int field) {
  return field < 3 ? box.position[field] : field < 6 ? box.rotation[field - 3] : box.scale[field - 6];
}

double CuboidDetails::component(const Cuboid3D& box, int field) { return component(const_cast<Cuboid3D&>(box), field); }

// Only the typed field changes: the others show rounded values that must not overwrite the exact
// ones (a yaw of 90.0002° stays as it is when x is typed).
void CuboidDetails::fieldChanged(int field) {
  if (updating_ || !box_) return;
  Cuboid3D box = *box_;
  const double value = fields_[field]->value();
  component(box, field) = field >= 3 && field < 6 ? wrapAngle(value * M_PI / 180.0) : value;
  emit edited(box);
}

}  // namespace labelstation::app

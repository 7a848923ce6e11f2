#include "cuboid_details.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <algorithm>
#include <cmath>

namespace labelstation::app {
namespace {

constexpr double kStep = 0.1;                     // metres
constexpr double kTurn = 3.14159265358979323846 / 180.0;  // one degree
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
  const char* names[7] = {"x", "y", "z", "yaw", "length", "width", "height"};
  const QString labels[7] = {tr("Position x (m)"), tr("Position y (m)"), tr("Position z (m)"), tr("Yaw (°)"),
                             tr("Length (m)"), tr("Width (m)"), tr("Height (m)")};
  for (int i = 0; i < 7; ++i) {
    auto* field = new QDoubleSpinBox(this);
    field->setObjectName(QString("cuboid_%1").arg(names[i]));
    field->setDecimals(i == 3 ? 1 : 3);
    field->setSingleStep(i == 3 ? 1.0 : 0.1);
    field->setRange(i == 3 ? -180.0 : i >= 4 ? kMinSize : -1e6, i == 3 ? 180.0 : 1e6);
    field->setKeyboardTracking(false);  // one edit per typed value, not per keystroke
    connect(field, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this] { fieldChanged(); });
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
  if (box) {
    const double values[7] = {box->position.x(), box->position.y(), box->position.z(), box->rotation.z() * 180.0 / 3.14159265358979323846,
                              box->scale.x(), box->scale.y(), box->scale.z()};
    for (int i = 0; i < 7; ++i) fields_[i]->setValue(values[i]);
  }
  points_->setText(box ? QString::number(pointsInside) : QString("–"));
  updating_ = false;
}

void CuboidDetails::fieldChanged() {
  if (updating_ || !box_) return;
  Cuboid3D box = *box_;
  box.position = Eigen::Vector3d(fields_[0]->value(), fields_[1]->value(), fields_[2]->value());
  box.rotation.z() = wrapAngle(fields_[3]->value() * 3.14159265358979323846 / 180.0);
  box.scale = Eigen::Vector3d(fields_[4]->value(), fields_[5]->value(), fields_[6]->value());
  emit edited(box);
}

}  // namespace labelstation::app

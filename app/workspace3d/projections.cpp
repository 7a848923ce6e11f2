#include "projections.h"

#include <QLabel>
#include <QMouseEvent>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "vtk_view.h"

namespace labelstation::app {

namespace {

// The direction the box's front points, seen from above (its yaw when it is not tilted; a box
// pitched straight up keeps its yaw).
double headingAzimuth(const Cuboid3D& box) {
  const Eigen::Vector3d h = box.heading();
  return std::hypot(h.x(), h.y()) > 1e-9 ? std::atan2(h.y(), h.x()) : box.rotation.z();
}

}  // namespace

PointCloud pointsAround(const PointCloud& cloud, const Cuboid3D& box, double margin) {
  const Eigen::Matrix3d toBox = box.rotationMatrix().transpose();
  const Eigen::Vector3d half = box.scale / 2 + Eigen::Vector3d::Constant(margin);
  PointCloud out;
  const bool intensity = !cloud.intensity.empty(), rgb = !cloud.rgb.empty();
  for (std::size_t i = 0; i < cloud.size(); ++i) {
    const Eigen::Vector3d world(cloud.x[i] + cloud.origin[0], cloud.y[i] + cloud.origin[1], cloud.z[i] + cloud.origin[2]);
    const Eigen::Vector3d local = toBox * (world - box.position);
    if (std::abs(local.x()) > half.x() || std::abs(local.y()) > half.y() || std::abs(local.z()) > half.z()) continue;
    out.addPoint(static_cast<float>(world.x()), static_cast<float>(world.y()), static_cast<float>(world.z()));
    if (intensity) out.intensity.push_back(cloud.intensity[i]);
    if (rgb) out.rgb.push_back(cloud.rgb[i]);
  }
  return out;
}

ProjectionPanes::ProjectionPanes(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  auto* splitter = new QSplitter(Qt::Horizontal, this);
  const char* names[3] = {"top", "side", "front"};
  const QString titles[3] = {tr("Top"), tr("Side"), tr("Front")};
  for (int i = 0; i < 3; ++i) {
    scenes_[i] = std::make_unique<render::Scene>();
    scenes_[i]->setPointSize(3);
    scenes_[i]->camera().orthographic = true;
    scenes_[i]->setCuboidFaces(false);
    auto* pane = new QWidget(splitter);
    auto* paneLayout = new QVBoxLayout(pane);
    paneLayout->setContentsMargins(1, 1, 1, 1);
    paneLayout->setSpacing(0);
    paneLayout->addWidget(new QLabel(titles[i], pane));
    views_[i] = new VtkView(*scenes_[i], pane);
    views_[i]->setObjectName(QString("projection_%1").arg(names[i]));
    views_[i]->setCameraFixed(true);
    views_[i]->setMinimumSize(120, 100);
    views_[i]->installEventFilter(this);
    paneLayout->addWidget(views_[i], 1);
    splitter->addWidget(pane);
  }
  layout->addWidget(splitter, 1);
  empty_ = new QLabel(tr("Select a cuboid to see it from the top, the side and the front"), this);
  empty_->setAlignment(Qt::AlignCenter);
  layout->addWidget(empty_);
  showCuboid(std::nullopt, {}, nullptr);
}

ProjectionPanes::~ProjectionPanes() {
  for (VtkView*& v : views_) {
    delete v;  // before the scenes they render
    v = nullptr;
  }
}

void ProjectionPanes::showCuboid(const std::optional<Cuboid3D>& box, render::Rgb color, const PointCloud* cloud) {
  box_ = box;
  color_ = color;
  cloud_ = cloud;
  for (int i = 0; i < 3; ++i) views_[i]->parentWidget()->setVisible(box.has_value());
  views_[0]->parentWidget()->parentWidget()->setVisible(box.has_value());  // the splitter: the hint alone fills the dock
  empty_->setVisible(!box);
  if (!box) return;
  // During a drag the points stay as cropped at its start: re-cropping a big frame on every mouse
  // move would cost a pass over all of its points each time.
  std::optional<PointCloud> around;
  if (!drag_) around = cloud ? pointsAround(*cloud, *box, kMargin) : PointCloud();
  for (int i = 0; i < 3; ++i) {
    render::Scene& scene = *scenes_[i];
    if (around) scene.setPointCloud(*around);
    if (!drag_) aim(i);  // the cameras hold still during a drag, so pixels keep their size
    render::SceneCuboid c;
    c.box = *box;
    c.color = color;
    c.selected = true;
    // The rotation handle: a small white square above the box's upper edge on screen.
    Eigen::Vector3d right, up;
    double mpp = 0;
    paneAxes(i, right, up, mpp);
    render::SceneCuboid handle;
    handle.box.position = rotationHandle(i);
    handle.box.rotation = box->rotation;
    handle.box.scale = Eigen::Vector3d::Constant(std::max(0.02, 9 * mpp));
    handle.color = {255, 255, 255};
    handle.handle = true;
    scene.setCuboids({c, handle});
    views_[i]->update();
  }
}

std::pair<double, double> ProjectionPanes::halfExtents(int pane) const {
  Eigen::Vector3d right, up;
  double mpp = 0;
  paneAxes(pane, right, up, mpp);
  const Eigen::Matrix3d axes = box_->rotationMatrix();
  double halfR = 0, halfU = 0;
  for (int k = 0; k < 3; ++k) {
    halfR += std::abs(axes.col(k).dot(right)) * box_->scale[k] / 2;
    halfU += std::abs(axes.col(k).dot(up)) * box_->scale[k] / 2;
  }
  return {halfR, halfU};
}

Eigen::Vector3d ProjectionPanes::rotationHandle(int pane) const {
  Eigen::Vector3d right, up;
  double mpp = 0;
  paneAxes(pane, right, up, mpp);
  return box_->position + up * (halfExtents(pane).second + kHandleGapPixels * mpp);
}

QPointF ProjectionPanes::rotationHandlePixel(Projection p) const {
  const int pane = static_cast<int>(p);
  const Eigen::Vector3d h = rotationHandle(pane);
  const auto px = scenes_[pane]->worldToPixel(h.x(), h.y(), h.z(), views_[pane]->width(), views_[pane]->height());
  return {px[0], px[1]};
}

// Centres the pane's camera on the box, turned with it, zoomed so the box and a margin fill the
// pane whatever its shape (again whenever the pane is resized).
void ProjectionPanes::aim(int pane) {
  const Cuboid3D& box = *box_;
  render::OrbitCamera& cam = scenes_[pane]->camera();
  cam.focus = {box.position.x(), box.position.y(), box.position.z()};
  cam.distance = box.scale.norm() + 4 * kMargin;
  const auto p = static_cast<Projection>(pane);
  // The panes turn with the box's heading (as seen from above), whatever its pitch and roll.
  const double heading = headingAzimuth(box), yaw = heading * 180.0 / M_PI;
  if (p == Projection::Top) {
    cam.elevation = 90;
    cam.azimuth = yaw;
    cam.up = {std::cos(heading), std::sin(heading), 0};  // the box's front up on screen
  } else {
    cam.elevation = 0;
    cam.azimuth = p == Projection::Side ? yaw + 90 : yaw;  // from its left / from ahead of it
    cam.up = {0, 0, 1};
  }
  // Zoom: the box's extents (pitched or rolled ones included) plus half a metre fill the pane,
  // leaving room above the box for its rotation handle.
  const auto [halfR, halfU] = halfExtents(pane);
  const int height = std::max(1, views_[pane]->height());
  const double aspect = std::max(0.2, static_cast<double>(views_[pane]->width()) / height);
  const double handleRoom = std::min(0.5, 2 * (kHandleGapPixels + 12) / height);  // of the pane's height
  cam.halfHeight = std::max(halfU / (1 - handleRoom), halfR / aspect) + 0.5;
  views_[pane]->update();
}

void ProjectionPanes::paneAxes(int pane, Eigen::Vector3d& right, Eigen::Vector3d& up, double& metresPerPixel) const {
  const render::OrbitCamera& cam = scenes_[pane]->camera();
  const auto position = cam.position();
  const Eigen::Vector3d focus(cam.focus[0], cam.focus[1], cam.focus[2]);
  const Eigen::Vector3d view = (focus - Eigen::Vector3d(position[0], position[1], position[2])).normalized();
  up = Eigen::Vector3d(cam.up[0], cam.up[1], cam.up[2]);
  up = (up - view * view.dot(up)).normalized();
  right = view.cross(up).normalized();  // as VTK: direction of projection × view up
  metresPerPixel = 2.0 * cam.halfHeight / std::max(1, views_[pane]->height());
}

Cuboid3D ProjectionPanes::dragged(const QPointF& position, Qt::KeyboardModifiers modifiers) const {
  Eigen::Vector3d right, up;
  double mpp = 0;
  paneAxes(drag_->pane, right, up, mpp);
  const QPointF d = position - drag_->start;
  const Eigen::Vector3d moved = right * (d.x() * mpp) - up * (d.y() * mpp);
  Cuboid3D box = drag_->box;
  switch (drag_->kind) {
    case Drag::Kind::Move: box.position += moved; break;
    case Drag::Kind::Rotate: {
      // The angle swept around the box's centre on screen (y down: clockwise on screen), turning
      // the box about the axis the pane looks along.
      const QPointF centre(views_[drag_->pane]->width() / 2.0, views_[drag_->pane]->height() / 2.0);
      const QPointF a = drag_->start - centre, b = position - centre;
      double turn = std::atan2(a.y(), a.x()) - std::atan2(b.y(), b.x());
      // Shift: 15° steps; in the top pane the heading itself lands on a step.
      constexpr double kSnap = M_PI / 12;
      if (modifiers & Qt::ShiftModifier) {
        if (static_cast<Projection>(drag_->pane) == Projection::Top) {
          const double heading = headingAzimuth(drag_->box) + turn;
          turn += std::round(heading / kSnap) * kSnap - heading;
        } else {
          turn = std::round(turn / kSnap) * kSnap;
        }
      }
      // Top: yaw about the vertical; side: pitch; front: roll (each pane's own axis, towards the viewer).
      const Eigen::Vector3d towardsViewer = right.cross(up).normalized();
      box.setRotationMatrix(Eigen::AngleAxisd(turn, towardsViewer).toRotationMatrix() * drag_->box.rotationMatrix());
      break;
    }
    case Drag::Kind::Resize: {
      const Eigen::Matrix3d axes = drag_->box.rotationMatrix();
      for (const auto& [side, screen] : {std::pair{drag_->sideR, right}, std::pair{drag_->sideU, up}}) {
        if (side == 0) continue;
        // The box axis lying along this screen direction, and the edge's outward direction.
        int axis = 0;
        for (int k = 1; k < 3; ++k)
          if (std::abs(axes.col(k).dot(screen)) > std::abs(axes.col(axis).dot(screen))) axis = k;
        const Eigen::Vector3d outward = axes.col(axis) * (axes.col(axis).dot(screen) > 0 ? side : -side);
        const double grow = moved.dot(outward);
        const double size = std::max(0.05, drag_->box.scale[axis] + grow);
        box.scale[axis] = size;
        box.position += outward * ((size - drag_->box.scale[axis]) / 2);  // the opposite edge stays
      }
      break;
    }
  }
  return box;
}

bool ProjectionPanes::eventFilter(QObject* watched, QEvent* event) {
  int pane = -1;
  for (int i = 0; i < 3; ++i)
    if (watched == views_[i]) pane = i;
  if (pane < 0 || !box_) return QWidget::eventFilter(watched, event);
  const auto type = event->type();
  if (type == QEvent::Resize && !drag_) aim(pane);
  if (type != QEvent::MouseButtonPress && type != QEvent::MouseMove && type != QEvent::MouseButtonRelease)
    return QWidget::eventFilter(watched, event);
  auto* mouse = static_cast<QMouseEvent*>(event);
  if (type == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton) {
    Eigen::Vector3d right, up;
    double mpp = 0;
    paneAxes(pane, right, up, mpp);
    // Where the press is relative to the box, in metres along screen right / up.
    const QPointF p = mouse->position();
    const double a = (p.x() - views_[pane]->width() / 2.0) * mpp, b = -(p.y() - views_[pane]->height() / 2.0) * mpp;
    const auto [halfR, halfU] = halfExtents(pane);
    const double grip = gripPixels_ * mpp;  // how close to an edge counts as on it
    const double handleUp = halfU + kHandleGapPixels * mpp;
    const double handleGrip = std::max(grip, 6 * mpp);
    const bool onHandle = std::abs(a) <= handleGrip && std::abs(b - handleUp) <= handleGrip;
    if (!onHandle && (std::abs(a) > halfR + grip || std::abs(b) > halfU + grip)) return false;
    Drag d;
    d.pane = pane;
    d.start = p;
    d.box = *box_;
    d.sideR = std::abs(std::abs(a) - halfR) <= grip ? (a > 0 ? 1 : -1) : 0;
    d.sideU = std::abs(std::abs(b) - halfU) <= grip ? (b > 0 ? 1 : -1) : 0;
    d.kind = onHandle || (mouse->modifiers() & Qt::ControlModifier) ? Drag::Kind::Rotate
             : d.sideR || d.sideU                                   ? Drag::Kind::Resize
                                                                    : Drag::Kind::Move;
    drag_ = d;
    return true;
  }
  if (!drag_) return false;
  if (type == QEvent::MouseMove) {
    emit cuboidEdited(dragged(mouse->position(), mouse->modifiers()), false);
    return true;
  }
  if (type == QEvent::MouseButtonRelease && mouse->button() == Qt::LeftButton) {
    const Cuboid3D box = dragged(mouse->position(), mouse->modifiers());
    drag_.reset();
    emit cuboidEdited(box, true);
    return true;
  }
  return false;
}

}  // namespace labelstation::app

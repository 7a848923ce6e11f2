#include "projections.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "vtk_view.h"

namespace labelstation::app {

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
    auto* pane = new QWidget(splitter);
    auto* paneLayout = new QVBoxLayout(pane);
    paneLayout->setContentsMargins(1, 1, 1, 1);
    paneLayout->setSpacing(0);
    paneLayout->addWidget(new QLabel(titles[i], pane));
    views_[i] = new VtkView(*scenes_[i], pane);
    views_[i]->setObjectName(QString("projection_%1").arg(names[i]));
    views_[i]->setCameraFixed(true);
    views_[i]->setMinimumSize(120, 100);
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
  for (int i = 0; i < 3; ++i) views_[i]->parentWidget()->setVisible(box.has_value());
  empty_->setVisible(!box);
  if (!box) return;
  const PointCloud around = cloud ? pointsAround(*cloud, *box, kMargin) : PointCloud();
  const double yaw = box->rotation.z() * 180.0 / M_PI;
  const Eigen::Vector3d heading(std::cos(box->rotation.z()), std::sin(box->rotation.z()), 0);
  for (int i = 0; i < 3; ++i) {
    render::Scene& scene = *scenes_[i];
    scene.setPointCloud(around);
    render::SceneCuboid c;
    c.box = *box;
    c.color = color;
    c.selected = true;
    scene.setCuboids({c});
    render::OrbitCamera& cam = scene.camera();
    cam.focus = {box->position.x(), box->position.y(), box->position.z()};
    cam.distance = box->scale.norm() + 4 * kMargin;
    const auto p = static_cast<Projection>(i);
    // What the pane shows across its height: the box's extent in that direction plus margin.
    const double across = p == Projection::Top ? box->scale.x() : box->scale.z();
    const double along = p == Projection::Front ? box->scale.y() : p == Projection::Top ? box->scale.y() : box->scale.x();
    const double aspect = std::max(0.2, static_cast<double>(views_[i]->width()) / std::max(1, views_[i]->height()));
    cam.halfHeight = std::max(across / 2, along / 2 / aspect) + 0.5;
    if (p == Projection::Top) {
      cam.elevation = 90;
      cam.azimuth = yaw;
      cam.up = {heading.x(), heading.y(), 0};  // the box's front up on screen
    } else {
      cam.elevation = 0;
      cam.azimuth = p == Projection::Side ? yaw + 90 : yaw;  // from its left / from ahead of it
      cam.up = {0, 0, 1};
    }
    views_[i]->update();
  }
}

}  // namespace labelstation::app

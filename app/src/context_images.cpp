#include "context_images.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <algorithm>
#include <cmath>

namespace labelstation::app {
namespace {

// The cuboid's 12 edges as corner index pairs (corner bit 0: +x, bit 1: +y, bit 2: +z).
constexpr int kEdges[12][2] = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3}, {4, 6}, {5, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};

// Each edge in short pieces, so lens distortion bends it as the camera does and a piece behind
// the camera drops out alone.
constexpr int kPiecesPerEdge = 12;

}  // namespace

ContextImageView::ContextImageView(QWidget* parent) : QWidget(parent) {
  setMinimumSize(160, 80);
  setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ContextImageView::setImage(const io::Image& image, const io::CameraCalibration* camera, const QString& title) {
  image_ = image.empty() ? QImage() : QImage(image.rgb.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888).copy();
  camera_ = camera ? std::optional<io::CameraCalibration>(*camera) : std::nullopt;
  title_ = title;
  compose();
}

void ContextImageView::setOverlays(const std::vector<ProjectedCuboid>& cuboids, const PointCloud* points) {
  cuboids_ = cuboids;
  points_ = points;
  compose();
}

void ContextImageView::compose() {
  composed_ = image_.convertToFormat(QImage::Format_RGB32);
  if (composed_.isNull() || !camera_) {
    update();
    return;
  }
  QPainter p(&composed_);
  p.setRenderHint(QPainter::Antialiasing);
  const double pen = std::max(1.0, composed_.width() / 600.0);
  if (points_) {
    // Every point that lands in the image, coloured by distance (near red, far blue): a wrong
    // calibration shows as points beside the objects they belong to.
    const std::size_t step = std::max<std::size_t>(1, points_->size() / 60000);
    for (std::size_t i = 0; i < points_->size(); i += step) {
      const Eigen::Vector3d world(points_->x[i] + points_->origin[0], points_->y[i] + points_->origin[1], points_->z[i] + points_->origin[2]);
      const auto px = io::project(*camera_, world);
      if (!px || px->x() < 0 || px->y() < 0 || px->x() >= composed_.width() || px->y() >= composed_.height()) continue;
      const double distance = world.norm();
      const int hue = static_cast<int>(std::clamp(distance / 60.0, 0.0, 1.0) * 240.0);
      composed_.setPixelColor(static_cast<int>(px->x()), static_cast<int>(px->y()), QColor::fromHsv(hue, 255, 255));
    }
  }
  for (const ProjectedCuboid& c : cuboids_) {
    p.setPen(QPen(c.color, c.selected ? 2.5 * pen : pen));
    const auto corners = c.box.corners();
    for (const auto& edge : kEdges) {
      const Eigen::Vector3d a = corners[static_cast<std::size_t>(edge[0])], b = corners[static_cast<std::size_t>(edge[1])];
      std::optional<Eigen::Vector2d> previous = io::project(*camera_, a);
      for (int k = 1; k <= kPiecesPerEdge; ++k) {
        const std::optional<Eigen::Vector2d> next = io::project(*camera_, a + (b - a) * (static_cast<double>(k) / kPiecesPerEdge));
        if (previous && next) p.drawLine(QPointF(previous->x(), previous->y()), QPointF(next->x(), next->y()));
        previous = next;
      }
    }
  }
  update();
}

void ContextImageView::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), QColor(16, 18, 24));
  if (composed_.isNull()) {
    p.setPen(Qt::lightGray);
    p.drawText(rect(), Qt::AlignCenter, tr("%1: no image").arg(title_));
    return;
  }
  const QSize scaled = composed_.size().scaled(size(), Qt::KeepAspectRatio);
  const QRect target(QPoint((width() - scaled.width()) / 2, (height() - scaled.height()) / 2), scaled);
  p.setRenderHint(QPainter::SmoothPixmapTransform);
  p.drawImage(target, composed_);
  p.setPen(Qt::white);
  p.drawText(target.adjusted(4, 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, camera_ ? title_ : tr("%1 (no calibration)").arg(title_));
}

ContextImagesPanel::ContextImagesPanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(2, 2, 2, 2);
  empty_ = new QLabel(tr("No camera images for this frame"), this);
  empty_->setAlignment(Qt::AlignCenter);
  layout->addWidget(empty_);
}

void ContextImagesPanel::setFrame(std::shared_ptr<const io::FrameData> data, const std::vector<const io::CameraCalibration*>& cameras,
                                  const std::vector<QString>& titles) {
  data_ = std::move(data);
  const std::size_t count = data_ ? std::min<std::size_t>(data_->relatedImages.size(), 12) : 0;
  while (views_.size() > count) {
    delete views_.back();
    views_.pop_back();
  }
  while (views_.size() < count) {
    auto* view = new ContextImageView(this);
    view->setObjectName(QString("contextImage%1").arg(views_.size()));
    layout()->addWidget(view);
    view->show();  // added to a panel that may already be on screen
    views_.push_back(view);
  }
  for (std::size_t i = 0; i < count; ++i)
    views_[i]->setImage(data_->relatedImages[i], i < cameras.size() ? cameras[i] : nullptr,
                    i < titles.size() ? titles[i] : QString("camera %1").arg(i));
  empty_->setVisible(count == 0);
  refreshOverlays();
}

void ContextImagesPanel::setCuboids(const std::vector<ProjectedCuboid>& cuboids) {
  cuboids_ = cuboids;
  refreshOverlays();
}

void ContextImagesPanel::setShowPoints(bool show) {
  showPoints_ = show;
  refreshOverlays();
}

void ContextImagesPanel::refreshOverlays() {
  const PointCloud* points = showPoints_ && data_ ? &data_->cloud : nullptr;
  for (ContextImageView* view : views_) view->setOverlays(cuboids_, points);
}

}  // namespace labelstation::app

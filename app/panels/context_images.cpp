#include "context_images.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QSplitter>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QScreen>
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
  p.drawText(target.adjusted(4, 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, caption());
}

QString ContextImageView::caption() const { return camera_ || !calibrationExpected_ ? title_ : tr("%1 (no calibration)").arg(title_); }

void ContextImageView::setCalibrationExpected(bool expected) {
  calibrationExpected_ = expected;
  update();
}

void ContextImagesPanel::setCalibrationExpected(bool expected) {
  calibrationExpected_ = expected;
  for (ContextImageView* view : views_) view->setCalibrationExpected(expected);
  if (fullscreenView_) fullscreenView_->setCalibrationExpected(expected);
}

ContextImagesPanel::ContextImagesPanel(QWidget* parent) : QWidget(parent) {
  auto* outer = new QHBoxLayout(this);
  outer->setContentsMargins(2, 2, 2, 2);
  // The toolbar, as CVAT's: add an image, fit the views, reload the layout.
  auto* tools = new QVBoxLayout();
  auto tool = [this, tools](const char* name, const QString& text, const QString& tip, auto slot) {
    auto* button = new QToolButton(this);
    button->setObjectName(name);
    button->setText(text);
    button->setToolTip(tip);
    connect(button, &QToolButton::clicked, this, slot);
    tools->addWidget(button);
  };
  tool("addContextImage", "+", tr("Show one more of the frame's camera images"), [this] { addView(); });
  tool("fitContextImages", "↔", tr("Fit views: give every image the same width"), [this] { fitViews(); });
  tool("resetContextImages", "⟲", tr("Reload layout: the first three images"), [this] { resetLayout(); });
  tools->addStretch(1);
  outer->addLayout(tools);
  splitter_ = new QSplitter(Qt::Horizontal, this);
  splitter_->setObjectName("contextImagesSplitter");
  splitter_->setChildrenCollapsible(false);
  outer->addWidget(splitter_, 1);
  empty_ = new QLabel(tr("No camera images for this frame"), this);
  empty_->setAlignment(Qt::AlignCenter);
  outer->addWidget(empty_, 1);
}

void ContextImagesPanel::setFrame(std::shared_ptr<const io::FrameData> data, const std::vector<const io::CameraCalibration*>& cameras,
                                  const std::vector<QString>& titles) {
  data_ = std::move(data);
  cameras_ = cameras;
  titles_ = titles;
  const int count = imageCount();
  if (!chosen_ && count > 0) {
    // CVAT shows three images at first; the rest one click away.
    shown_.clear();
    for (int i = 0; i < std::min(count, 3); ++i) shown_.push_back(i);
    chosen_ = true;
  }
  rebuild();
  refreshFullscreen();  // the full-screen image follows the frame
}

int ContextImagesPanel::imageCount() const { return data_ ? static_cast<int>(std::min<std::size_t>(data_->relatedImages.size(), 12)) : 0; }

void ContextImagesPanel::addView() {
  for (int i = 0; i < imageCount(); ++i)
    if (std::find(shown_.begin(), shown_.end(), i) == shown_.end()) {
      shown_.push_back(i);
      break;
    }
  rebuild();
}

void ContextImagesPanel::closeView(std::size_t slot) {
  if (slot < shown_.size()) shown_.erase(shown_.begin() + static_cast<long>(slot));
  rebuild();
}

void ContextImagesPanel::chooseImage(std::size_t slot, int image) {
  if (slot < shown_.size() && image >= 0 && image < imageCount()) shown_[slot] = image;
  rebuild();
}

void ContextImagesPanel::moveView(std::size_t slot, int by) {
  const long other = static_cast<long>(slot) + by;
  if (slot >= shown_.size() || other < 0 || other >= static_cast<long>(shown_.size())) return;
  std::swap(shown_[slot], shown_[static_cast<std::size_t>(other)]);
  rebuild();
}

void ContextImagesPanel::fitViews() {
  if (views_.empty()) return;
  splitter_->setSizes(QList<int>(static_cast<int>(views_.size()), std::max(1, splitter_->width() / static_cast<int>(views_.size()))));
}

void ContextImagesPanel::resetLayout() {
  shown_.clear();
  for (int i = 0; i < std::min(imageCount(), 3); ++i) shown_.push_back(i);
  rebuild();
  fitViews();
}

void ContextImagesPanel::showFullscreen(std::size_t slot) {
  if (slot >= shown_.size()) return;
  if (!fullscreen_) {
    fullscreen_ = new QWidget(this, Qt::Window);
    fullscreen_->setObjectName("contextImageFullscreen");
    fullscreen_->setAttribute(Qt::WA_DeleteOnClose);
    auto* layout = new QVBoxLayout(fullscreen_);
    layout->setContentsMargins(0, 0, 0, 0);
    fullscreenView_ = new ContextImageView(fullscreen_);
    fullscreenView_->setCalibrationExpected(calibrationExpected_);
    layout->addWidget(fullscreenView_);
    fullscreen_->installEventFilter(this);
    fullscreenView_->installEventFilter(this);
    connect(fullscreen_, &QObject::destroyed, this, [this] {
      fullscreen_ = nullptr;
      fullscreenView_ = nullptr;
      fullscreenImage_ = -1;
    });
  }
  fullscreenImage_ = shown_[slot];
  refreshFullscreen();
  // The whole screen even where no window manager makes it full screen (a 320 × 120 window was).
  if (QScreen* screen = window()->screen()) fullscreen_->setGeometry(screen->geometry());
  fullscreen_->showFullScreen();
}

void ContextImagesPanel::refreshFullscreen() {
  if (!fullscreenView_) return;
  if (fullscreenImage_ < 0 || fullscreenImage_ >= imageCount()) {
    fullscreen_->close();
    return;
  }
  const auto image = static_cast<std::size_t>(fullscreenImage_);
  fullscreenView_->setImage(data_->relatedImages[image], image < cameras_.size() ? cameras_[image] : nullptr,
                            image < titles_.size() ? titles_[image] : QString("camera %1").arg(fullscreenImage_));
  fullscreenView_->setOverlays(cuboids_, showPoints_ && data_ ? &data_->cloud : nullptr);
  fullscreen_->setWindowTitle(image < titles_.size() ? titles_[image] : QString());
}

bool ContextImagesPanel::eventFilter(QObject* watched, QEvent* event) {
  if (fullscreen_ && (watched == fullscreen_ || watched == fullscreenView_)) {
    const bool escape = event->type() == QEvent::KeyPress && static_cast<QKeyEvent*>(event)->key() == Qt::Key_Escape;
    if (escape || event->type() == QEvent::MouseButtonDblClick) {
      fullscreen_->close();
      return true;
    }
    return false;
  }
  // A double-click on an image in the panel opens it full screen.
  if (event->type() == QEvent::MouseButtonDblClick)
    for (std::size_t k = 0; k < views_.size(); ++k)
      if (watched == views_[k]) {
        showFullscreen(k);
        return true;
      }
  return QWidget::eventFilter(watched, event);
}

// One framed view per shown image: a header (which image, close) above the image itself.
void ContextImagesPanel::rebuild() {
  const int count = imageCount();
  std::vector<int> visible;
  for (int image : shown_)
    if (image < count) visible.push_back(image);
  for (QWidget* slot : slots_) {
    slot->hide();
    slot->setParent(nullptr);  // out of the panel now; deleted once its signal (a click) is done
    slot->deleteLater();
  }
  slots_.clear();
  views_.clear();
  for (std::size_t k = 0; k < visible.size(); ++k) {
    const int image = visible[k];
    auto* slot = new QWidget(this);
    auto* column = new QVBoxLayout(slot);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(1);
    auto* header = new QHBoxLayout();
    auto* choice = new QComboBox(slot);
    choice->setObjectName(QString("contextImageChoice%1").arg(k));
    for (int i = 0; i < count; ++i)
      choice->addItem(i < static_cast<int>(titles_.size()) ? titles_[static_cast<std::size_t>(i)] : QString("camera %1").arg(i));
    choice->setCurrentIndex(image);
    connect(choice, qOverload<int>(&QComboBox::activated), this, [this, k](int i) { chooseImage(k, i); });
    header->addWidget(choice, 1);
    auto button = [this, slot, header, k](const QString& name, const QString& text, const QString& tip, auto action) {
      auto* b = new QToolButton(slot);
      b->setObjectName(name.arg(k));
      b->setText(text);
      b->setToolTip(tip);
      connect(b, &QToolButton::clicked, this, action);
      header->addWidget(b);
      return b;
    };
    button("contextImageLeft%1", "◀", tr("Move this image left"), [this, k] { moveView(k, -1); })->setEnabled(k > 0);
    button("contextImageRight%1", "▶", tr("Move this image right"), [this, k] { moveView(k, 1); })->setEnabled(k + 1 < visible.size());
    button("contextImageFullscreen%1", QString(), tr("Full screen (double-click the image too; Escape closes)"), [this, k] { showFullscreen(k); })
        ->setIcon(style()->standardIcon(QStyle::SP_TitleBarMaxButton));
    button("contextImageClose%1", "×", tr("Close this image"), [this, k] { closeView(k); });
    column->addLayout(header);
    auto* view = new ContextImageView(slot);
    view->setObjectName(QString("contextImage%1").arg(k));
    view->setCalibrationExpected(calibrationExpected_);
    view->setImage(data_->relatedImages[static_cast<std::size_t>(image)],
                   image < static_cast<int>(cameras_.size()) ? cameras_[static_cast<std::size_t>(image)] : nullptr,
                   image < static_cast<int>(titles_.size()) ? titles_[static_cast<std::size_t>(image)] : QString("camera %1").arg(image));
    view->installEventFilter(this);
    column->addWidget(view, 1);
    splitter_->addWidget(slot);
    slot->show();  // added to a panel that may already be on screen
    slots_.push_back(slot);
    views_.push_back(view);
  }
  empty_->setVisible(views_.empty());
  splitter_->setVisible(!views_.empty());
  empty_->setText(count == 0 ? tr("No camera images for this frame") : tr("All camera images closed: + shows one"));
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
  if (fullscreenView_) fullscreenView_->setOverlays(cuboids_, points);
}

}  // namespace labelstation::app

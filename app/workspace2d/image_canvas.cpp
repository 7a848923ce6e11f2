#include "image_canvas.h"

#include <QApplication>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QPointer>
#include <QThreadPool>
#include <QWheelEvent>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>


namespace labelstation::app {

namespace {

constexpr int kSmallestLevel = 256;    // stop halving below this many pixels on the long side
constexpr qint64 kSyncPixels = 4'000'000;  // larger images get their pyramid from a worker
constexpr double kMinScale = 1.0 / 64, kMaxScale = 64;
constexpr std::size_t kAntialiasedShapes = 300;  // more on screen: drawn without antialiasing
constexpr double kHandleGap = 20;  // widget pixels from a shape's top edge to its rotation handle
constexpr double kMaskOpacity = 0.45, kMaskSelectedOpacity = 0.65;

// The image and its halved copies down to kSmallestLevel on the long side.
std::vector<QImage> pyramidOf(const QImage& full) {
  std::vector<QImage> levels{full};
  while (std::max(levels.back().width(), levels.back().height()) > kSmallestLevel)
    levels.push_back(levels.back().scaled(std::max(1, levels.back().width() / 2), std::max(1, levels.back().height() / 2),
                                          Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
  return levels;
}

// A level through the adjustments, in CSS's filter order as CVAT applies its image settings:
// gamma, brightness, contrast, then saturation about each pixel's luminance.
QImage adjustedCopy(const QImage& level, const ImageAdjustments& adjustments) {
  std::array<std::uint8_t, 256> lut{};
  const double b = adjustments.brightness / 100.0, c = adjustments.contrast / 100.0, g = std::max(0.01, adjustments.gamma);
  for (int v = 0; v < 256; ++v) {
    double x = std::pow(v / 255.0, 1.0 / g) * b;
    x = (x - 0.5) * c + 0.5;
    lut[static_cast<std::size_t>(v)] = static_cast<std::uint8_t>(std::clamp(std::lround(x * 255), 0L, 255L));
  }
  const double s = adjustments.saturation / 100.0;
  QImage copy = level.copy();
  for (int y = 0; y < copy.height(); ++y) {
    auto* row = reinterpret_cast<QRgb*>(copy.scanLine(y));
    for (int x = 0; x < copy.width(); ++x) {
      double r = lut[qRed(row[x])], gr = lut[qGreen(row[x])], bl = lut[qBlue(row[x])];
      if (s != 1.0) {
        const double l = 0.2126 * r + 0.7152 * gr + 0.0722 * bl;
        r = l + (r - l) * s;
        gr = l + (gr - l) * s;
        bl = l + (bl - l) * s;
      }
      auto clamp8 = [](double v) { return static_cast<int>(std::clamp(std::lround(v), 0L, 255L)); };
      row[x] = qRgb(clamp8(r), clamp8(gr), clamp8(bl));
    }
  }
  return copy;
}

}  // namespace

ImageCanvas::ImageCanvas(QWidget* parent) : QWidget(parent) {
  setMouseTracking(true);
  setFocusPolicy(Qt::StrongFocus);
  setAttribute(Qt::WA_OpaquePaintEvent);
  setMinimumSize(200, 150);
}

void ImageCanvas::setImage(const QImage& image) {
  const QSize before = this->image().size();
  // A mask started before its frame's image arrived: painted over the image's real size.
  if (maskBrush_ && maskBrush_->pixels().size() != image.size() && maskBrush_->empty()) maskBrush_ = std::make_unique<MaskBrush>(image.size());
  const std::uint64_t generation = ++imageGeneration_;
  levels_.clear();
  adjusted_.clear();
  if (!image.isNull()) {
    const QImage full = image.convertToFormat(QImage::Format_RGB32);
    if (static_cast<qint64>(full.width()) * full.height() <= kSyncPixels) {
      levels_ = pyramidOf(full);
      adjustLevels();
    } else {
      // A large image shows at once from full size; its smaller copies are made on a worker and
      // replace it when ready, if it is still the image shown.
      levels_ = {full};
      adjustLevels();
      QPointer<ImageCanvas> self(this);
      QThreadPool::globalInstance()->start([self, full, generation] {
        std::vector<QImage> levels = pyramidOf(full);
        QMetaObject::invokeMethod(qApp, [self, generation, levels = std::move(levels)]() mutable {
          if (!self || self->imageGeneration_ != generation) return;  // gone, or another image since
          self->levels_ = std::move(levels);
          self->adjustLevels();
          self->update();
        }, Qt::QueuedConnection);
      });
    }
  }
  if (!image.isNull()) message_.clear();
  if (before != image.size()) fit();
  update();
}

void ImageCanvas::setMessage(const QString& message) {
  message_ = message;
  update();
}

void ImageCanvas::setAdjustments(const ImageAdjustments& adjustments) {
  adjustments_ = adjustments;
  adjustLevels();
  update();
}

// Adjusted copies are made when a level is first drawn (dragging a slider over a large image
// redoes only the level on screen).
void ImageCanvas::adjustLevels() {
  adjusted_.assign(adjustments_.neutral() ? 0 : levels_.size(), QImage());
}

void ImageCanvas::setGrid(const CanvasGrid& grid) {
  grid_ = grid;
  update();
}

void ImageCanvas::setSmooth(bool smooth) {
  smooth_ = smooth;
  update();
}

QTransform ImageCanvas::imageToWidgetTransform() const {
  const double w = image().width(), h = image().height();
  // The image turned by quarter turns clockwise, its bounding box moved back to the origin.
  QTransform turn;
  switch (quarterTurns_) {
    case 1: turn = QTransform(0, 1, -1, 0, h, 0); break;
    case 2: turn = QTransform(-1, 0, 0, -1, w, h); break;
    case 3: turn = QTransform(0, -1, 1, 0, 0, w); break;
    default: break;
  }
  return turn * QTransform::fromScale(scale_, scale_) * QTransform::fromTranslate(offset_.x(), offset_.y());
}

QPointF ImageCanvas::imageToWidget(const QPointF& imagePoint) const { return imageToWidgetTransform().map(imagePoint); }

QPointF ImageCanvas::widgetToImage(const QPointF& widgetPoint) const {
  return imageToWidgetTransform().inverted().map(widgetPoint);
}

void ImageCanvas::fit() {
  if (image().isNull()) return;
  const bool sideways = quarterTurns_ % 2 != 0;
  const double w = sideways ? image().height() : image().width(), h = sideways ? image().width() : image().height();
  scale_ = std::clamp(std::min(width() / w, height() / h), kMinScale, kMaxScale);
  offset_ = QPointF((width() - w * scale_) / 2, (height() - h * scale_) / 2);
  fitOnResize_ = true;
  update();
  emit viewChanged();
}

void ImageCanvas::zoomAt(const QPointF& widgetPoint, double factor) {
  const QPointF under = widgetToImage(widgetPoint);
  scale_ = std::clamp(scale_ * factor, kMinScale, kMaxScale);
  offset_ += widgetPoint - imageToWidget(under);  // the same image point stays under the cursor
  fitOnResize_ = false;  // the annotator chose this view: a resize keeps it
  update();
  emit viewChanged();
}

void ImageCanvas::panBy(const QPointF& widgetDelta) {
  offset_ += widgetDelta;
  fitOnResize_ = false;
  update();
  emit viewChanged();
}

void ImageCanvas::rotate(int quarterTurns) {
  const QPointF centre(width() / 2.0, height() / 2.0);
  const QPointF under = widgetToImage(centre);
  quarterTurns_ = ((quarterTurns_ + quarterTurns) % 4 + 4) % 4;
  offset_ += centre - imageToWidget(under);  // turn about the middle of the view
  if (fitOnResize_) fit();  // a fitted view stays fitted (the turned image may be taller)
  update();
  emit viewChanged();
}


void ImageCanvas::setShapes(std::vector<CanvasShape> shapes) {
  // Drawn bottom to top: z-order, the selected one last.
  std::stable_sort(shapes.begin(), shapes.end(), [](const CanvasShape& a, const CanvasShape& b) {
    return std::pair(a.selected, a.zOrder) < std::pair(b.selected, b.zOrder);
  });
  // Masks are decoded once: one that did not change keeps its image (a drag elsewhere redraws
  // the frame many times a second).
  std::map<ObjectId, const CanvasShape*> before;
  for (const CanvasShape& s : shapes_)
    if (s.type == ShapeType::Mask && !s.mask.isNull()) before[s.id] = &s;
  for (CanvasShape& s : shapes) {
    const auto kept = before.find(s.id);
    if (s.type == ShapeType::Mask && s.mask.isNull() && kept != before.end() && kept->second->points == s.points &&
        kept->second->color == s.color) {
      s.mask = kept->second->mask;
      s.maskOrigin = kept->second->maskOrigin;
    }
    makeMaskImage(s);
  }
  shapes_ = std::move(shapes);
  if (hovered_ && !shape(hovered_)) hovered_ = 0;
  update();
}

void ImageCanvas::setTags(std::vector<std::pair<QString, QColor>> tags) {
  tags_ = std::move(tags);
  update();
}

const CanvasShape* ImageCanvas::shape(ObjectId id) const {
  for (const CanvasShape& s : shapes_)
    if (s.id == id) return &s;
  return nullptr;
}

void ImageCanvas::setShowAllTexts(bool all) {
  showAllTexts_ = all;
  update();
}

void ImageCanvas::setMaxZLayer(int z) {
  maxZ_ = z;
  update();
}

void ImageCanvas::zoomToRegion(const QRectF& region) {
  const QRectF r = region.normalized();
  if (r.width() < 1 || r.height() < 1) return;
  const QRectF turned = imageToWidgetTransform().mapRect(r);  // its size on screen now
  const double factor = std::min(width() / turned.width(), height() / turned.height());
  scale_ = std::clamp(scale_ * factor, kMinScale, kMaxScale);
  offset_ += QPointF(width() / 2.0, height() / 2.0) - imageToWidget(r.center());
  fitOnResize_ = false;
  update();
  emit viewChanged();
}

void ImageCanvas::startRegionZoom() {
  if (drawing_) return;
  regionZoom_ = true;
  regionStart_.reset();
  setCursor(Qt::CrossCursor);
}

bool ImageCanvas::hits(const CanvasShape& s, const QPointF& p, double tolerance) const {
  switch (s.type) {
    case ShapeType::Mask: {  // its pixels
      const QPoint pixel(static_cast<int>(std::floor(p.x())) - s.maskOrigin.x(), static_cast<int>(std::floor(p.y())) - s.maskOrigin.y());
      return s.mask.valid(pixel) && s.mask.pixelIndex(pixel) == 1;
    }
    case ShapeType::Cuboid2D:
      if (s.points.size() != 16) return false;
      for (const auto& face : cuboid2d::faces()) {
        QPolygonF polygon;
        for (int i : face) polygon << QPointF(s.points[static_cast<std::size_t>(2 * i)], s.points[static_cast<std::size_t>(2 * i + 1)]);
        if (polygon.containsPoint(p, Qt::OddEvenFill)) return true;
      }
      return false;
    case ShapeType::Skeleton: return skeletonBox(s).contains(p);
    default: break;
  }
  const QPolygonF outline = outlineOf(s);
  if (outline.isEmpty()) return false;
  if (isArea(s.type) && outline.size() > 2 && outline.containsPoint(p, Qt::OddEvenFill)) return true;
  for (int i = 0; i < outline.size(); ++i) {
    if (s.type == ShapeType::Polyline && i + 1 == outline.size()) break;
    const QPointF a = outline[i];
    const QPointF b = s.type == ShapeType::Points ? a : outline[(i + 1) % outline.size()];
    if (distanceToSegment(p, a, b) <= tolerance) return true;
  }
  return false;
}

ObjectId ImageCanvas::shapeAt(const QPointF& widgetPoint) const {
  const QPointF p = widgetToImage(widgetPoint);
  for (auto it = shapes_.rbegin(); it != shapes_.rend(); ++it)  // topmost first
    if (shown(*it) && it->id != editedMask_ && hits(*it, p, kPickPixels / scale_)) return it->id;
  return 0;
}

void ImageCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(30, 32, 38));
  if (image().isNull()) {
    painter.setPen(QColor(230, 120, 120));
    painter.drawText(rect().adjusted(20, 20, -20, -20), Qt::AlignCenter | Qt::TextWordWrap, message_);
    return;
  }
  const QTransform toWidget = imageToWidgetTransform();
  // Only what is on screen, from the pyramid level whose pixels are nearest one screen pixel.
  const QRectF imageRect(0, 0, image().width(), image().height());
  const QRectF visible = toWidget.inverted().mapRect(QRectF(rect())).intersected(imageRect);
  if (!visible.isEmpty()) {
    int level = 0;
    while (level + 1 < static_cast<int>(levels_.size()) && scale_ * (1 << (level + 1)) <= 1.0) ++level;
    levelShown_ = level;
    const auto l = static_cast<std::size_t>(level);
    if (!adjusted_.empty() && adjusted_[l].isNull()) adjusted_[l] = adjustedCopy(levels_[l], adjustments_);
    const QImage& source = adjusted_.empty() ? levels_[l] : adjusted_[l];
    const double fx = static_cast<double>(source.width()) / image().width(), fy = static_cast<double>(source.height()) / image().height();
    // Whole source pixels, so the drawn part lines up with the image grid.
    const QRect sourceRect = QRectF(visible.x() * fx, visible.y() * fy, visible.width() * fx, visible.height() * fy).toAlignedRect().intersected(source.rect());
    const QRectF target(sourceRect.x() / fx, sourceRect.y() / fy, sourceRect.width() / fx, sourceRect.height() / fy);
    painter.save();
    painter.setTransform(toWidget);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, smooth_);
    painter.drawImage(target, source, sourceRect);
    painter.restore();
  }
  if (grid_.shown && grid_.size > 0) {
    QColor line = grid_.color;
    line.setAlphaF(std::clamp(grid_.opacity / 100.0, 0.0, 1.0));
    painter.setPen(QPen(line, 1));
    for (int x = grid_.size; x < image().width(); x += grid_.size)
      painter.drawLine(toWidget.map(QPointF(x, 0)), toWidget.map(QPointF(x, image().height())));
    for (int y = grid_.size; y < image().height(); y += grid_.size)
      painter.drawLine(toWidget.map(QPointF(0, y)), toWidget.map(QPointF(image().width(), y)));
  }
  // Only shapes on screen; many small ones are drawn without antialiasing, which would cost more
  // than it shows.
  std::vector<QPolygonF> outlines;
  std::vector<const CanvasShape*> onScreen;
  const QRectF screen = QRectF(rect()).adjusted(-8, -8, 8, 8);
  for (const CanvasShape& s : shapes_) {
    if (!shown(s) || (editedMask_ && s.id == editedMask_)) continue;  // a mask being edited shows as the brush's pixels
    QPolygonF outline = toWidget.map(outlineOf(s));
    if (outline.isEmpty() || !outline.boundingRect().intersects(screen)) continue;
    outlines.push_back(std::move(outline));
    onScreen.push_back(&s);
  }
  painter.setRenderHint(QPainter::Antialiasing, onScreen.size() <= kAntialiasedShapes);
  for (std::size_t i = 0; i < onScreen.size(); ++i) drawShape(painter, *onScreen[i], outlines[i]);
  painter.setRenderHint(QPainter::Antialiasing, true);
  for (std::size_t i = 0; i < onScreen.size(); ++i)
    if (showAllTexts_ || onScreen[i]->selected || onScreen[i]->id == hovered_) drawText(painter, *onScreen[i], outlines[i]);
  // The frame's tags: chips in the top-left corner, in their labels' colours.
  QPointF chip(8, 8);
  const QFontMetrics metrics(font());
  for (const auto& [name, color] : tags_) {
    const QRectF box(chip, QSizeF(metrics.horizontalAdvance(name) + 12, metrics.height() + 6));
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawRoundedRect(box, 4, 4);
    painter.setPen(qGray(color.rgb()) > 140 ? Qt::black : Qt::white);
    painter.drawText(box, Qt::AlignCenter, name);
    chip.rx() += box.width() + 6;
  }
  drawPreview(painter);
}

void ImageCanvas::drawShape(QPainter& painter, const CanvasShape& s, const QPolygonF& outline) const {
  const bool highlighted = s.selected || s.id == hovered_;
  QPen pen(s.color, highlighted ? 3 : 2);
  if (s.occluded) pen.setStyle(Qt::DashLine);
  painter.setPen(pen);
  QColor fill = s.color;
  fill.setAlphaF(s.selected ? 0.35 : s.id == hovered_ ? 0.25 : 0.12);
  const QTransform toWidget = imageToWidgetTransform();
  const double dot = s.selected ? 5 : 4;
  switch (s.type) {
    case ShapeType::Points:
      painter.setBrush(s.color);
      for (const QPointF& p : outline) painter.drawEllipse(p, dot, dot);
      break;
    case ShapeType::Polyline:
      painter.setBrush(Qt::NoBrush);
      painter.drawPolyline(outline);
      break;
    case ShapeType::Mask:
      painter.save();
      painter.setTransform(toWidget);
      painter.setOpacity(highlighted ? kMaskSelectedOpacity : kMaskOpacity);
      painter.drawImage(s.maskOrigin, s.mask);
      painter.restore();
      if (highlighted) {  // its box, dotted
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(s.color, 1, Qt::DotLine));
        painter.drawPolygon(outline);
      }
      break;
    case ShapeType::Cuboid2D: {
      if (outline.size() != 8) break;
      QPolygonF front;
      for (int i : cuboid2d::faces().front()) front << outline[i];
      painter.setBrush(fill);
      painter.drawPolygon(front);
      for (const auto& [a, b] : cuboid2d::edges()) painter.drawLine(outline[a], outline[b]);
      break;
    }
    case ShapeType::Skeleton: {
      for (const auto& [a, b] : s.edges) {
        if (a < 0 || b < 0 || a >= outline.size() || b >= outline.size()) continue;
        const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
        if ((ua < s.elements.size() && s.elements[ua].outside) || (ub < s.elements.size() && s.elements[ub].outside)) continue;
        painter.drawLine(outline[a], outline[b]);
      }
      for (int i = 0; i < outline.size(); ++i) {
        const auto u = static_cast<std::size_t>(i);
        const bool outside = u < s.elements.size() && s.elements[u].outside, occluded = u < s.elements.size() && s.elements[u].occluded;
        if (outside) continue;
        painter.setPen(QPen(Qt::white, 1, occluded ? Qt::DashLine : Qt::SolidLine));
        painter.setBrush(occluded ? Qt::NoBrush : QBrush(s.color));
        painter.drawEllipse(outline[i], dot, dot);
      }
      if (highlighted) {
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(s.color, 1, Qt::DashLine));
        painter.drawPolygon(toWidget.map(QPolygonF(skeletonBox(s))));
      }
      break;
    }
    default:
      painter.setBrush(fill);
      painter.drawPolygon(outline);
      break;
  }
  if (s.selected) {
    // Vertices that drag: small white squares.
    const bool vertices = s.type == ShapeType::Polygon || s.type == ShapeType::Polyline || s.type == ShapeType::Cuboid2D ||
                          (s.type == ShapeType::Rectangle && s.rotation == 0);
    if (vertices) {
      painter.setPen(QPen(s.color, 1));
      painter.setBrush(Qt::white);
      for (const QPointF& p : outline) painter.drawRect(QRectF(p.x() - 3, p.y() - 3, 6, 6));
    }
    if (const auto handle = rotationHandle(s)) {
      painter.setBrush(Qt::white);
      painter.setPen(QPen(s.color, 1.5));
      painter.drawEllipse(*handle, 5, 5);
    }
  }
  painter.setBrush(Qt::NoBrush);
}

// The object's text (label, id, attributes) above the top-left of its outline, on a dark plate.
void ImageCanvas::drawText(QPainter& painter, const CanvasShape& s, const QPolygonF& outline) const {
  if (s.text.isEmpty()) return;
  const QRectF box = s.type == ShapeType::Skeleton ? imageToWidgetTransform().mapRect(skeletonBox(s)) : outline.boundingRect();
  const QFontMetrics metrics(font());
  const QStringList lines = s.text.split('\n');
  int width = 0;
  for (const QString& line : lines) width = std::max(width, metrics.horizontalAdvance(line));
  const int lineHeight = metrics.height();
  QRectF plate(box.right() + 6, box.top(), width + 8, lineHeight * static_cast<int>(lines.size()) + 4);
  if (plate.right() > this->width()) plate.moveRight(box.left() - 6);  // no room on the right: on the left
  painter.setPen(Qt::NoPen);
  painter.setBrush(QColor(0, 0, 0, 150));
  painter.drawRoundedRect(plate, 3, 3);
  painter.setPen(Qt::white);
  for (int i = 0; i < lines.size(); ++i)
    painter.drawText(QPointF(plate.left() + 4, plate.top() + 2 + metrics.ascent() + i * lineHeight), lines[i]);
  painter.setBrush(Qt::NoBrush);
}

// What the mouse is making: the shape being drawn up to the cursor, the mask being painted with
// the brush's outline, a contour edit, the two results of an ambiguous cut, a zoom region.
void ImageCanvas::drawPreview(QPainter& painter) const {
  const QTransform toWidget = imageToWidgetTransform();
  if (regionZoom_ && regionStart_) {
    painter.setPen(QPen(Qt::white, 1, Qt::DashLine));
    painter.setBrush(QColor(255, 255, 255, 30));
    painter.drawPolygon(toWidget.map(QPolygonF(QRectF(*regionStart_, cursorImage_))));
  }
  if (!ghosts_.empty()) {  // the pasted shapes, where a click would put them
    const QPointF offset = pasteOffset();
    painter.save();
    painter.setOpacity(0.6);
    for (CanvasShape ghost : ghosts_) {
      movePoints(ghost.type, ghost.points, offset);
      ghost.maskOrigin += offset.toPoint();
      drawShape(painter, ghost, toWidget.map(outlineOf(ghost)));
    }
    painter.restore();
  }
  if (contourChoice_) {
    const QPolygonF* parts[2] = {&contourChoice_->first, &contourChoice_->second};
    for (int i = 0; i < 2; ++i) {
      QColor fill = i == contourChoiceHovered_ ? QColor(80, 220, 120, 110) : QColor(220, 80, 80, 60);
      painter.setPen(QPen(fill.darker(), 2));
      painter.setBrush(fill);
      painter.drawPolygon(toWidget.map(*parts[i]));
    }
    return;
  }
  if (!drawing_) return;
  const QColor color = request_.color;
  painter.setPen(QPen(color, 2, Qt::DashLine));
  painter.setBrush(Qt::NoBrush);
  auto dots = [&](const std::vector<QPointF>& points) {
    painter.setBrush(color);
    for (const QPointF& p : points) painter.drawEllipse(toWidget.map(p), 3.5, 3.5);
    painter.setBrush(Qt::NoBrush);
  };
  const ShapeType type = request_.type;
  if (type == ShapeType::Mask) {
    if (maskBrush_ && !brushSettings_.hideMask && !maskBrush_->touched().isEmpty()) {
      // The painted part through a colour table over the brush's own bytes (no copy).
      const QRect part = maskBrush_->touched();
      const QImage& bytes = maskBrush_->pixels();
      QImage view(bytes.constScanLine(part.top()) + part.left(), part.width(), part.height(), bytes.bytesPerLine(), QImage::Format_Indexed8);
      view.setColorTable({qRgba(0, 0, 0, 0), color.rgb()});
      painter.save();
      painter.setTransform(toWidget);
      painter.setOpacity(kMaskSelectedOpacity);
      painter.drawImage(part.topLeft(), view);
      painter.restore();
    }
    const bool polygonTool = brushSettings_.tool == BrushTool::PolygonAdd || brushSettings_.tool == BrushTool::PolygonRemove;
    if (polygonTool && !placed_.empty()) {
      QPolygonF line = toWidget.map(QPolygonF(QList<QPointF>(placed_.begin(), placed_.end())));
      painter.setPen(QPen(brushSettings_.tool == BrushTool::PolygonRemove ? Qt::white : color, 2, Qt::DashLine));
      painter.drawPolygon(line << toWidget.map(cursorImage_));
      dots(placed_);
    } else if (!polygonTool) {  // the tip at the cursor
      const double r = brushSettings_.size / 2.0;
      painter.setPen(QPen(brushSettings_.tool == BrushTool::Eraser ? Qt::white : color, 1));
      const QPolygonF tip = toWidget.map(QPolygonF(QRectF(cursorImage_ - QPointF(r, r), QSizeF(2 * r, 2 * r))));
      if (brushSettings_.tip == BrushTip::Square) painter.drawPolygon(tip);
      else painter.drawEllipse(tip.boundingRect());
    }
    return;
  }
  if (contourEdit_) {
    QPolygonF line;
    line << toWidget.map(contourEdit_->original[static_cast<std::size_t>(contourEdit_->start)]);
    for (const QPointF& p : placed_) line << toWidget.map(p);
    painter.drawPolyline(line << toWidget.map(cursorImage_));
    dots(placed_);
    return;
  }
  if (placed_.empty()) return;
  std::vector<QPointF> withCursor = placed_;
  withCursor.push_back(cursorImage_);
  const bool twoCorners = type == ShapeType::Skeleton || (type == ShapeType::Rectangle && !request_.byPoints) ||
                          (type == ShapeType::Cuboid2D && !request_.byPoints);
  if (type == ShapeType::Rectangle && request_.byPoints) {
    painter.drawPolygon(toWidget.map(QPolygonF(boundsOf(withCursor))));
    dots(placed_);
  } else if (type == ShapeType::Skeleton) {  // the template stretched over the box
    const QRectF box = QRectF(placed_.front(), cursorImage_).normalized();
    auto node = [&](int i) {
      const QPointF n = request_.nodes[static_cast<std::size_t>(i)];
      return toWidget.map(QPointF(box.left() + n.x() * box.width(), box.top() + n.y() * box.height()));
    };
    painter.drawPolygon(toWidget.map(QPolygonF(box)));
    for (const auto& [a, b] : request_.nodeEdges) painter.drawLine(node(a), node(b));
    painter.setBrush(color);
    for (int i = 0; i < static_cast<int>(request_.nodes.size()); ++i) painter.drawEllipse(node(i), 3.5, 3.5);
  } else if (twoCorners) {
    painter.drawPolygon(toWidget.map(QPolygonF(QRectF(placed_.front(), cursorImage_))));
  } else if (type == ShapeType::Cuboid2D) {  // by points: the front face, then the depth
    painter.drawPolyline(toWidget.map(QPolygonF(QList<QPointF>(withCursor.begin(), withCursor.end()))));
    dots(placed_);
  } else if (type == ShapeType::Ellipse) {
    CanvasShape preview;
    preview.type = ShapeType::Ellipse;
    preview.points = {placed_.front().x(), placed_.front().y(), cursorImage_.x(), cursorImage_.y()};
    painter.drawPolygon(toWidget.map(outlineOf(preview)));
  } else {
    QPolygonF line = toWidget.map(QPolygonF(QList<QPointF>(placed_.begin(), placed_.end())));
    if (type != ShapeType::Points) painter.drawPolyline(line << toWidget.map(cursorImage_));
    dots(placed_);
  }
}

void ImageCanvas::resizeEvent(QResizeEvent*) {
  if (fitOnResize_) fit();
}

void ImageCanvas::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps != 0) zoomAt(event->position(), std::pow(1.25, steps));
  event->accept();
}

std::optional<QPointF> ImageCanvas::rotationHandle(const CanvasShape& s) const {
  if ((s.type != ShapeType::Rectangle && s.type != ShapeType::Ellipse) || s.points.size() < 4) return std::nullopt;
  const auto& p = s.points;
  const bool ellipse = s.type == ShapeType::Ellipse;
  const QPointF centre = ellipse ? QPointF(p[0], p[1]) : QPointF((p[0] + p[2]) / 2, (p[1] + p[3]) / 2);
  const double halfHeight = ellipse ? std::abs(p[1] - p[3]) : std::abs(p[3] - p[1]) / 2;
  const double a = s.rotation * M_PI / 180;
  const QPointF up(std::sin(a), -std::cos(a));  // the shape's own "up", turned clockwise by its rotation
  const QTransform toWidget = imageToWidgetTransform();
  const QPointF top = toWidget.map(centre + up * halfHeight), middle = toWidget.map(centre);
  QPointF away = top - middle;
  const double length = std::hypot(away.x(), away.y());
  away = length > 1e-9 ? away / length : QPointF(0, -1);
  return top + away * kHandleGap;
}

}  // namespace labelstation::app

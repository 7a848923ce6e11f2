#include "image_canvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QWheelEvent>
#include <algorithm>
#include <array>
#include <cmath>

namespace labelstation::app {

namespace {

constexpr int kSmallestLevel = 256;    // stop halving below this many pixels on the long side
constexpr double kMinScale = 1.0 / 64, kMaxScale = 64;
constexpr double kPickPixels = 5;      // how near a line or point a click counts as on it
constexpr std::size_t kAntialiasedShapes = 300;  // more on screen: drawn without antialiasing
constexpr double kHandleGap = 20;  // widget pixels from a shape's top edge to its rotation handle

// A shape's outline in image coordinates (closed for areas).
QPolygonF outlineOf(const CanvasShape& s) {
  QPolygonF out;
  const auto& p = s.points;
  switch (s.type) {
    case ShapeType::Rectangle: {
      if (p.size() < 4) break;
      const QPointF centre((p[0] + p[2]) / 2, (p[1] + p[3]) / 2);
      QTransform turn;
      turn.translate(centre.x(), centre.y()).rotate(s.rotation).translate(-centre.x(), -centre.y());
      out = turn.map(QPolygonF(QRectF(QPointF(p[0], p[1]), QPointF(p[2], p[3]))));
      break;
    }
    case ShapeType::Ellipse: {
      if (p.size() < 4) break;
      const double rx = std::abs(p[2] - p[0]), ry = std::abs(p[1] - p[3]), a = s.rotation * M_PI / 180;
      for (int i = 0; i < 64; ++i) {
        const double t = 2 * M_PI * i / 64, x = rx * std::cos(t), y = ry * std::sin(t);
        out << QPointF(p[0] + x * std::cos(a) - y * std::sin(a), p[1] + x * std::sin(a) + y * std::cos(a));
      }
      break;
    }
    case ShapeType::Mask:  // the runs come first; the box is the last four numbers
      if (p.size() >= 4) out = QPolygonF(QRectF(QPointF(p[p.size() - 4], p[p.size() - 3]), QPointF(p[p.size() - 2] + 1, p[p.size() - 1] + 1)));
      break;
    default:
      for (std::size_t i = 0; i + 1 < p.size(); i += 2) out << QPointF(p[i], p[i + 1]);
      break;
  }
  return out;
}

// The bounding box of points (QRectF::united ignores the empty rectangles single points make).
QRectF boundsOf(const std::vector<QPointF>& points) {
  double left = points.front().x(), right = left, top = points.front().y(), bottom = top;
  for (const QPointF& p : points) {
    left = std::min(left, p.x());
    right = std::max(right, p.x());
    top = std::min(top, p.y());
    bottom = std::max(bottom, p.y());
  }
  return QRectF(QPointF(left, top), QPointF(right, bottom));
}

bool isArea(ShapeType t) { return t != ShapeType::Polyline && t != ShapeType::Points; }

double distanceToSegment(const QPointF& p, const QPointF& a, const QPointF& b) {
  const QPointF ab = b - a;
  const double len2 = QPointF::dotProduct(ab, ab);
  const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
  const QPointF d = p - (a + ab * t);
  return std::hypot(d.x(), d.y());
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
  buildLevels(image);
  adjustLevels();
  if (before != image.size()) fit();
  update();
}

void ImageCanvas::buildLevels(const QImage& image) {
  levels_.clear();
  if (image.isNull()) return;
  levels_.push_back(image.convertToFormat(QImage::Format_RGB32));
  while (std::max(levels_.back().width(), levels_.back().height()) > kSmallestLevel)
    levels_.push_back(levels_.back().scaled(std::max(1, levels_.back().width() / 2), std::max(1, levels_.back().height() / 2),
                                            Qt::IgnoreAspectRatio, Qt::SmoothTransformation));
}

void ImageCanvas::setShapes(std::vector<CanvasShape> shapes) {
  // Drawn bottom to top: z-order, the selected one last.
  std::stable_sort(shapes.begin(), shapes.end(), [](const CanvasShape& a, const CanvasShape& b) {
    return std::pair(a.selected, a.zOrder) < std::pair(b.selected, b.zOrder);
  });
  shapes_ = std::move(shapes);
  update();
}

void ImageCanvas::setAdjustments(const ImageAdjustments& adjustments) {
  adjustments_ = adjustments;
  adjustLevels();
  update();
}

// CSS's filter order, as CVAT applies its image settings: gamma, brightness, contrast, then
// saturation about each pixel's luminance.
void ImageCanvas::adjustLevels() {
  adjusted_.clear();
  if (adjustments_.neutral()) return;
  std::array<std::uint8_t, 256> lut{};
  const double b = adjustments_.brightness / 100.0, c = adjustments_.contrast / 100.0, g = std::max(0.01, adjustments_.gamma);
  for (int v = 0; v < 256; ++v) {
    double x = std::pow(v / 255.0, 1.0 / g) * b;
    x = (x - 0.5) * c + 0.5;
    lut[static_cast<std::size_t>(v)] = static_cast<std::uint8_t>(std::clamp(std::lround(x * 255), 0L, 255L));
  }
  const double s = adjustments_.saturation / 100.0;
  for (const QImage& level : levels_) {
    QImage out = level.copy();
    for (int y = 0; y < out.height(); ++y) {
      auto* row = reinterpret_cast<QRgb*>(out.scanLine(y));
      for (int x = 0; x < out.width(); ++x) {
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
    adjusted_.push_back(std::move(out));
  }
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

ObjectId ImageCanvas::shapeAt(const QPointF& widgetPoint) const {
  const QPointF p = widgetToImage(widgetPoint);
  const double tolerance = kPickPixels / scale_;
  for (auto it = shapes_.rbegin(); it != shapes_.rend(); ++it) {  // topmost first
    const QPolygonF outline = outlineOf(*it);
    if (outline.isEmpty()) continue;
    if (isArea(it->type) && outline.size() > 2 && outline.containsPoint(p, Qt::OddEvenFill)) return it->id;
    for (int i = 0; i < outline.size(); ++i) {
      const QPointF a = outline[i];
      const QPointF b = it->type == ShapeType::Points ? a : outline[(i + 1) % outline.size()];
      if (it->type == ShapeType::Polyline && i + 1 == outline.size()) break;
      if (distanceToSegment(p, a, b) <= tolerance) return it->id;
    }
  }
  return 0;
}

void ImageCanvas::paintEvent(QPaintEvent*) {
  QPainter painter(this);
  painter.fillRect(rect(), QColor(30, 32, 38));
  if (image().isNull()) return;
  const QTransform toWidget = imageToWidgetTransform();
  // Only what is on screen, from the pyramid level whose pixels are nearest one screen pixel.
  const QRectF imageRect(0, 0, image().width(), image().height());
  const QRectF visible = toWidget.inverted().mapRect(QRectF(rect())).intersected(imageRect);
  if (!visible.isEmpty()) {
    int level = 0;
    while (level + 1 < static_cast<int>(levels_.size()) && scale_ * (1 << (level + 1)) <= 1.0) ++level;
    levelShown_ = level;
    const QImage& source = adjusted_.empty() ? levels_[static_cast<std::size_t>(level)] : adjusted_[static_cast<std::size_t>(level)];
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
  std::vector<const CanvasShape*> shown;
  const QRectF screen = QRectF(rect()).adjusted(-8, -8, 8, 8);
  for (const CanvasShape& s : shapes_) {
    QPolygonF outline = toWidget.map(outlineOf(s));
    if (outline.isEmpty() || !outline.boundingRect().intersects(screen)) continue;
    outlines.push_back(std::move(outline));
    shown.push_back(&s);
  }
  painter.setRenderHint(QPainter::Antialiasing, shown.size() <= kAntialiasedShapes);
  for (std::size_t i = 0; i < shown.size(); ++i) drawShape(painter, *shown[i], outlines[i]);
  if (drawing_ && !placed_.empty()) {  // the shape being drawn, up to the cursor
    painter.setPen(QPen(drawColor_, 2, Qt::DashLine));
    painter.setBrush(Qt::NoBrush);
    if (drawType_ == ShapeType::Rectangle && extremePoints_) {
      std::vector<QPointF> withCursor = placed_;
      withCursor.push_back(cursorImage_);
      painter.drawPolygon(toWidget.map(QPolygonF(boundsOf(withCursor))));
      painter.setBrush(drawColor_);
      for (const QPointF& p : placed_) painter.drawEllipse(toWidget.map(p), 3.5, 3.5);
    } else if (drawType_ == ShapeType::Rectangle) {
      painter.drawPolygon(toWidget.map(QPolygonF(QRectF(placed_.front(), cursorImage_))));
    } else if (drawType_ == ShapeType::Ellipse) {
      CanvasShape preview;
      preview.type = ShapeType::Ellipse;
      preview.points = {placed_.front().x(), placed_.front().y(), cursorImage_.x(), cursorImage_.y()};
      painter.drawPolygon(toWidget.map(outlineOf(preview)));
    } else {
      QPolygonF line = toWidget.map(QPolygonF(QList<QPointF>(placed_.begin(), placed_.end())));
      if (drawType_ != ShapeType::Points) painter.drawPolyline(line << toWidget.map(cursorImage_));
      painter.setBrush(drawColor_);
      for (const QPointF& p : placed_) painter.drawEllipse(toWidget.map(p), 3.5, 3.5);
    }
  }
}

void ImageCanvas::startDrawing(ShapeType type, const QColor& color, bool extremePoints) {
  drawing_ = true;
  drawType_ = type;
  extremePoints_ = extremePoints && type == ShapeType::Rectangle;
  drawColor_ = color;
  placed_.clear();
  setCursor(Qt::CrossCursor);
  setFocus();
  update();
  emit drawingChanged(true);
}

void ImageCanvas::cancelDrawing() {
  const bool was = drawing_;
  drawing_ = false;
  placed_.clear();
  unsetCursor();
  update();
  if (was) emit drawingChanged(false);
}

void ImageCanvas::cancelInteraction() {
  cancelDrawing();
  shapeDrag_.reset();
  turn_.reset();
  panning_ = false;
}

QPointF ImageCanvas::clampedToImage(const QPointF& p) const {
  return {std::clamp(p.x(), 0.0, static_cast<double>(image().width())), std::clamp(p.y(), 0.0, static_cast<double>(image().height()))};
}

// Ends the drawing; emits the shape when it has enough points (a rectangle needs area, a polygon
// three points, a polyline two, points one).
void ImageCanvas::finishDrawing() {
  if (!drawing_) return;
  const ShapeType type = drawType_;
  std::vector<double> points;
  if (type == ShapeType::Rectangle && extremePoints_) {
    if (placed_.size() == 4) {
      const QRectF box = boundsOf(placed_);
      const QPointF a = clampedToImage(box.topLeft()), b = clampedToImage(box.bottomRight());
      points = {a.x(), a.y(), b.x(), b.y()};
    }
  } else if (type == ShapeType::Rectangle) {
    if (placed_.size() == 2) {
      const QPointF a = clampedToImage(placed_[0]), b = clampedToImage(placed_[1]);
      points = {std::min(a.x(), b.x()), std::min(a.y(), b.y()), std::max(a.x(), b.x()), std::max(a.y(), b.y())};
    }
  } else if (type == ShapeType::Ellipse) {  // CVAT's layout: cx, cy, cx + rx, cy - ry
    if (placed_.size() == 2) {
      const QPointF c = clampedToImage(placed_[0]);
      const double rx = std::abs(placed_[1].x() - c.x()), ry = std::abs(placed_[1].y() - c.y());
      if (rx >= 1 && ry >= 1) points = {c.x(), c.y(), c.x() + rx, c.y() - ry};
    }
  } else {
    for (const QPointF& p : placed_) {
      const QPointF q = clampedToImage(p);
      points.push_back(q.x());
      points.push_back(q.y());
    }
  }
  cancelDrawing();
  const std::size_t needed = type == ShapeType::Polygon ? 6 : type == ShapeType::Polyline ? 4 : type == ShapeType::Ellipse ? 4 : 2;
  const bool empty = type == ShapeType::Rectangle ? points.size() != 4 || points[2] - points[0] < 1 || points[3] - points[1] < 1
                                                  : points.size() < needed;
  if (empty) return;  // nothing to annotate
  emit shapeDrawn(type, std::move(points));
}

void ImageCanvas::drawShape(QPainter& painter, const CanvasShape& s, const QPolygonF& outline) const {
  QPen pen(s.color, s.selected ? 3 : 2);
  if (s.occluded) pen.setStyle(Qt::DashLine);
  painter.setPen(pen);
  QColor fill = s.color;
  fill.setAlphaF(s.selected ? 0.35 : 0.12);
  if (s.type == ShapeType::Points) {
    painter.setBrush(s.color);
    for (const QPointF& p : outline) painter.drawEllipse(p, s.selected ? 5 : 4, s.selected ? 5 : 4);
  } else if (s.type == ShapeType::Polyline) {
    painter.setBrush(Qt::NoBrush);
    painter.drawPolyline(outline);
  } else {
    painter.setBrush(fill);
    painter.drawPolygon(outline);
  }
  if (s.selected)
    if (const auto handle = rotationHandle(s)) {
      painter.setBrush(Qt::white);
      painter.setPen(QPen(s.color, 1.5));
      painter.drawEllipse(*handle, 5, 5);
    }
  painter.setBrush(Qt::NoBrush);
}

void ImageCanvas::resizeEvent(QResizeEvent*) {
  if (fitOnResize_) fit();
}

void ImageCanvas::wheelEvent(QWheelEvent* event) {
  const double steps = event->angleDelta().y() / 120.0;
  if (steps != 0) zoomAt(event->position(), std::pow(1.25, steps));
  event->accept();
}

void ImageCanvas::mousePressEvent(QMouseEvent* event) {
  pressAt_ = lastMouse_ = event->position();
  if (event->button() == Qt::MiddleButton) {
    panning_ = true;
    return;
  }
  if (drawing_ && event->button() == Qt::RightButton) {  // takes the last point back
    if (!placed_.empty()) placed_.pop_back();
    update();
    return;
  }
  if (event->button() != Qt::LeftButton) return;
  if (drawing_) {
    const QPointF at = widgetToImage(event->position());
    cursorImage_ = at;
    placed_.push_back(at);
    const std::size_t clicks = extremePoints_ ? 4 : drawType_ == ShapeType::Rectangle || drawType_ == ShapeType::Ellipse ? 2 : 0;
    if (placed_.size() == clicks) finishDrawing();  // the last click
    update();
    return;
  }
  // The selected shape's rotation handle and vertices first (they may lie outside every shape),
  // then any shape.
  for (const CanvasShape& s : shapes_)
    if (s.selected)
      if (const auto handle = rotationHandle(s)) {
        const QPointF d = *handle - event->position();
        if (std::hypot(d.x(), d.y()) <= kPickPixels * 1.6) {
          const auto& p = s.points;
          turn_ = Turn{s.id, s.type == ShapeType::Ellipse ? QPointF(p[0], p[1]) : QPointF((p[0] + p[2]) / 2, (p[1] + p[3]) / 2)};
          turn_->grab = s.rotation - turnDegrees(event->position(), Qt::NoModifier);  // turnDegrees adds grab (0 here)
          return;
        }
      }
  for (const CanvasShape& s : shapes_)
    if (s.selected)
      if (const int vertex = vertexAt(s, event->position()); vertex >= 0) {
        // Alt or Ctrl + click removes a point of a polygon, polyline or points (not below what
        // the shape needs).
        if ((event->modifiers() & (Qt::AltModifier | Qt::ControlModifier)) && s.type != ShapeType::Rectangle) {
          const std::size_t minimum = s.type == ShapeType::Polygon ? 6 : s.type == ShapeType::Polyline ? 4 : 2;
          if (s.points.size() > minimum) {
            std::vector<double> fewer = s.points;
            fewer.erase(fewer.begin() + vertex * 2, fewer.begin() + vertex * 2 + 2);
            emit shapeEdited(s.id, std::move(fewer), true);
          }
          return;
        }
        shapeDrag_ = ShapeDrag{s.id, s.type, s.points, vertex, widgetToImage(event->position()), false};
        return;
      }
  const ObjectId hit = shapeAt(event->position());
  if (hit) {
    emit clicked(hit, widgetToImage(event->position()));
    for (const CanvasShape& s : shapes_)
      if (s.id == hit) shapeDrag_ = ShapeDrag{s.id, s.type, s.points, -1, widgetToImage(event->position()), false};
    return;
  }
  panning_ = true;  // a drag on empty canvas pans; a click there clears the selection (on release)
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* event) {
  if (panning_) panBy(event->position() - lastMouse_);
  if (turn_ && (event->buttons() & Qt::LeftButton)) {
    const QPointF moved = event->position() - pressAt_;
    if (turn_->moved || std::hypot(moved.x(), moved.y()) >= 3) {  // a click on the handle turns nothing
      turn_->moved = true;
      emit rotationEdited(turn_->id, turnDegrees(event->position(), event->modifiers()), false);
    }
  }
  if (shapeDrag_ && (event->buttons() & Qt::LeftButton)) {
    const QPointF moved = event->position() - pressAt_;
    if (shapeDrag_->moved || std::hypot(moved.x(), moved.y()) >= 3) {  // a click is not a drag
      shapeDrag_->moved = true;
      emit shapeEdited(shapeDrag_->id, draggedPoints(widgetToImage(event->position())), false);
    }
  }
  if (drawing_) {
    cursorImage_ = widgetToImage(event->position());
    update();
  }
  lastMouse_ = event->position();
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (turn_ && event->button() == Qt::LeftButton) {
    const double degrees = turnDegrees(event->position(), event->modifiers());
    const Turn turn = *turn_;
    turn_.reset();
    if (turn.moved) emit rotationEdited(turn.id, degrees, true);
    return;
  }
  if (shapeDrag_ && event->button() == Qt::LeftButton) {
    const ShapeDrag drag = *shapeDrag_;
    shapeDrag_.reset();
    if (drag.moved) emit shapeEdited(drag.id, draggedPoints(widgetToImage(event->position()), drag), true);
    return;
  }
  if (drawing_ && event->button() == Qt::LeftButton) {
    const QPointF dragged = event->position() - pressAt_;
    const bool twoPoint = (drawType_ == ShapeType::Rectangle && !extremePoints_) || drawType_ == ShapeType::Ellipse;
    if (twoPoint && placed_.size() == 1 && std::hypot(dragged.x(), dragged.y()) >= 4) {  // a drag
      placed_.push_back(widgetToImage(event->position()));
      finishDrawing();
    }
    return;
  }
  if (!panning_) return;
  panning_ = false;
  const QPointF moved = event->position() - pressAt_;
  if (event->button() == Qt::LeftButton && std::hypot(moved.x(), moved.y()) < 4) emit clicked(0, widgetToImage(event->position()));
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

double ImageCanvas::turnDegrees(const QPointF& widgetPoint, Qt::KeyboardModifiers modifiers) const {
  // The angle of the cursor around the centre, measured from straight up, clockwise on the
  // image (the image's own axes, whatever the view's quarter turns).
  const QPointF d = widgetToImage(widgetPoint) - turn_->centre;
  double degrees = std::atan2(d.x(), -d.y()) * 180 / M_PI + turn_->grab;
  if (modifiers & Qt::ShiftModifier) degrees = std::round(degrees / 15) * 15;
  return std::fmod(std::fmod(degrees, 360) + 360, 360);
}

int ImageCanvas::vertexAt(const CanvasShape& shape, const QPointF& widgetPoint) const {
  const auto& p = shape.points;
  const bool corners = shape.type == ShapeType::Rectangle && shape.rotation == 0;
  const bool vertices = shape.type == ShapeType::Polygon || shape.type == ShapeType::Polyline || shape.type == ShapeType::Points;
  if (!corners && !vertices) return -1;
  const QTransform toWidget = imageToWidgetTransform();
  // Rectangles: corners 0..3 as (x1,y1) (x2,y1) (x2,y2) (x1,y2); others: their points.
  std::vector<QPointF> handles;
  if (corners && p.size() >= 4) handles = {{p[0], p[1]}, {p[2], p[1]}, {p[2], p[3]}, {p[0], p[3]}};
  else
    for (std::size_t i = 0; i + 1 < p.size(); i += 2) handles.emplace_back(p[i], p[i + 1]);
  for (std::size_t i = 0; i < handles.size(); ++i) {
    const QPointF d = toWidget.map(handles[i]) - widgetPoint;
    if (std::hypot(d.x(), d.y()) <= kPickPixels * 1.6) return static_cast<int>(i);
  }
  return -1;
}

std::vector<double> ImageCanvas::draggedPoints(const QPointF& imagePoint) const { return draggedPoints(imagePoint, *shapeDrag_); }

std::vector<double> ImageCanvas::draggedPoints(const QPointF& imagePoint, const ShapeDrag& drag) const {
  std::vector<double> p = drag.points;
  const QPointF d = imagePoint - drag.start;
  if (drag.vertex < 0) {  // the body: every point moves (a mask: its box; its runs are relative)
    const std::size_t first = drag.type == ShapeType::Mask && p.size() >= 4 ? p.size() - 4 : 0;
    for (std::size_t i = first; i + 1 < p.size(); i += 2) {
      p[i] += d.x();
      p[i + 1] += d.y();
    }
    return p;
  }
  if (drag.type == ShapeType::Rectangle) {  // this corner moves, the opposite one stays
    const int v = drag.vertex;
    double& x = (v == 0 || v == 3) ? p[0] : p[2];
    double& y = (v == 0 || v == 1) ? p[1] : p[3];
    x += d.x();
    y += d.y();
    if (p[0] > p[2]) std::swap(p[0], p[2]);
    if (p[1] > p[3]) std::swap(p[1], p[3]);
    return p;
  }
  const auto i = static_cast<std::size_t>(drag.vertex) * 2;
  p[i] += d.x();
  p[i + 1] += d.y();
  return p;
}

void ImageCanvas::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Escape && drawing_) {
    cancelDrawing();
    return;
  }
  if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && drawing_) {
    finishDrawing();
    return;
  }
  QWidget::keyPressEvent(event);
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
  if (drawing_) {
    if (drawType_ == ShapeType::Rectangle || drawType_ == ShapeType::Ellipse) return;
    // The last point is where the double click is (its first press may have placed it already).
    const QPointF at = widgetToImage(event->position());
    const QPointF gap = placed_.empty() ? QPointF(1e9, 0) : imageToWidget(placed_.back()) - event->position();
    if (std::hypot(gap.x(), gap.y()) > 2) placed_.push_back(at);
    finishDrawing();
    return;
  }
  if (event->button() == Qt::LeftButton && !shapeAt(event->position())) fit();
}

}  // namespace labelstation::app

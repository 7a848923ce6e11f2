// The canvas's mouse and keys: drawing every shape type (with automatic bordering, Shift + drag
// and fixed point counts), the mask brush, contour edits, dragging shapes, their vertices and
// rotation handles, panning, region zoom and the context menu request.
#include <QApplication>
#include <QCursor>
#include <QKeyEvent>
#include <QMouseEvent>
#include <algorithm>
#include <cmath>
#include <utility>

#include "image_canvas.h"
#include "labelstation/core/mask.h"

namespace labelstation::app {

namespace {

constexpr double kShiftDragStep = 10;  // widget pixels between points placed by Shift + drag
constexpr double kClickSlop = 4;       // widget pixels a press may move and still be a click

bool isPolyType(ShapeType t) { return t == ShapeType::Polygon || t == ShapeType::Polyline || t == ShapeType::Points; }

double length(const QPointF& d) { return std::hypot(d.x(), d.y()); }

std::vector<double> flatten(const std::vector<QPointF>& points) {
  std::vector<double> out;
  for (const QPointF& p : points) out.insert(out.end(), {p.x(), p.y()});
  return out;
}

std::vector<QPointF> pointsOf(const std::vector<double>& p) {
  std::vector<QPointF> out;
  for (std::size_t i = 0; i + 1 < p.size(); i += 2) out.emplace_back(p[i], p[i + 1]);
  return out;
}

// Vertices strictly between `from` and `to` going forward round a ring of n, and the length of
// that path.
std::pair<int, double> forwardPath(const std::vector<QPointF>& ring, int from, int to) {
  const int n = static_cast<int>(ring.size());
  int count = 0;
  double along = 0;
  for (int i = from; i != to; i = (i + 1) % n) {
    along += length(ring[static_cast<std::size_t>((i + 1) % n)] - ring[static_cast<std::size_t>(i)]);
    if ((i + 1) % n != to) ++count;
  }
  return {count, along};
}

}  // namespace

void ImageCanvas::startDrawing(ShapeType type, const QColor& color, bool byPoints) {
  DrawRequest request;
  request.type = type;
  request.color = color;
  request.byPoints = byPoints;
  startDrawing(request);
}

void ImageCanvas::startDrawing(const DrawRequest& request) {
  saveMaskIfPainted();
  contourEdit_.reset();
  contourChoice_.reset();
  regionZoom_ = false;
  slicing_ = false;
  sliced_ = 0;
  drawing_ = true;
  request_ = request;
  request_.byPoints = request.byPoints && (request.type == ShapeType::Rectangle || request.type == ShapeType::Cuboid2D);
  placed_.clear();
  snapped_.clear();
  strokeAt_.reset();
  editedMask_ = 0;
  maskBrush_.reset();
  if (request.type == ShapeType::Mask) maskBrush_ = std::make_unique<MaskBrush>(image().size());
  setCursor(Qt::CrossCursor);
  setFocus();
  update();
  emit drawingChanged(true);  // also when one drawing replaces another (the brush bar follows)
}

void ImageCanvas::startPlacing(std::vector<CanvasShape> shapes) {
  cancelInteraction();
  std::vector<QPointF> corners;
  for (CanvasShape& s : shapes) makeMaskImage(s);
  for (const CanvasShape& s : shapes)
    for (const QPointF& p : outlineOf(s)) corners.push_back(p);
  if (corners.empty()) return;
  ghostsCentre_ = boundsOf(corners).center();
  ghosts_ = std::move(shapes);
  cursorImage_ = widgetToImage(mapFromGlobal(QCursor::pos()));
  setCursor(Qt::CrossCursor);
  setFocus();
  update();
}

// How far the pasted shapes move to the cursor: by whole pixels when a mask is among them (its
// pixels stay on the image's grid).
QPointF ImageCanvas::pasteOffset() const {
  const QPointF offset = cursorImage_ - ghostsCentre_;
  const bool mask = std::any_of(ghosts_.begin(), ghosts_.end(), [](const CanvasShape& s) { return s.type == ShapeType::Mask; });
  return mask ? QPointF(std::round(offset.x()), std::round(offset.y())) : offset;
}

void ImageCanvas::startSlicing(ObjectId selected) {
  DrawRequest request;
  request.type = ShapeType::Polyline;
  request.color = Qt::white;
  startDrawing(request);
  slicing_ = true;
  const CanvasShape* s = shape(selected);
  sliced_ = s && (s->type == ShapeType::Polygon || s->type == ShapeType::Mask) ? selected : 0;
}

void ImageCanvas::editMask(ObjectId id, const std::vector<double>& points, const QColor& color) {
  DrawRequest request;
  request.type = ShapeType::Mask;
  request.color = color;
  startDrawing(request);
  if (const auto bitmap = decodeMask(points)) maskBrush_->load(*bitmap);
  editedMask_ = id;
  update();
}

void ImageCanvas::setBrush(const BrushSettings& settings) {
  brushSettings_ = settings;
  brushSettings_.size = std::clamp(settings.size, 1, 1000);
  placed_.clear();  // a polygon half drawn with one tool does not carry to another
  update();
}

void ImageCanvas::cancelDrawing() {
  const bool was = drawing_;
  drawing_ = false;
  placed_.clear();
  snapped_.clear();
  contourEdit_.reset();
  maskBrush_.reset();
  editedMask_ = 0;
  strokeAt_.reset();
  shiftDragging_ = false;
  slicing_ = false;
  sliced_ = 0;
  unsetCursor();
  update();
  if (was) emit drawingChanged(false);
}

void ImageCanvas::saveMaskIfPainted() {
  if (drawing_ && request_.type == ShapeType::Mask && maskBrush_ && !maskBrush_->empty()) finishMask(false);
}

void ImageCanvas::cancelInteraction() {
  saveMaskIfPainted();  // a new frame, a paste…: the painted pixels are kept, not dropped
  cancelDrawing();
  shapeDrag_.reset();
  turn_.reset();
  contourChoice_.reset();
  regionZoom_ = false;
  regionStart_.reset();
  panning_ = false;
  if (!ghosts_.empty()) {
    ghosts_.clear();
    unsetCursor();
  }
}

QPointF ImageCanvas::clampedToImage(const QPointF& p) const {
  return {std::clamp(p.x(), 0.0, static_cast<double>(image().width())), std::clamp(p.y(), 0.0, static_cast<double>(image().height()))};
}

// How many clicks complete the shape by themselves (0: N or a double click does).
std::size_t ImageCanvas::clicksToFinish() const {
  switch (request_.type) {
    case ShapeType::Rectangle: return request_.byPoints ? 4 : 2;
    case ShapeType::Cuboid2D: return request_.byPoints ? 4 : 2;
    case ShapeType::Ellipse:
    case ShapeType::Skeleton: return 2;
    case ShapeType::Polygon:
    case ShapeType::Polyline:
    case ShapeType::Points: return static_cast<std::size_t>(std::max(0, request_.pointCount));
    default: return 0;
  }
}

void ImageCanvas::finishDrawing() {
  if (!drawing_) return;
  if (request_.type == ShapeType::Mask) {
    // N closes a polygon being drawn with the polygon tools; else it saves the mask.
    const bool polygonTool = brushSettings_.tool == BrushTool::PolygonAdd || brushSettings_.tool == BrushTool::PolygonRemove;
    if (polygonTool && placed_.size() >= 3) {
      maskBrush_->fillPolygon(placed_, brushSettings_.tool == BrushTool::PolygonRemove);
      placed_.clear();
      update();
      return;
    }
    finishMask(false);
    return;
  }
  if (contourEdit_) {  // a contour edit ends on a vertex of the shape; N leaves it unchanged
    cancelDrawing();
    return;
  }
  emitDrawn();
}

void ImageCanvas::saveMaskAndContinue() {
  if (drawing_ && request_.type == ShapeType::Mask) finishMask(true);
}

void ImageCanvas::finishMask(bool more) {
  std::vector<double> points = encodeMask(maskBrush_->bitmap());
  const ObjectId edited = editedMask_;
  if (more) {  // a fresh mask, same colour, same tools
    maskBrush_ = std::make_unique<MaskBrush>(image().size());
    editedMask_ = 0;
    placed_.clear();
    update();
  } else {
    cancelDrawing();
  }
  // An edited mask erased to nothing is reported too (empty points: it goes).
  if (!points.empty() || edited) emit maskFinished(edited, std::move(points), more);
}

// Ends the drawing; emits the shape when it has enough points (a rectangle needs area, a polygon
// three points, a polyline two, points one).
void ImageCanvas::emitDrawn() {
  if (slicing_) {
    const ObjectId target = sliced_;
    std::vector<double> line = flatten(placed_);
    cancelDrawing();
    if (target && line.size() >= 4) emit sliceDrawn(target, std::move(line));
    return;
  }
  const ShapeType type = request_.type;
  std::vector<QPointF> clicks;
  for (const QPointF& p : placed_) clicks.push_back(clampedToImage(p));
  std::vector<double> points;
  const std::size_t needed = clicksToFinish();
  switch (type) {
    case ShapeType::Rectangle:
      if (clicks.size() == needed) {
        const QRectF box = boundsOf(clicks);
        if (box.width() >= 1 && box.height() >= 1) points = {box.left(), box.top(), box.right(), box.bottom()};
      }
      break;
    case ShapeType::Ellipse:  // CVAT's layout: cx, cy, cx + rx, cy - ry
      if (clicks.size() == 2) {
        const QPointF c = clicks[0];
        const double rx = std::abs(placed_[1].x() - c.x()), ry = std::abs(placed_[1].y() - c.y());
        if (rx >= 1 && ry >= 1) points = {c.x(), c.y(), c.x() + rx, c.y() - ry};
      }
      break;
    case ShapeType::Cuboid2D:
      if (clicks.size() == needed) {
        if (request_.byPoints) {
          points = cuboid2d::fromFourPoints(clicks);
        } else if (const QRectF box = boundsOf(clicks); box.width() >= 1 && box.height() >= 1) {
          points = cuboid2d::fromRectangle(box);
        }
      }
      break;
    case ShapeType::Skeleton:
      if (clicks.size() == 2 && !request_.nodes.empty()) {
        const QRectF box = boundsOf(clicks);
        if (box.width() >= 1 && box.height() >= 1)
          for (const QPointF& n : request_.nodes) points.insert(points.end(), {box.left() + n.x() * box.width(), box.top() + n.y() * box.height()});
      }
      break;
    default: {
      const std::size_t minimum = type == ShapeType::Polygon ? 3 : type == ShapeType::Polyline ? 2 : 1;
      if (clicks.size() >= minimum) points = flatten(clicks);
      break;
    }
  }
  cancelDrawing();
  if (!points.empty()) emit shapeDrawn(type, std::move(points));
}

// A point of a polygon or polyline being drawn. With automatic bordering it snaps to a point of
// another shape nearby; two snapped points of one shape in a row bring the shape's points
// between them (the shorter way round).
void ImageCanvas::placePoint(const QPointF& imagePoint, bool autoBorder) {
  std::optional<std::pair<ObjectId, int>> target;
  if (autoBorder && (request_.type == ShapeType::Polygon || request_.type == ShapeType::Polyline))
    target = snapTarget(imageToWidget(imagePoint), contourEdit_ ? contourEdit_->id : 0);
  if (!target) {
    placed_.push_back(imagePoint);
    snapped_.emplace_back();
    return;
  }
  const CanvasShape* other = shape(target->first);
  const std::vector<QPointF> ring = pointsOf(other->points);
  const auto& previous = snapped_.empty() ? std::nullopt : snapped_.back();
  if (previous && previous->first == target->first && previous->second != target->second) {
    const int n = static_cast<int>(ring.size()), from = previous->second, to = target->second;
    const bool closed = other->type == ShapeType::Polygon;
    // Forward or backward along the shape: a polyline only one way, a polygon the shorter.
    int step = to > from ? 1 : -1;
    if (closed) step = forwardPath(ring, from, to).second <= forwardPath(ring, to, from).second ? 1 : -1;
    for (int i = (from + step + n) % n; i != to; i = (i + step + n) % n) {
      placed_.push_back(ring[static_cast<std::size_t>(i)]);
      snapped_.emplace_back(std::pair(target->first, i));
    }
  }
  placed_.push_back(ring[static_cast<std::size_t>(target->second)]);
  snapped_.push_back(target);
}

std::optional<std::pair<ObjectId, int>> ImageCanvas::snapTarget(const QPointF& widgetPoint, ObjectId except) const {
  const QTransform toWidget = imageToWidgetTransform();
  std::optional<std::pair<ObjectId, int>> best;
  double bestDistance = kPickPixels * 2;
  for (const CanvasShape& s : shapes_) {
    if (s.id == except || !shown(s) || !(s.type == ShapeType::Polygon || s.type == ShapeType::Polyline)) continue;
    for (std::size_t i = 0; i + 1 < s.points.size(); i += 2) {
      const double d = length(toWidget.map(QPointF(s.points[i], s.points[i + 1])) - widgetPoint);
      if (d <= bestDistance) {
        bestDistance = d;
        best = std::pair(s.id, static_cast<int>(i / 2));
      }
    }
  }
  return best;
}

void ImageCanvas::paintBrush(const QPointF& imagePoint) {
  const bool erase = brushSettings_.tool == BrushTool::Eraser;
  maskBrush_->stroke(strokeAt_.value_or(imagePoint), imagePoint, brushSettings_.size, brushSettings_.tip, erase);
  strokeAt_ = imagePoint;
  update();
}

// Shift + click on a vertex of the selected polygon or polyline: the points clicked next replace
// the contour from there to the vertex the edit ends on.
bool ImageCanvas::startContourEdit(const CanvasShape& shape, int vertex) {
  if (shape.type != ShapeType::Polygon && shape.type != ShapeType::Polyline) return false;
  const CanvasShape s = shape;  // a copy: the shapes may change while the drawing starts
  DrawRequest request;
  request.type = s.type;
  request.color = s.color;
  startDrawing(request);
  contourEdit_ = ContourEdit{s.id, s.type, pointsOf(s.points), vertex};
  return true;
}

void ImageCanvas::endContourEdit(int end) {
  const ContourEdit edit = *contourEdit_;
  const std::vector<QPointF> added = placed_;
  cancelDrawing();
  const auto& v = edit.original;
  const int n = static_cast<int>(v.size()), start = edit.start;
  auto range = [&](int from, int to) {  // vertices from..to going forward, both included
    std::vector<QPointF> out;
    for (int i = from;; i = (i + 1) % n) {
      out.push_back(v[static_cast<std::size_t>(i)]);
      if (i == to) break;
    }
    return out;
  };
  std::vector<QPointF> reversed(added.rbegin(), added.rend());
  if (edit.type == ShapeType::Polyline) {  // the part between the two vertices is replaced
    const int a = std::min(start, end), b = std::max(start, end);
    std::vector<QPointF> result(v.begin(), v.begin() + a + 1);
    const auto& middle = start <= end ? added : reversed;
    result.insert(result.end(), middle.begin(), middle.end());
    result.insert(result.end(), v.begin() + b, v.end());
    emit shapeEdited(edit.id, flatten(result), true);
    return;
  }
  // Two ways to close the polygon: keep end..start and the new points, or start..end and the
  // new points backwards. Each cuts off the other part.
  std::vector<QPointF> keepA = range(end, start);
  keepA.insert(keepA.end(), added.begin(), added.end());
  std::vector<QPointF> keepB = range(start, end);
  keepB.insert(keepB.end(), reversed.begin(), reversed.end());
  const auto [cutA, lengthA] = forwardPath(v, start, end);
  const auto [cutB, lengthB] = forwardPath(v, end, start);
  const bool pointsPreferA = cutA <= cutB, lengthPrefersA = lengthA <= lengthB;
  if (keepA.size() < 3 || keepB.size() < 3) {
    const auto& only = keepA.size() >= 3 ? keepA : keepB;
    if (only.size() >= 3) emit shapeEdited(edit.id, flatten(only), true);
    return;
  }
  if (intelligentCropping_ && pointsPreferA == lengthPrefersA) {
    emit shapeEdited(edit.id, flatten(pointsPreferA ? keepA : keepB), true);
    return;
  }
  // The annotator clicks the part to keep.
  contourChoice_ = std::pair(QPolygonF(QList<QPointF>(keepA.begin(), keepA.end())), QPolygonF(QList<QPointF>(keepB.begin(), keepB.end())));
  contourChoiceId_ = edit.id;
  contourChoiceHovered_ = 0;
  update();
}

void ImageCanvas::mousePressEvent(QMouseEvent* event) {
  pressAt_ = lastMouse_ = event->position();
  if (event->button() == Qt::MiddleButton) {
    panning_ = true;
    return;
  }
  if (contourChoice_) {
    if (event->button() == Qt::LeftButton) {
      const QPolygonF kept = contourChoiceHovered_ == 0 ? contourChoice_->first : contourChoice_->second;
      contourChoice_.reset();
      emit shapeEdited(contourChoiceId_, flatten(std::vector<QPointF>(kept.begin(), kept.end())), true);
    } else {
      contourChoice_.reset();
    }
    update();
    return;
  }
  if (!ghosts_.empty()) {  // a left click places the pasted shapes; any other drops them
    cursorImage_ = widgetToImage(event->position());
    const QPointF offset = pasteOffset();
    ghosts_.clear();
    unsetCursor();
    update();
    if (event->button() == Qt::LeftButton) emit pasted(offset);
    return;
  }
  if (regionZoom_ && event->button() == Qt::LeftButton) {
    regionStart_ = cursorImage_ = widgetToImage(event->position());
    return;
  }
  if (drawing_ && event->button() == Qt::LeftButton && (event->modifiers() & Qt::AltModifier)) {
    panning_ = true;  // Alt + drag moves the image without drawing (CVAT's hint)
    return;
  }
  if (drawing_) {
    pressWhileDrawing(event);
    return;
  }
  if (event->button() == Qt::RightButton) {
    int vertex = -1;
    for (const CanvasShape& s : shapes_)
      if (s.selected && vertex < 0) vertex = vertexAt(s, event->position());
    ObjectId hit = shapeAt(event->position());
    if (vertex >= 0)
      for (const CanvasShape& s : shapes_)
        if (s.selected) hit = s.id;
    emit contextMenuRequested(hit, vertex, event->globalPosition().toPoint());
    return;
  }
  if (event->button() != Qt::LeftButton) return;
  // The selected shape's rotation handle and vertices first (they may lie outside every shape),
  // then any shape.
  for (const CanvasShape& s : shapes_)
    if (s.selected)
      if (const auto handle = rotationHandle(s)) {
        if (length(*handle - event->position()) <= kPickPixels * 1.6) {
          const auto& p = s.points;
          turn_ = Turn{s.id, s.type == ShapeType::Ellipse ? QPointF(p[0], p[1]) : QPointF((p[0] + p[2]) / 2, (p[1] + p[3]) / 2)};
          turn_->grab = s.rotation - turnDegrees(event->position(), Qt::NoModifier);  // turnDegrees adds grab (0 here)
          return;
        }
      }
  for (const CanvasShape& s : shapes_)
    if (s.selected)
      if (const int vertex = vertexAt(s, event->position()); vertex >= 0) {
        if ((event->modifiers() & Qt::ShiftModifier) && startContourEdit(s, vertex)) return;
        // Alt or Ctrl + click removes a point of a polygon, polyline or points (not below what
        // the shape needs).
        if ((event->modifiers() & (Qt::AltModifier | Qt::ControlModifier)) && isPolyType(s.type)) {
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
    if (const CanvasShape* s = shape(hit)) shapeDrag_ = ShapeDrag{s->id, s->type, s->points, -1, widgetToImage(event->position()), false};
    return;
  }
  panning_ = true;  // a drag on empty canvas pans; a click there clears the selection (on release)
}

void ImageCanvas::pressWhileDrawing(QMouseEvent* event) {
  const QPointF at = widgetToImage(event->position());
  cursorImage_ = at;
  const bool left = event->button() == Qt::LeftButton, right = event->button() == Qt::RightButton;
  if (request_.type == ShapeType::Mask) {
    const bool polygonTool = brushSettings_.tool == BrushTool::PolygonAdd || brushSettings_.tool == BrushTool::PolygonRemove;
    if (polygonTool && left) placed_.push_back(at);
    else if (polygonTool && right && !placed_.empty()) placed_.pop_back();
    else if (!polygonTool && left) paintBrush(at);
    update();
    return;
  }
  if (right) {  // takes the last point back
    if (!placed_.empty()) {
      placed_.pop_back();
      snapped_.pop_back();
    }
    update();
    return;
  }
  if (!left) return;
  if (slicing_) {
    if (!sliced_) {  // the first click chooses what to cut
      const CanvasShape* s = shape(shapeAt(event->position()));
      if (s && (s->type == ShapeType::Polygon || s->type == ShapeType::Mask)) {
        sliced_ = s->id;
        emit clicked(s->id, at);
      }
      update();
      return;
    }
    placePoint(at, false);
    shiftDragging_ = static_cast<bool>(event->modifiers() & Qt::ShiftModifier);
    // A click off the shape after the cut began crosses it: the cut ends there.
    const CanvasShape* target = shape(sliced_);
    if (placed_.size() >= 2 && (!target || !hits(*target, at, kPickPixels / scale_))) {
      finishDrawing();
      drawingEndedAt_ = event->timestamp();
    }
    update();
    return;
  }
  if (contourEdit_) {  // a click on one of the shape's vertices ends the edit
    CanvasShape edited;
    edited.type = contourEdit_->type;
    edited.points = flatten(contourEdit_->original);
    const int vertex = vertexAt(edited, event->position());
    if (vertex == contourEdit_->start) return;  // it ends on another vertex of the shape
    if (vertex >= 0) {
      endContourEdit(vertex);
      return;
    }
  }
  // Ctrl flips automatic bordering for this click.
  const bool autoBorder = autoBorder_ != static_cast<bool>(event->modifiers() & Qt::ControlModifier);
  placePoint(at, autoBorder);
  shiftDragging_ = isPolyType(request_.type) && (event->modifiers() & Qt::ShiftModifier);
  const std::size_t clicks = clicksToFinish();
  if (!contourEdit_ && clicks && placed_.size() >= clicks) {  // the last click
    finishDrawing();
    drawingEndedAt_ = event->timestamp();
  }
  update();
}

void ImageCanvas::mouseMoveEvent(QMouseEvent* event) {
  const QPointF at = widgetToImage(event->position());
  emit cursorMoved(at, true);
  if (panning_) panBy(event->position() - lastMouse_);
  if (regionZoom_ || !ghosts_.empty()) {
    cursorImage_ = at;
    update();
  }
  if (contourChoice_) {
    const int hovered = contourChoice_->second.containsPoint(at, Qt::OddEvenFill) && !contourChoice_->first.containsPoint(at, Qt::OddEvenFill) ? 1 : 0;
    if (hovered != contourChoiceHovered_) {
      contourChoiceHovered_ = hovered;
      update();
    }
  }
  const bool leftHeld = event->buttons() & Qt::LeftButton;
  if (turn_ && leftHeld) {
    if (turn_->moved || length(event->position() - pressAt_) >= 3) {  // a click on the handle turns nothing
      turn_->moved = true;
      emit rotationEdited(turn_->id, turnDegrees(event->position(), event->modifiers()), false);
    }
  }
  if (shapeDrag_ && leftHeld) {
    if (shapeDrag_->moved || length(event->position() - pressAt_) >= 3) {  // a click is not a drag
      shapeDrag_->moved = true;
      emit shapeEdited(shapeDrag_->id, draggedPoints(at, *shapeDrag_), false);
    }
  }
  if (drawing_) {
    cursorImage_ = at;
    if (request_.type == ShapeType::Mask && strokeAt_ && leftHeld) paintBrush(at);
    if (shiftDragging_ && leftHeld && (event->modifiers() & Qt::ShiftModifier) && !placed_.empty() &&
        length(imageToWidget(placed_.back()) - event->position()) >= kShiftDragStep) {
      placePoint(at, false);
      const std::size_t clicks = clicksToFinish();
      if (!contourEdit_ && clicks && placed_.size() >= clicks) finishDrawing();
    }
    update();
  } else if (!shapeDrag_ && !turn_ && !panning_) {
    const ObjectId hovered = shapeAt(event->position());
    if (hovered != hovered_) {
      hovered_ = hovered;
      update();
      emit hoverChanged(hovered);
    }
  }
  lastMouse_ = event->position();
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent* event) {
  if (panning_ && drawing_) {  // the end of an Alt or middle-button pan during a drawing
    panning_ = false;
    return;
  }
  if (regionZoom_ && regionStart_ && event->button() == Qt::LeftButton) {
    const QRectF region = QRectF(*regionStart_, widgetToImage(event->position())).normalized();
    regionZoom_ = false;
    regionStart_.reset();
    unsetCursor();
    zoomToRegion(region);
    update();
    return;
  }
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
    strokeAt_.reset();
    shiftDragging_ = false;
    if (slicing_) return;
    // Shapes of two corners may be drawn by a drag.
    const bool twoCorners = clicksToFinish() == 2 && !isPolyType(request_.type) && !contourEdit_;
    if (twoCorners && placed_.size() == 1 && length(event->position() - pressAt_) >= kClickSlop) {
      placed_.push_back(widgetToImage(event->position()));
      snapped_.emplace_back();
      finishDrawing();
    }
    return;
  }
  if (!panning_) return;
  panning_ = false;
  if (event->button() == Qt::LeftButton && length(event->position() - pressAt_) < kClickSlop) emit clicked(0, widgetToImage(event->position()));
}

void ImageCanvas::leaveEvent(QEvent*) {
  emit cursorMoved({}, false);
  if (hovered_) {
    hovered_ = 0;
    update();
    emit hoverChanged(0);
  }
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
  const bool vertices = isPolyType(shape.type) || shape.type == ShapeType::Cuboid2D || shape.type == ShapeType::Skeleton;
  if (!corners && !vertices) return -1;
  const QTransform toWidget = imageToWidgetTransform();
  // Rectangles: corners 0..3 as (x1,y1) (x2,y1) (x2,y2) (x1,y2); others: their points.
  std::vector<QPointF> handles;
  if (corners && p.size() >= 4) handles = {{p[0], p[1]}, {p[2], p[1]}, {p[2], p[3]}, {p[0], p[3]}};
  else handles = pointsOf(p);
  for (std::size_t i = 0; i < handles.size(); ++i) {
    if (shape.type == ShapeType::Skeleton && i < shape.elements.size() && shape.elements[i].outside) continue;
    if (length(toWidget.map(handles[i]) - widgetPoint) <= kPickPixels * 1.6) return static_cast<int>(i);
  }
  return -1;
}

std::vector<double> ImageCanvas::draggedPoints(const QPointF& imagePoint, const ShapeDrag& drag) const {
  std::vector<double> p = drag.points;
  const QPointF d = imagePoint - drag.start;
  if (drag.vertex < 0) {  // the body: every point moves (a mask: its box, by whole pixels)
    movePoints(drag.type, p, drag.type == ShapeType::Mask ? QPointF(std::round(d.x()), std::round(d.y())) : d);
    return p;
  }
  if (drag.type == ShapeType::Cuboid2D) return cuboid2d::dragVertex(std::move(p), drag.vertex, d);
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

bool ImageCanvas::isInteracting() const { return drawing_ || contourChoice_ || regionZoom_ || !ghosts_.empty(); }

void ImageCanvas::escape() {
  if (!ghosts_.empty()) unsetCursor();
  ghosts_.clear();
  contourChoice_.reset();
  regionZoom_ = false;
  regionStart_.reset();
  cancelDrawing();
}

void ImageCanvas::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Escape && isInteracting()) {
    escape();
    return;
  }
  if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && drawing_) {
    finishDrawing();
    return;
  }
  QWidget::keyPressEvent(event);
}

void ImageCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
  // The double click whose first press finished a shape is spent (a new drawing may have begun
  // since, in single shape mode).
  if (const auto ended = std::exchange(drawingEndedAt_, std::nullopt);
      ended && event->timestamp() - *ended <= static_cast<ulong>(QApplication::doubleClickInterval()))
    return;
  if (drawing_) {
    if (request_.type == ShapeType::Mask) {  // closes a polygon of the polygon tools
      if (brushSettings_.tool == BrushTool::PolygonAdd || brushSettings_.tool == BrushTool::PolygonRemove) finishDrawing();
      return;
    }
    if (!isPolyType(request_.type) || contourEdit_) return;
    // The last point is where the double click is (its first press may have placed it already).
    const QPointF gap = placed_.empty() ? QPointF(1e9, 0) : imageToWidget(placed_.back()) - event->position();
    if (length(gap) > 2) placePoint(widgetToImage(event->position()), false);
    finishDrawing();
    return;
  }
  if (event->button() != Qt::LeftButton) return;
  const ObjectId hit = shapeAt(event->position());
  const CanvasShape* s = shape(hit);
  if (s && s->type == ShapeType::Mask && s->selected) {  // a double click on the selected mask edits it
    editMask(s->id, s->points, s->color);
    return;
  }
  if (!hit) fit();
}

}  // namespace labelstation::app

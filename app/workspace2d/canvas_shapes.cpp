#include "canvas_shapes.h"

#include <QTransform>
#include <algorithm>
#include <cmath>

#include "labelstation/core/mask.h"

namespace labelstation::app {

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

void makeMaskImage(CanvasShape& s) {
  if (s.type != ShapeType::Mask || !s.mask.isNull()) return;
  const auto bitmap = decodeMask(s.points);
  if (!bitmap) return;
  // One byte a pixel, coloured through the table when drawn.
  QImage mask(bitmap->width, bitmap->height, QImage::Format_Indexed8);
  mask.setColorTable({qRgba(0, 0, 0, 0), s.color.rgb()});
  for (int y = 0; y < bitmap->height; ++y)
    std::copy_n(bitmap->pixels.begin() + static_cast<std::ptrdiff_t>(y) * bitmap->width, bitmap->width, mask.scanLine(y));
  s.mask = std::move(mask);
  s.maskOrigin = QPoint(bitmap->left, bitmap->top);
}

void movePoints(ShapeType type, std::vector<double>& p, const QPointF& by) {
  const std::size_t first = type == ShapeType::Mask && p.size() >= 4 ? p.size() - 4 : 0;
  for (std::size_t i = first; i + 1 < p.size(); i += 2) {
    p[i] += by.x();
    p[i + 1] += by.y();
  }
}

QRectF boundsOf(const std::vector<QPointF>& points) {
  if (points.empty()) return {};
  double left = points.front().x(), right = left, top = points.front().y(), bottom = top;
  for (const QPointF& p : points) {
    left = std::min(left, p.x());
    right = std::max(right, p.x());
    top = std::min(top, p.y());
    bottom = std::max(bottom, p.y());
  }
  return QRectF(QPointF(left, top), QPointF(right, bottom));
}

double distanceToSegment(const QPointF& p, const QPointF& a, const QPointF& b) {
  const QPointF ab = b - a;
  const double len2 = QPointF::dotProduct(ab, ab);
  const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
  const QPointF d = p - (a + ab * t);
  return std::hypot(d.x(), d.y());
}

bool isArea(ShapeType t) { return t != ShapeType::Polyline && t != ShapeType::Points; }

QRectF skeletonBox(const CanvasShape& s) {
  std::vector<QPointF> shown;
  for (std::size_t i = 0; i + 1 < s.points.size(); i += 2)
    if (i / 2 >= s.elements.size() || !s.elements[i / 2].outside) shown.emplace_back(s.points[i], s.points[i + 1]);
  const QRectF box = boundsOf(shown);
  const double margin = std::max(2.0, 0.05 * std::max(box.width(), box.height()));
  return shown.empty() ? QRectF() : box.adjusted(-margin, -margin, margin, margin);
}

namespace cuboid2d {
namespace {

QPointF corner(const std::vector<double>& p, int i) { return {p[2 * i], p[2 * i + 1]}; }
void setCorner(std::vector<double>& p, int i, const QPointF& c) {
  p[2 * i] = c.x();
  p[2 * i + 1] = c.y();
}
// The four vertical edges as (top, bottom) corner indices: front-left, front-right, back-right,
// back-left.
constexpr int kEdges[4][2] = {{0, 1}, {2, 3}, {4, 5}, {6, 7}};

std::vector<double> fromFrontAndDepth(const QRectF& front, const QPointF& depth) {
  std::vector<double> p(16);
  setCorner(p, 0, front.topLeft());
  setCorner(p, 1, front.bottomLeft());
  setCorner(p, 2, front.topRight());
  setCorner(p, 3, front.bottomRight());
  setCorner(p, 4, front.topRight() + depth);
  setCorner(p, 5, front.bottomRight() + depth);
  setCorner(p, 6, front.topLeft() + depth);
  setCorner(p, 7, front.bottomLeft() + depth);
  return p;
}

}  // namespace

const std::vector<std::vector<int>>& faces() {
  static const std::vector<std::vector<int>> f = {{0, 1, 3, 2}, {2, 3, 5, 4}, {4, 5, 7, 6}, {6, 7, 1, 0}, {0, 2, 4, 6}, {1, 3, 5, 7}};
  return f;
}

const std::vector<std::pair<int, int>>& edges() {
  static const std::vector<std::pair<int, int>> e = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {2, 4}, {4, 6}, {6, 0}, {1, 3}, {3, 5}, {5, 7}, {7, 1}};
  return e;
}

std::vector<double> fromRectangle(const QRectF& front) {
  const QRectF r = front.normalized();
  return fromFrontAndDepth(r, QPointF(r.width() / 4, -r.height() / 4));
}

std::vector<double> fromFourPoints(const std::vector<QPointF>& clicks) {
  if (clicks.size() < 4) return {};
  const QRectF front = boundsOf({clicks[0], clicks[1], clicks[2]});
  return fromFrontAndDepth(front, clicks[3] - clicks[2]);
}

std::vector<double> dragVertex(std::vector<double> p, int vertex, const QPointF& delta) {
  if (p.size() != 16 || vertex < 0 || vertex > 7) return p;
  const int partner = vertex ^ 1;  // the other end of its vertical edge
  p[2 * vertex] += delta.x();
  p[2 * partner] = p[2 * vertex];
  p[2 * vertex + 1] += delta.y();
  return p;
}

std::vector<double> resetPerspective(std::vector<double> p) {
  if (p.size() != 16) return p;
  // Back corners 4..7 pair with front corners 2, 3, 0, 1.
  constexpr int kFrontOf[4] = {2, 3, 0, 1};
  QPointF offset;
  for (int i = 0; i < 4; ++i) offset += corner(p, 4 + i) - corner(p, kFrontOf[i]);
  offset /= 4;
  for (int i = 0; i < 4; ++i) setCorner(p, 4 + i, corner(p, kFrontOf[i]) + offset);
  return p;
}

std::vector<double> switchPerspective(std::vector<double> p) {
  if (p.size() != 16) return p;
  const double axis = p[0] + p[4];  // front-left x + front-right x: twice the middle
  const std::vector<double> before = p;
  // The back's right edge becomes the mirror of its left edge and the other way round.
  for (int top = 0; top < 2; ++top) {
    setCorner(p, kEdges[2][top], QPointF(axis - before[2 * kEdges[3][top]], before[2 * kEdges[3][top] + 1]));
    setCorner(p, kEdges[3][top], QPointF(axis - before[2 * kEdges[2][top]], before[2 * kEdges[2][top] + 1]));
  }
  return p;
}

}  // namespace cuboid2d

}  // namespace labelstation::app

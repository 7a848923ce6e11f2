#pragma once
// What the 2D canvas draws of each object, and the geometry of those shapes in image
// coordinates: outlines for drawing and picking, the faces and edits of 2D cuboids. No widget
// state here, so the rules are testable on their own.

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QPolygonF>
#include <QRectF>
#include <QString>
#include <utility>
#include <vector>

#include "labelstation/core/types.h"

namespace labelstation::app {

// A point of a skeleton as the canvas shows it.
struct CanvasElement {
  QString name;
  bool outside = false;  // not drawn, not picked
  bool occluded = false;
};

// Widget pixels: how near a line or point a click counts as on it.
constexpr double kPickPixels = 5;

// What the canvas draws of one object on the shown frame.
struct CanvasShape {
  ObjectId id = 0;
  ShapeType type = ShapeType::Rectangle;
  // CVAT's layout for the type, in image coordinates. Skeletons: each element's x, y.
  std::vector<double> points;
  double rotation = 0;  // rectangles and ellipses: degrees, clockwise on screen
  QColor color;
  bool selected = false;
  bool occluded = false;  // dashed outline, as CVAT draws occluded objects
  int zOrder = 0;
  QString text;  // label, id and attribute values, shown beside the shape
  // Skeletons: one entry per point of `points`, and the template's edges (element indices).
  std::vector<CanvasElement> elements;
  std::vector<std::pair<int, int>> edges;
  // Masks: the pixels (index 1 set, 0 clear) over the mask's box, made by ImageCanvas::setShapes.
  QImage mask;
  QPoint maskOrigin;
};

// A shape's outline in image coordinates: the corners of rectangles (turned), a polygon for
// ellipses, a mask's box, the points of the rest (a cuboid's 8 corners, a skeleton's elements).
QPolygonF outlineOf(const CanvasShape& shape);
// A mask's pixels as the image the canvas draws (CanvasShape::mask and maskOrigin); other
// shapes are left alone.
void makeMaskImage(CanvasShape& shape);
// A shape's points (CVAT's layout for `type`) moved by `by`: every point, or a mask's box (its
// runs are relative to it).
void movePoints(ShapeType type, std::vector<double>& points, const QPointF& by);
// The bounding box of points (QRectF::united ignores the empty rectangles single points make).
QRectF boundsOf(const std::vector<QPointF>& points);
double distanceToSegment(const QPointF& p, const QPointF& a, const QPointF& b);
// Whether the inside of a shape counts as the shape when picking.
bool isArea(ShapeType type);
// The skeleton's drawn box: its visible elements' bounds, grown a little.
QRectF skeletonBox(const CanvasShape& skeleton);

// 2D cuboids, in CVAT's point order: front-left edge (top, bottom), front-right edge (top,
// bottom), then the back face's right edge (top, bottom) and left edge (top, bottom). Vertical
// edges stay vertical.
namespace cuboid2d {
// The faces as corner indices: front, right, back, left, top, bottom.
const std::vector<std::vector<int>>& faces();
// The 12 edges as pairs of corner indices.
const std::vector<std::pair<int, int>>& edges();
// A cuboid whose front face is `front`, its back face up and to the right by a quarter of it.
std::vector<double> fromRectangle(const QRectF& front);
// From four clicks: the first three span the front face (its bounding box), the fourth gives
// the depth (its offset from the third).
std::vector<double> fromFourPoints(const std::vector<QPointF>& clicks);
// Corner `vertex` dragged by `delta`: its vertical edge follows sideways, only the corner moves
// up or down.
std::vector<double> dragVertex(std::vector<double> points, int vertex, const QPointF& delta);
// The back face becomes a copy of the front face, moved by the mean offset of the back corners
// (parallel edges: no perspective).
std::vector<double> resetPerspective(std::vector<double> points);
// The back face mirrored about the front face's vertical middle: the side face shown moves from
// the right to the left or back.
std::vector<double> switchPerspective(std::vector<double> points);
}  // namespace cuboid2d

}  // namespace labelstation::app

#pragma once
// The 2D workspace's canvas: one image, zoomed about the cursor, panned, fitted, turned in
// quarter turns, shown through display-only adjustments (brightness, contrast, saturation,
// gamma), with a grid overlay and the frame's shapes drawn over it in their colours.
//
// Large images stay fluid: the canvas keeps a pyramid of halved copies and draws only the part
// of the level nearest the zoom that is on screen.
//
// Coordinates: "image" is the image's pixel grid (x right, y down, (0, 0) the top-left corner of
// the first pixel); "widget" is this widget's pixels. imageToWidget / widgetToImage convert.

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QPolygonF>
#include <QTransform>
#include <QWidget>
#include <optional>
#include <vector>

#include "labelstation/core/types.h"

namespace labelstation::app {

// What the canvas draws of one object on the shown frame.
struct CanvasShape {
  ObjectId id = 0;
  ShapeType type = ShapeType::Rectangle;
  std::vector<double> points;  // CVAT's layout for the type, in image coordinates
  double rotation = 0;         // rectangles and ellipses: degrees, clockwise on screen
  QColor color;
  bool selected = false;
  bool occluded = false;  // dashed outline, as CVAT draws occluded objects
  int zOrder = 0;
};

// Display-only image adjustments, as CVAT's image settings: 100 is neutral for brightness,
// contrast and saturation (percent), 1.0 for gamma.
struct ImageAdjustments {
  int brightness = 100, contrast = 100, saturation = 100;
  double gamma = 1.0;
  bool neutral() const { return brightness == 100 && contrast == 100 && saturation == 100 && gamma == 1.0; }
};

struct CanvasGrid {
  bool shown = false;
  int size = 100;  // image pixels between lines
  QColor color = Qt::white;
  int opacity = 50;  // percent
};

class ImageCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit ImageCanvas(QWidget* parent = nullptr);

  // The image to show (keeps the view when the size is unchanged, as stepping through a
  // sequence does; fits an image of another size).
  void setImage(const QImage& image);
  const QImage& image() const { return levels_.empty() ? empty_ : levels_.front(); }
  void setShapes(std::vector<CanvasShape> shapes);
  const std::vector<CanvasShape>& shapes() const { return shapes_; }

  void setAdjustments(const ImageAdjustments& adjustments);
  ImageAdjustments adjustments() const { return adjustments_; }
  void setGrid(const CanvasGrid& grid);
  // Pixelated (nearest) or smooth (bilinear) magnification.
  void setSmooth(bool smooth);

  // The view: fit() centres the whole image; zoomAt keeps `widgetPoint` over the same image point.
  void fit();
  void zoomAt(const QPointF& widgetPoint, double factor);
  void panBy(const QPointF& widgetDelta);
  // Quarter turns clockwise (1) or anticlockwise (-1) about the middle of the view (Ctrl+R).
  void rotate(int quarterTurns);
  void setQuarterTurns(int quarterTurns) { rotate(quarterTurns - quarterTurns_); }
  int quarterTurns() const { return quarterTurns_; }
  double scale() const { return scale_; }  // widget pixels per image pixel
  QPointF imageToWidget(const QPointF& imagePoint) const;
  QPointF widgetToImage(const QPointF& widgetPoint) const;
  // The topmost shape under the widget point (selected ones first), or 0.
  ObjectId shapeAt(const QPointF& widgetPoint) const;
  // Where a rectangle's or ellipse's rotation handle is drawn when it is selected (widget
  // coordinates): above the middle of its top edge, turned with it. Nothing for other shapes.
  std::optional<QPointF> rotationHandle(const CanvasShape& shape) const;
  // Which pyramid level the last paint drew from (0: full size).
  int levelShown() const { return levelShown_; }

  // Drawing a shape in `color`: a rectangle by two clicks on opposite corners or a drag, an
  // ellipse by its centre and a corner of its bounding box (two clicks or a drag); a
  // polygon, polyline or points by a click per point (a right click takes the last one back),
  // finished by finishDrawing (N, Enter) or a double click. Escape (cancelDrawing) stops.
  // `extremePoints`: a rectangle by four clicks on the object's extreme points (left, right,
  // top, bottom in any order); it is their bounding box.
  void startDrawing(ShapeType type, const QColor& color, bool extremePoints = false);
  void finishDrawing();
  void cancelDrawing();
  bool isDrawing() const { return drawing_; }
  // Stops whatever the mouse is doing (drawing, dragging, turning, panning): the frame changed.
  void cancelInteraction();
  ShapeType drawingType() const { return drawType_; }

 signals:
  void clicked(labelstation::ObjectId shape, QPointF imagePoint);
  void viewChanged();
  // A shape was drawn, its points in CVAT's layout in image coordinates (clamped to the image).
  void shapeDrawn(labelstation::ShapeType type, std::vector<double> points);
  // A drag changed a shape's points (the whole new list): moving its body, a corner of an
  // upright rectangle (the opposite one stays) or a vertex of the selected polygon, polyline or
  // points, or removing a vertex (Alt or Ctrl + click). `finished` on release: one drag, one
  // undo step.
  void shapeEdited(labelstation::ObjectId shape, std::vector<double> points, bool finished);
  // The selected rectangle's or ellipse's rotation handle turned it: degrees clockwise on screen
  // (Shift: 15° steps).
  void rotationEdited(labelstation::ObjectId shape, double degrees, bool finished);
  // Drawing started or ended (the window's Enter and Escape follow it).
  void drawingChanged(bool drawing);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  QTransform imageToWidgetTransform() const;
  void buildLevels(const QImage& image);
  void adjustLevels();  // the shown copies of the levels, through the adjustments
  // `outline`: the shape's outline in widget coordinates.
  void drawShape(QPainter& painter, const CanvasShape& shape, const QPolygonF& outline) const;

  QImage empty_;
  std::vector<QImage> levels_;    // full size, then halved until small
  std::vector<QImage> adjusted_;  // the same through the adjustments (empty when neutral)
  std::vector<CanvasShape> shapes_;
  ImageAdjustments adjustments_;
  CanvasGrid grid_;
  bool smooth_ = true;
  double scale_ = 1.0;
  QPointF offset_;  // widget position of the (turned) image's top-left corner
  int quarterTurns_ = 0;
  bool fitOnResize_ = true;  // until the annotator zooms or pans
  mutable int levelShown_ = 0;
  // A pan in progress (left drag on empty canvas, or the middle button).
  bool panning_ = false;
  // A shape being drawn: the points placed so far (a rectangle: its first corner), and where the
  // cursor is.
  bool drawing_ = false;
  ShapeType drawType_ = ShapeType::Rectangle;
  bool extremePoints_ = false;
  QColor drawColor_;
  std::vector<QPointF> placed_;
  QPointF cursorImage_;
  QPointF clampedToImage(const QPointF& imagePoint) const;
  // A shape being dragged: which, its points when the drag began, and the vertex held (-1: the
  // body).
  struct ShapeDrag {
    ObjectId id = 0;
    ShapeType type = ShapeType::Rectangle;
    std::vector<double> points;
    int vertex = -1;
    QPointF start;  // image coordinates
    bool moved = false;
  };
  std::optional<ShapeDrag> shapeDrag_;
  std::vector<double> draggedPoints(const QPointF& imagePoint) const;
  std::vector<double> draggedPoints(const QPointF& imagePoint, const ShapeDrag& drag) const;
  // The selected shape's vertex near the widget point (-1: none).
  int vertexAt(const CanvasShape& shape, const QPointF& widgetPoint) const;
  // A rotation in progress: the shape and its centre (image coordinates).
  struct Turn {
    ObjectId id = 0;
    QPointF centre;
    double grab = 0;  // the shape's rotation minus the cursor's angle at the press: no jump
    bool moved = false;
  };
  std::optional<Turn> turn_;
  double turnDegrees(const QPointF& widgetPoint, Qt::KeyboardModifiers modifiers) const;
  QPointF lastMouse_, pressAt_;
};

}  // namespace labelstation::app

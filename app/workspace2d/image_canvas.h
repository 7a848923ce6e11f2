#pragma once
// The 2D workspace's canvas: one image, zoomed about the cursor, panned, fitted, turned in
// quarter turns, shown through display-only adjustments (brightness, contrast, saturation,
// gamma), with a grid overlay and the frame's shapes drawn over it in their colours.
//
// Large images stay fluid: the canvas keeps a pyramid of halved copies (made on a worker for
// images over 4 megapixels, so a new frame shows at once) and draws only the part of the level
// nearest the zoom that is on screen.
//
// Coordinates: "image" is the image's pixel grid (x right, y down, (0, 0) the top-left corner of
// the first pixel); "widget" is this widget's pixels. imageToWidget / widgetToImage convert.

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QPolygonF>
#include <QTransform>
#include <QWidget>
#include <climits>
#include <memory>
#include <optional>
#include <vector>

#include "canvas_shapes.h"
#include "labelstation/core/types.h"
#include "mask_brush.h"

namespace labelstation::app {

// Display-only image adjustments, as CVAT's image settings: 100 is neutral for brightness,
// contrast and saturation (percent), 1.0 for gamma.
struct ImageAdjustments {
  int brightness = 100, contrast = 100, saturation = 100;
  double gamma = 1.0;
  bool neutral() const { return brightness == 100 && contrast == 100 && saturation == 100 && gamma == 1.0; }
  bool operator==(const ImageAdjustments& o) const {
    return brightness == o.brightness && contrast == o.contrast && saturation == o.saturation && gamma == o.gamma;
  }
};

struct CanvasGrid {
  bool shown = false;
  int size = 100;  // image pixels between lines
  QColor color = Qt::white;
  int opacity = 50;  // percent
};

// What to draw next, and how.
struct DrawRequest {
  ShapeType type = ShapeType::Rectangle;
  QColor color;
  // Rectangles: by the object's 4 extreme points. 2D cuboids: by 4 points (else from a rectangle).
  bool byPoints = false;
  // Polygons, polylines, points: drawing ends by itself at this many points (0: N ends it).
  int pointCount = 0;
  // Skeletons: the template's points (0..1 across the drawn box) and edges (indices).
  std::vector<QPointF> nodes;
  std::vector<std::pair<int, int>> nodeEdges;
};

struct BrushSettings {
  BrushTool tool = BrushTool::Brush;
  int size = 10;  // image pixels across the tip
  BrushTip tip = BrushTip::Circle;
  bool hideMask = false;  // the mask being drawn is not shown (to see what is under it)
};

class ImageCanvas : public QWidget {
  Q_OBJECT
 public:
  explicit ImageCanvas(QWidget* parent = nullptr);

  // The image to show (keeps the view when the size is unchanged, as stepping through a
  // sequence does; fits an image of another size).
  void setImage(const QImage& image);
  // What to say in place of an image that could not be shown (a broken or missing file); cleared
  // by the next image.
  void setMessage(const QString& message);
  const QString& message() const { return message_; }
  const QImage& image() const { return levels_.empty() ? empty_ : levels_.front(); }
  void setShapes(std::vector<CanvasShape> shapes);
  const std::vector<CanvasShape>& shapes() const { return shapes_; }
  const CanvasShape* shape(ObjectId id) const;

  // The frame's tags, shown in the top-left corner (label name, colour).
  void setTags(std::vector<std::pair<QString, QColor>> tags);
  void setAdjustments(const ImageAdjustments& adjustments);
  ImageAdjustments adjustments() const { return adjustments_; }
  void setGrid(const CanvasGrid& grid);
  // Pixelated (nearest) or smooth (bilinear) magnification.
  void setSmooth(bool smooth);
  // Object texts for every shape (else only for the selected and the hovered one).
  void setShowAllTexts(bool all);
  // Shapes above this z-layer are not shown (CVAT's z-layer slider); INT_MAX shows all.
  void setMaxZLayer(int z);
  // Automatic bordering: points placed near another shape's point snap to it, and two snapped
  // points of one shape bring its contour between them (Ctrl while drawing flips this).
  void setAutoBorder(bool on) { autoBorder_ = on; }
  // Intelligent cropping: a contour edit keeps the part it should by itself (fewer points cut
  // and a shorter cut); else, and when the two disagree, the annotator clicks the part to keep.
  void setIntelligentCropping(bool on) { intelligentCropping_ = on; }

  // The view: fit() centres the whole image; zoomAt keeps `widgetPoint` over the same image point.
  void fit();
  void zoomAt(const QPointF& widgetPoint, double factor);
  void panBy(const QPointF& widgetDelta);
  // Shows this part of the image (image coordinates) as large as it fits.
  void zoomToRegion(const QRectF& imageRegion);
  // The next left drag frames a region of interest to zoom to (Escape: no).
  void startRegionZoom();
  // Quarter turns clockwise (1) or anticlockwise (-1) about the middle of the view (Ctrl+R).
  void rotate(int quarterTurns);
  void setQuarterTurns(int quarterTurns) { rotate(quarterTurns - quarterTurns_); }
  int quarterTurns() const { return quarterTurns_; }
  double scale() const { return scale_; }  // widget pixels per image pixel
  QPointF imageToWidget(const QPointF& imagePoint) const;
  QPointF widgetToImage(const QPointF& widgetPoint) const;
  // The topmost shape under the widget point (selected ones first), or 0.
  ObjectId shapeAt(const QPointF& widgetPoint) const;
  ObjectId hoveredShape() const { return hovered_; }
  // Where a rectangle's or ellipse's rotation handle is drawn when it is selected (widget
  // coordinates): above the middle of its top edge, turned with it. Nothing for other shapes.
  std::optional<QPointF> rotationHandle(const CanvasShape& shape) const;
  // Which pyramid level the last paint drew from (0: full size).
  int levelShown() const { return levelShown_; }

  // Drawing: a rectangle by two clicks on opposite corners or a drag (or four clicks on the
  // object's extreme points), an ellipse by its centre and a corner of its box, a 2D cuboid from
  // a rectangle (or four points), a skeleton by the box its template fills, a polygon, polyline
  // or points by a click per point or by Shift + drag (a right click takes the last one back),
  // finished by finishDrawing (N, Enter) or a double click. A mask by brush strokes, the eraser
  // and polygons added or removed (see setBrush); finishDrawing first closes a polygon being
  // drawn, then saves the mask. Escape (cancelDrawing) stops.
  void startDrawing(const DrawRequest& request);
  void startDrawing(ShapeType type, const QColor& color, bool byPoints = false);
  // The brush tool on an existing mask: finishing gives maskFinished with its id.
  void editMask(ObjectId id, const std::vector<double>& points, const QColor& color);
  void setBrush(const BrushSettings& settings);
  BrushSettings brush() const { return brushSettings_; }
  const MaskBrush* maskBrush() const { return maskBrush_.get(); }
  // Saves the mask being drawn and starts a new one with the same colour.
  void saveMaskAndContinue();
  // Pasting: the copied shapes follow the cursor (their box's centre under it) until a click
  // places them (pasted) or Escape / a right click drops them.
  void startPlacing(std::vector<CanvasShape> shapes);
  bool isPlacing() const { return !ghosts_.empty(); }
  // The slice tool: click the polygon or mask to cut (or start with the selected one), then
  // points across it (Shift + drag too); a click outside it, or finishDrawing, ends the cut.
  void startSlicing(ObjectId selected);
  bool isSlicing() const { return drawing_ && slicing_; }
  void finishDrawing();
  // Drops the drawing (a mask's painted pixels too).
  void cancelDrawing();
  // Escape: drops whatever the mouse is in the middle of (a drawing, a paste, a region zoom, the
  // choice of a contour edit's part).
  void escape();
  bool isInteracting() const;
  bool isDrawing() const { return drawing_; }
  ShapeType drawingType() const { return request_.type; }
  // Stops whatever the mouse is doing (drawing, dragging, turning, panning): the frame changed.
  // A mask with painted pixels is saved first (maskFinished): painting is never lost.
  void cancelInteraction();

 signals:
  void clicked(labelstation::ObjectId shape, QPointF imagePoint);
  void viewChanged();
  void hoverChanged(labelstation::ObjectId shape);
  // The mouse moved over the canvas (`over`: false when it left), at this image point.
  void cursorMoved(QPointF imagePoint, bool over);
  // A shape was drawn, its points in CVAT's layout in image coordinates (clamped to the image).
  // Skeletons: the elements' x, y in template order.
  void shapeDrawn(labelstation::ShapeType type, std::vector<double> points);
  // A mask was saved: `edited` the mask edited (0: a new one), its points in CVAT's layout
  // (empty: an edited mask was erased to nothing).
  // `more`: a new mask is being drawn already (save and continue).
  void maskFinished(labelstation::ObjectId edited, std::vector<double> points, bool more);
  // A click placed the shapes being pasted: how far they moved from where they were copied.
  void pasted(QPointF offset);
  // A cut drawn across a polygon or mask with the slice tool (x, y, … from its first point).
  void sliceDrawn(labelstation::ObjectId shape, std::vector<double> line);
  // A drag changed a shape's points (the whole new list): moving its body, a corner of an
  // upright rectangle (the opposite one stays), a cuboid's corner, a skeleton's element or a
  // vertex of a polygon, polyline or points, removing a vertex (Alt or Ctrl + click) or
  // replacing part of a contour (Shift + click a vertex, click new points, click another
  // vertex). `finished` on release: one drag, one undo step.
  void shapeEdited(labelstation::ObjectId shape, std::vector<double> points, bool finished);
  // The selected rectangle's or ellipse's rotation handle turned it: degrees clockwise on screen
  // (Shift: 15° steps).
  void rotationEdited(labelstation::ObjectId shape, double degrees, bool finished);
  // Drawing started or ended (the window's Enter and Escape follow it).
  void drawingChanged(bool drawing);
  // A right click outside drawing: the shape under it (0: none) and the selected shape's
  // vertex there (-1: none).
  void contextMenuRequested(labelstation::ObjectId shape, int vertex, QPoint globalPosition);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void leaveEvent(QEvent* event) override;

 private:
  QTransform imageToWidgetTransform() const;
  void adjustLevels();  // forgets the adjusted copies (made again as the levels are drawn)
  // `outline`: the shape's outline in widget coordinates.
  void drawShape(QPainter& painter, const CanvasShape& shape, const QPolygonF& outline) const;
  void drawText(QPainter& painter, const CanvasShape& shape, const QPolygonF& outline) const;
  void drawPreview(QPainter& painter) const;  // the shape being drawn, the brush, the region
  QPointF clampedToImage(const QPointF& imagePoint) const;
  bool shown(const CanvasShape& shape) const { return shape.zOrder <= maxZ_; }

  // Input (canvas_input.cpp).
  void pressWhileDrawing(QMouseEvent* event);
  void placePoint(const QPointF& imagePoint, bool autoBorder);
  std::size_t clicksToFinish() const;
  void emitDrawn();
  void finishMask(bool more);
  void saveMaskIfPainted();
  QPointF pasteOffset() const;
  // Whether image point p is on the shape (its area, or within `tolerance` image pixels of its
  // lines and points).
  bool hits(const CanvasShape& shape, const QPointF& p, double tolerance) const;
  void paintBrush(const QPointF& imagePoint);
  bool startContourEdit(const CanvasShape& shape, int vertex);
  void endContourEdit(int vertex);
  // The selected shape's vertex near the widget point (-1: none).
  int vertexAt(const CanvasShape& shape, const QPointF& widgetPoint) const;
  // A point of a shown shape (other than `except`) near the widget point: (shape, vertex).
  std::optional<std::pair<ObjectId, int>> snapTarget(const QPointF& widgetPoint, ObjectId except) const;
  double turnDegrees(const QPointF& widgetPoint, Qt::KeyboardModifiers modifiers) const;

  QImage empty_;
  std::vector<QImage> levels_;    // full size, then halved until small
  // The levels through the adjustments (empty when neutral; a null image: not made yet).
  std::vector<QImage> adjusted_;
  std::uint64_t imageGeneration_ = 0;  // which setImage a worker's pyramid belongs to
  std::vector<CanvasShape> shapes_;
  std::vector<std::pair<QString, QColor>> tags_;
  QString message_;
  ImageAdjustments adjustments_;
  CanvasGrid grid_;
  bool smooth_ = true;
  bool showAllTexts_ = false;
  int maxZ_ = INT_MAX;
  bool autoBorder_ = false, intelligentCropping_ = true;
  double scale_ = 1.0;
  QPointF offset_;  // widget position of the (turned) image's top-left corner
  int quarterTurns_ = 0;
  bool fitOnResize_ = true;  // until the annotator zooms or pans
  mutable int levelShown_ = 0;
  ObjectId hovered_ = 0;
  // A pan in progress (left drag on empty canvas, or the middle button).
  bool panning_ = false;
  // Region-of-interest zoom: waiting for the drag, and its first corner once pressed.
  bool regionZoom_ = false;
  std::optional<QPointF> regionStart_;

  // A shape being drawn: the request, the points placed so far (a rectangle: its first corner)
  // with the shape and vertex each snapped to (automatic bordering), and where the cursor is.
  bool drawing_ = false;
  DrawRequest request_;
  std::vector<QPointF> placed_;
  std::vector<std::optional<std::pair<ObjectId, int>>> snapped_;
  QPointF cursorImage_;
  bool shiftDragging_ = false;  // Shift + drag places points as it goes
  std::optional<ulong> drawingEndedAt_;  // when a press last finished a shape (its double click is spent)
  // Shapes being pasted, and the centre of their box where they were copied.
  std::vector<CanvasShape> ghosts_;
  QPointF ghostsCentre_;
  // The slice tool: on, and the shape it cuts (0: not chosen yet).
  bool slicing_ = false;
  ObjectId sliced_ = 0;
  // Masks: the pixels being painted, the mask edited (0: a new one), the stroke in progress.
  std::unique_ptr<MaskBrush> maskBrush_;
  BrushSettings brushSettings_;
  ObjectId editedMask_ = 0;
  std::optional<QPointF> strokeAt_;
  // A contour edit (Shift + click on a polygon's or polyline's vertex): the shape, its points,
  // the vertex it starts from. Then, when the cut is ambiguous, the two results to pick from.
  struct ContourEdit {
    ObjectId id = 0;
    ShapeType type = ShapeType::Polygon;
    std::vector<QPointF> original;
    int start = 0;
  };
  std::optional<ContourEdit> contourEdit_;
  std::optional<std::pair<QPolygonF, QPolygonF>> contourChoice_;
  ObjectId contourChoiceId_ = 0;
  int contourChoiceHovered_ = 0;  // 0: the first, 1: the second

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
  std::vector<double> draggedPoints(const QPointF& imagePoint, const ShapeDrag& drag) const;
  // A rotation in progress: the shape and its centre (image coordinates).
  struct Turn {
    ObjectId id = 0;
    QPointF centre;
    double grab = 0;  // the shape's rotation minus the cursor's angle at the press: no jump
    bool moved = false;
  };
  std::optional<Turn> turn_;
  QPointF lastMouse_, pressAt_;
};

}  // namespace labelstation::app

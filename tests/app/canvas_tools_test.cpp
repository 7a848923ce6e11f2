// The 2D canvas's drawing and editing tools on their own, driven by the mouse: 2D cuboids
// (from a rectangle, by points, vertex drags, perspective), skeletons from a template, the mask
// brush (brush, eraser, polygons, display and pixel picking), polygons by Shift + drag and by a
// fixed point count, automatic bordering, contour edits with and without intelligent cropping,
// region zoom, hover, the context menu request and the z-layer limit.

#include <QSignalSpy>
#include <QtTest/QtTest>
#include <cmath>

#include "canvas_mouse.h"
#include "image_canvas.h"
#include "labelstation/core/mask.h"

using namespace labelstation;
using namespace labelstation::app;

namespace {

QImage grey(int width = 400, int height = 200) {
  QImage image(width, height, QImage::Format_RGB32);
  image.fill(qRgb(90, 90, 90));
  return image;
}

bool near(double a, double b, double tolerance = 1.0) { return std::abs(a - b) <= tolerance; }

CanvasShape polygon(ObjectId id, std::vector<double> points, bool selected = false) {
  CanvasShape s;
  s.id = id;
  s.type = ShapeType::Polygon;
  s.points = std::move(points);
  s.color = Qt::green;
  s.selected = selected;
  return s;
}

}  // namespace

class CanvasToolsTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<ImageCanvas> canvas_;
  // The fitted 400 × 200 image is drawn at scale 2 from widget (0, 100).
  QPoint at(double x, double y) const { return canvas_->imageToWidget({x, y}).toPoint(); }
  void click(double x, double y, Qt::KeyboardModifiers modifiers = {}) { testing::clickAt(*canvas_, {x, y}, Qt::LeftButton, modifiers); }
  void move(double x, double y, Qt::MouseButtons buttons = Qt::NoButton) { testing::moveTo(*canvas_, {x, y}, buttons); }
  void drag(QPointF from, QPointF to, Qt::KeyboardModifiers modifiers = {}, int steps = 8) { testing::dragBetween(*canvas_, from, to, modifiers, steps); }
  void pressN() { canvas_->finishDrawing(); }

 private slots:
  void init() {
    canvas_ = testing::shownCanvas(grey());
    QCOMPARE(canvas_->scale(), 2.0);
  }
  void cleanup() { canvas_.reset(); }

  // From a rectangle: the front face is the rectangle, the back face up and right of it; a drag
  // of a corner moves its vertical edge sideways and only that corner up or down.
  void cuboidFromARectangleAndItsCorners() {
    QSignalSpy drawn(canvas_.get(), &ImageCanvas::shapeDrawn);
    canvas_->startDrawing(ShapeType::Cuboid2D, Qt::yellow);
    click(100, 60);
    click(180, 140);
    QCOMPARE(drawn.count(), 1);
    const auto p = drawn.at(0).at(1).value<std::vector<double>>();
    QCOMPARE(p.size(), std::size_t(16));
    // Front-left edge (top, bottom), front-right edge (top, bottom).
    QVERIFY(near(p[0], 100) && near(p[1], 60) && near(p[2], 100) && near(p[3], 140));
    QVERIFY(near(p[4], 180) && near(p[5], 60) && near(p[6], 180) && near(p[7], 140));
    QVERIFY(p[8] > p[4] && p[9] < p[5]);  // the back-right top: right of and above the front's
    CanvasShape cuboid;
    cuboid.id = 7;
    cuboid.type = ShapeType::Cuboid2D;
    cuboid.points = p;
    cuboid.color = Qt::yellow;
    cuboid.selected = true;
    canvas_->setShapes({cuboid});
    QCOMPARE(canvas_->shapeAt(at(140, 100)), ObjectId(7));  // inside the front face
    QSignalSpy edited(canvas_.get(), &ImageCanvas::shapeEdited);
    drag({180, 140}, {190, 150});  // the front-right bottom corner
    QVERIFY(!edited.isEmpty());
    const auto q = edited.last().at(1).value<std::vector<double>>();
    QVERIFY(near(q[6], 190) && near(q[7], 150));             // the corner followed
    QVERIFY(near(q[4], 190) && near(q[5], 60));              // its edge's top: sideways only
    QVERIFY(near(q[0], 100) && near(q[3], 140));             // the left edge stayed
    // By points: three corners of the front face, then the depth.
    canvas_->startDrawing(ShapeType::Cuboid2D, Qt::yellow, true);
    click(20, 20);
    click(20, 80);
    click(80, 80);
    QVERIFY(canvas_->isDrawing());
    click(100, 70);
    const auto r = drawn.last().at(1).value<std::vector<double>>();
    QVERIFY(near(r[0], 20) && near(r[1], 20) && near(r[6], 80) && near(r[7], 80));
    QVERIFY(near(r[10], 100) && near(r[11], 70));  // the back-right bottom: front's + (20, -10)
  }

  void cuboidPerspective() {
    const std::vector<double> p = {0, 0, 0, 10, 10, 0, 10, 10, 14, -2, 13, 8, 4, -3, 5, 9};
    const auto reset = cuboid2d::resetPerspective(p);
    // Back corners = front corners + the mean offset (4, -2): parallel edges.
    QVERIFY(near(reset[8], 14, 1e-9) && near(reset[9], -2, 1e-9) && near(reset[12], 4, 1e-9) && near(reset[15], 8, 1e-9));
    const auto flipped = cuboid2d::switchPerspective(reset);
    // Mirrored about x = 5: the back face now sits to the left.
    QVERIFY(near(flipped[8], 6, 1e-9) && near(flipped[12], -4, 1e-9));
    QVERIFY(near(flipped[9], -2, 1e-9));
    QCOMPARE(cuboid2d::switchPerspective(flipped), reset);
  }

  // A skeleton fills the drawn box with its template; its elements drag one by one; an element
  // outside is neither drawn nor grabbed.
  void skeletonFromItsTemplate() {
    DrawRequest request;
    request.type = ShapeType::Skeleton;
    request.color = Qt::magenta;
    request.nodes = {{0, 0}, {1, 0.5}, {0.5, 1}};
    request.nodeEdges = {{0, 1}, {1, 2}};
    canvas_->startDrawing(request);
    QSignalSpy drawn(canvas_.get(), &ImageCanvas::shapeDrawn);
    drag({100, 50}, {200, 150});
    QCOMPARE(drawn.count(), 1);
    QVERIFY(drawn.at(0).at(0).value<ShapeType>() == ShapeType::Skeleton);
    const auto p = drawn.at(0).at(1).value<std::vector<double>>();
    QCOMPARE(p.size(), std::size_t(6));
    QVERIFY(near(p[0], 100) && near(p[1], 50) && near(p[2], 200) && near(p[3], 100) && near(p[4], 150) && near(p[5], 150));
    CanvasShape s;
    s.id = 3;
    s.type = ShapeType::Skeleton;
    s.points = p;
    s.elements = {{"a", false, false}, {"b", false, true}, {"c", true, false}};
    s.edges = request.nodeEdges;
    s.color = Qt::magenta;
    s.selected = true;
    canvas_->setShapes({s});
    QCOMPARE(canvas_->shapeAt(at(150, 80)), ObjectId(3));  // inside its box
    QSignalSpy edited(canvas_.get(), &ImageCanvas::shapeEdited);
    drag({200, 100}, {210, 90});  // element b
    const auto q = edited.last().at(1).value<std::vector<double>>();
    QVERIFY(near(q[2], 210) && near(q[3], 90));
    QVERIFY(near(q[0], 100) && near(q[4], 150));
    const int before = edited.count();
    drag({150, 150}, {160, 160});  // c is outside: no element there, the box ends above it
    QCOMPARE(edited.count(), before);
  }

  // The brush paints, the eraser clears, polygons add and remove; N closes a polygon, then saves.
  void maskBrushEraserAndPolygons() {
    QSignalSpy finished(canvas_.get(), &ImageCanvas::maskFinished);
    QSignalSpy drawing(canvas_.get(), &ImageCanvas::drawingChanged);
    canvas_->startDrawing(ShapeType::Mask, Qt::cyan);
    BrushSettings brush;
    brush.size = 10;
    canvas_->setBrush(brush);
    drag({50, 50}, {150, 50});  // a 10 px wide stroke
    QVERIFY(canvas_->maskBrush()->bitmap().at(100, 50));
    QVERIFY(canvas_->maskBrush()->bitmap().at(100, 53));
    QVERIFY(!canvas_->maskBrush()->bitmap().at(100, 60));
    brush.tool = BrushTool::Eraser;
    canvas_->setBrush(brush);
    drag({100, 40}, {100, 60});
    QVERIFY(!canvas_->maskBrush()->bitmap().at(100, 50));
    QVERIFY(canvas_->maskBrush()->bitmap().at(70, 50));
    brush.tool = BrushTool::PolygonAdd;
    canvas_->setBrush(brush);
    click(200, 100);
    click(260, 100);
    click(260, 160);
    click(200, 160);
    pressN();  // closes the polygon: its pixels are added
    QVERIFY(canvas_->isDrawing());
    QVERIFY(canvas_->maskBrush()->bitmap().at(230, 130));
    brush.tool = BrushTool::PolygonRemove;
    canvas_->setBrush(brush);
    click(220, 120);
    click(240, 120);
    click(240, 140);
    click(220, 140);
    pressN();
    QVERIFY(!canvas_->maskBrush()->bitmap().at(230, 130));
    QVERIFY(canvas_->maskBrush()->bitmap().at(205, 105));
    const QImage shown = canvas_->grab().toImage();  // the painted pixels show in the mask's colour
    const QColor painted(shown.pixel(at(205, 105)));
    QVERIFY2(painted.blue() > painted.red() + 40, qPrintable(painted.name()));
    pressN();  // saves
    QVERIFY(!canvas_->isDrawing());
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).value<ObjectId>(), ObjectId(0));
    const auto bitmap = decodeMask(finished.at(0).at(1).value<std::vector<double>>());
    QVERIFY(bitmap.has_value());
    QVERIFY(bitmap->at(70, 50) && bitmap->at(205, 105) && !bitmap->at(230, 130) && !bitmap->at(100, 50));
    QVERIFY(bitmap->left >= 44 && bitmap->left <= 46);  // cropped to the set pixels: the stroke's round end at 50 - 5
    QCOMPARE(drawing.count(), 2);  // on, off
  }

  // A mask shows its pixels and is picked only where they are set; a double click on the
  // selected mask edits it with the brush, and saving gives its id.
  void masksShowPickAndEdit() {
    MaskBitmap l{100, 50, 20, 20, std::vector<std::uint8_t>(400, 0)};
    for (int y = 0; y < 20; ++y)
      for (int x = 0; x < 20; ++x)
        if (x < 5 || y >= 15) l.pixels[static_cast<std::size_t>(y * 20 + x)] = 1;  // an L
    CanvasShape mask;
    mask.id = 9;
    mask.type = ShapeType::Mask;
    mask.points = encodeMask(l);
    mask.color = QColor(255, 0, 0);
    canvas_->setShapes({mask});
    QCOMPARE(canvas_->shapeAt(at(102, 52)), ObjectId(9));
    QCOMPARE(canvas_->shapeAt(at(112, 55)), ObjectId(0));  // inside the box, not the pixels
    const QImage shown = canvas_->grab().toImage();
    QVERIFY(QColor(shown.pixel(at(102.5, 52.5))).red() > 150);
    QCOMPARE(QColor(shown.pixel(at(112.5, 55.5))), QColor(90, 90, 90));
    mask.selected = true;
    canvas_->setShapes({mask});
    QTest::mouseDClick(canvas_.get(), Qt::LeftButton, {}, at(102, 52));
    QVERIFY(canvas_->isDrawing());
    QVERIFY(canvas_->drawingType() == ShapeType::Mask);
    QVERIFY(canvas_->maskBrush()->bitmap().at(102, 52));
    QSignalSpy finished(canvas_.get(), &ImageCanvas::maskFinished);
    BrushSettings brush;
    brush.size = 6;
    canvas_->setBrush(brush);
    click(150, 150);
    pressN();
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).value<ObjectId>(), ObjectId(9));
    const auto bitmap = decodeMask(finished.at(0).at(1).value<std::vector<double>>());
    QVERIFY(bitmap->at(102, 52) && bitmap->at(150, 150) && !bitmap->at(112, 55));
  }

  // Shift + drag places points along the way; a fixed count ends the drawing by itself.
  void polygonsByShiftDragAndByCount() {
    QSignalSpy drawn(canvas_.get(), &ImageCanvas::shapeDrawn);
    canvas_->startDrawing(ShapeType::Polygon, Qt::green);
    drag({50, 50}, {150, 50}, Qt::ShiftModifier, 20);  // 200 widget pixels: a point each 10
    drag({150, 60}, {150, 120}, Qt::ShiftModifier, 12);
    pressN();
    QCOMPARE(drawn.count(), 1);
    const auto p = drawn.at(0).at(1).value<std::vector<double>>();
    QVERIFY2(p.size() / 2 >= 20, qPrintable(QString::number(p.size() / 2)));
    // Alt + drag pans the image while drawing, without placing points.
    canvas_->startDrawing(ShapeType::Polygon, Qt::green);
    const QPointF origin = canvas_->imageToWidget({0, 0});
    const QPoint from = at(100, 100), to = from + QPoint(40, 0);  // widget pixels (the image moves under them)
    QTest::mousePress(canvas_.get(), Qt::LeftButton, Qt::AltModifier, from);
    QMouseEvent pan(QEvent::MouseMove, QPointF(to), canvas_->mapToGlobal(QPointF(to)), Qt::NoButton, Qt::LeftButton, Qt::AltModifier);
    QApplication::sendEvent(canvas_.get(), &pan);
    QTest::mouseRelease(canvas_.get(), Qt::LeftButton, Qt::AltModifier, to);
    QVERIFY(canvas_->isDrawing());
    QVERIFY(std::abs(canvas_->imageToWidget({0, 0}).x() - origin.x() - 40) < 1.5);
    canvas_->finishDrawing();
    QCOMPARE(drawn.count(), 1);  // no points were placed: nothing drawn
    canvas_->fit();
    DrawRequest request;
    request.type = ShapeType::Polyline;
    request.color = Qt::green;
    request.pointCount = 3;
    canvas_->startDrawing(request);
    click(10, 10);
    click(20, 10);
    QVERIFY(canvas_->isDrawing());
    click(30, 20);
    QVERIFY(!canvas_->isDrawing());
    QCOMPARE(drawn.count(), 2);
    QCOMPARE(drawn.at(1).at(1).value<std::vector<double>>(), (std::vector<double>{10, 10, 20, 10, 30, 20}));
    // A double click whose first press ends such a drawing leaves the view as it is.
    canvas_->zoomAt(at(100, 100), 2);
    const double zoomed = canvas_->scale();
    canvas_->startDrawing(request);
    click(10, 10);
    click(20, 10);
    QTest::mouseDClick(canvas_.get(), Qt::LeftButton, {}, at(30, 20));
    QCOMPARE(drawn.count(), 3);
    QCOMPARE(canvas_->scale(), zoomed);
  }

  // Automatic bordering: clicks near another polygon's points snap to them, and the second one
  // brings the points between (the shorter way round); Ctrl turns it off for a click.
  void automaticBordering() {
    canvas_->setShapes({polygon(1, {100, 50, 150, 50, 160, 100, 150, 150, 60, 190})});
    canvas_->setAutoBorder(true);
    QSignalSpy drawn(canvas_.get(), &ImageCanvas::shapeDrawn);
    canvas_->startDrawing(ShapeType::Polygon, Qt::blue);
    click(101, 51);    // snaps to point 0
    click(151, 149);   // snaps to point 3; brings 1 and 2 (shorter than back round by 4)
    click(60, 100, Qt::ControlModifier);  // Ctrl: where clicked, near nothing anyway
    click(149, 51, Qt::ControlModifier);  // Ctrl: no snap, though near point 1
    pressN();
    const auto p = drawn.at(0).at(1).value<std::vector<double>>();
    QCOMPARE(p.size(), std::size_t(12));
    QCOMPARE(std::vector<double>(p.begin(), p.begin() + 8), (std::vector<double>{100, 50, 150, 50, 160, 100, 150, 150}));
    QVERIFY(near(p[10], 149) && near(p[11], 51));
  }

  // Shift + click on a vertex of the selected polygon, new points, a click on another vertex:
  // that part of the contour is replaced. Intelligent cropping keeps the side it should; without
  // it the annotator clicks the part to keep.
  void contourEdits() {
    canvas_->setShapes({polygon(5, {100, 50, 200, 50, 200, 150, 100, 150}, true)});
    QSignalSpy edited(canvas_.get(), &ImageCanvas::shapeEdited);
    click(100, 50, Qt::ShiftModifier);
    QVERIFY(canvas_->isDrawing());
    click(150, 20);  // a peak above the top edge
    click(200, 50);  // ends on vertex 1
    QVERIFY(!canvas_->isDrawing());
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0).at(1).value<std::vector<double>>(), (std::vector<double>{200, 50, 200, 150, 100, 150, 100, 50, 150, 20}));
    // Without intelligent cropping: both results are offered; a click inside one keeps it.
    canvas_->setIntelligentCropping(false);
    click(100, 50, Qt::ShiftModifier);
    click(150, 100);  // across the middle to vertex 2
    click(200, 150);
    QCOMPARE(edited.count(), 1);
    move(110, 120);  // inside the lower-left part: 100,50 … 200,150 kept with the cut
    click(110, 120);
    QCOMPARE(edited.count(), 2);
    const auto kept = edited.at(1).at(1).value<std::vector<double>>();
    QCOMPARE(kept, (std::vector<double>{200, 150, 100, 150, 100, 50, 150, 100}));
    // The edit ends on another vertex: a click on the one it started from is ignored.
    click(100, 50, Qt::ShiftModifier);
    click(150, 20);
    click(100, 50);
    QVERIFY(canvas_->isDrawing());
    canvas_->escape();
    QVERIFY(!canvas_->isDrawing());
    // A polyline: the part between the two vertices is replaced.
    CanvasShape line = polygon(6, {10, 10, 50, 10, 90, 10, 130, 10}, true);
    line.type = ShapeType::Polyline;
    canvas_->setShapes({line});
    click(130, 10, Qt::ShiftModifier);
    click(70, 40);
    click(50, 10);
    QCOMPARE(edited.last().at(1).value<std::vector<double>>(), (std::vector<double>{10, 10, 50, 10, 70, 40, 130, 10}));
  }

  void regionZoomHoverMenuAndZLayer() {
    // Region of interest: the dragged box fills the view.
    canvas_->startRegionZoom();
    drag({100, 50}, {200, 100});
    QCOMPARE(canvas_->scale(), 8.0);
    QVERIFY(std::abs(canvas_->imageToWidget({150, 75}).x() - 400) < 1e-6);
    canvas_->fit();
    // Hover follows the cursor; the right click asks for the menu of the shape (and vertex).
    CanvasShape top = polygon(2, {100, 50, 200, 50, 200, 150, 100, 150}, true);
    top.zOrder = 1;
    top.text = "2 car";
    canvas_->setShapes({polygon(1, {50, 20, 250, 20, 250, 180, 50, 180}), top});
    QSignalSpy hover(canvas_.get(), &ImageCanvas::hoverChanged);
    move(150, 100);
    QCOMPARE(canvas_->hoveredShape(), ObjectId(2));
    move(60, 30);
    QCOMPARE(canvas_->hoveredShape(), ObjectId(1));
    QCOMPARE(hover.count(), 2);
    QSignalSpy menu(canvas_.get(), &ImageCanvas::contextMenuRequested);
    QTest::mouseClick(canvas_.get(), Qt::RightButton, {}, at(200, 150));
    QCOMPARE(menu.count(), 1);
    QCOMPARE(menu.at(0).at(0).value<ObjectId>(), ObjectId(2));
    QCOMPARE(menu.at(0).at(1).toInt(), 2);
    // The z-layer limit hides what is above it.
    canvas_->setMaxZLayer(0);
    QCOMPARE(canvas_->shapeAt(at(150, 100)), ObjectId(1));
  }
};

QTEST_MAIN(CanvasToolsTest)
#include "canvas_tools_test.moc"

// The 2D canvas on its own: fit, zoom about the cursor, pan, quarter turns, display-only
// adjustments, grid, shapes drawn where their image points are and picked by click, and the
// pyramid level a zoomed-out 8000 × 6000 image is drawn from.

#include <QSignalSpy>
#include <QtTest/QtTest>
#include <cmath>

#include "canvas_mouse.h"
#include "image_canvas.h"

using namespace labelstation;
using namespace labelstation::app;

namespace {

// A 400 × 200 image: left half dark red, right half dark blue.
QImage twoHalves(int width = 400, int height = 200) {
  QImage image(width, height, QImage::Format_RGB32);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) image.setPixel(x, y, x < width / 2 ? qRgb(120, 20, 20) : qRgb(20, 20, 120));
  return image;
}

bool near(const QPointF& a, const QPointF& b, double tolerance = 1e-6) { return std::hypot(a.x() - b.x(), a.y() - b.y()) < tolerance; }

}  // namespace

class CanvasTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<ImageCanvas> canvas_;

 private slots:
  void init() {
    canvas_ = testing::shownCanvas(twoHalves());
  }
  void cleanup() { canvas_.reset(); }

  // The image fills the canvas's width, centred; widget and image coordinates invert each other.
  void fitsAndMapsBothWays() {
    QCOMPARE(canvas_->scale(), 2.0);
    QVERIFY(near(canvas_->imageToWidget({0, 0}), {0, 100}));
    QVERIFY(near(canvas_->imageToWidget({400, 200}), {800, 500}));
    QVERIFY(near(canvas_->widgetToImage({400, 300}), {200, 100}));
    const QImage shown = canvas_->grab().toImage();
    QCOMPARE(QColor(shown.pixel(100, 300)), QColor(120, 20, 20));
    QCOMPARE(QColor(shown.pixel(700, 300)), QColor(20, 20, 120));
    QVERIFY(QColor(shown.pixel(400, 50)) != QColor(120, 20, 20));  // above the image: background
  }

  // The wheel zooms about the cursor: the image point under it stays there. A drag on empty
  // canvas pans; a double-click fits again.
  void zoomAboutTheCursorPanAndFit() {
    const QPointF cursor(250, 180);
    const QPointF under = canvas_->widgetToImage(cursor);
    QWheelEvent wheel(cursor, canvas_->mapToGlobal(cursor), {}, {0, 240}, Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(canvas_.get(), &wheel);
    QCOMPARE(canvas_->scale(), 2.0 * 1.25 * 1.25);
    QVERIFY(near(canvas_->imageToWidget(under), cursor));
    const QPointF before = canvas_->imageToWidget({0, 0});
    QTest::mousePress(canvas_.get(), Qt::LeftButton, {}, {300, 300});
    QMouseEvent move(QEvent::MouseMove, QPointF(340, 270), canvas_->mapToGlobal(QPointF(340, 270)), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(canvas_.get(), &move);
    QTest::mouseRelease(canvas_.get(), Qt::LeftButton, {}, {340, 270});
    QVERIFY(near(canvas_->imageToWidget({0, 0}), before + QPointF(40, -30)));
    QTest::mouseDClick(canvas_.get(), Qt::LeftButton, {}, {400, 300});
    QCOMPARE(canvas_->scale(), 2.0);
    // A new frame of the same size keeps the view; another size is fitted.
    canvas_->zoomAt({400, 300}, 2);
    canvas_->setImage(twoHalves());
    QCOMPARE(canvas_->scale(), 4.0);
    canvas_->setImage(twoHalves(200, 300));
    QCOMPARE(canvas_->scale(), 2.0);
  }

  // Quarter turns: clockwise, the image's top-left corner goes to the top-right; four turns are
  // none. A fitted view stays fitted.
  void quarterTurns() {
    canvas_->rotate(1);
    QCOMPARE(canvas_->quarterTurns(), 1);
    QCOMPARE(canvas_->scale(), 1.5);  // 200 × 400 once turned: the height limits
    // The top-left corner is now top-right, the top-right corner bottom-right.
    const QPointF topLeft = canvas_->imageToWidget({0, 0}), topRight = canvas_->imageToWidget({400, 0});
    QVERIFY(near(topLeft, {550, 0}));
    QVERIFY(near(topRight, {550, 600}));
    QVERIFY(near(canvas_->widgetToImage(canvas_->imageToWidget({123, 45})), {123, 45}));
    const QImage shown = canvas_->grab().toImage();
    QCOMPARE(QColor(shown.pixel(400, 100)), QColor(120, 20, 20));  // the red (left) half is on top now
    QCOMPARE(QColor(shown.pixel(400, 500)), QColor(20, 20, 120));
    canvas_->rotate(-1);
    canvas_->rotate(4);
    QCOMPARE(canvas_->quarterTurns(), 0);
  }

  // Brightness, contrast, saturation and gamma change what is shown, never the image.
  void adjustmentsAreDisplayOnly() {
    ImageAdjustments brighter;
    brighter.brightness = 200;
    canvas_->setAdjustments(brighter);
    QCOMPARE(QColor(canvas_->grab().toImage().pixel(100, 300)), QColor(240, 40, 40));
    QCOMPARE(QColor(canvas_->image().pixel(10, 10)), QColor(120, 20, 20));
    ImageAdjustments grey;
    grey.saturation = 0;
    canvas_->setAdjustments(grey);
    const QColor g(canvas_->grab().toImage().pixel(100, 300));
    QVERIFY2(g.red() == g.green() && g.green() == g.blue(), qPrintable(g.name()));
    ImageAdjustments gamma;
    gamma.gamma = 2.0;
    canvas_->setAdjustments(gamma);
    QVERIFY(QColor(canvas_->grab().toImage().pixel(100, 300)).red() > 120);
    canvas_->setAdjustments({});
    QCOMPARE(QColor(canvas_->grab().toImage().pixel(100, 300)), QColor(120, 20, 20));
  }

  void gridOverlay() {
    CanvasGrid grid;
    grid.shown = true;
    grid.size = 100;
    grid.color = Qt::green;
    grid.opacity = 100;
    canvas_->setGrid(grid);
    const QImage shown = canvas_->grab().toImage();
    const QPointF line = canvas_->imageToWidget({100, 50});
    const QColor onLine(shown.pixel(static_cast<int>(line.x()), static_cast<int>(line.y())));
    QVERIFY2(onLine.green() > 200 && onLine.red() < 150, qPrintable(onLine.name()));
  }

  // Shapes are drawn where their image points are, in their colours (dashed when occluded); a
  // click picks the topmost, on empty canvas it picks nothing.
  void shapesDrawnAndPicked() {
    CanvasShape box;
    box.id = 7;
    box.type = ShapeType::Rectangle;
    box.points = {50, 50, 150, 150};
    box.color = Qt::yellow;
    CanvasShape line;
    line.id = 8;
    line.type = ShapeType::Polyline;
    line.points = {250, 20, 350, 20, 350, 120};
    line.color = Qt::green;
    CanvasShape turned = box;  // the same box turned 45°, above the first
    turned.id = 9;
    turned.rotation = 45;
    turned.zOrder = 1;
    turned.color = Qt::cyan;
    canvas_->setShapes({box, line, turned});
    const QImage shown = canvas_->grab().toImage();
    shown.save(QDir::temp().filePath("labelstation_canvas.png"));  // to look at
    const QPointF edge = canvas_->imageToWidget({50, 100});  // left edge of the upright box
    const QColor c(shown.pixel(static_cast<int>(edge.x()), static_cast<int>(edge.y())));
    QVERIFY2(c.red() > 200 && c.green() > 200 && c.blue() < 100, qPrintable(c.name()));
    QCOMPARE(canvas_->shapeAt(canvas_->imageToWidget({100, 100})), ObjectId(9));  // topmost
    QCOMPARE(canvas_->shapeAt(canvas_->imageToWidget({55, 55})), ObjectId(7));    // a corner the turned one leaves
    QCOMPARE(canvas_->shapeAt(canvas_->imageToWidget({300, 21})), ObjectId(8));   // on the line
    QCOMPARE(canvas_->shapeAt(canvas_->imageToWidget({300, 80})), ObjectId(0));   // inside the polyline's bend: nothing
    QSignalSpy clicks(canvas_.get(), &ImageCanvas::clicked);
    QTest::mouseClick(canvas_.get(), Qt::LeftButton, {}, canvas_->imageToWidget({55, 55}).toPoint());
    QTest::mouseClick(canvas_.get(), Qt::LeftButton, {}, canvas_->imageToWidget({300, 180}).toPoint());
    QCOMPARE(clicks.count(), 2);
    QCOMPARE(clicks[0][0].value<ObjectId>(), ObjectId(7));
    QCOMPARE(clicks[1][0].value<ObjectId>(), ObjectId(0));
  }

  // An 8000 × 6000 image zoomed out is drawn from a reduced level, zoomed in from full size.
  void largeImagesDrawFromThePyramid() {
    QImage large(8000, 6000, QImage::Format_RGB32);
    large.fill(qRgb(90, 140, 60));
    canvas_->setImage(large);
    canvas_->grab();  // at once from full size; the smaller levels follow from a worker
    QTRY_VERIFY((canvas_->grab(), canvas_->levelShown() >= 3));
    QCOMPARE(QColor(canvas_->grab().toImage().pixel(400, 300)), QColor(90, 140, 60));
    canvas_->zoomAt({400, 300}, 1.0 / canvas_->scale());
    canvas_->grab();
    QCOMPARE(canvas_->levelShown(), 0);
  }
};

QTEST_MAIN(CanvasTest)

#include "canvas_test.moc"

// An image task in the window: the canvas replaces the 3D view, frames show on it, N draws a
// rectangle (Shift+N a track) with the chosen label as one undo step, a click selects, Escape
// cancels a drawing, and the view holds while stepping through frames of one size.

#include <QDockWidget>
#include <QtTest/QtTest>

#include "image_canvas.h"
#include "labelstation/core/interpolation.h"
#include "vtk_view.h"
#include "window_harness.h"

using namespace labelstation;
using namespace labelstation::app;

class ImageTaskTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<MainWindow> window_;
  ImageCanvas* canvas() const { return window_->canvas(); }
  Document& doc() { return window_->session().document(); }
  void click(const QPointF& imagePoint) {
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, canvas()->imageToWidget(imagePoint).toPoint());
  }

 private slots:
  void init() {
    window_ = testing::openWindow(Session::open(LABELSTATION_SOURCE_DIR "/sample_data/images_street"));
    QTRY_VERIFY_WITH_TIMEOUT(!canvas()->image().isNull(), 20000);
  }
  void cleanup() { window_.reset(); }

  void theCanvasShowsTheFrames() {
    QVERIFY(window_->isImageTask());
    QVERIFY(canvas()->isVisible());
    QVERIFY(!window_->view()->isVisible());
    QVERIFY(!window_->findChild<QDockWidget*>("projectionsDock")->isVisible());
    QVERIFY(!window_->findChild<QDockWidget*>("detailsDock")->isVisible());
    QCOMPARE(canvas()->image().size(), QSize(1242, 375));
    QCOMPARE(doc().frameCount(), 6);
    // Stepping keeps the annotator's zoom (the frames are all one size).
    canvas()->zoomAt({300, 200}, 2);
    const double scale = canvas()->scale();
    const QImage first = canvas()->image();
    window_->action(ActionId::NextFrame)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(canvas()->image() != first, 20000);
    QCOMPARE(canvas()->scale(), scale);
    window_->grab().save(QDir::temp().filePath("labelstation_image_task.png"));  // to look at
  }

  // N, then two clicks: a rectangle with the chosen label (2: "person"), selected, one undo step;
  // a click elsewhere deselects, a click on it selects it again.
  void drawSelectAndUndoARectangle() {
    testing::pressKey(*window_, Qt::Key_2);
    testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(canvas()->isDrawing());
    click({100, 80});
    QTest::mouseMove(canvas(), canvas()->imageToWidget({300, 200}).toPoint());
    click({300, 200});
    QVERIFY(!canvas()->isDrawing());
    QCOMPARE(doc().objects().size(), std::size_t(1));
    const AnnotationObject& box = doc().objects().begin()->second;
    QCOMPARE(doc().labels().label(box.label)->name, std::string("person"));
    QVERIFY(box.kind == ObjectKind::Shape && box.shape.type == ShapeType::Rectangle);
    for (std::size_t i = 0; i < 4; ++i) QVERIFY(std::abs(box.shape.points[i] - std::vector<double>{100, 80, 300, 200}[i]) <= 1);
    QCOMPARE(canvas()->shapes().size(), std::size_t(1));
    QVERIFY(canvas()->shapes().front().selected);
    click({600, 300});
    QVERIFY(!canvas()->shapes().front().selected);
    click({200, 150});
    QVERIFY(canvas()->shapes().front().selected);
    window_->action(ActionId::Undo)->trigger();
    QVERIFY(doc().objects().empty());
    QVERIFY(canvas()->shapes().empty());
  }

  // Shift+N draws by dragging and starts a track; Escape stops a drawing without a shape.
  void dragATrackAndCancelADrawing() {
    testing::pressKey(*window_, Qt::Key_N, Qt::ShiftModifier);
    const QPoint from = canvas()->imageToWidget({400, 100}).toPoint(), to = canvas()->imageToWidget({500, 250}).toPoint();
    QTest::mousePress(canvas(), Qt::LeftButton, {}, from);
    QMouseEvent move(QEvent::MouseMove, QPointF(to), canvas()->mapToGlobal(QPointF(to)), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(canvas(), &move);
    QTest::mouseRelease(canvas(), Qt::LeftButton, {}, to);
    QCOMPARE(doc().objects().size(), std::size_t(1));
    const AnnotationObject& track = doc().objects().begin()->second;
    QVERIFY(track.isTrack());
    QVERIFY(track.keyframes.count(0));
    // The track goes on: the next frame shows it too.
    window_->action(ActionId::NextFrame)->trigger();
    QCOMPARE(canvas()->shapes().size(), std::size_t(1));

    testing::pressKey(*window_, Qt::Key_N);
    click({50, 50});
    testing::pressKey(*window_, Qt::Key_Escape);
    QVERIFY(!canvas()->isDrawing());
    QCOMPARE(doc().objects().size(), std::size_t(1));
  }
};

LABELSTATION_WINDOW_TEST_MAIN(ImageTaskTest)

#include "image_task_test.moc"

// An image task in the window: the canvas replaces the 3D view, frames show on it, N draws a
// rectangle (Shift+N a track) with the chosen label as one undo step, a click selects, Escape
// cancels a drawing, and the view holds while stepping through frames of one size.

#include <QCheckBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSlider>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest/QtTest>
#include <opencv2/videoio.hpp>

#include "context_images.h"
#include "image_canvas.h"
#include "labelstation/core/interpolation.h"
#include "vtk_view.h"
#include "image_window_fixture.h"

using namespace labelstation;
using namespace labelstation::app;

class ImageTaskTest : public testing::ImageWindowFixture {
  Q_OBJECT

 private:
  std::vector<double> pointsOf(ObjectId id) { return stateAt(*doc().object(id), window_->currentFrame())->points; }

 private slots:
  void init() {
    openImages();
  }
  void cleanup() { window_.reset(); }

  void theCanvasShowsTheFrames() {
    QVERIFY(window_->isImageTask());
    QVERIFY(canvas()->isVisible());
    QVERIFY(!window_->view()->isVisible());
    QVERIFY(!window_->findChild<QDockWidget*>("projectionsDock")->isVisible());
    QVERIFY(!window_->findChild<QDockWidget*>("detailsDock")->isVisible());
    // No LiDAR wording: the related images need no calibration, and cuboid-only options are hidden.
    QVERIFY(window_->findChild<QCheckBox*>("orientationArrows")->isHidden());
    QVERIFY(window_->findChild<QCheckBox*>("showProjections")->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(!window_->contextImages()->views().empty(), 20000);
    for (ContextImageView* view : window_->contextImages()->views()) QVERIFY2(!view->caption().contains("calibration"), qPrintable(view->caption()));
    QCOMPARE(canvas()->image().size(), QSize(1242, 375));
    QCOMPARE(doc().frameCount(), 6);
    // Stepping keeps the annotator's zoom (the frames are all one size).
    canvas()->zoomAt({300, 200}, 2);
    const double scale = canvas()->scale();
    const QImage first = canvas()->image();
    window_->action(ActionId::NextFrame)->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(canvas()->image() != first, 20000);
    QCOMPARE(canvas()->scale(), scale);
    // The status bar's corner gives the pixel under the cursor and the zoom.
    auto* status = window_->findChild<QLabel*>("canvasStatus");
    QVERIFY(status && status->isVisible());
    testing::moveTo(*canvas(), {120.4, 57.8});
    QCOMPARE(status->text(), QString("x 120, y 57 · %1 %").arg(qRound(scale * 100)));
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(canvas(), &leave);
    QCOMPARE(status->text(), QString("%1 %").arg(qRound(scale * 100)));
    window_->grab().save(QDir::temp().filePath("labelstation_image_task.png"));  // to look at
  }

  // File > Open file takes one image as a task of one frame, as it takes one point cloud.
  void opensASingleImage() {
    QVERIFY(window_->newTask(LABELSTATION_SOURCE_DIR "/sample_data/images_street/street_01.jpg", {}));
    QVERIFY(window_->isImageTask());
    QCOMPARE(doc().frameCount(), 1);
    QCOMPARE(doc().frame(0).name, std::string("street_01.jpg"));
    QTRY_VERIFY_WITH_TIMEOUT(!canvas()->image().isNull(), 20000);
    QCOMPARE(canvas()->image().size(), QSize(1242, 375));
    QVERIFY(window_->action(ActionId::OpenFile)->text().contains("image"));
  }

  // N, then two clicks: a rectangle with the chosen label (Ctrl+2: "person"), selected, one undo
  // step; a click elsewhere deselects, a click on it selects it again.
  void drawSelectAndUndoARectangle() {
    testing::pressKey(*window_, Qt::Key_2, Qt::ControlModifier);
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

  // Drags move a shape (body) and resize a rectangle by a corner (the opposite one stays); each
  // drag is one undo step; a locked shape stays put.
  void dragShapesAndCorners() {
    testing::pressKey(*window_, Qt::Key_N);
    click({100, 100});
    click({300, 200});
    const ObjectId id = doc().objects().begin()->first;
    const std::vector<double> drawn = pointsOf(id);
    const std::size_t steps = window_->session().undoStack().index();
    drag({200, 150}, {250, 170});  // the body: +50, +20
    std::vector<double> moved = pointsOf(id);
    for (std::size_t i = 0; i < 4; ++i) QVERIFY2(std::abs(moved[i] - drawn[i] - (i % 2 ? 20 : 50)) <= 1.5, qPrintable(QString::number(moved[i])));
    QCOMPARE(window_->session().undoStack().index(), steps + 1);
    drag({moved[2], moved[3]}, {moved[2] + 40, moved[3] + 30});  // the bottom-right corner
    const std::vector<double> resized = pointsOf(id);
    QVERIFY(std::abs(resized[0] - moved[0]) < 1e-9 && std::abs(resized[1] - moved[1]) < 1e-9);  // the top-left stays
    QVERIFY(std::abs(resized[2] - moved[2] - 40) <= 1.5 && std::abs(resized[3] - moved[3] - 30) <= 1.5);
    QCOMPARE(window_->session().undoStack().index(), steps + 2);
    window_->action(ActionId::Undo)->trigger();
    window_->action(ActionId::Undo)->trigger();
    QCOMPARE(pointsOf(id), drawn);
    doc().setLocked(id, true);
    drag({200, 150}, {260, 150});
    QCOMPARE(pointsOf(id), drawn);
  }

  // The Draw menu chooses what N draws: a polygon point by point (a right click takes the last
  // one back, N finishes), a polyline finished by a double click, points finished by Enter.
  void drawPolygonsPolylinesAndPoints() {
    QVERIFY(window_->findChild<QMenu*>("drawMenu")->menuAction()->isVisible());
    QVERIFY(!window_->findChild<QMenu*>("cuboidMenu")->menuAction()->isVisible());
    window_->action(ActionId::DrawPolygon)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(canvas()->drawingType() == ShapeType::Polygon);
    for (const QPointF& p : {QPointF(100, 100), QPointF(200, 100), QPointF(999, 999)}) click(p);
    QTest::mouseClick(canvas(), Qt::RightButton, {}, canvas()->imageToWidget({500, 300}).toPoint());
    for (const QPointF& p : {QPointF(200, 200), QPointF(100, 200)}) click(p);
    testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(!canvas()->isDrawing());
    QCOMPARE(doc().objects().size(), std::size_t(1));
    const ShapeState polygon = doc().objects().begin()->second.shape;
    QVERIFY(polygon.type == ShapeType::Polygon);
    QCOMPARE(polygon.points.size(), std::size_t(8));
    // Alt + click on a vertex of the selected polygon removes it; not below three points.
    const ObjectId polygonId = doc().objects().begin()->first;
    QTest::mouseClick(canvas(), Qt::LeftButton, Qt::AltModifier, canvas()->imageToWidget({100, 200}).toPoint());
    QCOMPARE(pointsOf(polygonId).size(), std::size_t(6));
    QTest::mouseClick(canvas(), Qt::LeftButton, Qt::AltModifier, canvas()->imageToWidget({100, 100}).toPoint());
    QCOMPARE(pointsOf(polygonId).size(), std::size_t(6));

    window_->action(ActionId::DrawPolyline)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    click({400, 50});
    click({450, 80});
    QTest::mouseDClick(canvas(), Qt::LeftButton, {}, canvas()->imageToWidget({500, 60}).toPoint());
    QVERIFY(!canvas()->isDrawing());
    QCOMPARE(doc().objects().size(), std::size_t(2));
    const ShapeState line = doc().objects().rbegin()->second.shape;
    QVERIFY(line.type == ShapeType::Polyline);
    QVERIFY2(line.points.size() >= 6, qPrintable(QString::number(line.points.size())));

    window_->action(ActionId::DrawPoints)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    click({700, 100});
    QTest::keyClick(canvas(), Qt::Key_Return);
    QCOMPARE(doc().objects().size(), std::size_t(3));
    QVERIFY(doc().objects().rbegin()->second.shape.type == ShapeType::Points);
    // Too few points: nothing is made.
    window_->action(ActionId::DrawPolygon)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    click({10, 10});
    testing::pressKey(*window_, Qt::Key_N);
    QCOMPARE(doc().objects().size(), std::size_t(3));
    window_->action(ActionId::DrawRectangle)->trigger();
  }

  // The Image settings dock drives the canvas (display only); Ctrl+R turns the shown image, or
  // every image when "rotate all images" is on.
  void imageSettingsAndRotation() {
    auto* panel = window_->findChild<QWidget*>("imageSettings");
    QVERIFY(panel && panel->isVisible());
    panel->findChild<QSlider*>("brightness")->setValue(150);
    QCOMPARE(canvas()->adjustments().brightness, 150);
    panel->findChild<QPushButton*>("resetColors")->click();
    QVERIFY(canvas()->adjustments().neutral());
    QCOMPARE(panel->findChild<QSlider*>("brightness")->value(), 100);

    testing::pressKey(*window_, Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(canvas()->quarterTurns(), 1);
    window_->action(ActionId::NextFrame)->trigger();
    QTRY_COMPARE(canvas()->quarterTurns(), 0);  // the next image is not turned
    window_->action(ActionId::PreviousFrame)->trigger();
    QTRY_COMPARE(canvas()->quarterTurns(), 1);  // this one still is
    testing::pressKey(*window_, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(canvas()->quarterTurns(), 0);
    panel->findChild<QCheckBox*>("rotateAll")->setChecked(true);
    testing::pressKey(*window_, Qt::Key_R, Qt::ControlModifier);
    window_->action(ActionId::NextFrame)->trigger();
    QTRY_COMPARE(canvas()->quarterTurns(), 1);  // every image turns
    panel->findChild<QCheckBox*>("rotateAll")->setChecked(false);
  }

  // An ellipse by its centre and a corner of its box; + and - move the selected shape up and
  // down the z-order, so a click on the overlap picks the one on top.
  void ellipsesAndZOrder() {
    window_->action(ActionId::DrawEllipse)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    click({200, 150});
    click({260, 190});
    QCOMPARE(doc().objects().size(), std::size_t(1));
    const ShapeState ellipse = doc().objects().begin()->second.shape;
    QVERIFY(ellipse.type == ShapeType::Ellipse);
    const std::vector<double> expected{200, 150, 260, 110};
    for (std::size_t i = 0; i < 4; ++i) QVERIFY2(std::abs(ellipse.points[i] - expected[i]) <= 1.5, qPrintable(QString::number(ellipse.points[i])));
    const ObjectId oval = doc().objects().begin()->first;

    window_->action(ActionId::DrawRectangle)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    click({150, 120});
    click({250, 180});
    const ObjectId box = doc().objects().rbegin()->first;
    click({600, 300});  // deselect
    click({210, 150});  // the overlap: the rectangle, drawn later, is on top
    QCOMPARE(canvas()->shapeAt(canvas()->imageToWidget({210, 150})), box);
    window_->selectObject(oval);
    testing::pressKey(*window_, Qt::Key_Plus);
    QVERIFY(stateAt(*doc().object(oval), 0)->zOrder > stateAt(*doc().object(box), 0)->zOrder);
    window_->selectObject(0);
    QCOMPARE(canvas()->shapeAt(canvas()->imageToWidget({210, 150})), oval);
    window_->selectObject(oval);
    testing::pressKey(*window_, Qt::Key_Minus);
    QVERIFY(stateAt(*doc().object(oval), 0)->zOrder < stateAt(*doc().object(box), 0)->zOrder);
    window_->action(ActionId::DrawRectangle)->trigger();
  }

  // The selected rectangle's handle turns it about its centre (Shift: 15° steps), one undo step.
  void rotateARectangleByItsHandle() {
    testing::pressKey(*window_, Qt::Key_N);
    click({200, 100});
    click({300, 200});
    const ObjectId id = doc().objects().begin()->first;
    const auto handle = canvas()->rotationHandle(canvas()->shapes().front());
    QVERIFY(handle);
    QVERIFY(std::abs(handle->x() - canvas()->imageToWidget({250, 100}).x()) < 1);  // above the top edge's middle
    QVERIFY(handle->y() < canvas()->imageToWidget({250, 100}).y());
    const std::size_t steps = window_->session().undoStack().index();
    // To the right of the centre: a quarter turn clockwise; with Shift, 40° lands on 45°.
    const QPoint from = handle->toPoint(), to = canvas()->imageToWidget({250 + 100 * std::sin(40 * M_PI / 180), 150 - 100 * std::cos(40 * M_PI / 180)}).toPoint();
    QTest::mousePress(canvas(), Qt::LeftButton, {}, from);
    QMouseEvent move(QEvent::MouseMove, QPointF(to), canvas()->mapToGlobal(QPointF(to)), Qt::NoButton, Qt::LeftButton, Qt::ShiftModifier);
    QApplication::sendEvent(canvas(), &move);
    QTest::mouseRelease(canvas(), Qt::LeftButton, Qt::ShiftModifier, to);
    QCOMPARE(stateAt(*doc().object(id), 0)->rotation, 45.0);
    QCOMPARE(window_->session().undoStack().index(), steps + 1);
    window_->action(ActionId::Undo)->trigger();
    QCOMPARE(stateAt(*doc().object(id), 0)->rotation, 0.0);
    // A click on the handle turns nothing.
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, canvas()->rotationHandle(canvas()->shapes().front())->toPoint());
    QCOMPARE(stateAt(*doc().object(id), 0)->rotation, 0.0);
    QCOMPARE(window_->session().undoStack().index(), steps);
  }

  // Escape and Enter reach a drawing wherever the focus is; a frame change ends it; a pinned
  // rectangle resizes but does not move.
  void drawingKeysFrameChangesAndPins() {
    window_->objectList()->setFocus();
    testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(canvas()->isDrawing());
    window_->objectList()->setFocus();
    testing::pressKey(*window_, Qt::Key_Escape);
    QVERIFY(!canvas()->isDrawing());
    window_->action(ActionId::DrawPolygon)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    for (const QPointF& p : {QPointF(100, 100), QPointF(200, 100), QPointF(150, 200)}) click(p);
    window_->objectList()->setFocus();
    testing::pressKey(*window_, Qt::Key_Return);
    QCOMPARE(doc().objects().size(), std::size_t(1));
    window_->action(ActionId::DrawRectangle)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    click({300, 100});
    window_->action(ActionId::NextFrame)->trigger();
    QVERIFY(!canvas()->isDrawing());
    window_->action(ActionId::PreviousFrame)->trigger();
    QTRY_COMPARE(window_->currentFrame(), 0);
    testing::pressKey(*window_, Qt::Key_N);
    click({300, 100});
    click({400, 200});
    const ObjectId box = doc().objects().rbegin()->first;
    doc().setPinned(box, true);
    const std::vector<double> drawn = pointsOf(box);
    drag({350, 150}, {380, 150});
    QCOMPARE(pointsOf(box), drawn);
    drag({400, 200}, {420, 230});
    QVERIFY2(std::abs(pointsOf(box)[2] - drawn[2] - 20) <= 1.5 && std::abs(pointsOf(box)[0] - drawn[0]) < 1e-9, qPrintable(QString("%1 %2").arg(pointsOf(box)[0]).arg(pointsOf(box)[2])));
  }

  // A rectangle by the object's four extreme points is their bounding box.
  void rectangleByExtremePoints() {
    window_->action(ActionId::DrawRectangleByExtremePoints)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    for (const QPointF& p : {QPointF(100, 150), QPointF(300, 140), QPointF(200, 80)}) click(p);
    QVERIFY(canvas()->isDrawing());
    click({210, 260});
    QVERIFY(!canvas()->isDrawing());
    QCOMPARE(doc().objects().size(), std::size_t(1));
    const ShapeState box = doc().objects().begin()->second.shape;
    QVERIFY(box.type == ShapeType::Rectangle);
    const std::vector<double> expected{100, 80, 300, 260};
    for (std::size_t i = 0; i < 4; ++i) QVERIFY2(std::abs(box.points[i] - expected[i]) <= 1.5, qPrintable(QString::number(box.points[i])));
    window_->action(ActionId::DrawRectangle)->trigger();
  }

  // A broken image says so on the canvas, naming the file; the next good one shows again.
  void brokenImagesSaySo() {
    QTemporaryDir dir;
    QVERIFY(QFile::copy(LABELSTATION_SOURCE_DIR "/sample_data/images_street/street_00.jpg", dir.path() + "/a.jpg"));
    QFile broken(dir.path() + "/b.jpg");
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("not a jpeg at all");
    broken.close();
    QVERIFY(QFile::copy(LABELSTATION_SOURCE_DIR "/sample_data/images_street/street_01.jpg", dir.path() + "/c.jpg"));
    window_ = testing::openWindow(Session::open(dir.path().toStdString()));
    QTRY_VERIFY_WITH_TIMEOUT(!canvas()->image().isNull(), 20000);
    window_->setFrame(1);
    QTRY_VERIFY_WITH_TIMEOUT(canvas()->message().contains("b.jpg"), 20000);
    QVERIFY(canvas()->image().isNull());
    window_->setFrame(2);
    QTRY_VERIFY_WITH_TIMEOUT(!canvas()->image().isNull(), 20000);
    QVERIFY(canvas()->message().isEmpty());
  }

  // A video opens as an image task, a frame per video frame (CVAT's names); its annotations are
  // saved in a project that opens on the same video.
  void videosOpenAndTheirProjectsReopen() {
    QTemporaryDir dir;
    const std::filesystem::path video = (dir.path() + "/clip.avi").toStdString();
    {
      cv::VideoWriter writer(video.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10, cv::Size(320, 240));
      QVERIFY(writer.isOpened());
      for (int i = 0; i < 5; ++i) writer.write(cv::Mat(240, 320, CV_8UC3, cv::Scalar(40 * i, 80, 160)));
    }
    window_ = testing::openWindow(Session::open(video));
    QVERIFY(window_->isImageTask());
    QCOMPARE(doc().frameCount(), 5);
    QCOMPARE(doc().frame(3).name, std::string("frame_000003"));
    QTRY_COMPARE_WITH_TIMEOUT(canvas()->image().size(), QSize(320, 240), 20000);
    testing::pressKey(*window_, Qt::Key_N);
    click({50, 50});
    click({150, 120});
    QCOMPARE(doc().objects().size(), std::size_t(1));
    const std::filesystem::path project = (dir.path() + "/clip.lsproj").toStdString();
    QVERIFY(window_->saveProjectAs(project));
    window_ = testing::openWindow(Session::open(project));
    QVERIFY(window_->isImageTask());
    QCOMPARE(doc().objects().size(), std::size_t(1));
    QTRY_COMPARE_WITH_TIMEOUT(canvas()->image().size(), QSize(320, 240), 20000);
    window_->action(ActionId::LastFrame)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window_->currentFrame(), 4, 20000);
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

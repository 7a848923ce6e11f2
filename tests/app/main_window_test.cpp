// Drives the main window as an annotator would: keys, the objects list, the 3D view, undo.

#include <QAction>
#include <QDoubleSpinBox>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QSlider>
#include <QSpinBox>
#include <QSettings>
#include <QSignalSpy>
#include <QToolBar>
#include <QToolButton>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QSpinBox>
#include <QTreeWidget>
#include <QtTest/QtTest>

#include "labelstation/core/geometry.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/core/edits.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/label_json.h"
#include "labelstation/io/project.h"
#include "labelstation/io/synthetic_street.h"
#include "labelstation/render/scene.h"
#include "main_window.h"
#include "screenshot.h"
#include "vtk_view.h"
#include "window_harness.h"

using namespace labelstation;
using namespace labelstation::app;

class MainWindowTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<MainWindow> window_;

  int rows() const { return window_->objectList()->topLevelItemCount(); }
  ObjectId rowId(int i) const { return window_->objectList()->topLevelItem(i)->data(0, Qt::UserRole).toLongLong(); }
  // Through the window system, as a real key press: shortcuts, then the focus widget.
  void key(Qt::Key k, Qt::KeyboardModifiers m = Qt::NoModifier) { testing::pressKey(*window_, k, m); }

 private slots:
  void init() {
    QSettings().remove("labelKeys");  // each label's digit by its place
    window_ = testing::openWindow(Session::synthetic(10));
    QVERIFY(window_->isActiveWindow());
  }
  void cleanup() { window_.reset(); }

  void listsTheObjectsOfTheFrame() {
    QCOMPARE(rows(), 6);  // four cars and two pedestrians
    QVERIFY(window_->windowTitle().contains("synthetic street"));
    QCOMPARE(window_->objectList()->topLevelItem(0)->text(1), QString("car"));
    QCOMPARE(window_->objectList()->topLevelItem(0)->text(3), QString("keyframe"));
    QVERIFY(!window_->findChild<QLabel*>("canvasStatus")->isVisible());  // the image canvas's, not the 3D view's
    QVERIFY(!window_->findChild<QCheckBox*>("orientationArrows")->isHidden());  // cuboid options: LiDAR tasks
  }

  void navigatesWithCvatKeys() {
    key(Qt::Key_F);
    QCOMPARE(window_->currentFrame(), 1);
    QCOMPARE(window_->objectList()->topLevelItem(0)->text(3), QString("interpolated"));
    key(Qt::Key_F);
    key(Qt::Key_D);
    QCOMPARE(window_->currentFrame(), 1);
    key(Qt::Key_End);
    QCOMPARE(window_->currentFrame(), 9);
    QVERIFY(!window_->action(ActionId::NextFrame)->isEnabled());
    key(Qt::Key_Home);
    QCOMPARE(window_->currentFrame(), 0);
    // With the objects list focused (after a click on a row), Home and End still move the frame.
    window_->objectList()->setFocus();
    QTRY_VERIFY(window_->objectList()->hasFocus());
    key(Qt::Key_End);
    QCOMPARE(window_->currentFrame(), 9);
    key(Qt::Key_Home);
    QCOMPARE(window_->currentFrame(), 0);
    auto* box = window_->findChild<QSpinBox*>("frameBox");
    box->setValue(6);
    QCOMPARE(window_->currentFrame(), 6);
    auto* slider = window_->findChild<QSlider*>("frameSlider");
    QCOMPARE(slider->value(), 6);  // follows the frame
    QCOMPARE(slider->maximum(), 9);
    slider->setValue(3);           // and scrubs it
    QCOMPARE(window_->currentFrame(), 3);
    QCOMPARE(box->value(), 3);
  }

  // The frame and the selection live in one model that the window's parts observe.
  void contextSignalsFrameAndSelection() {
    QSignalSpy frames(&window_->context(), &AnnotationContext::frameChanged);
    QSignalSpy selections(&window_->context(), &AnnotationContext::selectionChanged);
    key(Qt::Key_F);
    QCOMPARE(frames.count(), 1);
    QCOMPARE(frames.takeFirst().at(0).toInt(), 1);
    window_->setFrame(1);  // unchanged: no signal
    QCOMPARE(frames.count(), 0);
    const ObjectId id = rowId(0);
    window_->selectObject(id);
    QCOMPARE(window_->context().selected(), id);
    QCOMPARE(selections.count(), 1);
    QCOMPARE(selections.takeFirst().at(0).value<ObjectId>(), id);
    key(Qt::Key_Escape);
    QCOMPARE(window_->context().selected(), ObjectId(0));
    QCOMPARE(selections.count(), 1);
  }

  void deleteUndoRedo() {
    const ObjectId id = rowId(0);
    window_->selectObject(id);
    QCOMPARE(window_->selectedObject(), id);
    const int before = rows();
    auto* bar = window_->findChild<QToolBar*>("navigation");
    QWidget* undoButton = bar->widgetForAction(window_->action(ActionId::Undo));
    QVERIFY(undoButton);
    const QRect undoPlace = undoButton->geometry();
    key(Qt::Key_Delete);
    QCOMPARE(rows(), before - 1);
    QVERIFY(window_->session().document().object(id) == nullptr);
    QVERIFY(window_->action(ActionId::Undo)->text().contains("Delete object"));
    // The bar does not reflow: the button keeps its short text; its tooltip names the step.
    QCOMPARE(undoButton->geometry(), undoPlace);
    QVERIFY(window_->action(ActionId::Undo)->toolTip().contains("Delete object"));
    key(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(rows(), before);
    key(Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(rows(), before - 1);
  }

  void lockedObjectsAreNotDeleted() {
    const ObjectId id = rowId(1);
    window_->selectObject(id);
    const int before = rows();
    key(Qt::Key_L);
    QVERIFY(window_->session().document().viewState(id).locked);
    key(Qt::Key_Delete);
    QCOMPARE(rows(), before);
    QVERIFY2(!window_->session().undoStack().canUndo(), "locking is not an undo step");
  }

  void keyframeAndOutsideKeys() {
    window_->setFrame(3);
    const ObjectId id = rowId(0);
    window_->selectObject(id);
    key(Qt::Key_K);
    QVERIFY(isKeyframe(*window_->session().document().object(id), 3));
    QCOMPARE(window_->objectList()->topLevelItem(0)->text(3), QString("keyframe"));
    const int before = rows();
    key(Qt::Key_O);
    QCOMPARE(rows(), before - 1);
    window_->setFrame(2);
    QCOMPARE(rows(), before);
    window_->setFrame(3);
    key(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(rows(), before);
  }

  void viewShowsCloudAndCuboids() {
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 20000);  // frames load in the background
    VtkView* view = window_->view();
    const QImage image = view->grabFramebuffer();
    QVERIFY(!image.isNull());
    image.save(QDir::temp().filePath("labelstation_view.png"));
    // The cloud fills much of the view with non-background pixels.
    const QColor background(16, 18, 24);
    int painted = 0, total = 0;
    for (int y = 0; y < image.height(); y += 4)
      for (int x = 0; x < image.width(); x += 4, ++total)
        painted += QColor(image.pixel(x, y)) != background ? 1 : 0;
    QVERIFY2(painted > total / 10, qPrintable(QString("only %1 of %2 samples painted").arg(painted).arg(total)));
    // Every car cuboid in view has its top edge drawn in the car label's colour.
    const Document& doc = window_->session().document();
    int checked = 0;
    for (int row = 0; row < rows(); ++row) {
      const AnnotationObject& obj = *doc.object(rowId(row));
      if (doc.labels().label(obj.label)->name != "car") continue;
      const Cuboid3D box = Cuboid3D::fromPoints(stateAt(obj, 0)->points);
      const auto corners = box.corners();
      const Eigen::Vector3d mid = (corners[4] + corners[5]) / 2;
      const auto px = view->scene().worldToPixel(mid.x(), mid.y(), mid.z(), image.width(), image.height());
      if (px[0] < 5 || px[1] < 5 || px[0] > image.width() - 5 || px[1] > image.height() - 5) continue;
      bool found = false;
      for (int dy = -3; dy <= 3 && !found; ++dy)
        for (int dx = -3; dx <= 3 && !found; ++dx) {
          const QColor c(image.pixel(int(px[0]) + dx, int(px[1]) + dy));
          found = std::abs(c.red() - 0xfa) < 40 && std::abs(c.green() - 0x32) < 40 && std::abs(c.blue() - 0x53) < 40;
        }
      QVERIFY2(found, qPrintable(QString("car #%1's edge is not drawn where it projects").arg(obj.id)));
      ++checked;
    }
    QVERIFY2(checked >= 2, "at least two cars are in view");
  }

  // The cuboids' translucent faces reach the screen (a dock layout once made the view drop its
  // translucent pass): pixels inside a box change when its faces are switched off.
  void cuboidFacesAreDrawn() {
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 20000);
    VtkView* view = window_->findChild<VtkView*>();
    const QImage with = view->grabFramebuffer();
    view->scene().setCuboidFaces(false);
    view->update();
    const QImage without = view->grabFramebuffer();
    view->scene().setCuboidFaces(true);
    int changed = 0;
    for (int y = 0; y < with.height(); y += 2)
      for (int x = 0; x < with.width(); x += 2) changed += with.pixel(x, y) != without.pixel(x, y) ? 1 : 0;
    QVERIFY2(changed > 200, qPrintable(QString("only %1 sampled pixels show faces").arg(changed)));
  }

  void mouseControlsTheCamera() {
    VtkView* view = window_->view();
    auto& cam = view->scene().camera();
    const double azimuth = cam.azimuth, distance = cam.distance;
    const QPoint start = view->rect().center();
    QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, start);
    QMouseEvent move(QEvent::MouseMove, QPointF(start + QPoint(50, 0)), view->mapToGlobal(QPointF(start + QPoint(50, 0))),
                     Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(view, &move);
    QTest::mouseRelease(view, Qt::LeftButton, Qt::NoModifier, start + QPoint(50, 0));
    QVERIFY(std::abs(cam.azimuth - azimuth) > 5);
    QWheelEvent wheel(QPointF(start), view->mapToGlobal(QPointF(start)), QPoint(), QPoint(0, 240), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view, &wheel);
    QVERIFY(cam.distance < distance);
  }

  // Save as a project, edit, Ctrl+S; edit again and close without saving: reopening the project
  // shows the saved edit and recovers the unsaved one from the journal.
  void savesProjectsAndRecoversUnsavedWork() {
    QTemporaryDir dir;
    const std::string file = (dir.path() + "/street.lsproj").toStdString();
    QVERIFY(window_->saveProjectAs(file));
    QVERIFY(window_->windowTitle().startsWith("street — "));
    const int before = rows();
    window_->selectObject(rowId(0));
    key(Qt::Key_Delete);
    QCOMPARE(rows(), before - 1);
    QVERIFY(window_->windowTitle().startsWith("street* — "));
    key(Qt::Key_S, Qt::ControlModifier);
    QVERIFY(window_->windowTitle().startsWith("street — "));
    QCOMPARE(io::loadProject(file).contents.objects.size(), static_cast<std::size_t>(before - 1));
    QCOMPARE(io::loadProject(file).journalEntries, std::size_t{0});

    window_->selectObject(rowId(0));
    key(Qt::Key_Delete);  // not saved
    QVERIFY(window_->windowTitle().startsWith("street* — "));
    window_.reset();      // the window goes away, as after a crash or a kill

    window_ = std::make_unique<MainWindow>(Session::openProject(file));
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QCOMPARE(rows(), before - 2);
    QVERIFY2(window_->windowTitle().startsWith("street* — "), "recovered changes are not saved yet");
    auto* notices = window_->findChild<QLabel*>("notices");
    QVERIFY(notices);
    QCOMPARE(notices->text(), QString("Recovered 1 unsaved change from the journal"));
    QCOMPARE(window_->action(ActionId::Save)->shortcut(), QKeySequence(QKeySequence::Save));
  }

  // View > Colour points by…: one mode checked at a time, the scene recolours, and the choice and
  // the point size outlive the window (QSettings, in Qt's test location).
  void pointColouringAndSizeAreRemembered() {
    auto& scene = window_->findChild<VtkView*>()->scene();
    window_->action(ActionId::ColorByIntensity)->trigger();
    QVERIFY(window_->action(ActionId::ColorByIntensity)->isChecked());
    QVERIFY(!window_->action(ActionId::ColorByHeight)->isChecked());
    QCOMPARE(scene.pointColoring(), render::PointColoring::Intensity);
    const float size = scene.pointSize();
    key(Qt::Key_Equal, Qt::ControlModifier);
    QCOMPARE(scene.pointSize(), size + 1);
    window_ = std::make_unique<MainWindow>(Session::synthetic(3));
    auto& again = window_->findChild<VtkView*>()->scene();
    QCOMPARE(again.pointColoring(), render::PointColoring::Intensity);
    QCOMPARE(again.pointSize(), size + 1);
    QVERIFY(window_->action(ActionId::ColorByIntensity)->isChecked());
    window_->action(ActionId::ColorByHeight)->trigger();  // leave the defaults for the other tests
    window_->setPointSize(size);
  }

  // The sample drive's two calibrated cameras beside the view; a cuboid put on a car shows its
  // wireframe in the car label's colour where the calibration projects its edges, and the LiDAR
  // points can be laid over the images.
  void cameraImagesShowProjectedCuboids() {
    window_ = std::make_unique<MainWindow>(Session::open(LABELSTATION_SOURCE_DIR "/sample_data/lidar_street"));
    window_->resize(1200, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 10000);
    const auto views = window_->contextImages()->views();
    QCOMPARE(views.size(), std::size_t{2});
    QVERIFY(views[0]->hasCalibration());
    Document& doc = window_->session().document();
    const io::StreetObject car = [] {
      for (const auto& o : io::SyntheticStreet().objectsAt(0))
        if (o.label == "car" && o.box.position.x() > 5) return o;  // one ahead of the cameras
      return io::StreetObject{};
    }();
    QVERIFY(car.id != 0);
    AnnotationObject shape;
    shape.label = doc.labels().labelByName("car")->id;
    shape.frame = 0;
    shape.shape.type = ShapeType::Cuboid3D;
    shape.shape.points = car.box.toPoints();
    window_->session().undoStack().push(edits::create(doc, {shape}));
    const QImage& composed = views[0]->composed();
    const io::CameraCalibration* camera = window_->session().cameraFor(0, 0);
    QVERIFY(camera);
    const QColor carColour(render::parseColor(doc.labels().labelByName("car")->color).r,
                           render::parseColor(doc.labels().labelByName("car")->color).g,
                           render::parseColor(doc.labels().labelByName("car")->color).b);
    const auto corners = car.box.corners();
    int edgesSeen = 0;
    for (auto [a, b] : {std::pair{4, 5}, std::pair{6, 7}, std::pair{4, 6}, std::pair{5, 7}}) {
      const auto px = io::project(*camera, (corners[a] + corners[b]) / 2);
      if (!px || px->x() < 1 || px->y() < 1 || px->x() >= composed.width() - 1 || px->y() >= composed.height() - 1) continue;
      bool hit = false;
      for (int dy = -1; dy <= 1 && !hit; ++dy)
        for (int dx = -1; dx <= 1 && !hit; ++dx) {
          const QColor c = composed.pixelColor(static_cast<int>(px->x()) + dx, static_cast<int>(px->y()) + dy);
          hit = std::abs(c.red() - carColour.red()) < 60 && std::abs(c.green() - carColour.green()) < 60 && std::abs(c.blue() - carColour.blue()) < 60;
        }
      edgesSeen += hit ? 1 : 0;
    }
    QVERIFY2(edgesSeen >= 2, qPrintable(QString("the car's top edges were drawn at %1 of 4 projected midpoints").arg(edgesSeen)));
    const QImage withoutPoints = composed.copy();
    window_->action(ActionId::PointsInImages)->trigger();
    int changed = 0;
    for (int y = 0; y < composed.height(); y += 3)
      for (int x = 0; x < composed.width(); x += 3) changed += composed.pixel(x, y) != withoutPoints.pixel(x, y) ? 1 : 0;
    QVERIFY2(changed > 500, qPrintable(QString("only %1 sampled pixels changed with the points shown").arg(changed)));
    QVERIFY(window_->grab().save(QDir::temp().filePath("labelstation_cameras.png")));

    // The per-image controls: close a view, add one back, choose which image a view shows; the
    // choice holds on the next frame.
    ContextImagesPanel* panel = window_->contextImages();
    QTest::mouseClick(panel->findChild<QToolButton*>("contextImageClose0"), Qt::LeftButton);
    QCOMPARE(panel->views().size(), std::size_t{1});
    QCOMPARE(panel->findChild<QComboBox*>("contextImageChoice0")->currentText(), QString("image_01"));
    QTest::mouseClick(panel->findChild<QToolButton*>("addContextImage"), Qt::LeftButton);
    QCOMPARE(panel->views().size(), std::size_t{2});
    panel->chooseImage(1, 1);  // both views on image_01
    key(Qt::Key_F);
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 10000);
    QCOMPARE(panel->views().size(), std::size_t{2});
    QTest::qWait(10);
    QCOMPARE(panel->findChild<QComboBox*>("contextImageChoice1")->currentText(), QString("image_01"));
  }

  void nudgesMoveTurnAndResizeInTheCuboidsFrame() {
    Cuboid3D box;
    box.position = {10, 5, 1};
    box.scale = {4, 2, 1.5};
    box.rotation = {0, 0, M_PI / 2};  // heading +y
    const Cuboid3D forward = nudged(box, Nudge::Forward);
    QVERIFY((forward.position - Eigen::Vector3d(10, 5.1, 1)).norm() < 1e-9);
    const Cuboid3D left = nudged(box, Nudge::Left);
    QVERIFY((left.position - Eigen::Vector3d(9.9, 5, 1)).norm() < 1e-9);
    const Cuboid3D longer = nudged(box, Nudge::Longer);
    QVERIFY(std::abs(longer.scale.x() - 4.1) < 1e-9);
    // The back face stays: centre − heading·length/2 is unchanged.
    const Eigen::Vector3d heading(0, 1, 0);
    QVERIFY(((longer.position - heading * 2.05) - (box.position - heading * 2.0)).norm() < 1e-9);
    const Cuboid3D lower = nudged(box, Nudge::Lower);
    QVERIFY2(std::abs((lower.position.z() - lower.scale.z() / 2) - (box.position.z() - box.scale.z() / 2)) < 1e-9, "the bottom stays");
    QVERIFY(std::abs(nudged(box, Nudge::TurnLeft).rotation.z() - (M_PI / 2 + M_PI / 180)) < 1e-9);
    Cuboid3D thin = box;
    thin.scale.y() = 0.05;
    QCOMPARE(nudged(thin, Nudge::Narrower).scale.y(), 0.05);
  }

  // N puts a cuboid at the view's centre; the keys and the fields edit it, each an undo step; the
  // point count follows. Placed on a car's ground truth, it counts that car's points.
  void createAndEditCuboidsWithoutTheMouse() {
    window_ = std::make_unique<MainWindow>(Session::open(LABELSTATION_SOURCE_DIR "/sample_data/lidar_street"));
    window_->resize(1200, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->windowHandle()->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 10000);
    Document& doc = window_->session().document();
    key(Qt::Key_N);
    QVERIFY(window_->placing() == MainWindow::Placing::NewShape);
    key(Qt::Key_Return);  // put down where it is: the view's centre, standing on the ground
    QCOMPARE(doc.objects().size(), std::size_t{1});
    const ObjectId id = doc.objects().begin()->first;
    QCOMPARE(doc.labels().label(doc.object(id)->label)->name, std::string("car"));
    CuboidDetails* details = window_->cuboidDetails();
    QVERIFY(details->cuboid().has_value());
    const Cuboid3D placed = *details->cuboid();
    QVERIFY(std::abs(placed.scale.x() - 4.3) < 1e-9);

    key(Qt::Key_Up, Qt::ControlModifier);
    QVERIFY(std::abs(details->cuboid()->position.x() - (placed.position.x() + 0.1)) < 1e-9);
    key(Qt::Key_Up, Qt::AltModifier);
    QVERIFY(std::abs(details->cuboid()->scale.x() - 4.4) < 1e-9);

    // Type the ground truth of a car into the fields.
    const io::StreetObject car = [] {
      for (const auto& o : io::SyntheticStreet().objectsAt(0))
        if (o.label == "car") return o;
      return io::StreetObject{};
    }();
    const std::pair<const char*, double> values[] = {{"cuboid_x", car.box.position.x()}, {"cuboid_y", car.box.position.y()},
                                                     {"cuboid_z", car.box.position.z()}, {"cuboid_yaw", car.box.rotation.z() * 180 / M_PI},
                                                     {"cuboid_length", car.box.scale.x()}, {"cuboid_width", car.box.scale.y()},
                                                     {"cuboid_height", car.box.scale.z()}};
    for (const auto& [name, value] : values) details->findChild<QDoubleSpinBox*>(name)->setValue(value);
    const Cuboid3D typed = Cuboid3D::fromPoints(doc.object(id)->shape.points);
    QVERIFY((typed.position - car.box.position).norm() < 1e-3);
    QVERIFY(std::abs(wrapAngle(typed.rotation.z() - car.box.rotation.z())) < 1e-3);
    const auto loaded = window_->session().waitFrame(0);
    std::size_t expected = 0;
    for (std::size_t i = 0; i < loaded.data->cloud.size(); ++i)
      expected += typed.contains({loaded.data->cloud.x[i], loaded.data->cloud.y[i], loaded.data->cloud.z[i]}) ? 1 : 0;
    QVERIFY(expected > 50);
    QCOMPARE(details->findChild<QLabel*>("cuboid_points")->text(), QString::number(expected));
    // Pitch and roll have fields too; typing one leaves every other value exactly as it was.
    details->findChild<QDoubleSpinBox*>("cuboid_pitch")->setValue(10);
    const Cuboid3D pitched = Cuboid3D::fromPoints(doc.object(id)->shape.points);
    QVERIFY(std::abs(pitched.rotation.y() - 10 * M_PI / 180) < 1e-9);
    QCOMPARE(pitched.rotation.z(), typed.rotation.z());
    QCOMPARE(pitched.position, typed.position);
    key(Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(Cuboid3D::fromPoints(doc.object(id)->shape.points).rotation.y(), 0.0);
    // Every nudge and typed value is an undo step of its own.
    const std::size_t steps = window_->session().undoStack().index();
    key(Qt::Key_Up, Qt::ControlModifier);
    key(Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(window_->session().undoStack().index(), steps + 2);
    key(Qt::Key_Z, Qt::ControlModifier);
    key(Qt::Key_Z, Qt::ControlModifier);
    QVERIFY((Cuboid3D::fromPoints(doc.object(id)->shape.points).position - typed.position).norm() < 1e-9);
  }

  // A rough box dropped near a parked car snaps to it with Ctrl+Shift+F (the PCL fitter).
  void roughCuboidFitsTheCarUnderIt() {
    window_ = std::make_unique<MainWindow>(Session::open(LABELSTATION_SOURCE_DIR "/sample_data/lidar_street"));
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    window_->windowHandle()->requestActivate();
    QVERIFY(QTest::qWaitForWindowActive(window_.get()));
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 10000);
    const PointCloud& cloud = window_->session().waitFrame(0).data->cloud;
    auto pointsIn = [&](const Cuboid3D& box) {
      int n = 0;
      for (std::size_t i = 0; i < cloud.size(); ++i) n += box.contains({cloud.x[i], cloud.y[i], cloud.z[i]}) ? 1 : 0;
      return n;
    };
    io::StreetObject car;  // the best-seen car
    for (const auto& o : io::SyntheticStreet().objectsAt(0))
      if (o.label == "car" && (car.id == 0 || pointsIn(o.box) > pointsIn(car.box))) car = o;
    Document& doc = window_->session().document();
    Cuboid3D rough = car.box;  // as an annotator drops it: a bit off, a bit turned, a bit large
    rough.position += Eigen::Vector3d(0.25, -0.2, 0.1);
    rough.rotation.z() += 0.06;
    rough.scale *= 1.15;
    AnnotationObject shape;
    shape.label = doc.labels().labelByName("car")->id;
    shape.frame = 0;
    shape.shape.type = ShapeType::Cuboid3D;
    shape.shape.points = rough.toPoints();
    window_->session().undoStack().push(edits::create(doc, {shape}));
    const ObjectId id = doc.objects().rbegin()->first;
    window_->selectObject(id);
    key(Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    const Cuboid3D fitted = Cuboid3D::fromPoints(doc.object(id)->shape.points);
    QVERIFY(window_->statusBar()->currentMessage().startsWith("Fitted to"));
    // The LiDAR sees the car's near sides only: the fit turns to the car's heading, wraps its
    // points (nearly all of them, and little else above the road) and is smaller than the rough
    // box. Road points at its foot are not counted.
    QVERIFY2(std::abs(wrapAngle(fitted.rotation.z() - car.box.rotation.z())) < 3 * M_PI / 180,
             qPrintable(QString("fitted heading %1° off").arg(wrapAngle(fitted.rotation.z() - car.box.rotation.z()) * 180 / M_PI)));
    const double road = car.box.position.z() - car.box.scale.z() / 2 + 0.15;
    Cuboid3D carSurface = car.box;  // the scan's points lie on the car's faces: a hair outside its box
    carSurface.scale += Eigen::Vector3d(0.1, 0.1, 0.1);
    int carPoints = 0, kept = 0, roughPoints = 0, fittedPoints = 0;
    for (std::size_t i = 0; i < cloud.size(); ++i) {
      const Eigen::Vector3d p(cloud.x[i], cloud.y[i], cloud.z[i]);
      if (p.z() < road) continue;
      const bool onCar = carSurface.contains(p);
      carPoints += onCar ? 1 : 0;
      kept += onCar && fitted.contains(p) ? 1 : 0;
      roughPoints += rough.contains(p) ? 1 : 0;
      fittedPoints += fitted.contains(p) ? 1 : 0;
    }
    QVERIFY(carPoints > 50);
    QVERIFY2(kept >= carPoints * 8 / 10, qPrintable(QString("the fit holds %1 of the car's %2 points").arg(kept).arg(carPoints)));
    QVERIFY2(fittedPoints <= kept + carPoints / 20, qPrintable(QString("%1 points inside, %2 of them the car's").arg(fittedPoints).arg(kept)));
    QVERIFY(fitted.scale.prod() < rough.scale.prod());
    QVERIFY(roughPoints >= fittedPoints);
  }

  // Selecting a cuboid shows it from the top (its front up), the side and the front, centred,
  // with the points around it; nothing selected, no panes.
  void projectionsFollowTheSelectedCuboid() {
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 20000);
    ProjectionPanes* panes = window_->projections();
    QVERIFY(!panes->view(Projection::Top)->isVisible());
    window_->selectObject(rowId(0));  // a car track
    const Document& doc = window_->session().document();
    const Cuboid3D box = Cuboid3D::fromPoints(stateAt(*doc.object(rowId(0)), 0)->points);
    QVERIFY(panes->view(Projection::Top)->isVisible());
    // The panes can be made large: the dock's splitter is held by the view above, not the sidebar.
    auto* dock = window_->findChild<QDockWidget*>("projectionsDock");
    QTRY_VERIFY2(dock->height() >= 250, qPrintable(QString::number(dock->height())));  // 260 px at first
    window_->resizeDocks({dock}, {380}, Qt::Vertical);
    QTRY_VERIFY2(panes->view(Projection::Top)->height() >= 200, qPrintable(QString::number(panes->view(Projection::Top)->height())));
    const render::OrbitCamera& top = panes->scene(Projection::Top).camera();
    QVERIFY(top.orthographic);
    QCOMPARE(top.elevation, 90.0);
    QVERIFY(std::abs(top.up[0] - std::cos(box.rotation.z())) < 1e-9 && std::abs(top.up[1] - std::sin(box.rotation.z())) < 1e-9);
    QVERIFY(std::abs(panes->scene(Projection::Side).camera().azimuth - (box.rotation.z() * 180 / M_PI + 90)) < 1e-9);
    QTest::qWait(50);
    const QColor car(render::parseColor(doc.labels().labelByName("car")->color).r, render::parseColor(doc.labels().labelByName("car")->color).g,
                     render::parseColor(doc.labels().labelByName("car")->color).b);
    for (Projection p : {Projection::Top, Projection::Side, Projection::Front}) {
      VtkView* view = panes->view(p);
      const QImage image = view->grabFramebuffer();
      QVERIFY(!image.isNull());
      render::Scene& scene = panes->scene(p);
      // The box's centre is the pane's centre, and its front-top edge is drawn in the car colour.
      const auto centre = scene.worldToPixel(box.position.x(), box.position.y(), box.position.z(), image.width(), image.height());
      QVERIFY(std::abs(centre[0] - image.width() / 2.0) < 2 && std::abs(centre[1] - image.height() / 2.0) < 2);
      const auto corners = box.corners();
      const Eigen::Vector3d edge = p == Projection::Side ? (corners[5] + corners[4]) / 2 : (corners[5] + corners[7]) / 2;  // top edges
      const auto px = scene.worldToPixel(edge.x(), edge.y(), edge.z(), image.width(), image.height());
      const QColor bg(image.pixel(0, 0));
      const QColor lit(car.red() + (255 - car.red()) * 0.45, car.green() + (255 - car.green()) * 0.45, car.blue() + (255 - car.blue()) * 0.45);
      bool hit = false;
      for (int dy = -2; dy <= 2 && !hit; ++dy)
        for (int dx = -2; dx <= 2 && !hit; ++dx) {
          const QColor c(image.pixel(std::clamp(static_cast<int>(px[0]) + dx, 0, image.width() - 1),
                                     std::clamp(static_cast<int>(px[1]) + dy, 0, image.height() - 1)));
          // A thin outline straddling two pixel rows is a blend of the (selected: lightened)
          // label colour and the background: find the blend from red, check green and blue.
          const double a = (c.red() - bg.red()) / double(lit.red() - bg.red());
          auto near = [&](int got, int fg, int back) { return std::abs(got - (a * fg + (1 - a) * back)) < 35; };
          hit = a > 0.35 && near(c.green(), lit.green(), bg.green()) && near(c.blue(), lit.blue(), bg.blue());
        }
      QVERIFY2(hit, qPrintable(QString("pane %1: no car-coloured edge at %2, %3").arg(static_cast<int>(p)).arg(px[0]).arg(px[1])));
    }
    window_->grab().save(QDir::temp().filePath("labelstation_projections.png"));
    window_->selectObject(0);
    QVERIFY(!panes->view(Projection::Top)->isVisible());
  }

  // Mouse edits in the panes: drag the body to move, an edge to resize (the opposite edge stays),
  // Ctrl+drag in the top pane to turn (Shift: 15° steps). One undo step per drag.
  void dragsInTheProjectionsEditTheCuboid() {
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 20000);
    window_->selectObject(rowId(0));
    Document& doc = window_->session().document();
    const ObjectId id = rowId(0);
    auto current = [&] { return Cuboid3D::fromPoints(stateAt(*doc.object(id), 0)->points); };
    const Cuboid3D before = current();
    ProjectionPanes* panes = window_->projections();
    VtkView* top = panes->view(Projection::Top);
    QTest::qWait(50);
    const double mpp = 2.0 * panes->scene(Projection::Top).camera().halfHeight / top->height();
    const QPoint centre(top->width() / 2, top->height() / 2);
    const std::size_t steps = window_->session().undoStack().count();

    // Move: 30 px up on screen = 30 px along the heading (the top pane shows the front up).
    QTest::mousePress(top, Qt::LeftButton, Qt::NoModifier, centre);
    QTest::mouseMove(top, centre - QPoint(0, 15));
    QTest::mouseMove(top, centre - QPoint(0, 30));
    QTest::mouseRelease(top, Qt::LeftButton, Qt::NoModifier, centre - QPoint(0, 30));
    const Eigen::Vector3d heading(std::cos(before.rotation.z()), std::sin(before.rotation.z()), 0);
    QVERIFY((current().position - (before.position + heading * 30 * mpp)).norm() < 1e-6);
    QCOMPARE(window_->session().undoStack().count(), steps + 1);

    // Resize: drag the front edge (top of the pane) 20 px further; the rear edge stays.
    const Cuboid3D moved = current();
    QTest::qWait(20);
    const double mpp2 = 2.0 * panes->scene(Projection::Top).camera().halfHeight / top->height();
    const QPoint front(top->width() / 2, static_cast<int>(std::lround(top->height() / 2.0 - moved.scale.x() / 2 / mpp2)));
    QTest::mousePress(top, Qt::LeftButton, Qt::NoModifier, front);
    QTest::mouseMove(top, front - QPoint(0, 20));
    QTest::mouseRelease(top, Qt::LeftButton, Qt::NoModifier, front - QPoint(0, 20));
    const Cuboid3D longer = current();
    QVERIFY2(std::abs(longer.scale.x() - (moved.scale.x() + 20 * mpp2)) < 1e-6,
             qPrintable(QString("length %1, expected %2").arg(longer.scale.x()).arg(moved.scale.x() + 20 * mpp2)));
    const Eigen::Vector3d rearBefore = moved.position - heading * moved.scale.x() / 2, rearAfter = longer.position - heading * longer.scale.x() / 2;
    QVERIFY((rearBefore - rearAfter).norm() < 1e-6);

    // Turn: Ctrl+drag a quarter circle around the centre (inside the box) with Shift: a multiple
    // of 15°.
    const int r = static_cast<int>(longer.scale.y() / 2 / mpp2) - 2;
    QTest::mousePress(top, Qt::LeftButton, Qt::ControlModifier, centre + QPoint(r, 0));
    QTest::mouseMove(top, centre + QPoint(r * 7 / 10, -r * 7 / 10));
    QTest::mouseRelease(top, Qt::LeftButton, Qt::ControlModifier | Qt::ShiftModifier, centre + QPoint(0, -r));
    const double yaw = current().rotation.z() * 180 / M_PI;
    QVERIFY2(std::abs(yaw / 15 - std::round(yaw / 15)) < 1e-6, qPrintable(QString("yaw %1°").arg(yaw)));
    QVERIFY(std::abs(wrapAngle(current().rotation.z() - longer.rotation.z())) > 0.5);
    QCOMPARE(window_->session().undoStack().count(), steps + 3);
    window_->session().undoStack().undo();
    QVERIFY(std::abs(wrapAngle(current().rotation.z() - longer.rotation.z())) < 1e-9);
  }

  // The white handle above the box in each pane turns it about the axis that pane looks along:
  // yaw in the top pane, pitch in the side pane, roll in the front pane; Shift snaps the turn to
  // 15° steps; each drag is one undo step.
  void rotationHandleTurnsTheCuboidInEachPane() {
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 20000);
    const ObjectId id = rowId(0);
    window_->selectObject(id);
    Document& doc = window_->session().document();
    auto current = [&] { return Cuboid3D::fromPoints(stateAt(*doc.object(id), 0)->points); };
    ProjectionPanes* panes = window_->projections();
    const std::size_t steps = window_->session().undoStack().index();
    const Cuboid3D original = current();
    // The box axis each pane looks along stays put; the other two turn by 45°. Each turn is one
    // undo step, undone before the next pane.
    const std::pair<Projection, int> turns[] = {{Projection::Top, 2}, {Projection::Side, 1}, {Projection::Front, 0}};
    for (const auto& [pane, fixedAxis] : turns) {
      QTest::qWait(50);
      VtkView* view = panes->view(pane);
      const Cuboid3D& before = original;
      const QPointF handle = panes->rotationHandlePixel(pane);
      const QPointF centre(view->width() / 2.0, view->height() / 2.0);
      QVERIFY2(std::abs(handle.x() - centre.x()) < 1 && handle.y() > 5 && handle.y() < centre.y(),
               qPrintable(QString("pane %1: handle at %2, %3").arg(static_cast<int>(pane)).arg(handle.x()).arg(handle.y())));
      // The handle is drawn white.
      const QImage image = view->grabFramebuffer();
      const QColor drawn(image.pixel(static_cast<int>(handle.x()), static_cast<int>(handle.y())));
      QVERIFY2(drawn.red() > 200 && drawn.green() > 200 && drawn.blue() > 200, qPrintable(drawn.name()));
      // Sweep it about 40° clockwise around the centre, with Shift: exactly 45°.
      const double r = centre.y() - handle.y(), sweep = 40 * M_PI / 180;
      const QPoint start = handle.toPoint(), end = (centre + QPointF(r * std::sin(sweep), -r * std::cos(sweep))).toPoint();
      QTest::mousePress(view, Qt::LeftButton, Qt::NoModifier, start);
      QTest::mouseMove(view, (start + end) / 2);
      QTest::mouseRelease(view, Qt::LeftButton, Qt::ShiftModifier, end);
      const Eigen::Matrix3d a = before.rotationMatrix(), b = current().rotationMatrix();
      QVERIFY2((a.col(fixedAxis) - b.col(fixedAxis)).norm() < 1e-6, qPrintable(QString("pane %1").arg(static_cast<int>(pane))));
      const double angle = Eigen::AngleAxisd(b * a.transpose()).angle() * 180 / M_PI;
      QVERIFY2(std::abs(angle - 45) < 1e-6, qPrintable(QString("pane %1 turned %2°").arg(static_cast<int>(pane)).arg(angle)));
      QVERIFY((current().position - before.position).norm() < 1e-9);
      QCOMPARE(window_->session().undoStack().index(), steps + 1);
      window_->grab().save(QDir::temp().filePath(QString("labelstation_turned_%1.png").arg(static_cast<int>(pane))));
      window_->session().undoStack().undo();
      QCOMPARE(window_->session().undoStack().index(), steps);
      QVERIFY((current().rotationMatrix() - original.rotationMatrix()).norm() < 1e-9);
    }
  }

  // C / V step by the step setting (10), Space plays to the end and stops, frames can be deleted
  // and restored, and found by name.
  void playerStepsPlaysDeletesAndFinds() {
    QSettings().remove("player/step");
    key(Qt::Key_V);
    QCOMPARE(window_->currentFrame(), 9);  // 10 frames: the step stops at the last one
    key(Qt::Key_C);
    QCOMPARE(window_->currentFrame(), 0);
    key(Qt::Key_Space);
    QVERIFY(window_->isPlaying());
    // The status bar gives the rate reached (frames are never skipped, so it may be lower).
    QTRY_VERIFY_WITH_TIMEOUT(window_->statusBar()->currentMessage().startsWith("Playing at"), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(window_->currentFrame(), 9, 20000);
    QTRY_VERIFY(!window_->isPlaying());
    QVERIFY(!window_->action(ActionId::PlayPause)->isChecked());
    QVERIFY(window_->goToFrameNamed("THETIC_4"));
    QCOMPARE(window_->currentFrame(), 4);
    QVERIFY(!window_->goToFrameNamed("nowhere"));
    window_->action(ActionId::DeleteFrame)->trigger();
    QVERIFY(window_->session().document().isFrameDeleted(4));
    bool marked = false;  // the navigation bar's frame name says so
    for (QLabel* label : window_->findChild<QToolBar*>("navigation")->findChildren<QLabel*>())
      marked = marked || label->text().contains("(deleted)");
    QVERIFY(marked);
    window_->action(ActionId::RestoreFrame)->trigger();
    QVERIFY(!window_->session().document().isFrameDeleted(4));
  }

  // Shift+N starts a cuboid track; N a shape, which Ctrl+B (here: propagateSelected) copies to the
  // next frames.
  void newTracksAndPropagation() {
    Document& doc = window_->session().document();
    const std::size_t before = doc.objects().size();
    key(Qt::Key_N, Qt::ShiftModifier);
    key(Qt::Key_Return);
    QCOMPARE(doc.objects().size(), before + 1);
    QVERIFY(doc.objects().rbegin()->second.isTrack());
    key(Qt::Key_N);
    key(Qt::Key_N);  // N again puts it down too, as CVAT finishes drawing
    const ObjectId shape = doc.objects().rbegin()->first;
    QVERIFY(!doc.object(shape)->isTrack());
    window_->propagateSelected(3);
    QCOMPARE(doc.objects().size(), before + 2 + 3);
    for (int f = 1; f <= 3; ++f) {
      int onFrame = 0;
      for (const auto& [id, o] : doc.objects()) onFrame += !o.isTrack() && o.frame == f && o.shape.points == doc.object(shape)->shape.points ? 1 : 0;
      QCOMPARE(onFrame, 1);
    }
  }

  // Ctrl+digit with nothing under the cursor (CVAT's fast label change): the selected object keeps
  // its label and the next shape is drawn with the chosen one; plain digits choose nothing; typed
  // into a text field, digits stay text.
  void labelKeysChooseTheNextShapesLabel() {
    Document& doc = window_->session().document();
    const auto labels = doc.labels().topLevelLabels();
    QVERIFY(labels.size() >= 3);
    const ObjectId id = rowId(0);
    const LabelId before = doc.object(id)->label;
    window_->selectObject(id);
    key(Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(doc.object(id)->label, before);
    QCOMPARE(window_->currentLabel(), labels[2]->id);
    key(Qt::Key_2);
    QCOMPARE(window_->currentLabel(), labels[2]->id);
    window_->selectObject(0);
    key(Qt::Key_2, Qt::ControlModifier);
    key(Qt::Key_N);
    key(Qt::Key_Return);
    QCOMPARE(doc.objects().rbegin()->second.label, labels[1]->id);
    auto* search = window_->findChild<QLineEdit*>("frameSearch");
    search->setFocus();
    QTest::keyClick(search, Qt::Key_1);
    QCOMPARE(search->text(), QString("1"));
    QCOMPARE(window_->currentLabel(), labels[1]->id);
  }

  // Each label's digit is chosen in the Labels tab (a digit belongs to one label; remembered by
  // name), and Ctrl+digit follows it.
  void labelKeysAreAssignedInTheLabelsTab() {
    Document& doc = window_->session().document();
    const auto labels = doc.labels().topLevelLabels();
    QCOMPARE(window_->labelKeys().at(1), labels[0]->id);
    QCOMPARE(window_->labelKeys().at(3), labels[2]->id);
    window_->setLabelKey(labels[2]->id, 7);
    QCOMPARE(window_->labelKeys().at(7), labels[2]->id);
    QVERIFY(!window_->labelKeys().count(3));
    window_->setLabelKey(labels[0]->id, 7);  // taken from the third label
    QCOMPARE(window_->labelKeys().at(7), labels[0]->id);
    const auto keys = window_->labelKeys();
    QVERIFY(std::none_of(keys.begin(), keys.end(), [&](const auto& k) { return k.second == labels[2]->id; }));
    QCOMPARE(window_->labelKeys().at(2), labels[1]->id);  // the others keep theirs
    key(Qt::Key_7, Qt::ControlModifier);
    QCOMPARE(window_->currentLabel(), labels[0]->id);
    QTreeWidget* list = window_->labelsList();
    auto* firstKey = qobject_cast<QComboBox*>(list->itemWidget(list->topLevelItem(0), 0));
    QVERIFY(firstKey);
    QCOMPARE(firstKey->currentText(), QString("7"));
    QCOMPARE(qobject_cast<QComboBox*>(list->itemWidget(list->topLevelItem(2), 0))->currentText(), QString("—"));
    // The keymap editor may move the keys: the action is "Label with key 7".
    QCOMPARE(window_->action(ActionId::LabelKey7)->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_7));
  }

  // F2's dialog: what it sets is applied (background, point size, step) and remembered; the
  // autosave interval needs a saved project and lands in its settings.
  void settingsDialogAppliesAndRemembers() {
    const ViewSettings defaults = ViewSettings::load();
    {
      SettingsDialog dialog(defaults, /*hasProject=*/false);
      QVERIFY(!dialog.findChild<QCheckBox*>("autosave")->isEnabled());
      dialog.findChild<QSpinBox*>("step")->setValue(3);
      auto* background = dialog.findChild<QComboBox*>("background");
      background->setCurrentIndex(background->findText("White"));
      dialog.findChild<QSpinBox*>("pointSize")->setValue(5);
      window_->applySettings(dialog.settings());
    }
    auto& scene = window_->findChild<VtkView*>()->scene();
    QCOMPARE(scene.background(), (render::Rgb{255, 255, 255}));
    QCOMPARE(scene.pointSize(), 5.0f);
    key(Qt::Key_V);
    QCOMPARE(window_->currentFrame(), 3);
    QCOMPARE(ViewSettings::load().step, 3);
    QCOMPARE(ViewSettings::load().background, QColor(255, 255, 255));

    QTemporaryDir dir;
    QVERIFY(window_->saveProjectAs((dir.path() + "/p.lsproj").toStdString()));
    SettingsDialog withProject(ViewSettings::load(), true);
    auto* autosave = withProject.findChild<QCheckBox*>("autosave");
    QVERIFY(autosave->isEnabled());
    autosave->setChecked(true);
    QCOMPARE(withProject.findChild<QSpinBox*>("autosaveMinutes")->value(), 15);  // CVAT's interval
    window_->applySettings(withProject.settings());
    QCOMPARE(window_->session().settings().autosaveMinutes, 15);
    window_->applySettings(defaults);  // leave the defaults for the other tests
  }

  // The Attributes panel edits the selected track: a per-frame value on this frame's keyframe,
  // an object-wide one on the track; each change is an undo step.
  void attributesAreEditedInThePanel() {
    Document& doc = window_->session().document();
    const ObjectId id = rowId(0);  // a car track
    window_->selectObject(id);
    const Label* car = doc.labels().labelByName("car");
    auto* occlusion = window_->attributes()->findChild<QComboBox*>("attribute_occlusion");
    auto* parked = window_->attributes()->findChild<QCheckBox*>("attribute_parked");
    QVERIFY(occlusion && parked);
    QCOMPARE(occlusion->currentText(), QString("none"));
    occlusion->setCurrentText("partly");
    QCOMPARE(doc.object(id)->keyframes.at(0).attributes.at(car->attributeByName("occlusion")->id), std::string("partly"));
    window_->attributes()->findChild<QCheckBox*>("attribute_parked")->setChecked(true);
    QCOMPARE(doc.object(id)->trackAttributes.at(car->attributeByName("parked")->id), std::string("true"));
    window_->session().undoStack().undo();
    QCOMPARE(doc.object(id)->trackAttributes.at(car->attributeByName("parked")->id), std::string("false"));
    QTest::qWait(10);  // the rebuilt editors show the undone value
    QVERIFY(!window_->attributes()->findChild<QCheckBox*>("attribute_parked")->isChecked());
  }

  // Shift+F / Shift+D jump between the selected track's keyframes (here: the first and last frame).
  void keyframeNavigation() {
    window_->selectObject(rowId(0));
    key(Qt::Key_F, Qt::ShiftModifier);
    QCOMPARE(window_->currentFrame(), 9);
    key(Qt::Key_D, Qt::ShiftModifier);
    QCOMPARE(window_->currentFrame(), 0);
  }

  // Ctrl+C / Ctrl+V copy the selected object onto the current frame (selected, to move it into
  // place); the filter box lists and draws only matching objects and keeps the last good filter
  // while a new one does not parse.
  void copyPasteAndFilter() {
    Document& doc = window_->session().document();
    const ObjectId original = rowId(0);
    window_->selectObject(original);
    key(Qt::Key_C, Qt::ControlModifier);
    key(Qt::Key_F);
    const std::size_t before = doc.objects().size();
    key(Qt::Key_V, Qt::ControlModifier);
    QVERIFY(window_->placing() == MainWindow::Placing::Pasted);
    QCOMPARE(doc.objects().size(), before);
    key(Qt::Key_Return);
    QCOMPARE(doc.objects().size(), before + 1);
    const AnnotationObject& pasted = doc.objects().rbegin()->second;
    QCOMPARE(pasted.label, doc.object(original)->label);
    QVERIFY(pasted.isTrack() && pasted.keyframes.count(1) == 1);
    QCOMPARE(window_->objectList()->currentItem()->data(0, Qt::UserRole).toLongLong(), doc.objects().rbegin()->first);
    key(Qt::Key_Z, Qt::ControlModifier);

    auto* filter = window_->findChild<QLineEdit*>("objectFilter");
    filter->setText("label == \"pedestrian\"");
    QCOMPARE(rows(), 2);
    filter->setText("label == ");  // incomplete: the pedestrian filter stays
    QCOMPARE(rows(), 2);
    QVERIFY(filter->styleSheet().contains("color"));
    filter->setText("label == \"car\" || label == \"pedestrian\"");
    QCOMPARE(rows(), 6);
    filter->clear();
    QCOMPARE(rows(), 6);
  }

  // File > New task: the sample drive with CVAT raw label JSON; labels that take no cuboids are
  // refused. Saved projects go to the top of File > Recent projects.
  void newTaskWithLabelsAndRecentProjects() {
    QVERIFY(window_->newTask(LABELSTATION_SOURCE_DIR "/sample_data/lidar_street",
                             io::readLabelJsonFile(LABELSTATION_SOURCE_DIR "/tests/fixtures/labels_skeleton.json")));
    const Document& doc = window_->session().document();
    QCOMPARE(doc.frameCount(), 10);
    QVERIFY(doc.labels().labelByName("weather") != nullptr);
    QVERIFY(doc.labels().labelByName("person") != nullptr);
    LabelSchema tagsOnly;
    Label weather;
    weather.name = "weather";
    weather.color = "#33ddff";
    weather.type = LabelType::Tag;
    tagsOnly.addLabel(weather);
    bool refused = false;
    try {
      Session::newTask(LABELSTATION_SOURCE_DIR "/sample_data/lidar_street", tagsOnly);
    } catch (const io::IoError& e) {
      refused = std::string(e.what()).find("none of the labels takes cuboids") != std::string::npos;
    }
    QVERIFY(refused);
    QTemporaryDir dir;
    const QString file = dir.path() + "/drive.lsproj";
    QVERIFY(window_->saveProjectAs(file.toStdString()));
    QCOMPARE(MainWindow::recentProjects().value(0), file);
  }

  // Double-clicking an object in the list makes the camera orbit around it.
  void doubleClickFocusesTheCamera() {
    QTreeWidgetItem* item = window_->objectList()->topLevelItem(2);
    const Document& doc = window_->session().document();
    const Cuboid3D box = Cuboid3D::fromPoints(stateAt(*doc.object(item->data(0, Qt::UserRole).toLongLong()), 0)->points);
    emit window_->objectList()->itemDoubleClicked(item, 0);
    const auto& focus = window_->findChild<VtkView*>()->scene().camera().focus;
    QVERIFY((Eigen::Vector3d(focus[0], focus[1], focus[2]) - box.position).norm() < 1e-9);
  }

  // The Labels tab hides or locks every object of a label (view state, not undoable).
  void labelsTabHidesAndLocksByLabel() {
    QTreeWidget* labels = window_->labelsList();
    QCOMPARE(labels->topLevelItemCount(), static_cast<int>(window_->session().document().labels().topLevelLabels().size()));
    const Document& doc = window_->session().document();
    auto itemOf = [&](const QString& name) {
      for (int i = 0; i < labels->topLevelItemCount(); ++i)
        if (labels->topLevelItem(i)->text(1) == name) return labels->topLevelItem(i);
      return static_cast<QTreeWidgetItem*>(nullptr);
    };
    itemOf("car")->setCheckState(2, Qt::Checked);
    for (const auto& [id, o] : doc.objects())
      QCOMPARE(doc.viewState(id).hidden, doc.labels().label(o.label)->name == "car");
    itemOf("car")->setCheckState(2, Qt::Unchecked);
    itemOf("pedestrian")->setCheckState(3, Qt::Checked);
    ObjectId pedestrian = 0;
    for (const auto& [id, o] : doc.objects())
      if (doc.labels().label(o.label)->name == "pedestrian") pedestrian = id;
    window_->selectObject(pedestrian);
    const std::size_t before = doc.objects().size();
    key(Qt::Key_Delete);
    QCOMPARE(doc.objects().size(), before);  // locked
    itemOf("pedestrian")->setCheckState(3, Qt::Unchecked);
    QVERIFY(!doc.viewState(pedestrian).locked);
  }

  void screenshotOfTheWholeWindow() {
    const QImage shot = grabWindow(*window_, [this] { return window_->isFrameLoaded(); });
    QCOMPARE(shot.size(), window_->size() * window_->devicePixelRatio());
    QVERIFY(shot.save(QDir::temp().filePath("labelstation_window.png")));
  }
};

LABELSTATION_WINDOW_TEST_MAIN(MainWindowTest)

#include "main_window_test.moc"

// The sample drive as an annotator works on it with the mouse: a new cuboid follows the cursor
// on the ground and a click puts it down; Ctrl+X over a cuboid picks it up and Ctrl+V brings a
// copy, both put down with a double-click; hovering highlights, a click selects, a double-click
// on the points makes the camera orbit around that point; the camera dock's controls.

#include <QCheckBox>
#include <QSplitter>
#include <QToolButton>
#include <QDockWidget>
#include <QScreen>
#include <QtTest/QtTest>

#include "labelstation/core/cuboid_points.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/io/synthetic_street.h"
#include "labelstation/render/scene.h"
#include "context_images.h"
#include "vtk_view.h"
#include "window_harness.h"

using namespace labelstation;
using namespace labelstation::app;

class PlacementTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<MainWindow> window_;

  VtkView* view() const { return window_->view(); }
  QPoint pixelOf(const Eigen::Vector3d& world) const {
    const auto p = view()->scene().worldToPixel(world.x(), world.y(), world.z(), view()->width(), view()->height());
    return QPoint(static_cast<int>(std::lround(p[0])), static_cast<int>(std::lround(p[1])));
  }
  // Through the window system (QTest's widget overload moves the system cursor instead, which
  // a headless display never turns into an event).
  // Qt drops a move to where the pointer already is, so it passes a corner of the view first.
  void hover(const Eigen::Vector3d& world) {
    QTest::mouseMove(window_->windowHandle(), view()->mapTo(window_.get(), QPoint(1, 1)));
    QTest::mouseMove(window_->windowHandle(), view()->mapTo(window_.get(), pixelOf(world)));
  }
  void key(Qt::Key k, Qt::KeyboardModifiers m = Qt::NoModifier) { testing::pressKey(*window_, k, m); }
  Cuboid3D boxOf(ObjectId id, int frame = 0) const {
    return Cuboid3D::fromPoints(stateAt(*window_->session().document().object(id), frame)->points);
  }
  // A car of the sample drive ahead of the sensor, as the generator placed it.
  static io::StreetObject carAhead() {
    for (const auto& o : io::SyntheticStreet().objectsAt(0))
      if (o.label == "car" && o.box.position.x() > 5) return o;
    return {};
  }
  static double bottomOf(const Cuboid3D& box) { return box.position.z() - box.scale.z() / 2; }
  // A car shape on frame 0 where carAhead() is, one undo step.
  void addCarAhead() {
    Document& doc = window_->session().document();
    AnnotationObject shape;
    shape.label = doc.labels().labelByName("car")->id;
    shape.frame = 0;
    shape.shape.type = ShapeType::Cuboid3D;
    shape.shape.points = carAhead().box.toPoints();
    window_->session().undoStack().push(edits::create(doc, {shape}));
  }

 private slots:
  void init() {
    window_ = testing::openWindow(Session::open(LABELSTATION_SOURCE_DIR "/sample_data/lidar_street"));
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 10000);
    // A low projections dock leaves the 3D view tall enough for the ground points these tests
    // click, metres from the car, in the 1100 × 700 test window.
    auto* projections = window_->findChild<QDockWidget*>("projectionsDock");
    QTRY_VERIFY(projections->height() >= 250);  // the window's own sizing has happened
    window_->resizeDocks({projections}, {150}, Qt::Vertical);
  }
  void cleanup() { window_.reset(); }

  void newCuboidFollowsTheCursorAndAClickPutsItDown() {
    Document& doc = window_->session().document();
    const io::StreetObject car = carAhead();
    QVERIFY(car.id != 0);
    const double ground = bottomOf(car.box);
    key(Qt::Key_N);
    QVERIFY(window_->placing() == MainWindow::Placing::NewShape);
    // Over the car the cuboid goes to the point of its surface under the cursor and stands on
    // the ground there, not on the roof.
    hover(car.box.position);
    const Cuboid3D following = window_->placementBox();
    QVERIFY2((following.position.head<2>() - car.box.position.head<2>()).norm() < car.box.scale.x() / 2 + 0.5,
             qPrintable(QString("at %1 %2").arg(following.position.x()).arg(following.position.y())));
    QVERIFY2(std::abs(bottomOf(following) - ground) < 0.3, qPrintable(QString::number(bottomOf(following))));
    QVERIFY(doc.objects().empty());
    QVERIFY(grabWindow(*window_).save(QDir::temp().filePath("labelstation_placing.png")));  // to look at
    QTest::mouseClick(view(), Qt::LeftButton, {}, pixelOf(car.box.position));
    QCOMPARE(doc.objects().size(), std::size_t{1});
    QVERIFY(window_->placing() == MainWindow::Placing::Nothing);
    const ObjectId id = doc.objects().begin()->first;
    QCOMPARE(window_->selectedObject(), id);
    QVERIFY((boxOf(id).position - following.position).norm() < 0.3);
    QCOMPARE(doc.labels().label(doc.object(id)->label)->name, std::string("car"));
    // Escape drops a cuboid being placed.
    hover(boxOf(id).position);
    QCOMPARE(window_->hoveredObject(), id);
    key(Qt::Key_N, Qt::ShiftModifier);  // over a cuboid too, Shift+N starts a new track
    QVERIFY(window_->placing() == MainWindow::Placing::NewTrack);
    key(Qt::Key_Escape);
    QCOMPARE(doc.objects().size(), std::size_t{1});
    key(Qt::Key_X, Qt::ControlModifier);  // Ctrl+X over the new cuboid: picks it up
    QVERIFY(window_->placing() == MainWindow::Placing::Moved);
    key(Qt::Key_Escape);
    QVERIFY(window_->placing() == MainWindow::Placing::Nothing);
    QCOMPARE(doc.objects().size(), std::size_t{1});
    QVERIFY((boxOf(id).position - following.position).norm() < 0.3);
  }

  // Ctrl+digit over a cuboid gives it that label; away from it (the new cuboid still selected),
  // it only chooses the label of the next one, as the guide's fast label change.
  void labelKeyRelabelsTheCuboidUnderTheCursor() {
    Document& doc = window_->session().document();
    addCarAhead();
    const ObjectId id = doc.objects().begin()->first;
    hover(carAhead().box.position);
    QCOMPARE(window_->hoveredObject(), id);
    QCOMPARE(window_->selectedObject(), ObjectId{0});
    key(Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(doc.labels().label(doc.object(id)->label)->name, std::string("truck"));
    window_->selectObject(id);
    QTest::mouseMove(window_->windowHandle(), view()->mapTo(window_.get(), QPoint(5, 5)));  // the sky: nothing under it
    QCOMPARE(window_->hoveredObject(), ObjectId{0});
    key(Qt::Key_3, Qt::ControlModifier);
    QCOMPARE(doc.labels().label(doc.object(id)->label)->name, std::string("truck"));
    QCOMPARE(doc.labels().label(window_->currentLabel())->name, std::string("pedestrian"));
  }

  void hoverClickCutAndPaste() {
    Document& doc = window_->session().document();
    const io::StreetObject car = carAhead();
    AnnotationObject shape;
    shape.label = doc.labels().labelByName("car")->id;
    shape.frame = 0;
    shape.shape.type = ShapeType::Cuboid3D;
    shape.shape.points = car.box.toPoints();
    window_->session().undoStack().push(edits::create(doc, {shape}));
    const ObjectId id = doc.objects().begin()->first;
    window_->selectObject(0);

    // Hover highlights, a click selects, a click beside every box selects nothing.
    hover(car.box.position);
    QCOMPARE(window_->hoveredObject(), id);
    QTest::mouseClick(view(), Qt::LeftButton, {}, pixelOf(car.box.position));
    QCOMPARE(window_->selectedObject(), id);
    const Eigen::Vector3d beside = car.box.position + Eigen::Vector3d(0, 0, 6);
    hover(beside);
    QCOMPARE(window_->hoveredObject(), ObjectId{0});
    QTest::mouseClick(view(), Qt::LeftButton, {}, pixelOf(beside));
    QCOMPARE(window_->selectedObject(), ObjectId{0});

    // Ctrl+X over it picks it up; a double-click puts it down where the cursor is, one undo step.
    hover(car.box.position);
    key(Qt::Key_X, Qt::ControlModifier);
    QVERIFY(window_->placing() == MainWindow::Placing::Moved);
    const Eigen::Vector3d target(car.box.position.x() - 2, car.box.position.y() - 3.5, bottomOf(car.box));  // on the road
    hover(target);
    QTest::mouseDClick(view(), Qt::LeftButton, {}, pixelOf(target));
    QVERIFY(window_->placing() == MainWindow::Placing::Nothing);
    QCOMPARE(doc.objects().size(), std::size_t{1});
    const Cuboid3D moved = boxOf(id);
    QVERIFY2((moved.position.head<2>() - target.head<2>()).norm() < 1.0, qPrintable(QString("at %1 %2").arg(moved.position.x()).arg(moved.position.y())));
    QVERIFY(std::abs(moved.rotation.z() - car.box.rotation.z()) < 1e-9);  // size and heading kept
    QVERIFY((moved.scale - car.box.scale).norm() < 1e-9);
    window_->session().undoStack().undo();
    QVERIFY((boxOf(id).position - car.box.position).norm() < 1e-9);

    // Ctrl+V: the copy follows the cursor, a double-click puts it down.
    window_->selectObject(id);
    key(Qt::Key_C, Qt::ControlModifier);
    key(Qt::Key_V, Qt::ControlModifier);
    QVERIFY(window_->placing() == MainWindow::Placing::Pasted);
    hover(target);
    QTest::mouseDClick(view(), Qt::LeftButton, {}, pixelOf(target));
    QCOMPARE(doc.objects().size(), std::size_t{2});
    const ObjectId copy = doc.objects().rbegin()->first;
    QVERIFY((boxOf(copy).position.head<2>() - target.head<2>()).norm() < 1.0);
    QCOMPARE(window_->selectedObject(), copy);
  }

  // Ctrl+Shift+T shrinks a loose box to the points inside it; Ctrl+Shift+H stretches its height
  // from the ground to the top of the points; Alt+1/2/3 turn the camera to the preset views.
  void tighteningAndPresetViews() {
    Document& doc = window_->session().document();
    const io::StreetObject car = carAhead();
    Cuboid3D loose = car.box;
    loose.scale = car.box.scale * 1.3;
    loose.position.z() += 0.3;
    AnnotationObject shape;
    shape.label = doc.labels().labelByName("car")->id;
    shape.frame = 0;
    shape.shape.type = ShapeType::Cuboid3D;
    shape.shape.points = loose.toPoints();
    window_->session().undoStack().push(edits::create(doc, {shape}));
    const ObjectId id = doc.objects().begin()->first;
    window_->selectObject(id);
    const PointCloud& cloud = window_->session().waitFrame(0).data->cloud;
    const std::size_t inside = countPointsInside(cloud, loose);
    QVERIFY(inside > 20);
    key(Qt::Key_T, Qt::ControlModifier | Qt::ShiftModifier);
    Cuboid3D tight = boxOf(id);
    QVERIFY(tight.scale.x() < loose.scale.x() - 0.5 && tight.scale.y() < loose.scale.y());
    tight.scale += Eigen::Vector3d::Constant(0.01);
    QCOMPARE(countPointsInside(cloud, tight), inside);
    key(Qt::Key_H, Qt::ControlModifier | Qt::ShiftModifier);
    const Cuboid3D fitted = boxOf(id);
    QVERIFY2(std::abs(bottomOf(fitted) - bottomOf(car.box)) < 0.2, qPrintable(QString::number(bottomOf(fitted))));
    QVERIFY(fitted.position.z() + fitted.scale.z() / 2 <= car.box.position.z() + car.box.scale.z() / 2 + 0.1);

    key(Qt::Key_1, Qt::AltModifier);
    QCOMPARE(view()->scene().camera().elevation, 89.0);
    key(Qt::Key_3, Qt::AltModifier);
    QCOMPARE(view()->scene().camera().azimuth, 90.0);
    QVERIFY(view()->scene().camera().elevation < 20);
  }

  // The camera dock: move, fit, reload, and an image full screen whose overlays follow the edits.
  void cameraDockControls() {
    ContextImagesPanel* panel = window_->contextImages();
    QCOMPARE(panel->shownImages(), (std::vector<int>{0, 1}));
    panel->findChild<QToolButton*>("contextImageRight0")->click();
    QCOMPARE(panel->shownImages(), (std::vector<int>{1, 0}));
    QVERIFY(!panel->findChild<QToolButton*>("contextImageLeft0")->isEnabled());
    panel->splitter()->setSizes({50, 400});
    panel->findChild<QToolButton*>("fitContextImages")->click();
    const QList<int> sizes = panel->splitter()->sizes();
    QVERIFY2(std::abs(sizes[0] - sizes[1]) <= 2, qPrintable(QString("%1 %2").arg(sizes[0]).arg(sizes[1])));
    panel->findChild<QToolButton*>("contextImageClose1")->click();
    QCOMPARE(panel->shownImages(), (std::vector<int>{1}));
    panel->findChild<QToolButton*>("resetContextImages")->click();
    QCOMPARE(panel->shownImages(), (std::vector<int>{0, 1}));

    // Full screen: the same image and overlays; a new cuboid shows up in it at once.
    QTest::mouseDClick(panel->views()[0], Qt::LeftButton);
    QWidget* full = panel->fullscreenWindow();
    QVERIFY(full);
    QTRY_VERIFY(full->isVisible());
    // The whole screen, with a window manager or without one.
    QVERIFY2(full->width() >= full->screen()->geometry().width() * 9 / 10,
             qPrintable(QString("%1 × %2").arg(full->width()).arg(full->height())));
    auto* fullView = full->findChild<ContextImageView*>();
    QCOMPARE(fullView->composed(), panel->views()[0]->composed());
    const QImage before = fullView->composed();
    addCarAhead();
    QVERIFY(fullView->composed() != before);
    QCOMPARE(fullView->composed(), panel->views()[0]->composed());
    QTest::keyClick(full, Qt::Key_Escape);
    QTRY_VERIFY(!panel->fullscreenWindow());
  }

  // Appearance: outlined borders draw every edge in the outline colour; the projections on the
  // camera images can be switched off and on.
  void appearanceOutlinesAndProjections() {
    addCarAhead();
    auto* outlined = window_->findChild<QCheckBox*>("outlined");
    QVERIFY(outlined && !outlined->isChecked());
    QVERIFY(!view()->scene().cuboids().front().outline);
    outlined->setChecked(true);
    QVERIFY(view()->scene().cuboids().front().outline == render::Rgb({255, 255, 255}));
    outlined->setChecked(false);

    ContextImageView* camera = window_->contextImages()->views()[0];
    const QImage withBoxes = camera->composed();
    auto* projections = window_->findChild<QCheckBox*>("showProjections");
    QVERIFY(projections->isChecked());
    projections->setChecked(false);
    QVERIFY(camera->composed() != withBoxes);
    projections->setChecked(true);
    QCOMPARE(camera->composed(), withBoxes);
  }

  void doubleClickOnThePointsSetsTheOrbitPivot() {
    const io::StreetObject car = carAhead();
    const Eigen::Vector3d roof = car.box.position + Eigen::Vector3d(0, 0, car.box.scale.z() / 2 - 0.1);
    QTest::mouseDClick(view(), Qt::LeftButton, {}, pixelOf(roof));
    const auto& focus = view()->scene().camera().focus;
    const Eigen::Vector3d pivot(focus[0], focus[1], focus[2]);
    QVERIFY2(car.box.contains(pivot) || (pivot - car.box.position).norm() < car.box.scale.norm(),
             qPrintable(QString("pivot %1 %2 %3").arg(pivot.x()).arg(pivot.y()).arg(pivot.z())));
    // The view centres on the pivot.
    QVERIFY((pixelOf(pivot) - QPoint(view()->width() / 2, view()->height() / 2)).manhattanLength() < 4);
  }
};

LABELSTATION_WINDOW_TEST_MAIN(PlacementTest)

#include "placement_test.moc"

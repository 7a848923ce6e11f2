// Drawing in the window's 2D workspace, as an annotator does it: masks with the brush tool bar
// (remove underlying pixels, one undo step), skeletons from their label's template with their
// elements' outside / occluded from the canvas's menu, 2D cuboids and their perspective, the
// polygon menu (starting point, orientation, delete point), grouping with G / Shift+G, and every
// shape type through CVAT for images and back.

#include <QComboBox>
#include <QDialog>
#include <QMenu>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolBar>
#include <QTreeWidget>
#include <QToolButton>
#include <QtTest/QtTest>

#include "drawing_toolbars.h"
#include "image_canvas.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/core/mask.h"
#include "labelstation/io/annotation_formats.h"
#include "shape_actions.h"
#include "image_window_fixture.h"

using namespace labelstation;
using namespace labelstation::app;

class DrawingTest : public testing::ImageWindowFixture {
  Q_OBJECT

 private:
  // Points placed by mouse land within a pixel of where they were meant (widget rounding).
  static bool near(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (std::abs(a[i] - b[i]) > 1) return false;
    return true;
  }
  ShapeState stateOf(ObjectId id) { return *stateAt(*doc().object(id), window_->currentFrame()); }
  ObjectId newest() { return doc().objects().rbegin()->first; }
  // A right click on the canvas, then the menu action named `action` (none: the menu closes).
  void rightClickAndChoose(const QPointF& imagePoint, const QString& action) {
    bool found = false;
    QTimer::singleShot(50, this, [&] {
      auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
      if (!menu) return;
      if (auto* a = menu->findChild<QAction*>(action)) {
        found = true;
        menu->close();
        a->trigger();
      } else {
        menu->close();
      }
    });
    click(imagePoint, Qt::RightButton);
    QVERIFY2(found, qPrintable("no menu action " + action));
  }
  // The annotations out to `formatId` (a file named `name` in a temporary folder) and back in,
  // replacing them.
  void exportAndReimport(const char* formatId, const QString& name) {
    QTemporaryDir dir;
    const std::filesystem::path file = (dir.path() + "/" + name).toStdString();
    const io::AnnotationFormat& format = *io::findAnnotationFormat(formatId);
    QVERIFY(window_->exportAnnotations(format, file, {}));
    io::ImportOptions replace;
    replace.replace = true;
    QVERIFY(window_->importAnnotations(format, file, replace));
  }
  // Alt+J with the shape selected, then the cut's points (the last one off the shape ends it).
  void selectAndSlice(ObjectId id, const std::vector<QPointF>& cut) {
    window_->selectObject(id);
    testing::pressKey(*window_, Qt::Key_J, Qt::AltModifier);
    QVERIFY(canvas()->isSlicing());
    for (const QPointF& p : cut) click(p);
    QVERIFY(!canvas()->isSlicing());
  }
  void draw(ActionId type, const std::vector<QPointF>& clicks, bool pressNAfter = false) {
    window_->action(type)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(canvas()->isDrawing());
    for (const QPointF& p : clicks) click(p);
    if (pressNAfter) testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(!canvas()->isDrawing());
  }

 private slots:
  void init() {
    openImages();
    window_->findChild<QSpinBox*>("pointCount")->setValue(0);
  }
  void cleanup() { window_.reset(); }

  // The brush bar shows while a mask is drawn; N saves; a second mask with "remove underlying
  // pixels" takes its pixels from the first, and one undo puts both back.
  void masksWithTheBrushBar() {
    auto* bar = window_->findChild<MaskToolbar*>("maskToolbar");
    QVERIFY(window_->findChild<DrawingToolbar*>("drawingToolbar")->isVisible());
    QVERIFY(!bar->isVisible());
    window_->action(ActionId::DrawMask)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(bar->isVisible());
    // A row of its own: every option in sight, none behind the overflow arrow (the test window
    // is 1100 px wide).
    auto* overflow = bar->findChild<QToolButton*>("qt_toolbar_ext_button");
    QTRY_VERIFY(!overflow || !overflow->isVisible());
    bar->findChild<QSpinBox*>("brushSize")->setValue(20);
    drag({100, 100}, {300, 100});
    testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(!canvas()->isDrawing());
    QVERIFY(!bar->isVisible());
    const ObjectId first = newest();
    QVERIFY(stateOf(first).type == ShapeType::Mask);
    const auto before = decodeMask(stateOf(first).points);
    QVERIFY(before && before->at(200, 100) && before->at(120, 108));
    testing::pressKey(*window_, Qt::Key_N);  // the same tool again
    bar->findChild<QAction*>("removeUnderlying")->setChecked(true);
    drag({200, 60}, {200, 140});
    testing::pressKey(*window_, Qt::Key_N);
    const ObjectId second = newest();
    QVERIFY(second != first);
    const auto after = decodeMask(stateOf(first).points);
    QVERIFY(!after->at(200, 100));  // under the second mask: gone from the first
    QVERIFY(after->at(120, 100));
    window_->action(ActionId::Undo)->trigger();
    QVERIFY(!doc().object(second));
    QCOMPARE(stateOf(first).points, encodeMask(*before));
    bar->findChild<QAction*>("removeUnderlying")->setChecked(false);
    // The canvas's menu edits a mask with the brush; saving changes that mask.
    rightClickAndChoose({200, 100}, "editMask");
    QVERIFY(canvas()->isDrawing() && bar->isVisible());
    drag({200, 200}, {260, 200});
    testing::pressKey(*window_, Qt::Key_N);
    QCOMPARE(doc().objects().size(), std::size_t(1));
    QVERIFY(decodeMask(stateOf(first).points)->at(230, 200));
    // A mask being painted is kept when the frame changes.
    testing::pressKey(*window_, Qt::Key_N);
    drag({500, 300}, {600, 300});
    window_->action(ActionId::NextFrame)->trigger();
    QVERIFY(!canvas()->isDrawing());
    QCOMPARE(doc().objectsOnFrame(0).size(), std::size_t(2));
    window_->setFrame(0);
    // Erased to nothing, an edited mask is deleted (one undo brings it back).
    window_->selectObject(first);
    rightClickAndChoose({120, 100}, "editMask");
    BrushSettings eraser = canvas()->brush();
    eraser.tool = BrushTool::Eraser;
    eraser.size = 200;
    canvas()->setBrush(eraser);
    drag({50, 100}, {350, 200});
    testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(!doc().object(first));
    window_->action(ActionId::Undo)->trigger();
    QVERIFY(doc().object(first));
  }

  // A skeleton label's template: N and a drag place its points; a right click on one marks it
  // outside or occluded.
  void skeletonsFromTheirTemplate() {
    LabelSchema labels = doc().labels();
    const LabelId pose = labels.addLabel({kNoLabel, "pose", "#ff00ff", LabelType::Skeleton, {}, kNoLabel, {}, {}, {}});
    const LabelId head = labels.addSublabel(pose, {kNoLabel, "head", "#ffffff", LabelType::Points, {}, kNoLabel, {}, {}, {}});
    const LabelId left = labels.addSublabel(pose, {kNoLabel, "left foot", "#ffffff", LabelType::Points, {}, kNoLabel, {}, {}, {}});
    const LabelId right = labels.addSublabel(pose, {kNoLabel, "right foot", "#ffffff", LabelType::Points, {}, kNoLabel, {}, {}, {}});
    labels.addEdge(pose, head, left);
    labels.addEdge(pose, head, right);
    labels.label(pose)->nodePositions = {{head, {50, 0}}, {left, {0, 100}}, {right, {100, 100}}};
    window_->session().undoStack().push(edits::editLabels(doc(), labels));
    window_->action(ActionId::DrawSkeleton)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    drag({400, 100}, {500, 300});
    const ObjectId id = newest();
    const ShapeState s = stateOf(id);
    QVERIFY(s.type == ShapeType::Skeleton);
    QCOMPARE(doc().object(id)->label, pose);
    QCOMPARE(s.elements.size(), std::size_t(3));
    QCOMPARE(s.elements[0].label, head);
    QVERIFY(near(s.elements[0].points, (std::vector<double>{450, 100})));
    QVERIFY(near(s.elements[2].points, (std::vector<double>{500, 300})));
    QCOMPARE(canvas()->shape(id)->edges.size(), std::size_t(2));
    rightClickAndChoose({500, 300}, "elementOutside");
    QVERIFY(stateOf(id).elements[2].outside);
    QVERIFY(canvas()->shape(id)->elements[2].outside);
    rightClickAndChoose({400, 300}, "elementOccluded");
    QVERIFY(stateOf(id).elements[1].occluded);
    // The objects list shows the selected skeleton's points, with their own toggles (H: outside).
    QTreeWidgetItem* row = nullptr;
    for (int i = 0; i < window_->objectList()->topLevelItemCount(); ++i)
      if (window_->objectList()->topLevelItem(i)->data(0, Qt::UserRole).toLongLong() == id) row = window_->objectList()->topLevelItem(i);
    QVERIFY(row && row->isExpanded());
    QCOMPARE(row->childCount(), 3);
    QCOMPARE(row->child(0)->text(1), QString("head"));
    QCOMPARE(row->child(2)->checkState(4), Qt::Checked);  // right foot: outside (set above)
    row->child(0)->setCheckState(4, Qt::Checked);
    QTRY_VERIFY(stateOf(id).elements[0].outside);
    QVERIFY(!stateOf(id).elements[1].outside);
    // An element drags on its own.
    drag({400, 300}, {410, 280});  // the left foot (occluded, still shown)
    QVERIFY(std::abs(stateOf(id).elements[1].points[0] - 410) <= 1 && std::abs(stateOf(id).elements[1].points[1] - 280) <= 1);
  }

  // A 2D cuboid from a rectangle; its menu resets and switches the perspective (undoable).
  void cuboidsAndTheirPerspective() {
    // The drawing bar's list chooses what N draws, as the Draw menu does.
    auto* types = window_->findChild<QComboBox*>("drawType");
    window_->action(ActionId::DrawEllipse)->trigger();
    QCOMPARE(types->currentText(), QString("Ellipse"));
    types->setFocus();
    QTest::keyClick(types, Qt::Key_Down);  // Cuboid (from a rectangle)
    QVERIFY(window_->drawType() == ShapeType::Cuboid2D);
    QVERIFY(window_->action(ActionId::DrawCuboid)->isChecked());
    draw(ActionId::DrawCuboid, {{300, 100}, {400, 250}});
    const ObjectId id = newest();
    const auto drawn = stateOf(id).points;
    QCOMPARE(drawn.size(), std::size_t(16));
    QVERIFY(stateOf(id).type == ShapeType::Cuboid2D);
    rightClickAndChoose({350, 200}, "switchPerspective");
    const auto switched = stateOf(id).points;
    QVERIFY(switched[8] < drawn[8]);  // the back face moved to the left
    window_->action(ActionId::Undo)->trigger();
    QCOMPARE(stateOf(id).points, drawn);
  }

  // The polygon menu: starting point, orientation, delete point.
  void polygonMenu() {
    draw(ActionId::DrawPolygon, {{100, 100}, {200, 100}, {200, 200}, {100, 200}}, true);
    const ObjectId id = newest();
    rightClickAndChoose({200, 200}, "setStartingPoint");
    QVERIFY(near(stateOf(id).points, (std::vector<double>{200, 200, 100, 200, 100, 100, 200, 100})));
    rightClickAndChoose({150, 150}, "switchOrientation");
    QVERIFY(near(stateOf(id).points, (std::vector<double>{200, 200, 200, 100, 100, 100, 100, 200})));
    rightClickAndChoose({100, 100}, "deletePoint");
    QVERIFY(near(stateOf(id).points, (std::vector<double>{200, 200, 200, 100, 100, 200})));
  }

  // G, clicks on shapes, G: one group; Shift+G takes the selected one out.
  void groupsWithG() {
    draw(ActionId::DrawRectangle, {{100, 100}, {200, 200}});
    const ObjectId a = newest();
    draw(ActionId::DrawRectangle, {{300, 100}, {400, 200}});
    const ObjectId b = newest();
    draw(ActionId::DrawRectangle, {{500, 100}, {600, 200}});
    const ObjectId c = newest();
    testing::pressKey(*window_, Qt::Key_G);
    QVERIFY(window_->isGrouping());
    click({150, 150});
    click({350, 150});
    testing::pressKey(*window_, Qt::Key_G);
    QVERIFY(!window_->isGrouping());
    QVERIFY(doc().object(a)->group != 0);
    QCOMPARE(doc().object(b)->group, doc().object(a)->group);
    QCOMPARE(doc().object(c)->group, 0);
    click({350, 150});
    testing::pressKey(*window_, Qt::Key_G, Qt::ShiftModifier);
    QCOMPARE(doc().object(b)->group, 0);
    QVERIFY(doc().object(a)->group != 0);
  }

  // J joins the chosen masks into the first (one undo step); the slice tool cuts a polygon and a
  // mask in two along the line drawn across them.
  void joinAndSlice() {
    window_->action(ActionId::DrawMask)->trigger();
    for (double y : {100.0, 200.0}) {
      testing::pressKey(*window_, Qt::Key_N);
      drag({100, y}, {200, y});
      testing::pressKey(*window_, Qt::Key_N);
    }
    const ObjectId upper = doc().objects().begin()->first, lower = newest();
    const std::size_t upperPixels = decodeMask(stateOf(upper).points)->count(), lowerPixels = decodeMask(stateOf(lower).points)->count();
    testing::pressKey(*window_, Qt::Key_J);
    QVERIFY(window_->isJoining());
    click({150, 100});
    click({150, 200});
    testing::pressKey(*window_, Qt::Key_J);
    QCOMPARE(doc().objects().size(), std::size_t(1));
    const auto joined = decodeMask(stateOf(upper).points);
    QCOMPARE(joined->count(), upperPixels + lowerPixels);
    window_->action(ActionId::Undo)->trigger();
    QCOMPARE(doc().objects().size(), std::size_t(2));
    // Slice the upper mask across its stroke.
    selectAndSlice(upper, {{150, 80}, {150, 100}, {150, 120}});
    QCOMPARE(doc().objects().size(), std::size_t(3));
    const auto left = decodeMask(stateOf(upper).points), right = decodeMask(stateOf(newest()).points);
    QCOMPARE(left->count() + right->count(), upperPixels);
    QVERIFY(left->count() > 0 && right->count() > 0);
    // A polygon: a square cut down the middle.
    draw(ActionId::DrawPolygon, {{400, 100}, {500, 100}, {500, 200}, {400, 200}}, true);
    const ObjectId square = newest();
    selectAndSlice(square, {{450, 90}, {450, 150}, {450, 210}});
    QVERIFY(near(stateOf(square).points, {450, 100, 450, 150, 450, 200, 400, 200, 400, 100}));
    QVERIFY(near(stateOf(newest()).points, {450, 200, 450, 150, 450, 100, 500, 100, 500, 200}));
    QCOMPARE(doc().object(newest())->label, doc().object(square)->label);
  }

  // Edit > Run actions: masks to polygons over all frames, as one undo step.
  void runActionsConvertsShapes() {
    window_->action(ActionId::DrawMask)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    drag({100, 100}, {200, 100});
    testing::pressKey(*window_, Qt::Key_N);
    draw(ActionId::DrawRectangle, {{300, 100}, {400, 150}});
    QTimer::singleShot(50, this, [] {
      auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
      if (!dialog) return;
      auto* action = dialog->findChild<QComboBox*>("action");
      action->setCurrentIndex(static_cast<int>(ShapeAction::MasksToPolygons));
      dialog->accept();
    });
    window_->action(ActionId::RunActions)->trigger();
    QCOMPARE(doc().objects().size(), std::size_t(2));
    std::vector<ShapeType> types;
    for (const auto& [id, o] : doc().objects()) types.push_back(o.shape.type);
    QVERIFY(std::count(types.begin(), types.end(), ShapeType::Polygon) == 1);
    QVERIFY(std::count(types.begin(), types.end(), ShapeType::Rectangle) == 1);
    window_->action(ActionId::Undo)->trigger();
    types.clear();
    for (const auto& [id, o] : doc().objects()) types.push_back(o.shape.type);
    QVERIFY(std::count(types.begin(), types.end(), ShapeType::Mask) == 1);
    // The converter's other actions, directly: rectangles to masks, propagate, remove.
    auto toMasks = runShapeAction(doc(), ShapeAction::RectanglesToMasks, 0, 5, 0, nullptr, {});
    window_->session().undoStack().push(std::move(toMasks));
    for (const auto& [id, o] : doc().objects()) QVERIFY(o.shape.type == ShapeType::Mask);
    auto propagated = runShapeAction(doc(), ShapeAction::PropagateShapes, 0, 2, 0, nullptr, {});
    window_->session().undoStack().push(std::move(propagated));
    QCOMPARE(doc().objectsOnFrame(2).size(), std::size_t(2));
    QCOMPARE(doc().objectsOnFrame(3).size(), std::size_t(0));
    int calls = 0;
    QVERIFY(!runShapeAction(doc(), ShapeAction::RemoveShapes, 0, 5, 0, nullptr, [&](int, int) { return ++calls < 2; }));  // cancelled
    QCOMPARE(doc().objects().size(), std::size_t(6));
    window_->session().undoStack().push(runShapeAction(doc(), ShapeAction::RemoveShapes, 1, 1, 0, nullptr, {}));
    QCOMPARE(doc().objects().size(), std::size_t(4));
    // A label that takes masks only keeps its masks when converting to polygons.
    LabelSchema labels = doc().labels();
    labels.addLabel({kNoLabel, "region", "#123456", LabelType::Mask, {}, kNoLabel, {}, {}, {}});
    window_->session().undoStack().push(edits::editLabels(doc(), labels));
    const LabelId region = doc().labels().labelByName("region")->id;
    window_->session().undoStack().push(edits::changeLabel(doc(), {doc().objectsOnFrame(0).front()}, region));
    window_->session().undoStack().push(runShapeAction(doc(), ShapeAction::MasksToPolygons, 0, 0, 0, nullptr, {}));
    std::size_t masksOfRegion = 0;
    for (const auto& [id, o] : doc().objects()) masksOfRegion += o.label == region && o.shape.type == ShapeType::Mask;
    QCOMPARE(masksOfRegion, std::size_t(1));
  }

  // Ctrl+C, Ctrl+V: the copy follows the cursor and lands where the click is (its centre there);
  // Escape drops it.
  void pasteWhereClicked() {
    draw(ActionId::DrawRectangle, {{100, 100}, {200, 150}});
    testing::pressKey(*window_, Qt::Key_C, Qt::ControlModifier);
    testing::pressKey(*window_, Qt::Key_V, Qt::ControlModifier);
    QVERIFY(canvas()->isPlacing());
    QCOMPARE(doc().objects().size(), std::size_t(1));
    click({400, 300});
    QVERIFY(!canvas()->isPlacing());
    QCOMPARE(doc().objects().size(), std::size_t(2));
    QVERIFY(near(stateOf(newest()).points, {350, 275, 450, 325}));
    testing::pressKey(*window_, Qt::Key_V, Qt::ControlModifier);
    QVERIFY(canvas()->isPlacing());
    testing::pressKey(*window_, Qt::Key_Escape);
    QVERIFY(!canvas()->isPlacing());
    QCOMPARE(doc().objects().size(), std::size_t(2));
  }

  // Tracks of polygons and skeletons: a keyframe moved on frame 4 is interpolated on frame 2.
  void polygonAndSkeletonTracks() {
    window_->action(ActionId::DrawPolygon)->trigger();
    testing::pressKey(*window_, Qt::Key_N, Qt::ShiftModifier);
    for (const QPointF& p : {QPointF(100, 100), QPointF(200, 100), QPointF(150, 200)}) click(p);
    testing::pressKey(*window_, Qt::Key_N);
    const ObjectId polygon = newest();
    QVERIFY(doc().object(polygon)->isTrack());
    window_->setFrame(4);
    QCOMPARE(canvas()->shapes().size(), std::size_t(1));
    drag({150, 150}, {190, 150});  // the body: +40 in x
    QCOMPARE(doc().object(polygon)->keyframes.size(), std::size_t(2));
    window_->setFrame(2);
    const CanvasShape* mid = canvas()->shape(polygon);
    QVERIFY(mid);
    QVERIFY(std::abs(mid->points[0] - 120) <= 1.5);  // halfway
    LabelSchema labels = doc().labels();
    const LabelId pose = labels.addLabel({kNoLabel, "pose", "#ff00ff", LabelType::Skeleton, {}, kNoLabel, {}, {}, {}});
    const LabelId a = labels.addSublabel(pose, {kNoLabel, "a", "#ffffff", LabelType::Points, {}, kNoLabel, {}, {}, {}});
    const LabelId b = labels.addSublabel(pose, {kNoLabel, "b", "#ffffff", LabelType::Points, {}, kNoLabel, {}, {}, {}});
    labels.addEdge(pose, a, b);
    labels.label(pose)->nodePositions = {{a, {0, 0}}, {b, {100, 100}}};
    window_->session().undoStack().push(edits::editLabels(doc(), labels));
    window_->setFrame(0);
    window_->action(ActionId::DrawSkeleton)->trigger();
    testing::pressKey(*window_, Qt::Key_N, Qt::ShiftModifier);
    drag({400, 100}, {500, 200});
    const ObjectId skeleton = newest();
    QVERIFY(doc().object(skeleton)->isTrack());
    window_->setFrame(4);
    drag({500, 200}, {540, 200});  // element b on frame 4
    window_->setFrame(2);
    const CanvasShape* s = canvas()->shape(skeleton);
    QVERIFY(s && s->points.size() == 4);
    QVERIFY(std::abs(s->points[2] - 520) <= 1.5 && std::abs(s->points[0] - 400) <= 1.5);
  }

  // Tracks drawn on the canvas (a rectangle, a polygon, one point) go out as CVAT for video and
  // come back with the same keyframes and shapes.
  void tracksThroughCvatVideo() {
    auto track = [&](ActionId type, const std::vector<QPointF>& clicks, bool pressNAfter, const QPointF& grab) {
      window_->setFrame(0);
      window_->action(type)->trigger();
      testing::pressKey(*window_, Qt::Key_N, Qt::ShiftModifier);
      for (const QPointF& p : clicks) click(p);
      if (pressNAfter) testing::pressKey(*window_, Qt::Key_N);
      window_->setFrame(3);
      drag(grab, grab + QPointF(40, 10));  // a second keyframe, moved
    };
    track(ActionId::DrawRectangle, {{100, 100}, {200, 200}}, false, {150, 150});
    track(ActionId::DrawPolygon, {{300, 100}, {400, 100}, {350, 200}}, true, {350, 130});
    window_->findChild<QSpinBox*>("pointCount")->setValue(1);
    track(ActionId::DrawPoints, {{600, 100}}, false, {600, 100});
    window_->findChild<QSpinBox*>("pointCount")->setValue(0);
    QCOMPARE(doc().objects().size(), std::size_t(3));
    for (const auto& [id, o] : doc().objects()) QCOMPARE(o.keyframes.size(), std::size_t(2));
    const auto before = doc().objects();
    exportAndReimport("cvat_video", "video.xml");
    QCOMPARE(doc().objects().size(), before.size());
    auto it = before.begin();
    for (const auto& [id, o] : doc().objects()) {
      QVERIFY(o.isTrack());
      for (int frame = 0; frame < doc().frameCount(); ++frame) {  // the same shape on every frame
        const auto was = stateAt(it->second, frame), now = stateAt(o, frame);
        QCOMPARE(was.has_value(), now.has_value());
        if (!was) continue;
        QCOMPARE(now->outside, was->outside);
        QVERIFY(now->type == was->type);
        QVERIFY2(near(now->points, was->points), qPrintable(QString("frame %1").arg(frame)));
      }
      QVERIFY(o.keyframes.count(0) && o.keyframes.count(3));
      ++it;
    }
  }

  // Every 2D shape type drawn on the canvas goes out to CVAT for images and comes back the same.
  void everyShapeThroughCvatImages() {
    draw(ActionId::DrawRectangle, {{50, 50}, {150, 120}});
    draw(ActionId::DrawPolygon, {{200, 50}, {260, 50}, {230, 120}}, true);
    draw(ActionId::DrawPolyline, {{300, 50}, {360, 80}}, true);
    draw(ActionId::DrawPoints, {{400, 50}, {420, 60}}, true);
    draw(ActionId::DrawEllipse, {{500, 100}, {540, 130}});
    draw(ActionId::DrawCuboid, {{600, 60}, {700, 160}});
    window_->action(ActionId::DrawMask)->trigger();
    testing::pressKey(*window_, Qt::Key_N);
    drag({800, 100}, {900, 120});
    testing::pressKey(*window_, Qt::Key_N);
    QCOMPARE(doc().objects().size(), std::size_t(7));
    window_->grab().save(QDir::temp().filePath("labelstation_drawing.png"));  // to look at
    const auto before = doc().objects();
    exportAndReimport("cvat_images", "annotations.zip");
    QCOMPARE(doc().objects().size(), before.size());
    auto it = before.begin();
    for (const auto& [id, o] : doc().objects()) {
      const ShapeState& was = it->second.shape;
      QVERIFY2(o.shape.type == was.type, toString(was.type).data());
      QCOMPARE(o.label, it->second.label);
      QCOMPARE(o.shape.points.size(), was.points.size());
      for (std::size_t i = 0; i < was.points.size(); ++i)
        QVERIFY2(std::abs(o.shape.points[i] - was.points[i]) < 0.01, toString(was.type).data());
      ++it;
    }
  }
};

LABELSTATION_WINDOW_TEST_MAIN(DrawingTest)

#include "drawing_test.moc"

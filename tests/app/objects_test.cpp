// The objects sidebar as an annotator uses it: the per-object toggles, sort orders, the item
// menu, merge (M) and split (Alt+M) of tracks, pinned objects, and the appearance block.

#include <QCheckBox>
#include <QComboBox>
#include <QMenu>
#include <QSlider>
#include <QTreeWidget>
#include <QStatusBar>
#include <QtTest/QtTest>

#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/render/scene.h"
#include "window_harness.h"

using namespace labelstation;
using namespace labelstation::app;

class ObjectsTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<MainWindow> window_;

  QTreeWidget* list() const { return window_->objectList(); }
  int rows() const { return list()->topLevelItemCount(); }
  ObjectId rowId(int i) const { return list()->topLevelItem(i)->data(0, Qt::UserRole).toLongLong(); }
  QTreeWidgetItem* itemOf(ObjectId id) const {
    for (int i = 0; i < rows(); ++i)
      if (rowId(i) == id) return list()->topLevelItem(i);
    return nullptr;
  }
  void key(Qt::Key k, Qt::KeyboardModifiers m = Qt::NoModifier) { testing::pressKey(*window_, k, m); }
  Document& doc() { return window_->session().document(); }
  Cuboid3D boxOf(ObjectId id) { return Cuboid3D::fromPoints(stateAt(*doc().object(id), window_->currentFrame())->points); }

 private slots:
  void init() { window_ = testing::openWindow(Session::synthetic(10)); }
  void cleanup() { window_.reset(); }

  void togglesInTheList() {
    const ObjectId id = rowId(0);
    // Columns 4–7: hidden, locked, pinned, occluded.
    itemOf(id)->setCheckState(4, Qt::Checked);
    QTRY_VERIFY(doc().viewState(id).hidden);
    QTRY_VERIFY(itemOf(id) && itemOf(id)->text(3).contains("hidden"));
    itemOf(id)->setCheckState(4, Qt::Unchecked);
    QTRY_VERIFY(!doc().viewState(id).hidden);
    itemOf(id)->setCheckState(5, Qt::Checked);
    QTRY_VERIFY(doc().viewState(id).locked);
    QTRY_VERIFY(itemOf(id) && itemOf(id)->checkState(5) == Qt::Checked);
    itemOf(id)->setCheckState(5, Qt::Unchecked);
    QTRY_VERIFY(!doc().viewState(id).locked);
    // Occluded is an annotation: an undo step.
    const std::size_t steps = window_->session().undoStack().count();
    itemOf(id)->setCheckState(7, Qt::Checked);
    QTRY_VERIFY(stateAt(*doc().object(id), 0)->occluded);
    QCOMPARE(window_->session().undoStack().count(), steps + 1);
  }

  void pinnedCuboidsResizeButDoNotMove() {
    const ObjectId id = rowId(0);
    window_->selectObject(id);
    const Cuboid3D before = boxOf(id);
    itemOf(id)->setCheckState(6, Qt::Checked);
    QTRY_VERIFY(doc().viewState(id).pinned);
    key(Qt::Key_Up, Qt::ControlModifier);  // move: refused
    QVERIFY((boxOf(id).position - before.position).norm() < 1e-12);
    key(Qt::Key_Up, Qt::AltModifier);  // longer: fine
    QVERIFY(std::abs(boxOf(id).scale.x() - before.scale.x() - 0.1) < 1e-9);
    QTRY_VERIFY(itemOf(id) && itemOf(id)->text(3).contains("pinned"));
  }

  void sortOrders() {
    auto* sort = window_->findChild<QComboBox*>("objectSort");
    QVERIFY(rowId(0) < rowId(1));
    sort->setCurrentIndex(1);
    QVERIFY(rowId(0) > rowId(1));
    // Updated last first: the object just edited comes to the top.
    const ObjectId edited = rowId(rows() - 1) == 1 ? rowId(2) : rowId(3);
    window_->selectObject(edited);
    key(Qt::Key_Q);
    sort->setCurrentIndex(2);
    QCOMPARE(rowId(0), edited);
  }

  void itemMenuChangesTheLabel() {
    const ObjectId id = rowId(0);
    const LabelId pedestrian = doc().labels().labelByName("pedestrian")->id;
    QVERIFY(doc().object(id)->label != pedestrian);
    window_->selectObject(id);
    QTimer::singleShot(150, this, [] {
      auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
      QVERIFY(menu);
      for (QAction* a : menu->actions())
        if (a->menu() && a->text().contains("label"))
          for (QAction* l : a->menu()->actions())
            if (l->text() == "pedestrian") l->trigger();
      menu->close();
    });
    const QRect rect = list()->visualItemRect(itemOf(id));
    emit list()->customContextMenuRequested(rect.center());
    QCOMPARE(doc().object(id)->label, pedestrian);
  }

  // A click on the selected object's label opens the label select: only labels that fit, the
  // choice applies at once as one undo step.
  void labelSelectInTheList() {
    const ObjectId id = rowId(0);
    window_->selectObject(id);
    const LabelId truck = doc().labels().labelByName("truck")->id;
    const QRect cell = list()->visualRect(list()->model()->index(0, 1));
    QTest::mouseClick(list()->viewport(), Qt::LeftButton, {}, cell.center());
    QComboBox* select = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((select = list()->findChild<QComboBox*>("labelSelect")) != nullptr, 3000);
    QCOMPARE(select->currentText(), QString("car"));
    QCOMPARE(select->count(), 3);  // car, truck, pedestrian: all cuboid labels
    const int index = select->findText("truck");
    select->setCurrentIndex(index);
    emit select->activated(index);
    QTRY_COMPARE(doc().object(id)->label, truck);
    QTRY_COMPARE(itemOf(id)->text(1), QString("truck"));
    window_->action(ActionId::Undo)->trigger();
    QVERIFY(doc().object(id)->label != truck);
  }

  void mergeAndSplitTracks() {
    // Two car shapes on frames 2 and 6 become one track with M, choose, M.
    const LabelId car = doc().labels().labelByName("car")->id;
    ObjectId shapes[2];
    const int frames[2] = {2, 6};
    for (int i = 0; i < 2; ++i) {
      AnnotationObject shape;
      shape.label = car;
      shape.frame = frames[i];
      shape.shape.type = ShapeType::Cuboid3D;
      Cuboid3D box;
      box.position = {40.0 + 3 * i, -20, 0};
      box.scale = {4, 2, 1.5};
      shape.shape.points = box.toPoints();
      window_->session().undoStack().push(edits::create(doc(), {shape}));
      shapes[i] = doc().objects().rbegin()->first;
    }
    window_->setFrame(2);
    window_->selectObject(shapes[0]);
    key(Qt::Key_M);
    QVERIFY(window_->isMerging());
    // The selected object is the first chosen, and the status bar says so.
    QVERIFY2(window_->statusBar()->currentMessage().contains(QString("#%1 (selected) is chosen").arg(shapes[0])),
             qPrintable(window_->statusBar()->currentMessage()));
    window_->setFrame(6);
    window_->selectObject(shapes[1]);
    key(Qt::Key_M);
    QVERIFY(!window_->isMerging());
    QVERIFY(!doc().object(shapes[0]) && !doc().object(shapes[1]));
    const ObjectId track = doc().objects().rbegin()->first;
    QVERIFY(doc().object(track)->isTrack());
    // As in CVAT, each shape is a keyframe followed by an outside one.
    QVERIFY(std::abs(boxOf(track).position.x() - 43) < 1e-6);
    QVERIFY(stateAt(*doc().object(track), 4)->outside);
    window_->setFrame(2);
    QVERIFY(std::abs(boxOf(track).position.x() - 40) < 1e-6);
    // Alt+M splits the selected track on the current frame.
    window_->setFrame(4);
    const ObjectId street = rowId(0);
    QVERIFY(doc().object(street)->isTrack());
    window_->selectObject(street);
    const std::size_t objects = doc().objects().size();
    key(Qt::Key_M, Qt::AltModifier);
    QCOMPARE(doc().objects().size(), objects + 1);
    // Escape leaves merge mode without merging.
    key(Qt::Key_M);
    QVERIFY(window_->isMerging());
    key(Qt::Key_Escape);
    QVERIFY(!window_->isMerging());
  }

  void appearanceColoursAndOpacity() {
    auto* colorBy = window_->findChild<QComboBox*>("colorBy");
    QVERIFY(colorBy);
    const ObjectId a = rowId(0), b = rowId(1);
    QCOMPARE(doc().object(a)->label, doc().object(b)->label);  // two cars
    auto swatch = [this](ObjectId id) { return itemOf(id)->data(0, Qt::DecorationRole).value<QColor>(); };
    QCOMPARE(swatch(a), swatch(b));  // by label: one colour
    colorBy->setCurrentIndex(1);     // by instance: each its own
    QVERIFY(swatch(a) != swatch(b));
    colorBy->setCurrentIndex(0);
    window_->findChild<QSlider*>("opacity")->setValue(60);
    window_->findChild<QCheckBox*>("orientationArrows")->setChecked(true);
    // Remembered for the next window.
    window_.reset();
    window_ = testing::openWindow(Session::synthetic(3));
    QCOMPARE(window_->findChild<QSlider*>("opacity")->value(), 60);
    QVERIFY(window_->findChild<QCheckBox*>("orientationArrows")->isChecked());
    window_->findChild<QSlider*>("opacity")->setValue(18);
    window_->findChild<QCheckBox*>("orientationArrows")->setChecked(false);
  }
};

LABELSTATION_WINDOW_TEST_MAIN(ObjectsTest)

#include "objects_test.moc"

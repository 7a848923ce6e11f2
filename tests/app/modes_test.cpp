// The annotation modes in the window, driven by keys and clicks: tag annotation (label hotkeys,
// next frame after tagging, removing), attribute annotation (Tab through objects, Up / Down
// through attributes, digits set values, the canvas zoomed on the object), single shape (a
// drawing on every frame, next frame after each shape, skip, only empty frames), and the
// navigation to frames with matches or without annotations.

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "image_canvas.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "mode_panel.h"
#include "image_window_fixture.h"

using namespace labelstation;
using namespace labelstation::app;

class ModesTest : public testing::ImageWindowFixture {
  Q_OBJECT

 private:
  void chooseMode(WorkspaceMode mode) { window_->findChild<QComboBox*>("workspaceMode")->setCurrentIndex(static_cast<int>(mode)); }
  ObjectId addRectangle(LabelId label, int frame, double x) {
    AnnotationObject o;
    o.label = label;
    o.frame = frame;
    o.shape.points = {x, 100, x + 80, 200};
    auto command = edits::create(doc(), {o});
    const ObjectId id = command->createdObjects().front();
    window_->session().undoStack().push(std::move(command));
    return id;
  }
  std::vector<ObjectId> tagsOn(int frame) {
    std::vector<ObjectId> out;
    for (const auto& [id, o] : doc().objects())
      if (o.kind == ObjectKind::Tag && o.frame == frame) out.push_back(id);
    return out;
  }

 private slots:
  void init() {
    openImages();
  }
  void cleanup() { window_.reset(); }

  // Digits add a tag of the n-th label to the frame (not choose a label); with "next frame
  // after tagging" the frame moves on; a chosen tag is removed.
  void tagAnnotation() {
    chooseMode(WorkspaceMode::Tags);
    QVERIFY(window_->findChild<QDockWidget*>("modeDock")->isVisible());
    QVERIFY(window_->workspaceMode() == WorkspaceMode::Tags);
    window_->findChild<QCheckBox*>("tagAutoNext")->setChecked(false);
    testing::pressKey(*window_, Qt::Key_2);
    QCOMPARE(tagsOn(0).size(), std::size_t(1));
    QCOMPARE(doc().labels().label(doc().object(tagsOn(0).front())->label)->name, std::string("person"));
    // The canvas shows the frame's tags in its top-left corner, in the label's colour.
    QCOMPARE(QColor(canvas()->grab().toImage().pixel(10, 12)), QColor("#34d17a"));
    auto* list = window_->findChild<QListWidget*>("frameTags");
    QCOMPARE(list->count(), 1);
    QCOMPARE(list->item(0)->text(), QString("person"));
    window_->findChild<QCheckBox*>("tagAutoNext")->setChecked(true);
    testing::pressKey(*window_, Qt::Key_1);
    QCOMPARE(tagsOn(0).size(), std::size_t(2));
    QCOMPARE(window_->currentFrame(), 1);
    QCOMPARE(list->count(), 0);  // frame 1 has none yet
    window_->setFrame(0);
    list->setCurrentRow(0);
    window_->findChild<QPushButton*>("removeTag")->click();
    QCOMPARE(tagsOn(0).size(), std::size_t(1));
    // The hotkeys can be changed per label: 7 for "traffic sign" (and 2 no longer "person" when
    // it takes 2).
    auto* signKey = window_->findChild<QComboBox*>("tagKey_traffic sign");
    QVERIFY(signKey);
    signKey->setCurrentIndex(signKey->findText("7"));
    emit signKey->activated(signKey->currentIndex());
    testing::pressKey(*window_, Qt::Key_7);
    QCOMPARE(tagsOn(0).size(), std::size_t(2));
    QCOMPARE(doc().labels().label(doc().objects().rbegin()->second.label)->name, std::string("traffic sign"));
    signKey->setCurrentIndex(signKey->findText("2"));
    emit signKey->activated(signKey->currentIndex());
    QCOMPARE(window_->findChild<QComboBox*>("tagKey_person")->currentText(), QString("none"));
    signKey->setCurrentIndex(signKey->findText("3"));  // back to the order for the next run
    emit signKey->activated(signKey->currentIndex());
    window_->findChild<QComboBox*>("tagKey_person")->setCurrentIndex(2);
    emit window_->findChild<QComboBox*>("tagKey_person")->activated(2);
    window_->setFrame(0);
    chooseMode(WorkspaceMode::Standard);
    QVERIFY(!window_->findChild<QDockWidget*>("modeDock")->isVisible());
    testing::pressKey(*window_, Qt::Key_2);  // outside the mode a digit adds no tag
    QCOMPARE(tagsOn(0).size(), std::size_t(2));
  }

  // Tab moves through the frame's objects, Down to the next attribute, digits set values; the
  // canvas zooms on the object.
  void attributeAnnotation() {
    LabelSchema labels = doc().labels();
    Label* car = labels.label(labels.labelByName("car")->id);
    car->attributes.push_back({1001, "color", AttributeInputType::Select, false, {"red", "blue", "green"}, "red"});
    car->attributes.push_back({1002, "parked", AttributeInputType::Checkbox, false, {"false"}, "false"});
    try {
      window_->session().undoStack().push(edits::editLabels(doc(), labels));
    } catch (const CommandError& e) {
      QFAIL(e.what());
    }
    const LabelId carId = doc().labels().labelByName("car")->id;
    const ObjectId first = addRectangle(carId, 0, 100), second = addRectangle(carId, 0, 600);
    const AttributeId color = doc().labels().label(carId)->attributeByName("color")->id;
    const AttributeId parked = doc().labels().label(carId)->attributeByName("parked")->id;
    const double fitted = canvas()->scale();
    chooseMode(WorkspaceMode::Attributes);
    QCOMPARE(window_->selectedObject(), first);
    QVERIFY(canvas()->scale() > fitted);  // zoomed on it
    auto* attribute = window_->findChild<QLabel*>("aamAttribute");
    QVERIFY(attribute->text().startsWith("color"));
    testing::pressKey(*window_, Qt::Key_Tab);
    QCOMPARE(window_->selectedObject(), second);
    testing::pressKey(*window_, Qt::Key_2);
    QCOMPARE(doc().object(second)->shape.attributes.at(color), std::string("green"));
    QCOMPARE(doc().object(first)->shape.attributes.at(color), std::string("red"));
    testing::pressKey(*window_, Qt::Key_Down);
    QVERIFY(attribute->text().startsWith("parked"));
    testing::pressKey(*window_, Qt::Key_1);
    QCOMPARE(doc().object(second)->shape.attributes.at(parked), std::string("true"));
    window_->grab().save(QDir::temp().filePath("labelstation_aam.png"));  // to look at
    testing::pressKey(*window_, Qt::Key_Tab, Qt::ShiftModifier);
    QCOMPARE(window_->selectedObject(), first);
    // A drag moves the object as far as the mouse went (the view stays on it, not chasing it).
    const double left = doc().object(first)->shape.points[0];
    drag({140, 150}, {160, 150});
    QVERIFY2(std::abs(doc().object(first)->shape.points[0] - left - 20) <= 1, qPrintable(QString::number(doc().object(first)->shape.points[0] - left)));
    // A dialog's text keeps its digits (they set no value behind it).
    {
      QDialog dialog(window_.get());
      auto* text = new QPlainTextEdit(&dialog);
      dialog.show();
      QVERIFY(QTest::qWaitForWindowExposed(&dialog));
      text->setFocus();
      QTest::keyClick(text, Qt::Key_2);
      QCOMPARE(text->toPlainText(), QString("2"));
      QCOMPARE(doc().object(first)->shape.attributes.at(color), std::string("red"));
    }
    // Right: the next frame with objects (frame 3 here).
    addRectangle(carId, 3, 100);
    testing::pressKey(*window_, Qt::Key_Right);
    QCOMPARE(window_->currentFrame(), 3);
    window_->action(ActionId::Undo)->trigger();  // undo works in the mode
    testing::pressKey(*window_, Qt::Key_Left);
    QCOMPARE(window_->currentFrame(), 0);
  }

  // Each frame starts a drawing of the chosen label and type; a shape moves to the next frame;
  // Skip moves on without one; "only empty frames" skips annotated ones; Escape restarts.
  void singleShape() {
    const LabelId person = doc().labels().labelByName("person")->id;
    addRectangle(person, 3, 100);
    chooseMode(WorkspaceMode::SingleShape);
    auto* labelBox = window_->findChild<QComboBox*>("singleShapeLabel");
    labelBox->setCurrentIndex(labelBox->findText("person"));
    QTRY_VERIFY(canvas()->isDrawing());
    QVERIFY(canvas()->drawingType() == ShapeType::Rectangle);
    QVERIFY(window_->findChild<QLabel*>("singleShapePrompt")->text().contains("person"));
    window_->findChild<QCheckBox*>("singleShapeAutoNext")->setChecked(true);
    window_->findChild<QCheckBox*>("singleShapeEmptyOnly")->setChecked(false);
    click({100, 100});
    click({200, 200});
    QCOMPARE(window_->currentFrame(), 1);
    const auto& drawn = doc().objects().rbegin()->second;
    QCOMPARE(drawn.frame, 0);
    QCOMPARE(drawn.label, person);
    QTRY_VERIFY(canvas()->isDrawing());
    window_->findChild<QPushButton*>("singleShapeSkip")->click();
    QCOMPARE(window_->currentFrame(), 2);
    window_->findChild<QCheckBox*>("singleShapeEmptyOnly")->setChecked(true);
    window_->findChild<QPushButton*>("singleShapeSkip")->click();
    QCOMPARE(window_->currentFrame(), 4);  // 3 has a shape
    QTRY_VERIFY(canvas()->isDrawing());
    testing::pressKey(*window_, Qt::Key_Escape);
    QTRY_VERIFY(canvas()->isDrawing());  // Escape starts the shape over
    // Polygons with a fixed number of points end by themselves.
    window_->findChild<QComboBox*>("singleShapeType")->setCurrentIndex(window_->findChild<QComboBox*>("singleShapeType")->findText("polygon"));
    window_->findChild<QCheckBox*>("singleShapeFixedPoints")->setChecked(true);
    QTRY_VERIFY(canvas()->isDrawing() && canvas()->drawingType() == ShapeType::Polygon);
    const std::size_t before = doc().objects().size();
    for (const QPointF& p : {QPointF(300, 100), QPointF(400, 100), QPointF(400, 200), QPointF(300, 200)}) click(p);
    QCOMPARE(doc().objects().size(), before + 1);
    QCOMPARE(doc().objects().rbegin()->second.shape.points.size(), std::size_t(8));
    // Out of frames with "save when no frame is left": the task is saved.
    QTemporaryDir dir;
    QVERIFY(window_->saveProjectAs((dir.path() + "/street.lsproj").toStdString()));
    window_->findChild<QCheckBox*>("singleShapeEmptyOnly")->setChecked(false);
    window_->findChild<QCheckBox*>("singleShapeSaveWhenDone")->setChecked(true);
    window_->setFrame(5);
    QTRY_VERIFY(canvas()->isDrawing());
    const std::size_t count = doc().objects().size();
    for (const QPointF& p : {QPointF(300, 100), QPointF(400, 100), QPointF(400, 200), QPointF(300, 200)}) click(p);
    QCOMPARE(doc().objects().size(), count + 1);  // the last frame's shape: no next frame, so saved
    QVERIFY(window_->session().undoStack().isClean());
    window_->findChild<QCheckBox*>("singleShapeSaveWhenDone")->setChecked(false);
    chooseMode(WorkspaceMode::Standard);
    QTest::qWait(20);
    QVERIFY(!canvas()->isDrawing());
  }

  void matchingAndEmptyFrames() {
    const LabelId car = doc().labels().labelByName("car")->id;
    addRectangle(car, 2, 100);
    addRectangle(car, 4, 100);
    window_->action(ActionId::NextMatchingFrame)->trigger();
    QCOMPARE(window_->currentFrame(), 2);
    window_->action(ActionId::NextMatchingFrame)->trigger();
    QCOMPARE(window_->currentFrame(), 4);
    window_->action(ActionId::PreviousEmptyFrame)->trigger();
    QCOMPARE(window_->currentFrame(), 3);
    window_->action(ActionId::NextEmptyFrame)->trigger();
    QCOMPARE(window_->currentFrame(), 5);
  }
};

LABELSTATION_WINDOW_TEST_MAIN(ModesTest)

#include "modes_test.moc"

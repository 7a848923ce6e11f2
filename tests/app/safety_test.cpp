// Nothing an annotator did is lost: closing, quitting, New task and Open ask about unsaved changes;
// every task is journalled from its first change and what a killed session left is offered again.

#include <QComboBox>
#include <QLabel>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include "labelstation/core/edits.h"
#include "labelstation/io/annotation_formats.h"
#include "labelstation/io/project.h"
#include "labelstation/io/recovery.h"
#include "main_window.h"
#include "canvas_mouse.h"
#include "image_canvas.h"
#include "recovery_dialog.h"
#include "window_harness.h"

using namespace labelstation;
using namespace labelstation::app;

namespace {

const std::string kSample = LABELSTATION_SOURCE_DIR "/sample_data/lidar_street";

// A car on `frame`, as an annotator's edit (one undo step).
void addCar(MainWindow& window, int frame, double x) {
  Document& doc = window.session().document();
  AnnotationObject car;
  car.label = doc.labels().labelByName("car")->id;
  car.frame = frame;
  car.shape.type = ShapeType::Cuboid3D;
  Cuboid3D box;
  box.position = {x, 2, -1};
  box.scale = {4, 2, 1.5};
  car.shape.points = box.toPoints();
  window.session().undoStack().push(edits::create(doc, {car}));
}

}  // namespace

class SafetyTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<MainWindow> window_;
  QTemporaryDir recovery_;

  std::filesystem::path folder() const { return recovery_.path().toStdString(); }

 private slots:
  void initTestCase() {
    QVERIFY(recovery_.isValid());
    qputenv("LABELSTATION_RECOVERY_DIR", recovery_.path().toUtf8());
  }
  void init() { window_ = testing::openWindow(Session::open(kSample)); }
  void cleanup() {
    window_.reset();
    for (const auto& record : io::findOrphanedWork(folder())) io::discardOrphanedWork(record);
  }

  void closingWithoutChangesAsksNothing() {
    QVERIFY(window_->close());
    QVERIFY(io::findOrphanedWork(folder()).empty());
  }

  // Cancel keeps the window and the work; Discard closes and leaves nothing to recover.
  void closingAsksAboutUnsavedChanges() {
    addCar(*window_, 0, 5);
    QVERIFY(window_->windowTitle().contains("*"));
    QString question;
    testing::answerNextMessageBox(window_.get(), &question, QMessageBox::Cancel);
    QVERIFY(!window_->close());
    QCOMPARE(question, QString("Save the changes to lidar_street?"));
    QVERIFY(window_->isVisible());
    QCOMPARE(window_->session().document().objects().size(), std::size_t{1});
    testing::answerNextMessageBox(window_.get(), &question, QMessageBox::Discard);
    QVERIFY(window_->close());
    window_.reset();
    QVERIFY(io::findOrphanedWork(folder()).empty());
  }

  // Ctrl+Q goes through the same question.
  void quitAsks() {
    addCar(*window_, 0, 5);
    QString question;
    testing::answerNextMessageBox(window_.get(), &question, QMessageBox::Cancel);
    testing::pressKey(*window_, Qt::Key_Q, Qt::ControlModifier);
    QCOMPARE(question, QString("Save the changes to lidar_street?"));
    QVERIFY(window_->isVisible());
  }

  // Save on a project writes it; nothing is left in its journal.
  void closingCanSaveAProject() {
    QTemporaryDir dir;
    const std::string file = (dir.path() + "/street.lsproj").toStdString();
    QVERIFY(window_->saveProjectAs(file));
    addCar(*window_, 0, 5);
    QString question;
    testing::answerNextMessageBox(window_.get(), &question, QMessageBox::Save);
    QVERIFY(window_->close());
    QCOMPARE(question, QString("Save the changes to street?"));
    const io::LoadedProject saved = io::loadProject(file);
    QCOMPARE(saved.contents.objects.size(), std::size_t{1});
    QCOMPARE(saved.journalEntries, std::size_t{0});
  }

  // Discarding a project's changes empties its journal: reopening does not bring them back.
  void discardingAProjectsChangesForgetsTheJournal() {
    QTemporaryDir dir;
    const std::string file = (dir.path() + "/street.lsproj").toStdString();
    QVERIFY(window_->saveProjectAs(file));
    addCar(*window_, 0, 5);
    QCOMPARE(io::journalledChanges(file), std::size_t{1});
    QString question;
    testing::answerNextMessageBox(window_.get(), &question, QMessageBox::Discard);
    QVERIFY(window_->close());
    QCOMPARE(io::journalledChanges(file), std::size_t{0});
    QCOMPARE(io::loadProject(file).contents.objects.size(), std::size_t{0});
  }

  // New task and Open ask first; Cancel leaves the task as it was.
  void newTaskAndOpenAsk() {
    addCar(*window_, 0, 5);
    QString question;
    testing::answerNextMessageBox(window_.get(), &question, QMessageBox::Cancel);
    QVERIFY(!window_->newTask(LABELSTATION_SOURCE_DIR "/sample_data/images_street", {}));
    QCOMPARE(question, QString("Save the changes to lidar_street?"));
    QCOMPARE(window_->session().title(), std::string("lidar_street"));
    QCOMPARE(window_->session().document().objects().size(), std::size_t{1});
    testing::answerNextMessageBox(window_.get(), &question, QMessageBox::Discard);
    QVERIFY(window_->newTask(LABELSTATION_SOURCE_DIR "/sample_data/images_street", {}));
    QCOMPARE(window_->session().title(), std::string("images_street"));
    QVERIFY(!window_->windowTitle().contains("*"));
  }

  // An untitled task (a dataset folder, as the README's first command opens) is journalled from
  // its first change: when the window goes without a word (a kill, a crash), the next start finds
  // the work and recovers it whole, still unsaved.
  void untitledWorkIsRecovered() {
    addCar(*window_, 0, 5);
    addCar(*window_, 3, 9);
    window_->session().undoStack().push(edits::deleteFrame(window_->session().document(), 7));
    window_.reset();  // no question asked: as after a kill

    const auto orphans = io::findOrphanedWork(folder());
    QCOMPARE(orphans.size(), std::size_t{1});
    QCOMPARE(orphans[0].title, std::string("lidar_street"));
    QVERIFY(orphans[0].untitled);
    QCOMPARE(RecoveryDialog::describe(orphans[0]).left(28), QString("lidar_street — unsaved task,"));

    window_ = testing::openWindow(Session::synthetic(4));
    QVERIFY(window_->openRecovered(orphans[0]));
    const Document& doc = window_->session().document();
    QCOMPARE(window_->session().title(), std::string("lidar_street"));
    QCOMPARE(doc.objects().size(), std::size_t{2});
    QVERIFY(doc.isFrameDeleted(7));
    QVERIFY(window_->windowTitle().contains("*"));
    QVERIFY(window_->findChild<QLabel*>("notices")->text().contains("Recovered the unsaved work of lidar_street"));
    QVERIFY2(io::findOrphanedWork(folder()).empty(), "the recovered task is this window's now");

    // Killed again after one more change: all three changes come back.
    addCar(*window_, 5, 1);
    window_.reset();
    const auto again = io::findOrphanedWork(folder());
    QCOMPARE(again.size(), std::size_t{1});
    window_ = testing::openWindow(Session::synthetic(4));
    QVERIFY(window_->openRecovered(again[0]));
    QCOMPARE(window_->session().document().objects().size(), std::size_t{3});

    // Saved as a project: nothing is left to recover.
    QTemporaryDir dir;
    QVERIFY(window_->saveProjectAs((dir.path() + "/street.lsproj").toStdString()));
    window_.reset();
    QVERIFY(io::findOrphanedWork(folder()).empty());
    QCOMPARE(QDir(recovery_.path()).entryList(QDir::Files).size(), 0);
  }

  // A project's unsaved changes are offered too: its own journal holds them.
  void projectWorkIsOffered() {
    QTemporaryDir dir;
    const std::string file = (dir.path() + "/street.lsproj").toStdString();
    QVERIFY(window_->saveProjectAs(file));
    addCar(*window_, 0, 5);
    window_.reset();
    const auto orphans = io::findOrphanedWork(folder());
    QCOMPARE(orphans.size(), std::size_t{1});
    QVERIFY(!orphans[0].untitled);
    QCOMPARE(orphans[0].changes, std::size_t{1});
    window_ = testing::openWindow(Session::synthetic(4));
    QVERIFY(window_->openRecovered(orphans[0]));
    QCOMPARE(window_->session().document().objects().size(), std::size_t{1});
    QVERIFY(window_->windowTitle().startsWith("street* — "));
  }

  // Work the user does not want: discarded from the offer, it is gone for good.
  void discardedWorkIsGone() {
    addCar(*window_, 0, 5);
    window_.reset();
    const auto orphans = io::findOrphanedWork(folder());
    QCOMPARE(orphans.size(), std::size_t{1});
    io::discardOrphanedWork(orphans[0]);
    QVERIFY(io::findOrphanedWork(folder()).empty());
    QCOMPARE(QDir(recovery_.path()).entryList(QDir::Files).size(), 0);
  }

  // Untouched tasks leave nothing behind; a running window's task is never offered.
  void onlyOrphanedWorkIsOffered() {
    addCar(*window_, 0, 5);
    QVERIFY(io::findOrphanedWork(folder()).empty());  // this window's, alive
    auto untouched = testing::openWindow(Session::open(kSample));
    untouched.reset();
    QVERIFY(io::findOrphanedWork(folder()).empty());
  }

  // Only what is shown can be selected: a track gone outside, a hidden object, a shape of another
  // frame let go of the selection, and Delete or a label key then touch nothing.
  void selectionFollowsWhatIsShown() {
    window_ = testing::openWindow(Session::synthetic(10));
    Document& doc = window_->session().document();
    const std::size_t count = doc.objects().size();
    auto key = [this](Qt::Key k, Qt::KeyboardModifiers m = Qt::NoModifier) { testing::pressKey(*window_, k, m); };
    const ObjectId track = doc.objects().begin()->first, other = std::next(doc.objects().begin())->first;

    window_->selectObject(track);
    QCOMPARE(window_->selectedObject(), track);
    key(Qt::Key_O);  // outside from here on
    QVERIFY(!window_->isShownOnFrame(track));
    QCOMPARE(window_->selectedObject(), ObjectId{0});
    key(Qt::Key_Delete);
    QCOMPARE(doc.objects().size(), count);
    window_->selectObject(track);  // cannot be selected while not shown
    QCOMPARE(window_->selectedObject(), ObjectId{0});
    key(Qt::Key_Z, Qt::ControlModifier);

    window_->selectObject(other);
    const LabelId label = doc.object(other)->label;
    key(Qt::Key_H);  // hidden
    QVERIFY(doc.viewState(other).hidden);
    QCOMPARE(window_->selectedObject(), ObjectId{0});
    key(Qt::Key_Delete);
    key(Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(doc.objects().size(), count);
    QCOMPARE(doc.object(other)->label, label);
    doc.setHidden(other, false);

    // A shape on frame 0 is let go on frame 1; a track shown on both stays selected.
    addCar(*window_, 0, 5);
    const ObjectId shape = doc.objects().rbegin()->first;
    window_->selectObject(shape);
    QCOMPARE(window_->selectedObject(), shape);
    key(Qt::Key_F);
    QCOMPARE(window_->currentFrame(), 1);
    QCOMPARE(window_->selectedObject(), ObjectId{0});
    window_->selectObject(other);
    key(Qt::Key_F);
    QCOMPARE(window_->selectedObject(), other);

    // Escape with nothing going on clears it.
    key(Qt::Key_Escape);
    QCOMPARE(window_->selectedObject(), ObjectId{0});
  }

  // Label JSON loaded with ids of its own (Edit labels › Raw): the same names are the same labels,
  // so nothing is deleted; a label really gone is named in the question with its objects.
  void labelsAreMatchedByName() {
    window_ = testing::openWindow(Session::synthetic(10));
    Document& doc = window_->session().document();
    const std::size_t count = doc.objects().size();
    LabelSchema loaded;
    for (const Label* l : doc.labels().topLevelLabels()) {
      Label copy = *l;
      copy.id = l->id + 100;
      for (AttributeSpec& a : copy.attributes) a.id += 100;
      loaded.addLabel(copy);
    }
    QString question;
    testing::answerNextMessageBox(window_.get(), &question, QMessageBox::Cancel);
    QVERIFY(window_->applyLabels(loaded));
    QVERIFY2(question.isEmpty(), qPrintable(question));
    QCOMPARE(doc.objects().size(), count);

    LabelSchema withoutPedestrians;
    for (const Label* l : loaded.topLevelLabels())
      if (l->name != "pedestrian") withoutPedestrians.addLabel(*l);
    testing::answerNextMessageBox(window_.get(), &question, QMessageBox::Cancel);
    QVERIFY(!window_->applyLabels(withoutPedestrians));
    QVERIFY2(question.contains("\"pedestrian\" (2)"), qPrintable(question));
    QCOMPARE(doc.objects().size(), count);
  }

  // What a format cannot hold is said after the export, with its count.
  void exportSaysWhatItLost() {
    window_ = testing::openWindow(Session::open(LABELSTATION_SOURCE_DIR "/sample_data/images_street"));
    Document& doc = window_->session().document();
    AnnotationObject tag;
    tag.kind = ObjectKind::Tag;
    tag.label = doc.labels().topLevelLabels().front()->id;
    tag.frame = 1;
    window_->session().undoStack().push(edits::create(doc, {tag}));
    QTemporaryDir dir;
    QString told;
    testing::answerNextMessageBox(window_.get(), &told);
    QVERIFY(window_->exportAnnotations(*io::findAnnotationFormat("cvat_video"), (dir.path() + "/v.xml").toStdString(), {}));
    QVERIFY2(told.contains("1 tag was not written: CVAT for video has no tags"), qPrintable(told));
  }

  // Tags in the standard mode (CVAT's "Setup tag"): a label and Add tag on the drawing bar, one tag
  // of a label per frame; a tag label chosen for the next shape never starts one.
  void tagsInTheStandardMode() {
    window_ = testing::openWindow(Session::open(LABELSTATION_SOURCE_DIR "/sample_data/images_street"));
    Document& doc = window_->session().document();
    LabelSchema labels = doc.labels();
    Label weather;
    weather.name = "rain";
    weather.type = LabelType::Tag;
    weather.color = "#00ffff";
    labels.addLabel(weather);
    QVERIFY(window_->applyLabels(labels));
    auto* tagLabel = window_->findChild<QComboBox*>("tagLabel");
    QVERIFY(tagLabel);
    QVERIFY(tagLabel->findText("rain") >= 0);
    QVERIFY(tagLabel->findText("car") >= 0);  // type any: tags too
    tagLabel->setCurrentIndex(tagLabel->findText("rain"));
    QAction* addTag = window_->findChild<QAction*>("addTag");
    QVERIFY(addTag);
    addTag->trigger();
    addTag->trigger();  // the frame has it already
    std::size_t tags = 0;
    for (const auto& [id, o] : doc.objects()) tags += o.kind == ObjectKind::Tag && o.frame == 0 ? 1 : 0;
    QCOMPARE(tags, std::size_t{1});

    // Ctrl+4 (rain, the fourth label) with nothing under the cursor, then N: no shape of "rain".
    const LabelId rain = doc.labels().labelByName("rain")->id;
    testing::pressKey(*window_, Qt::Key_4, Qt::ControlModifier);
    QCOMPARE(window_->currentLabel(), rain);
    window_->chooseDrawType(ShapeType::Rectangle);
    testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(window_->canvas()->isDrawing());
    ImageCanvas& canvas = *window_->canvas();
    testing::clickAt(canvas, {100, 80});
    testing::moveTo(canvas, {300, 200});
    testing::clickAt(canvas, {300, 200});
    QVERIFY(!canvas.isDrawing());
    const AnnotationObject& drawn = doc.objects().rbegin()->second;
    QVERIFY(drawn.kind == ObjectKind::Shape);
    QVERIFY2(drawn.label != rain, "a tag label drew a shape");
  }

  void autosaveIsOnByDefault() { QVERIFY(window_->session().settings().autosaveMinutes > 0); }
};

LABELSTATION_WINDOW_TEST_MAIN(SafetyTest)

#include "safety_test.moc"

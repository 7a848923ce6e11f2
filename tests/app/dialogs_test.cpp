// The window's dialogs as an annotator uses them: export and import over the format registry
// (progress, cancel, refusals), and what each dialog hands back.

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest/QtTest>
#include <zip.h>

#include <fstream>
#include <thread>

#include "labelstation/io/annotation_formats.h"
#include "labelstation/io/errors.h"
#include "new_task_dialog.h"
#include "skeleton_configurator.h"
#include <QMenu>
#include <QToolButton>
#include <set>
#include "propagate_dialog.h"
#include "job_info.h"
#include "labelstation/core/statistics.h"
#include "settings_dialog.h"
#include "transfer_dialogs.h"
#include "keymap_editor.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "window_harness.h"

using namespace labelstation;
using namespace labelstation::app;

class DialogsTest : public QObject {
  Q_OBJECT

 private:
  std::unique_ptr<MainWindow> window_;
  QTemporaryDir dir_;

  std::filesystem::path path(const char* name) const { return (dir_.path() + "/" + name).toStdString(); }

 private slots:
  void init() {
    window_ = testing::openWindow(Session::synthetic(10));
    QVERIFY(dir_.isValid());
  }
  void cleanup() { window_.reset(); }

  void exportThenImportReplacesAsOneUndoStep() {
    Document& doc = window_->session().document();
    const std::size_t objects = doc.objects().size();
    QVERIFY(objects > 0);
    const io::AnnotationFormat& kittiRaw = *io::findAnnotationFormat("kitti_raw");
    QVERIFY(window_->exportAnnotations(kittiRaw, path("street.zip"), {}));
    QVERIFY(std::filesystem::is_regular_file(path("street.zip")));

    // Delete one object, then bring the export back over everything.
    window_->selectObject(doc.objects().begin()->first);
    testing::pressKey(*window_, Qt::Key_Delete);
    QCOMPARE(doc.objects().size(), objects - 1);
    io::ImportOptions replace;
    replace.replace = true;
    QVERIFY(window_->importAnnotations(kittiRaw, path("street.zip"), replace));
    QCOMPARE(doc.objects().size(), objects);
    QCOMPARE(window_->objectList()->topLevelItemCount(), 6);  // listed on the current frame
    window_->session().undoStack().undo();  // the import, in one step
    QCOMPARE(doc.objects().size(), objects - 1);
    // Adding instead of replacing doubles what is there.
    QVERIFY(window_->importAnnotations(kittiRaw, path("street.zip"), {}));
    QCOMPARE(doc.objects().size(), 2 * objects - 1);
  }

  void badImportsChangeNothingAndSayWhy() {
    Document& doc = window_->session().document();
    const std::size_t objects = doc.objects().size();
    const io::AnnotationFormat& datumaro = *io::findAnnotationFormat("datumaro_3d");
    {
      std::ofstream(path("broken.json")) << "{\"items\": [";
    }
    QString text;
    testing::answerNextMessageBox(window_.get(), &text);
    QVERIFY(!window_->importAnnotations(datumaro, path("broken.json"), {}));
    QVERIFY2(text.contains("broken.json"), qPrintable(text));
    QCOMPARE(doc.objects().size(), objects);
    // A label the task lacks: refused, with the label named.
    {
      std::ofstream(path("zeppelin.json")) << "{\"categories\": {\"label\": {\"labels\": [{\"name\": \"zeppelin\", \"parent\": \"\", \"attributes\": []}]}},\n"
"        \"items\": [{\"id\": \"frame_000000\", \"annotations\": [{\"id\": 1, \"type\": \"cuboid_3d\", \"attributes\": {}, \"group\": 0, \"label_id\": 0,\n"
"        \"position\": [1, 2, 0], \"rotation\": [0, 0, 0], \"scale\": [4, 2, 1.5]}], \"attr\": {\"frame\": 0}}]}";
    }
    testing::answerNextMessageBox(window_.get(), &text);
    QVERIFY(!window_->importAnnotations(datumaro, path("zeppelin.json"), {}));
    QVERIFY2(text.contains("zeppelin"), qPrintable(text));
    QCOMPARE(doc.objects().size(), objects);
    // A 2D format into a 3D task.
    testing::answerNextMessageBox(window_.get(), &text);
    QVERIFY(!window_->importAnnotations(*io::findAnnotationFormat("cvat_images"), path("street.zip"), {}));
    QVERIFY2(text.contains("2D"), qPrintable(text));
  }

  // A zipped drive opens with frame 0 while the rest is still in the archive (extracted in the
  // background); an export with media gets every file; closing removes the extraction folder.
  void zippedDriveOpensAndExports() {
    const std::filesystem::path source = LABELSTATION_SOURCE_DIR "/sample_data/lidar_street";
    const std::filesystem::path zip = path("drive.zip");
    {
      int error = 0;
      zip_t* archive = zip_open(zip.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
      QVERIFY(archive);
      for (const auto& entry : std::filesystem::recursive_directory_iterator(source)) {
        if (!entry.is_regular_file()) continue;
        const std::string name = entry.path().lexically_relative(source.parent_path()).generic_string();
        zip_source_t* file = zip_source_file(archive, entry.path().c_str(), 0, -1);
        QVERIFY(file && zip_file_add(archive, name.c_str(), file, ZIP_FL_ENC_UTF_8) >= 0);
      }
      QCOMPARE(zip_close(archive), 0);
    }
    QVERIFY(window_->newTask(zip, {}));
    QTRY_VERIFY_WITH_TIMEOUT(window_->isFrameLoaded(), 20000);
    const io::Dataset* dataset = window_->session().dataset();
    QVERIFY(dataset && dataset->deferredMedia);
    const std::filesystem::path root = dataset->root;
    const auto loaded = window_->session().waitFrame(0);
    QVERIFY(loaded.ok());
    QVERIFY(loaded.data->cloud.size() > 1000);
    QCOMPARE(loaded.data->relatedImages.size(), std::size_t(2));
    QTRY_COMPARE_WITH_TIMEOUT(dataset->deferredMedia->pending(), std::size_t(0), 20000);
    const auto last = dataset->frames.back().media;
    QCOMPARE(std::filesystem::file_size(last), std::filesystem::file_size(source / last.lexically_relative(root / "lidar_street")));
    io::ExportOptions media;
    media.saveMedia = true;
    QVERIFY(window_->exportAnnotations(*io::findAnnotationFormat("kitti_raw"), path("drive_export.zip"), media));
    QVERIFY(std::filesystem::file_size(path("drive_export.zip")) > 1000000);
    window_.reset();
    QVERIFY(!std::filesystem::exists(root));
    window_ = testing::openWindow(Session::synthetic(10));
  }

  void exportFailureIsReported() {
    QString text;
    testing::answerNextMessageBox(window_.get(), &text);
    io::ExportOptions media;
    media.saveMedia = true;  // the synthetic street has no files to save
    QVERIFY(!window_->exportAnnotations(*io::findAnnotationFormat("kitti_raw"), path("media.zip"), media));
    QVERIFY2(!text.isEmpty(), "no message box");
    QVERIFY(!std::filesystem::exists(path("media.zip")));
  }

  void cancelStopsTheWorkAndErrorsReachTheCaller() {
    // Cancel in the progress dialog sets the flag the work watches.
    QTimer::singleShot(600, this, [this] {
      auto* dialog = window_->findChild<QProgressDialog*>("workProgress");
      QVERIFY(dialog && dialog->isVisible());
      QTest::mouseClick(dialog->findChild<QPushButton*>(), Qt::LeftButton);
    });
    int steps = 0;
    const bool completed = runWithProgress(window_.get(), "Working", [&](WorkProgress& p) {
      p.total = 1000;
      for (; steps < 1000 && !p.cancelled; ++steps) {
        p.done = static_cast<std::size_t>(steps);
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      if (p.cancelled) throw WorkCancelled{};
    });
    QVERIFY(!completed);
    QVERIFY(steps < 1000);
    QVERIFY(runWithProgress(window_.get(), "Quick", [](WorkProgress&) {}));
    QVERIFY_THROWS_EXCEPTION(io::IoError, runWithProgress(window_.get(), "Failing", [](WorkProgress&) { throw io::IoError("x.zip", "disk full"); }));
  }

  void exportDialogOffersTheTasksFormatsAndOptions() {
    ExportDialog dialog(TaskDimension::PointCloud3D, 10, "/tmp/out.zip");
    auto* format = dialog.findChild<QComboBox*>("format");
    QVERIFY(format->findText("Kitti Raw Format 1.0") >= 0);
    QVERIFY(format->findText("CVAT task backup (3D)") >= 0);
    QCOMPARE(format->findText("CVAT for images 1.1"), -1);
    format->setCurrentText("Datumaro 3D 1.0");
    dialog.findChild<QSpinBox*>("firstFrame")->setValue(2);
    dialog.findChild<QSpinBox*>("lastFrame")->setValue(5);
    dialog.findChild<QCheckBox*>("onlyKeyframes")->setChecked(true);
    dialog.findChild<QCheckBox*>("saveMedia")->setChecked(true);
    ExportRequest r = dialog.request();
    QCOMPARE(QString::fromStdString(r.format->id), QString("datumaro_3d"));
    QCOMPARE(r.output, std::filesystem::path("/tmp/out.zip"));
    QCOMPARE(r.options.firstFrame.value_or(-1), 2);
    QCOMPARE(r.options.lastFrame.value_or(-1), 5);
    QVERIFY(r.options.onlyKeyframes && r.options.saveMedia && r.options.skipDeletedFrames);
    // The calibration field is there for KITTI object detection only.
    auto* calibration = dialog.findChild<QLineEdit*>("calibration");
    QVERIFY(calibration->isHidden());
    format->setCurrentText("KITTI object detection");
    QVERIFY(!calibration->isHidden());
    calibration->setText("/data/calib.txt");
    QCOMPARE(dialog.request().options.calibration, std::filesystem::path("/data/calib.txt"));
    dialog.show();
    QVERIFY(dialog.grab().save(QDir::temp().filePath("labelstation_export_dialog.png")));  // to look at
    // The whole task is no range at all; an empty output cannot be accepted.
    dialog.findChild<QSpinBox*>("firstFrame")->setValue(0);
    dialog.findChild<QSpinBox*>("lastFrame")->setValue(9);
    QVERIFY(!dialog.request().options.firstFrame);
    dialog.findChild<QLineEdit*>("output")->clear();
    QVERIFY(!dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
  }

  void importDialogHandsBackItsChoices() {
    ImportDialog dialog(TaskDimension::Image2D);
    auto* format = dialog.findChild<QComboBox*>("format");
    QVERIFY(format->findText("CVAT for video 1.1") >= 0);
    QCOMPARE(format->findText("Kitti Raw Format 1.0"), -1);
    format->setCurrentText("CVAT for video 1.1");
    dialog.findChild<QLineEdit*>("input")->setText(" /data/annotations.xml ");
    dialog.findChild<QCheckBox*>("replace")->setChecked(true);
    dialog.findChild<QCheckBox*>("masksToPolygons")->setChecked(true);
    const ImportRequest r = dialog.request();
    QCOMPARE(QString::fromStdString(r.format->id), QString("cvat_video"));
    QCOMPARE(r.input, std::filesystem::path("/data/annotations.xml"));
    QVERIFY(r.options.replace && r.options.masksToPolygons);
  }

  // The skeleton configurator: points placed, joined, dragged, configured and removed with the
  // mouse as in CVAT's "Setup skeleton"; the drawing survives the Raw tab, an .svg file and the
  // task it creates.
  void skeletonConfigurator() {
    NewTaskDialog dialog(defaultImageLabels());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    LabelEditor* editor = dialog.editor();
    auto* create = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    dialog.findChild<QLineEdit*>("dataset")->setText(LABELSTATION_SOURCE_DIR "/sample_data/lidar_street");
    auto* configurator = dialog.findChild<SkeletonConfigurator*>("skeletonConfigurator");
    QVERIFY(configurator);
    QVERIFY(!configurator->isVisible());
    QTest::mouseClick(dialog.findChild<QPushButton*>("addLabel"), Qt::LeftButton);
    auto* name = dialog.findChild<QLineEdit*>("labelName");
    name->selectAll();
    QTest::keyClicks(name, "body");
    dialog.findChild<QComboBox*>("labelType")->setCurrentText("skeleton");
    QVERIFY(configurator->isVisible());
    QVERIFY2(editor->problem().contains("at least one point"), qPrintable(editor->problem()));  // an empty skeleton
    QVERIFY(!create->isEnabled());

    QWidget* canvas = configurator->canvas();
    auto click = [&](double x, double y, Qt::MouseButton button = Qt::LeftButton) {
      QTest::mouseClick(canvas, button, {}, configurator->canvasPoint(x, y));
    };
    QCOMPARE(configurator->tool(), SkeletonConfigurator::Tool::Point);
    click(50, 10);
    click(20, 60);
    click(80, 60);
    click(50, 10);  // on a point: no new one
    QCOMPARE(configurator->pointCount(), 3);
    QVERIFY2(editor->problem().isEmpty(), qPrintable(editor->problem()));
    QVERIFY(create->isEnabled());

    // Add edge: two clicks join; Esc drops an unfinished edge; an edge is never made twice.
    QTest::mouseClick(dialog.findChild<QToolButton*>("skeletonTool2"), Qt::LeftButton);
    QCOMPARE(configurator->tool(), SkeletonConfigurator::Tool::Join);
    click(50, 10);
    click(20, 60);
    click(50, 10);
    QTest::keyClick(canvas, Qt::Key_Escape);
    QVERIFY(dialog.isVisible());  // Esc dropped the edge, not the dialog
    click(80, 60);
    click(20, 60);
    click(20, 60);
    click(50, 10);  // 2–1 exists as 1–2
    auto edgesOf = [&] {
      const LabelSchema labels = dialog.labels();
      const Label* person = labels.labelByName("body");
      std::set<std::pair<std::string, std::string>> out;
      for (const SkeletonEdge& e : person->edges) out.insert(std::minmax(labels.label(e.from)->name, labels.label(e.to)->name));
      return out;
    };
    QCOMPARE(edgesOf(), (std::set<std::pair<std::string, std::string>>{{"1", "2"}, {"2", "3"}}));

    // Drag: the point moves, its edges with it.
    configurator->setTool(SkeletonConfigurator::Tool::Drag);
    QTest::mousePress(canvas, Qt::LeftButton, {}, configurator->canvasPoint(80, 60));
    QTest::mouseMove(canvas, configurator->canvasPoint(75, 70));
    QTest::mouseMove(canvas, configurator->canvasPoint(70, 80));
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, configurator->canvasPoint(70, 80));
    {
      const LabelSchema labels = dialog.labels();
      const Label* person = labels.labelByName("body");
      const auto [x, y] = person->nodePositions.at(labels.labelByName("3", person->id)->id);
      QVERIFY2(std::abs(x - 70) < 1.5 && std::abs(y - 80) < 1.5, qPrintable(QString("%1 %2").arg(x).arg(y)));
    }

    // Right-click › Configure: a name and an attribute of the point.
    QTimer::singleShot(0, this, [] {
      auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
      QVERIFY(menu);
      QCOMPARE(menu->actions().at(0)->text(), QString("Configure…"));
      QTest::keyClick(menu, Qt::Key_Down);
      QTest::keyClick(menu, Qt::Key_Return);
    });
    QTimer::singleShot(300, this, [] {
      auto* point = qobject_cast<QDialog*>(QApplication::activeModalWidget());
      QVERIFY(point);
      auto* pointName = point->findChild<QLineEdit*>("pointName");
      QCOMPARE(pointName->text(), QString("1"));
      pointName->setText("2");  // taken by another point: refused
      QVERIFY(!point->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
      pointName->setText("head");
      auto* attributes = point->findChild<QTableWidget*>("pointAttributes");
      for (auto* button : point->findChildren<QPushButton*>())
        if (button->text() == "Add attribute") button->click();
      QCOMPARE(attributes->rowCount(), 1);
      attributes->item(0, 0)->setText("visible");
      attributes->item(0, 3)->setText("yes, no");
      point->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
    });
    {  // what a right click sends
      QContextMenuEvent menuEvent(QContextMenuEvent::Mouse, configurator->canvasPoint(50, 10), canvas->mapToGlobal(configurator->canvasPoint(50, 10)));
      QApplication::sendEvent(canvas, &menuEvent);
    }
    QTRY_COMPARE(edgesOf(), (std::set<std::pair<std::string, std::string>>{{"2", "head"}, {"2", "3"}}));

    // Remove: a point with its edges, or one edge.
    configurator->setTool(SkeletonConfigurator::Tool::Point);
    click(90, 20);
    QCOMPARE(configurator->pointCount(), 4);
    configurator->setTool(SkeletonConfigurator::Tool::Delete);
    click(90, 20);
    QCOMPARE(configurator->pointCount(), 3);
    click(45, 70);  // the middle of the edge 2–3 (20,60)–(70,80)
    QCOMPARE(edgesOf(), (std::set<std::pair<std::string, std::string>>{{"2", "head"}}));
    configurator->setTool(SkeletonConfigurator::Tool::Point);
    click(90, 90);
    QCOMPARE(configurator->pointCount(), 4);
    {
      const LabelSchema labels = dialog.labels();
      const Label* person = labels.labelByName("body");
      std::vector<std::string> names;
      for (LabelId sub : person->sublabels) names.push_back(labels.label(sub)->name);
      QCOMPARE(names, (std::vector<std::string>{"head", "2", "3", "5"}));  // node ids are never reused
      const Label* head = labels.labelByName("head", person->id);
      QVERIFY(head->type == LabelType::Points);
      QCOMPARE(head->attributes.size(), std::size_t(1));
      QCOMPARE(head->attributes[0].values, (std::vector<std::string>{"yes", "no"}));
    }
    // The raw JSON holds CVAT's drawing; a trip through the Raw tab keeps it.
    auto* tabs = dialog.findChild<QTabWidget*>("labelTabs");
    tabs->setCurrentIndex(1);
    const QString raw = dialog.findChild<QPlainTextEdit*>("rawJson")->toPlainText();
    QVERIFY(raw.contains("data-element-id=\\\"5\\\"") && raw.contains("data-label-name=\\\"head\\\""));
    tabs->setCurrentIndex(0);
    dialog.findChild<QListWidget*>("labelList")->setCurrentRow(dialog.findChild<QListWidget*>("labelList")->count() - 1);
    QCOMPARE(configurator->pointCount(), 4);
    QCOMPARE(edgesOf(), (std::set<std::pair<std::string, std::string>>{{"2", "head"}}));
    // Another type and back: the drawing is still there.
    dialog.findChild<QComboBox*>("labelType")->setCurrentText("points");
    QVERIFY(!configurator->isVisible());
    QVERIFY(dialog.labels().labelByName("body")->sublabels.empty());
    dialog.findChild<QComboBox*>("labelType")->setCurrentText("skeleton");
    QCOMPARE(dialog.labels().labelByName("body")->sublabels.size(), std::size_t(4));

    // Background: an image only; anything else is named.
    QVERIFY(!configurator->setBackground(dir_.path() + "/nothing.png"));
    QVERIFY(dialog.findChild<QLabel*>("skeletonHint")->text().contains("not an image"));
    QImage picture(64, 32, QImage::Format_RGB32);
    picture.fill(Qt::darkCyan);
    QVERIFY(picture.save(dir_.path() + "/pose.png"));
    QVERIFY(configurator->setBackground(dir_.path() + "/pose.png"));
    dialog.grab().save(QDir::temp().filePath("labelstation_skeleton_configurator.png"));  // to look at

    // Save as .svg, then load it into a new skeleton label: the same points, names and edges.
    QVERIFY(configurator->saveSvg(dir_.path() + "/pose.svg"));
    QTest::mouseClick(dialog.findChild<QPushButton*>("addLabel"), Qt::LeftButton);
    name->selectAll();
    QTest::keyClicks(name, "pose2");
    dialog.findChild<QComboBox*>("labelType")->setCurrentText("skeleton");
    QCOMPARE(configurator->pointCount(), 0);
    QVERIFY(configurator->loadSvg(dir_.path() + "/pose.svg"));
    {
      const LabelSchema labels = dialog.labels();
      const Label* copy = labels.labelByName("pose2");
      QCOMPARE(copy->sublabels.size(), std::size_t(4));
      const Label* head = labels.labelByName("head", copy->id);
      QVERIFY(head);
      QCOMPARE(head->attributes.size(), std::size_t(1));
      QCOMPARE(copy->edges.size(), std::size_t(1));
      const auto [x, y] = copy->nodePositions.at(head->id);
      QVERIFY(std::abs(x - 50) < 1.5 && std::abs(y - 10) < 1.5);
    }
    QString refusal;
    std::ofstream(path("broken.svg")) << "<svg><rect/></svg>";
    testing::answerNextMessageBox(this, &refusal);
    QVERIFY(!configurator->loadSvg(dir_.path() + "/broken.svg"));
    QVERIFY2(refusal.contains("broken.svg") && refusal.contains("no skeleton points"), qPrintable(refusal));
    QCOMPARE(configurator->pointCount(), 4);

    // The task opens with the skeleton.
    QVERIFY(create->isEnabled());
    QVERIFY(window_->newTask(dialog.dataset(), dialog.labels()));
    const Label* person = window_->session().document().labels().labelByName("body");
    QVERIFY(person);
    QCOMPARE(person->sublabels.size(), std::size_t(4));
    QCOMPARE(person->edges.size(), std::size_t(1));
  }

  // File > New task: labels made in the constructor, then replaced through the Raw tab.
  void labelConstructorAndRawJson() {
    NewTaskDialog dialog(defaultLidarLabels());
    dialog.show();
    LabelEditor* editor = dialog.editor();
    auto* list = dialog.findChild<QListWidget*>("labelList");
    auto* create = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    const int defaults = list->count();
    QVERIFY(defaults >= 3);
    QVERIFY(!create->isEnabled());  // no data chosen yet
    dialog.findChild<QLineEdit*>("dataset")->setText(LABELSTATION_SOURCE_DIR "/sample_data/lidar_street");
    QVERIFY(create->isEnabled());

    QTest::mouseClick(dialog.findChild<QPushButton*>("addLabel"), Qt::LeftButton);
    QCOMPARE(list->count(), defaults + 1);
    auto* name = dialog.findChild<QLineEdit*>("labelName");
    name->selectAll();
    QTest::keyClicks(name, "forklift");
    dialog.findChild<QComboBox*>("labelType")->setCurrentText("cuboid_3d");
    QTest::mouseClick(dialog.findChild<QPushButton*>("addAttribute"), Qt::LeftButton);
    auto* attributes = dialog.findChild<QTableWidget*>("attributes");
    QCOMPARE(attributes->rowCount(), 1);
    attributes->item(0, 0)->setText("state");
    attributes->item(0, 3)->setText("parked, moving");
    attributes->item(0, 4)->setText("moving");
    attributes->item(0, 2)->setCheckState(Qt::Checked);
    QVERIFY2(editor->problem().isEmpty(), qPrintable(editor->problem()));
    const LabelSchema labels = dialog.labels();
    const Label* truck = labels.labelByName("forklift");
    QVERIFY(truck);
    QVERIFY(truck->type == LabelType::Cuboid3D);
    QCOMPARE(truck->attributes.size(), std::size_t(1));
    QVERIFY(truck->attributes[0].inputType == AttributeInputType::Select);
    QVERIFY(truck->attributes[0].isMutable);
    QCOMPARE(truck->attributes[0].values, (std::vector<std::string>{"parked", "moving"}));
    QCOMPARE(truck->attributes[0].defaultValue, std::string("moving"));

    // A second "car": refused until renamed.
    name->selectAll();
    QTest::keyClicks(name, "car");
    QVERIFY(!editor->problem().isEmpty());
    QVERIFY(!create->isEnabled());
    QTest::keyClicks(name, "go");
    QVERIFY2(editor->problem().isEmpty(), qPrintable(editor->problem()));
    QVERIFY(create->isEnabled());

    // Raw: shows the labels as CVAT's JSON; pasted JSON replaces them.
    auto* tabs = dialog.findChild<QTabWidget*>("labelTabs");
    tabs->setCurrentIndex(1);
    auto* raw = dialog.findChild<QPlainTextEdit*>("rawJson");
    QVERIFY(raw->toPlainText().contains("\"cargo\""));
    raw->setPlainText("[{\"name\": \"bus\", \"color\": \"#ff8800\", \"type\": \"cuboid_3d\", \"attributes\": []},\n"
"                         {\"name\": \"tram\", \"type\": \"any\", \"attributes\": []}]");
    QVERIFY(create->isEnabled());
    tabs->setCurrentIndex(0);
    QCOMPARE(list->count(), 2);
    QCOMPARE(list->item(0)->text(), QString("bus"));
    QCOMPARE(name->text(), QString("bus"));
    // Broken JSON: named, Create disabled, and the constructor waits until the text is fixed.
    tabs->setCurrentIndex(1);
    raw->setPlainText("[{\"name\": \"bus\"");
    QVERIFY(editor->problem().contains("JSON"));
    QVERIFY(!create->isEnabled());
    tabs->setCurrentIndex(0);
    QCOMPARE(tabs->currentIndex(), 1);
    raw->setPlainText("[{\"name\": \"bus\", \"type\": \"cuboid_3d\"}]");
    tabs->setCurrentIndex(0);
    QCOMPARE(tabs->currentIndex(), 0);
    QCOMPARE(list->count(), 1);
    // Without labels there is nothing to annotate.
    QTest::mouseClick(dialog.findChild<QPushButton*>("removeLabel"), Qt::LeftButton);
    QCOMPARE(list->count(), 0);
    QVERIFY(!create->isEnabled());
    QTest::mouseClick(dialog.findChild<QPushButton*>("addLabel"), Qt::LeftButton);
    QVERIFY(create->isEnabled());

    // The task opens with the labels defined.
    QVERIFY(window_->newTask(dialog.dataset(), dialog.labels()));
    QCOMPARE(window_->session().document().labels().topLevelLabels().size(), std::size_t(1));
    QCOMPARE(window_->session().document().frameCount(), 10);
  }

  // Edit > Labels: rename a label and an attribute (objects keep them), remove a label (its
  // objects go, after a question), add one; one undo step brings everything back.
  void editLabelsOfTheTask() {
    Document& doc = window_->session().document();
    const LabelId car = doc.labels().labelByName("car")->id, pedestrian = doc.labels().labelByName("pedestrian")->id;
    const AttributeId parked = doc.labels().label(car)->attributeByName("parked")->id;
    const auto before = doc.objects();
    const auto pedestrians = std::count_if(before.begin(), before.end(), [&](const auto& o) { return o.second.label == pedestrian; });
    QVERIFY(pedestrians > 0);
    QString question;
    bool edited = false;
    QTimer::singleShot(100, this, [&] {
      auto* dialog = qobject_cast<EditLabelsDialog*>(QApplication::activeModalWidget());
      QVERIFY(dialog);
      auto* list = dialog->findChild<QListWidget*>("labelList");
      auto* name = dialog->findChild<QLineEdit*>("labelName");
      QCOMPARE(list->item(0)->text(), QString("car"));
      list->setCurrentRow(0);
      name->selectAll();
      QTest::keyClicks(name, "vehicle");
      auto* attributes = dialog->findChild<QTableWidget*>("attributes");
      QCOMPARE(attributes->item(0, 0)->text(), QString("parked"));
      attributes->item(0, 0)->setText("stationary");
      QCOMPARE(list->item(2)->text(), QString("pedestrian"));
      list->setCurrentRow(2);
      QTest::mouseClick(dialog->findChild<QPushButton*>("removeLabel"), Qt::LeftButton);
      QTest::mouseClick(dialog->findChild<QPushButton*>("addLabel"), Qt::LeftButton);
      name->selectAll();
      QTest::keyClicks(name, "cyclist");
      QVERIFY2(dialog->editor()->problem().isEmpty(), qPrintable(dialog->editor()->problem()));
      dialog->grab().save(QDir::temp().filePath("labelstation_edit_labels.png"));  // to look at
      testing::answerNextMessageBox(this, &question);
      QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
      edited = true;
    });
    // Should the labels be refused, the dialog opens again: close it so the test ends.
    QTimer::singleShot(3000, this, [] {
      if (auto* again = qobject_cast<EditLabelsDialog*>(QApplication::activeModalWidget())) again->reject();
    });
    window_->action(ActionId::EditLabels)->trigger();
    QVERIFY(edited);
    QVERIFY2(question.contains("pedestrian") && question.contains(QString::number(pedestrians)), qPrintable(question));
    // Same ids: the cars are now vehicles with their "stationary" values; the pedestrians are gone.
    QCOMPARE(doc.labels().label(car)->name, std::string("vehicle"));
    QCOMPARE(doc.labels().label(car)->attribute(parked)->name, std::string("stationary"));
    QVERIFY(doc.labels().label(pedestrian) == nullptr);
    const Label* cyclist = doc.labels().labelByName("cyclist");
    QVERIFY(cyclist);
    QVERIFY(cyclist->id > pedestrian);  // a new id: never a removed label's
    QCOMPARE(doc.objects().size(), before.size() - static_cast<std::size_t>(pedestrians));
    for (const auto& [id, o] : doc.objects()) QCOMPARE(o, before.at(id));
    // The Labels tab follows.
    auto* labelsList = window_->findChild<QTreeWidget*>("labelsList");
    QCOMPARE(labelsList->topLevelItemCount(), 3);
    QCOMPARE(labelsList->topLevelItem(0)->text(1), QString("vehicle"));
    QCOMPARE(labelsList->topLevelItem(2)->text(1), QString("cyclist"));
    // One undo step restores the labels and the pedestrians.
    window_->action(ActionId::Undo)->trigger();
    QCOMPARE(doc.labels().label(car)->name, std::string("car"));
    QVERIFY(doc.labels().label(pedestrian));
    QCOMPARE(doc.objects().size(), before.size());
    QCOMPARE(labelsList->topLevelItem(2)->text(1), QString("pedestrian"));

    // A label whose new type cannot hold its objects is refused, with the reason.
    LabelSchema boxes = doc.labels();
    boxes.label(car)->type = LabelType::Rectangle;
    QString refusal;
    testing::answerNextMessageBox(this, &refusal);
    QVERIFY(!window_->applyLabels(boxes));
    QVERIFY2(refusal.contains("car") && refusal.contains("rectangle"), qPrintable(refusal));
    QVERIFY(doc.labels().label(car)->type == LabelType::Cuboid3D);

    // Unchanged labels: accepted, no undo step.
    const std::size_t steps = window_->session().undoStack().index();
    QVERIFY(window_->applyLabels(doc.labels()));
    QCOMPARE(window_->session().undoStack().index(), steps);

    // Pasted JSON keeps an id only where it names the same label here: another task's id 1
    // ("pedestrian") does not turn the cars into pedestrians.
    EditLabelsDialog dialog(doc.labels());
    QVERIFY(dialog.editor()->setRawJson("[{\"id\": 1, \"name\": \"pedestrian\", \"type\": \"cuboid_3d\"},"
                                        " {\"id\": 2, \"name\": \"truck\", \"type\": \"cuboid_3d\"}]"));
    const LabelSchema pasted = dialog.labels();
    QCOMPARE(pasted.labelByName("truck")->id, doc.labels().labelByName("truck")->id);
    QVERIFY(pasted.labelByName("pedestrian")->id != car);
    QVERIFY(pasted.label(car) == nullptr);
  }

  // Ctrl+B: forward or backward, by copies or up to a frame (each field follows the other); a
  // direction without frames is off. Driven through the menu, backward copies reach earlier frames.
  void propagateDialogForwardAndBackward() {
    {
      PropagateDialog dialog(5, 10);
      auto* copies = dialog.findChild<QSpinBox*>("propagateCopies");
      auto* upTo = dialog.findChild<QSpinBox*>("propagateUpTo");
      dialog.findChild<QRadioButton*>("propagateForward")->setChecked(true);
      copies->setValue(2);
      QCOMPARE(upTo->value(), 7);
      QCOMPARE(dialog.count(), 2);
      upTo->setValue(9);
      QCOMPARE(copies->value(), 4);
      QCOMPARE(copies->maximum(), 4);
      dialog.findChild<QRadioButton*>("propagateBackward")->setChecked(true);
      QCOMPARE(copies->maximum(), 5);
      QCOMPARE(upTo->value(), 1);
      QCOMPARE(dialog.count(), -4);
      upTo->setValue(3);
      QCOMPARE(dialog.count(), -2);
    }
    {
      PropagateDialog first(0, 10);
      QVERIFY(!first.findChild<QRadioButton*>("propagateBackward")->isEnabled());
      QVERIFY(first.findChild<QRadioButton*>("propagateForward")->isChecked());
    }
    Document& doc = window_->session().document();
    window_->setFrame(5);
    const ObjectId track = window_->objectList()->topLevelItem(0)->data(0, Qt::UserRole).toLongLong();
    window_->selectObject(track);
    const auto state = stateAt(*doc.object(track), 5);
    QTimer::singleShot(100, this, [] {
      auto* dialog = qobject_cast<PropagateDialog*>(QApplication::activeModalWidget());
      QVERIFY(dialog);
      dialog->findChild<QRadioButton*>("propagateBackward")->setChecked(true);
      dialog->findChild<QSpinBox*>("propagateUpTo")->setValue(2);
      dialog->accept();
    });
    window_->action(ActionId::Propagate)->trigger();
    for (int frame : {2, 3, 4, 5}) {
      QVERIFY(isKeyframe(*doc.object(track), frame));
      QCOMPARE(doc.object(track)->keyframes.at(frame).points, state->points);
    }
    QCOMPARE(window_->session().undoStack().undoText(), std::string("Propagate object"));
  }

  void fileMenuOpensTheNewTaskDialog() {
    QTimer::singleShot(100, this, [] {
      auto* dialog = qobject_cast<NewTaskDialog*>(QApplication::activeModalWidget());
      QVERIFY(dialog);
      for (const Label* l : dialog->labels().topLevelLabels()) QVERIFY(l->type == LabelType::Any);  // for clouds and images
      QVERIFY(dialog->grab().save(QDir::temp().filePath("labelstation_new_task.png")));  // to look at
      dialog->reject();
    });
    window_->action(ActionId::NewTask)->trigger();
  }

  // F2's Shortcuts tab: a key on two actions, or one the labels and camera keep, is named and
  // refused; applied keys work at once and are remembered.
  void keymapEditorConflictsAndApplying() {
    KeymapEditor editor(currentShortcuts());
    editor.show();
    QVERIFY(editor.problem().isEmpty());
    editor.setShortcut(ActionId::Propagate, QKeySequence(Qt::CTRL | Qt::Key_S));
    QVERIFY2(editor.problem().contains("Save") && editor.problem().contains("Propagate"), qPrintable(editor.problem()));
    editor.setShortcut(ActionId::Propagate, QKeySequence(Qt::CTRL | Qt::Key_B));
    QVERIFY(editor.problem().isEmpty());
    editor.setShortcut(ActionId::NewCuboid, QKeySequence(Qt::Key_5));
    QVERIFY2(editor.problem().contains("label"), qPrintable(editor.problem()));
    // Typed into the action's field: the first key pressed.
    auto* field = editor.findChild<QKeySequenceEdit*>("key_NewCuboid");
    QVERIFY(field);
    field->setFocus();
    QTest::keyClick(field, Qt::Key_B);
    QTRY_VERIFY_WITH_TIMEOUT(editor.shortcuts().at(ActionId::NewCuboid).value(0) == QKeySequence(Qt::Key_B), 3000);
    QVERIFY(editor.problem().isEmpty());
    // Redo keeps its second key.
    editor.setShortcut(ActionId::Redo, QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Z));
    QCOMPARE(editor.shortcuts().at(ActionId::Redo).size(), 2);
    editor.resetToDefaults();
    QCOMPARE(editor.shortcuts().at(ActionId::NewCuboid).value(0), QKeySequence(Qt::Key_N));

    // The window takes them at once, and the next window too.
    Shortcuts mine = currentShortcuts();
    mine[ActionId::NewCuboid] = {QKeySequence(Qt::Key_B)};
    window_->applyShortcuts(mine);
    testing::pressKey(*window_, Qt::Key_N);
    QVERIFY(window_->placing() == MainWindow::Placing::Nothing);
    testing::pressKey(*window_, Qt::Key_B);
    QVERIFY(window_->placing() == MainWindow::Placing::NewShape);
    testing::pressKey(*window_, Qt::Key_Escape);
    window_ = testing::openWindow(Session::synthetic(3));
    QCOMPARE(window_->action(ActionId::NewCuboid)->shortcut(), QKeySequence(Qt::Key_B));
    saveShortcuts({});  // back to the defaults for the other tests
    QCOMPARE(currentShortcuts().at(ActionId::NewCuboid).value(0), QKeySequence(Qt::Key_N));
  }

  void settingsDialogBlocksConflictingShortcuts() {
    SettingsDialog dialog(ViewSettings::load(), false);
    auto* ok = dialog.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
    QVERIFY(ok->isEnabled());
    dialog.keymapEditor()->setShortcut(ActionId::Screenshot, QKeySequence(Qt::Key_F));
    QVERIFY(!ok->isEnabled());
    dialog.keymapEditor()->setShortcut(ActionId::Screenshot, QKeySequence(Qt::CTRL | Qt::Key_P));
    QVERIFY(ok->isEnabled());
  }

  // Player and workspace settings: deleted frames skipped unless shown, outside tracks listed on
  // request, the object text's content.
  void playerAndWorkspaceSettings() {
    Document& doc = window_->session().document();
    window_->session().undoStack().push(edits::deleteFrame(doc, 1));
    testing::pressKey(*window_, Qt::Key_F);
    QCOMPARE(window_->currentFrame(), 2);
    testing::pressKey(*window_, Qt::Key_D);
    QCOMPARE(window_->currentFrame(), 0);
    ViewSettings settings = ViewSettings::load();
    settings.showDeletedFrames = true;
    window_->applySettings(settings);
    testing::pressKey(*window_, Qt::Key_F);
    QCOMPARE(window_->currentFrame(), 1);

    // A track outside from frame 5 is listed there only with "show all interpolation tracks".
    const ObjectId track = window_->objectList()->topLevelItem(0)->data(0, Qt::UserRole).toLongLong();
    window_->session().undoStack().push(edits::setOutside(doc, track, 5, true));
    window_->setFrame(6);
    auto listed = [this](ObjectId id) {
      for (int i = 0; i < window_->objectList()->topLevelItemCount(); ++i)
        if (window_->objectList()->topLevelItem(i)->data(0, Qt::UserRole).toLongLong() == id) return window_->objectList()->topLevelItem(i);
      return static_cast<QTreeWidgetItem*>(nullptr);
    };
    QVERIFY(!listed(track));
    settings.showAllTracks = true;
    window_->applySettings(settings);
    QVERIFY(listed(track));
    QVERIFY(listed(track)->text(3).contains("outside"));

    // Object texts: id and label by default; attributes and dimensions on request.
    const AnnotationObject& obj = *doc.object(track);
    const ShapeState state = *stateAt(obj, 0);
    QCOMPARE(QString::fromStdString(window_->textOf(obj, state)), QString("%1 car").arg(track));
    settings.textId = false;
    settings.textAttributes = true;
    settings.textDimensions = true;
    window_->applySettings(settings);
    const QString text = QString::fromStdString(window_->textOf(obj, state));
    QVERIFY2(text.startsWith("car\n") && text.contains("parked: ") && text.contains(" m, "), qPrintable(text));
    window_->applySettings(ViewSettings());  // the defaults again, for the other tests
  }

  void jobInfoCountsPerLabel() {
    const Document& doc = window_->session().document();
    JobInfoDialog dialog(doc);
    auto* table = dialog.findChild<QTableWidget*>("statistics");
    QCOMPARE(table->rowCount(), static_cast<int>(doc.labels().topLevelLabels().size()) + 1);
    QCOMPARE(table->item(table->rowCount() - 1, 0)->text(), QString("Total"));
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QString("cuboid_3d"));
    const AnnotationStatistics stats = computeStatistics(doc);
    QCOMPARE(table->item(table->rowCount() - 1, table->columnCount() - 1)->text().toInt(), stats.total.total());
    QCOMPARE(table->item(0, 1)->text(), QString("0 / 4"));  // the street's four car tracks
    QVERIFY(dialog.findChild<QLabel*>("jobSummary")->text().contains("10 frames"));
  }

  void fileMenuOpensTheExportDialog() {
    QTimer::singleShot(100, this, [] {
      auto* dialog = qobject_cast<ExportDialog*>(QApplication::activeModalWidget());
      QVERIFY(dialog);
      dialog->reject();
    });
    window_->action(ActionId::ExportAnnotations)->trigger();
    QVERIFY(window_->action(ActionId::ImportAnnotations)->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_I));
  }
};

LABELSTATION_WINDOW_TEST_MAIN(DialogsTest)

#include "dialogs_test.moc"

// File > Export annotations… and Import annotations…: the dialogs, the work behind a progress
// dialog, and an import applied as one undo step; Edit > Labels…, the task's labels edited.

#include <QMessageBox>
#include <QStatusBar>
#include <memory>

#include "labelstation/core/edits.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/label_json.h"
#include "main_window.h"
#include "new_task_dialog.h"
#include "transfer_dialogs.h"
#include "vtk_view.h"

namespace labelstation::app {

namespace {

QString listed(const std::vector<std::string>& lines, std::size_t shown = 12) {
  QStringList out;
  for (std::size_t i = 0; i < lines.size() && i < shown; ++i) out << QString::fromStdString(lines[i]);
  if (lines.size() > shown) out << QObject::tr("… and %1 more").arg(lines.size() - shown);
  return out.join("\n");
}

}  // namespace

void MainWindow::exportWithDialog() {
  const Task& task = session_->document().task();
  // Suggested: <project or task name>_<format>.zip beside the project, else in the working folder.
  const std::filesystem::path folder = session_->projectFile().empty() ? std::filesystem::current_path() : session_->projectFile().parent_path();
  const QString suggested = QString::fromStdString((folder / (session_->title() + "_annotations.zip")).string());
  ExportDialog dialog(task.dimension, session_->document().frameCount(), suggested, this);
  if (dialog.exec() != QDialog::Accepted) return;
  const ExportRequest r = dialog.request();
  if (r.format) exportAnnotations(*r.format, r.output, r.options);
  focusWorkspace();
}

void MainWindow::importWithDialog() {
  ImportDialog dialog(session_->document().task().dimension, this);
  if (dialog.exec() != QDialog::Accepted) return;
  const ImportRequest r = dialog.request();
  if (r.format) importAnnotations(*r.format, r.input, r.options);
  focusWorkspace();
}

void MainWindow::editLabelsWithDialog() {
  EditLabelsDialog dialog(session_->document().labels(), this);
  // Kept open while the labels are refused, so the annotator can fix them.
  while (dialog.exec() == QDialog::Accepted) {
    try {
      if (applyLabels(dialog.labels())) break;
    } catch (const std::exception& e) {  // labels the editor cannot build
      QMessageBox::warning(this, tr("Labels"), QString::fromStdString(e.what()));
    }
  }
  focusWorkspace();
}

bool MainWindow::applyLabels(const LabelSchema& given) {
  Document& doc = session_->document();
  // Labels by name, then id: label JSON from a file has ids of its own (or none).
  LabelSchema labels;
  try {
    labels = matchLabelIds(doc.labels(), given);
  } catch (const SchemaError& e) {
    QMessageBox::warning(this, tr("Labels"), tr("The labels were not changed: %1").arg(QString::fromStdString(e.what())));
    return false;
  }
  if (io::writeLabelJson(labels) == io::writeLabelJson(doc.labels())) {
    statusBar()->showMessage(tr("The labels are unchanged"), 3000);
    return true;  // nothing to apply: the dialog may close
  }
  std::unique_ptr<Command> command;
  try {
    command = edits::editLabels(doc, labels);
  } catch (const CommandError& e) {
    QMessageBox::warning(this, tr("Labels"), tr("The labels were not changed: %1").arg(QString::fromStdString(e.what())));
    return false;
  }
  // Objects of removed labels go with them: say which and how many first.
  std::map<std::string, int> lost;
  for (const auto& [id, object] : doc.objects())
    if (!labels.label(object.label))
      if (const Label* label = doc.labels().label(object.label)) ++lost[label->name];
  if (!lost.empty()) {
    QStringList names;
    int count = 0;
    for (const auto& [name, n] : lost) {
      names << QString("\"%1\" (%2)").arg(QString::fromStdString(name)).arg(n);
      count += n;
    }
    const auto answer = QMessageBox::warning(this, tr("Labels"),
                                             tr("Removing %1 deletes %n object(s). Undo (Ctrl+Z) brings them back.", nullptr, count).arg(names.join(", ")),
                                             QMessageBox::Ok | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Ok) return false;
  }
  session_->undoStack().push(std::move(command));
  statusBar()->showMessage(tr("Labels changed"), 3000);
  return true;
}

bool MainWindow::exportAnnotations(const io::AnnotationFormat& format, const std::filesystem::path& output, io::ExportOptions options) {
  // A KITTI raw drive holds its calibration files: the dataset is the default calibration.
  if (options.calibration.empty() && session_->dataset()) options.calibration = session_->dataset()->root;
  // A snapshot: the annotator may go on editing while the worker writes.
  auto set = std::make_shared<const io::AnnotationSet>(io::annotationSetOf(session_->document()));
  bool completed = false;
  io::ExportWarnings losses;
  try {
    completed = runWithProgress(this, tr("Exporting to %1…").arg(QString::fromStdString(output.filename().string())),
                                [&](WorkProgress& progress) {
                                  options.progress = [&progress](std::size_t done, std::size_t total) {
                                    progress.done = done;
                                    progress.total = total;
                                    return !progress.cancelled;
                                  };
                                  // Media are copied from their files: a zip's must be out first.
                                  if (options.saveMedia && !session_->extractAllMedia(&progress.cancelled)) throw WorkCancelled();
                                  losses = io::exportAnnotations(format, *set, output, options);
                                });
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Cannot export"), QString::fromStdString(e.what()));
    return false;
  }
  statusBar()->showMessage(completed ? tr("Exported as %1 to %2").arg(QString::fromStdString(format.name), QString::fromStdString(output.string()))
                                     : tr("Export cancelled"),
                           6000);
  if (completed && !losses.empty()) {
    // What the format cannot hold is said, with counts: it is not in the file.
    QStringList lines;
    for (const auto& loss : losses) lines << QString::fromStdString(loss);
    QMessageBox::information(this, tr("Exported with losses"),
                             tr("Exported as %1, but not everything fits the format:\n%2").arg(QString::fromStdString(format.name), lines.join("\n")));
  }
  return completed;
}

bool MainWindow::importAnnotations(const io::AnnotationFormat& format, const std::filesystem::path& input, io::ImportOptions options,
                                   QString* failure) {
  Document& doc = session_->document();
  // KITTI object files without their calib/<id>.txt use the task's calibration (as exports do).
  if (options.calibration.empty() && session_->dataset()) options.calibration = session_->dataset()->root;
  auto fail = [&](const QString& title, const QString& text) {
    if (failure) *failure = text;
    else QMessageBox::warning(this, title, text);
    return false;
  };
  if (format.dimension != doc.task().dimension) {
    return fail(tr("Cannot import"), tr("'%1' holds %2 annotations; this task is %3.")
                                         .arg(QString::fromStdString(format.name), format.dimension == TaskDimension::PointCloud3D ? "3D" : "2D",
                                              doc.task().dimension == TaskDimension::PointCloud3D ? "3D" : "2D"));
  }
  io::ImportPlan plan;
  const Task target = doc.task();
  try {
    const bool completed = runWithProgress(this, tr("Reading %1…").arg(QString::fromStdString(input.filename().string())),
                                           [&](WorkProgress& progress) {
                                             const io::AnnotationSet imported = format.importer(input, options);
                                             if (progress.cancelled) throw WorkCancelled{};
                                             plan = io::planImport(imported, target, options);
                                           });
    if (!completed) {
      statusBar()->showMessage(tr("Import cancelled: nothing changed"), 6000);
      return false;
    }
  } catch (const std::exception& e) {
    return fail(tr("Cannot import"), QString::fromStdString(e.what()));
  }
  if (!plan.errors.empty()) {
    return fail(tr("Nothing was imported"), tr("%1 does not fit this task:\n\n%2").arg(QString::fromStdString(input.string()), listed(plan.errors)));
  }
  const std::size_t count = plan.objects.size();
  try {
    session_->undoStack().push(
        edits::importObjects(doc, std::move(plan.objects), options.replace, plan.createdLabels.empty() ? nullptr : &plan.labels));
  } catch (const CommandError& e) {
    return fail(tr("Nothing was imported"), QString::fromStdString(e.what()));
  }
  statusBar()->showMessage(tr("Imported %1 objects from %2").arg(count).arg(QString::fromStdString(input.filename().string())), 6000);
  if (!plan.warnings.empty() && !failure) {  // worth reading, but the import is done: no need to wait on it
    auto* box = new QMessageBox(QMessageBox::Information, tr("Imported, with remarks"), listed(plan.warnings), QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
  }
  return true;
}

}  // namespace labelstation::app

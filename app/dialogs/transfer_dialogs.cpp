#include "transfer_dialogs.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEventLoop>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <exception>
#include <limits>
#include <thread>

namespace labelstation::app {

std::vector<const io::AnnotationFormat*> formatsFor(TaskDimension dimension, bool forExport) {
  std::vector<const io::AnnotationFormat*> list;
  for (const io::AnnotationFormat& f : io::annotationFormats())
    if (f.dimension == dimension && (forExport ? f.canExport() : f.canImport())) list.push_back(&f);
  return list;
}

namespace {

QComboBox* formatBox(const std::vector<const io::AnnotationFormat*>& formats, QWidget* parent) {
  auto* box = new QComboBox(parent);
  box->setObjectName("format");
  for (const auto* f : formats) box->addItem(QString::fromStdString(f->name));
  return box;
}

QLabel* summaryLabel(QWidget* parent) {
  auto* label = new QLabel(parent);
  label->setWordWrap(true);
  label->setObjectName("summary");
  label->setStyleSheet("color: palette(mid)");
  return label;
}

// A line edit with the browse buttons beside it, as one row of a form.
QWidget* pathRow(QLineEdit* edit, const std::vector<QPushButton*>& buttons, QWidget* parent) {
  auto* row = new QWidget(parent);
  auto* layout = new QHBoxLayout(row);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(edit, 1);
  for (QPushButton* b : buttons) layout->addWidget(b);
  return row;
}

QDialogButtonBox* okCancel(QDialog* dialog, const QString& okText, QLineEdit* required) {
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
  buttons->button(QDialogButtonBox::Ok)->setText(okText);
  QObject::connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
  QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
  auto refresh = [buttons, required] { buttons->button(QDialogButtonBox::Ok)->setEnabled(!required->text().trimmed().isEmpty()); };
  QObject::connect(required, &QLineEdit::textChanged, dialog, refresh);
  refresh();
  return buttons;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

ExportDialog::ExportDialog(TaskDimension dimension, int frameCount, const QString& suggestedOutput, QWidget* parent)
    : QDialog(parent), formats_(formatsFor(dimension, true)), frameCount_(frameCount) {
  setWindowTitle(tr("Export annotations"));
  auto* form = new QFormLayout(this);
  format_ = formatBox(formats_, this);
  form->addRow(tr("Format"), format_);
  summary_ = summaryLabel(this);
  form->addRow(QString(), summary_);
  output_ = new QLineEdit(suggestedOutput, this);
  output_->setObjectName("output");
  auto* zip = new QPushButton(tr("Zip file…"), this);
  auto* folder = new QPushButton(tr("Folder…"), this);
  connect(zip, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export to"), output_->text(), tr("Zip archives (*.zip);;All files (*)"));
    if (!path.isEmpty()) output_->setText(path);
  });
  connect(folder, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getExistingDirectory(this, tr("Export into the folder"));
    if (!path.isEmpty()) output_->setText(path);
  });
  form->addRow(tr("Save to"), pathRow(output_, {zip, folder}, this));
  saveMedia_ = new QCheckBox(tr("Save the media (point clouds, images) along"), this);
  saveMedia_->setObjectName("saveMedia");
  form->addRow(QString(), saveMedia_);
  onlyKeyframes_ = new QCheckBox(tr("Tracks: keyframes only (no interpolated frames)"), this);
  onlyKeyframes_->setObjectName("onlyKeyframes");
  form->addRow(QString(), onlyKeyframes_);
  skipDeleted_ = new QCheckBox(tr("Leave deleted frames out"), this);
  skipDeleted_->setObjectName("skipDeleted");
  skipDeleted_->setChecked(true);
  form->addRow(QString(), skipDeleted_);
  firstFrame_ = new QSpinBox(this);
  firstFrame_->setObjectName("firstFrame");
  lastFrame_ = new QSpinBox(this);
  lastFrame_->setObjectName("lastFrame");
  for (QSpinBox* box : {firstFrame_, lastFrame_}) box->setRange(0, std::max(0, frameCount - 1));
  lastFrame_->setValue(std::max(0, frameCount - 1));
  connect(firstFrame_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int v) { lastFrame_->setValue(std::max(v, lastFrame_->value())); });
  connect(lastFrame_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int v) { firstFrame_->setValue(std::min(v, firstFrame_->value())); });
  auto* range = new QWidget(this);
  auto* rangeLayout = new QHBoxLayout(range);
  rangeLayout->setContentsMargins(0, 0, 0, 0);
  rangeLayout->addWidget(firstFrame_);
  rangeLayout->addWidget(new QLabel(tr("to"), range));
  rangeLayout->addWidget(lastFrame_);
  rangeLayout->addStretch(1);
  form->addRow(tr("Frames"), range);
  calibration_ = new QLineEdit(this);
  calibration_->setObjectName("calibration");
  calibration_->setPlaceholderText(tr("the dataset's own (KITTI raw calib files or calibration.json)"));
  auto* calibrationButton = new QPushButton(tr("File…"), this);
  connect(calibrationButton, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Camera calibration"));
    if (!path.isEmpty()) calibration_->setText(path);
  });
  QWidget* calibrationRow = pathRow(calibration_, {calibrationButton}, this);
  form->addRow(tr("Calibration"), calibrationRow);
  calibrationLabel_ = qobject_cast<QLabel*>(form->labelForField(calibrationRow));
  form->addRow(okCancel(this, tr("Export"), output_));
  connect(format_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { formatChanged(); });
  formatChanged();
  setMinimumWidth(560);
}

void ExportDialog::formatChanged() {
  const auto* f = formats_.empty() ? nullptr : formats_[static_cast<std::size_t>(std::max(0, format_->currentIndex()))];
  summary_->setText(f ? QString::fromStdString(f->summary) : tr("No format can export this task."));
  // Only KITTI object detection needs a calibration; a CVAT backup always carries its media.
  const bool kitti = f && f->id == "kitti_object";
  calibration_->parentWidget()->setVisible(kitti);
  calibration_->setVisible(kitti);
  if (calibrationLabel_) calibrationLabel_->setVisible(kitti);
  const bool backup = f && f->id.rfind("cvat_backup", 0) == 0;
  saveMedia_->setEnabled(!backup);
  if (backup) saveMedia_->setChecked(true);
  // The output's extension follows the format when it still is the suggested kind (a .zip).
  adjustSize();
}

ExportRequest ExportDialog::request() const {
  ExportRequest r;
  if (format_->currentIndex() >= 0 && !formats_.empty()) r.format = formats_[static_cast<std::size_t>(format_->currentIndex())];
  r.output = output_->text().trimmed().toStdString();
  r.options.saveMedia = saveMedia_->isChecked();
  r.options.onlyKeyframes = onlyKeyframes_->isChecked();
  r.options.skipDeletedFrames = skipDeleted_->isChecked();
  // The whole task stays "no range": exporters then keep every frame as it is numbered.
  if (firstFrame_->value() > 0 || lastFrame_->value() < frameCount_ - 1) {
    r.options.firstFrame = firstFrame_->value();
    r.options.lastFrame = lastFrame_->value();
  }
  if (r.format && r.format->id == "kitti_object") r.options.calibration = calibration_->text().trimmed().toStdString();
  return r;
}

// ---------------------------------------------------------------------------------------------

ImportDialog::ImportDialog(TaskDimension dimension, QWidget* parent) : QDialog(parent), formats_(formatsFor(dimension, false)) {
  setWindowTitle(tr("Import annotations"));
  auto* form = new QFormLayout(this);
  format_ = formatBox(formats_, this);
  form->addRow(tr("Format"), format_);
  summary_ = summaryLabel(this);
  form->addRow(QString(), summary_);
  input_ = new QLineEdit(this);
  input_->setObjectName("input");
  auto* file = new QPushButton(tr("File…"), this);
  auto* folder = new QPushButton(tr("Folder…"), this);
  connect(file, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import from"), QString(),
                                                      tr("Annotations (*.zip *.xml *.json);;All files (*)"));
    if (!path.isEmpty()) input_->setText(path);
  });
  connect(folder, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getExistingDirectory(this, tr("Import from the folder"));
    if (!path.isEmpty()) input_->setText(path);
  });
  form->addRow(tr("Read from"), pathRow(input_, {file, folder}, this));
  replace_ = new QCheckBox(tr("Replace the task's annotations (otherwise they are added)"), this);
  replace_->setObjectName("replace");
  form->addRow(QString(), replace_);
  masksToPolygons_ = new QCheckBox(tr("Convert masks to polygons"), this);
  masksToPolygons_->setObjectName("masksToPolygons");
  masksToPolygons_->setVisible(dimension == TaskDimension::Image2D);
  form->addRow(QString(), masksToPolygons_);
  createLabels_ = new QCheckBox(tr("Add the labels the task lacks (otherwise such a file is refused)"), this);
  createLabels_->setObjectName("createLabels");
  form->addRow(QString(), createLabels_);
  form->addRow(okCancel(this, tr("Import"), input_));
  auto refresh = [this] {
    const int i = format_->currentIndex();
    summary_->setText(i >= 0 ? QString::fromStdString(formats_[static_cast<std::size_t>(i)]->summary) : QString());
  };
  connect(format_, qOverload<int>(&QComboBox::currentIndexChanged), this, refresh);
  refresh();
  setMinimumWidth(560);
}

ImportRequest ImportDialog::request() const {
  ImportRequest r;
  if (format_->currentIndex() >= 0) r.format = formats_[static_cast<std::size_t>(format_->currentIndex())];
  r.input = input_->text().trimmed().toStdString();
  r.options.replace = replace_->isChecked();
  r.options.masksToPolygons = masksToPolygons_->isChecked();
  r.options.createMissingLabels = createLabels_->isChecked();
  return r;
}

// ---------------------------------------------------------------------------------------------

bool runWithProgress(QWidget* parent, const QString& title, const std::function<void(WorkProgress&)>& work) {
  WorkProgress progress;
  std::atomic<bool> finished{false};
  std::exception_ptr error;
  std::thread worker([&] {
    try {
      work(progress);
    } catch (...) {
      error = std::current_exception();
    }
    finished = true;
  });
  QProgressDialog dialog(title, QObject::tr("Cancel"), 0, 0, parent);
  dialog.setObjectName("workProgress");
  dialog.setWindowTitle(title);
  dialog.setWindowModality(Qt::WindowModal);
  dialog.setAutoReset(false);
  dialog.setAutoClose(false);
  // Quick work finishes without a flash of a dialog; QProgressDialog's own delay only starts
  // with a first setValue, which busy work never calls.
  dialog.setMinimumDuration(std::numeric_limits<int>::max());
  QTimer::singleShot(300, &dialog, [&] {
    if (!finished) dialog.show();
  });
  QEventLoop loop;
  QTimer poll;
  QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
    if (finished) {
      loop.quit();
      return;
    }
    // Cancel button, Escape or closing the dialog: asked once, then the dialog waits for the work.
    if (dialog.wasCanceled() && !progress.cancelled) {
      progress.cancelled = true;
      dialog.setLabelText(QObject::tr("Cancelling…"));
      dialog.show();
    }
    const std::size_t total = progress.total;
    if (total > 0) {
      dialog.setMaximum(static_cast<int>(total));
      dialog.setValue(static_cast<int>(std::min(progress.done.load(), total)));
    }
  });
  poll.start(30);
  if (!finished) loop.exec();
  worker.join();
  dialog.close();
  if (error) {
    try {
      std::rethrow_exception(error);
    } catch (const io::ExportCancelled&) {
      return false;
    } catch (const WorkCancelled&) {
      return false;
    }
  }
  return true;
}

}  // namespace labelstation::app

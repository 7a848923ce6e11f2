#pragma once
// File > Export annotations… and Import annotations…: the registry's formats for the task's
// dimension with CVAT's options, and the work itself on a worker thread behind a progress dialog
// with Cancel, so a long export with media never freezes the window.

#include <QDialog>
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>

#include "labelstation/io/annotation_formats.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace labelstation::app {

// The formats of `dimension` that can be exported (or imported), in the registry's order.
std::vector<const io::AnnotationFormat*> formatsFor(TaskDimension dimension, bool forExport);

struct ExportRequest {
  const io::AnnotationFormat* format = nullptr;
  std::filesystem::path output;
  io::ExportOptions options;
};

class ExportDialog : public QDialog {
  Q_OBJECT
 public:
  // `suggestedOutput`: the output path offered first (a .zip beside the project or dataset).
  ExportDialog(TaskDimension dimension, int frameCount, const QString& suggestedOutput, QWidget* parent = nullptr);
  ExportRequest request() const;

 private:
  void formatChanged();
  std::vector<const io::AnnotationFormat*> formats_;
  QComboBox* format_ = nullptr;
  QLabel* summary_ = nullptr;
  QLineEdit* output_ = nullptr;
  QCheckBox* saveMedia_ = nullptr;
  QCheckBox* onlyKeyframes_ = nullptr;
  QCheckBox* skipDeleted_ = nullptr;
  QSpinBox* firstFrame_ = nullptr;
  QSpinBox* lastFrame_ = nullptr;
  QLineEdit* calibration_ = nullptr;
  QLabel* calibrationLabel_ = nullptr;
  int frameCount_ = 0;
};

struct ImportRequest {
  const io::AnnotationFormat* format = nullptr;
  std::filesystem::path input;
  io::ImportOptions options;
};

class ImportDialog : public QDialog {
  Q_OBJECT
 public:
  explicit ImportDialog(TaskDimension dimension, QWidget* parent = nullptr);
  ImportRequest request() const;

 private:
  std::vector<const io::AnnotationFormat*> formats_;
  QComboBox* format_ = nullptr;
  QLabel* summary_ = nullptr;
  QLineEdit* input_ = nullptr;
  QCheckBox* replace_ = nullptr;
  QCheckBox* masksToPolygons_ = nullptr;
  QCheckBox* createLabels_ = nullptr;
};

// What the worker and the progress dialog share.
struct WorkProgress {
  std::atomic<std::size_t> done{0}, total{0};  // total 0: no count known (a busy indicator)
  std::atomic<bool> cancelled{false};
};

// What work throws when it sees `cancelled` (an export's io::ExportCancelled counts as well).
struct WorkCancelled {};

// Runs `work` on a worker thread while a modal progress dialog titled `title` shows its progress
// and offers Cancel (which sets `cancelled`; the work stops where it checks it and throws
// WorkCancelled). Returns false when the work was cancelled, true when it completed; any other
// exception from `work` is thrown again here, on the calling thread.
bool runWithProgress(QWidget* parent, const QString& title, const std::function<void(WorkProgress&)>& work);

}  // namespace labelstation::app

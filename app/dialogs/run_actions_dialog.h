#pragma once
// Edit > Run actions: which shapes-converter action, over which frames (a range, the current
// frame or all of them), on the shapes the filter shows.

#include <QDialog>

#include "shape_actions.h"

class QComboBox;
class QSpinBox;

namespace labelstation::app {

class RunActionsDialog : public QDialog {
  Q_OBJECT
 public:
  // `filterText`: the objects filter in force (empty: none).
  RunActionsDialog(int frame, int frameCount, const QString& filterText, QWidget* parent = nullptr);
  ShapeAction action() const;
  int firstFrame() const;
  int lastFrame() const;

 private:
  QComboBox* action_ = nullptr;
  QSpinBox* first_ = nullptr;
  QSpinBox* last_ = nullptr;
};

}  // namespace labelstation::app

#pragma once
// Ctrl+B: how far to copy the selected object, as CVAT's propagate dialog: forward to the next
// frames or backward to the previous ones, by a number of copies or up to a frame (the two
// fields follow each other).

#include <QDialog>

class QRadioButton;
class QSpinBox;

namespace labelstation::app {

class PropagateDialog : public QDialog {
  Q_OBJECT
 public:
  // From `frame` of a task with `frameCount` frames.
  PropagateDialog(int frame, int frameCount, QWidget* parent = nullptr);
  // Frames to copy to: positive forward, negative backward.
  int count() const;

 private:
  void directionChanged();

  int frame_ = 0, frameCount_ = 0;
  QRadioButton* forward_ = nullptr;
  QRadioButton* backward_ = nullptr;
  QSpinBox* copies_ = nullptr;
  QSpinBox* upTo_ = nullptr;
  bool syncing_ = false;
};

}  // namespace labelstation::app

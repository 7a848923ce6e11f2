#pragma once
// What every part of the window looks at: the current frame and the selected object. The shell
// sets them; workspaces and panels observe the signals instead of reaching into each other to
// stay in step (issue: one selection/current-frame model).

#include <QObject>

#include "labelstation/core/types.h"

namespace labelstation::app {

class AnnotationContext : public QObject {
  Q_OBJECT
 public:
  using QObject::QObject;

  int frame() const { return frame_; }
  // 0: nothing selected. Only an object shown on the frame is ever selected (the shell checks).
  ObjectId selected() const { return selected_; }

  // Each emits its signal when the value changes (not when it is set to what it was).
  void setFrame(int frame);
  void setSelected(ObjectId id);

 signals:
  void frameChanged(int frame);
  void selectionChanged(labelstation::ObjectId selected);

 private:
  int frame_ = 0;
  ObjectId selected_ = 0;
};

}  // namespace labelstation::app

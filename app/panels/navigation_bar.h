#pragma once
// The navigation bar, as CVAT's player: first / previous frame, a slider to scrub, the frame
// number, next / last, the frame's name, undo / redo and the job's info. It shows the context's
// frame and asks for another with frameRequested; the shell decides (clamping, skipping).

#include <QToolBar>
#include <map>

#include "keymap.h"

class QLabel;
class QSlider;
class QSpinBox;

namespace labelstation::app {

class AnnotationContext;

class NavigationBar : public QToolBar {
  Q_OBJECT
 public:
  // `actions`: the window's actions by id (the bar shows some of them).
  NavigationBar(AnnotationContext& context, const std::map<ActionId, QAction*>& actions, QWidget* parent = nullptr);

  // A task's frames: the slider's and the number's range, back at the context's frame.
  void setFrameCount(int count);
  // What the bar says of the frame shown (its name, marked when deleted).
  void setFrameName(const QString& name);

 signals:
  void frameRequested(int frame);
  // The number was typed and confirmed: the workspace may take the keys back.
  void frameEntered();

 private:
  void showFrame(int frame);  // slider and number, without asking for it again

  QSlider* slider_ = nullptr;
  QSpinBox* number_ = nullptr;
  QLabel* name_ = nullptr;
};

}  // namespace labelstation::app

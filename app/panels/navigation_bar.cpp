#include "navigation_bar.h"

#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <algorithm>

#include "annotation_context.h"

namespace labelstation::app {

NavigationBar::NavigationBar(AnnotationContext& context, const std::map<ActionId, QAction*>& actions, QWidget* parent)
    : QToolBar(tr("Navigation"), parent) {
  setObjectName("navigation");
  setMovable(false);
  addAction(actions.at(ActionId::FirstFrame));
  addAction(actions.at(ActionId::PreviousFrame));
  // Drag to scrub (frames load behind it).
  slider_ = new QSlider(Qt::Horizontal, this);
  slider_->setObjectName("frameSlider");
  slider_->setMinimumWidth(160);
  slider_->setFocusPolicy(Qt::NoFocus);
  addWidget(slider_);
  number_ = new QSpinBox(this);
  number_->setObjectName("frameBox");
  number_->setKeyboardTracking(false);
  number_->setFocusPolicy(Qt::ClickFocus);
  addWidget(number_);
  addAction(actions.at(ActionId::NextFrame));
  addAction(actions.at(ActionId::LastFrame));
  addSeparator();
  name_ = new QLabel(this);
  name_->setObjectName("frameName");
  addWidget(name_);
  addSeparator();
  // The buttons keep a short text (the menu's items name the step): a bar that reflowed with
  // each edit moved the controls after it under the mouse.
  actions.at(ActionId::Undo)->setIconText(tr("Undo"));
  actions.at(ActionId::Redo)->setIconText(tr("Redo"));
  addAction(actions.at(ActionId::Undo));
  addAction(actions.at(ActionId::Redo));
  addSeparator();
  QAction* jobInfo = actions.at(ActionId::JobInfo);
  QAction* info = addAction(tr("Info"));
  info->setToolTip(jobInfo->text().remove('&'));
  connect(info, &QAction::triggered, jobInfo, &QAction::trigger);

  connect(slider_, &QSlider::valueChanged, this, &NavigationBar::frameRequested);
  connect(number_, qOverload<int>(&QSpinBox::valueChanged), this, &NavigationBar::frameRequested);
  connect(number_, &QSpinBox::editingFinished, this, &NavigationBar::frameEntered);
  connect(&context, &AnnotationContext::frameChanged, this, &NavigationBar::showFrame);
}

void NavigationBar::setFrameCount(int count) {
  const QSignalBlocker blockSlider(slider_), blockNumber(number_);
  slider_->setRange(0, std::max(0, count - 1));
  number_->setRange(0, std::max(0, count - 1));
}

void NavigationBar::setFrameName(const QString& name) { name_->setText(name); }

void NavigationBar::showFrame(int frame) {
  const QSignalBlocker blockSlider(slider_), blockNumber(number_);
  slider_->setValue(frame);
  number_->setValue(frame);
}

}  // namespace labelstation::app

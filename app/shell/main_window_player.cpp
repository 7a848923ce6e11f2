// The main window's frame player: step back / forward by the step setting (C / V), play and
// pause (Space), delete and restore frames, and finding a frame by its name.
#include <QAction>
#include <QLineEdit>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>

#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "main_window.h"
#include "propagate_dialog.h"
#include "vtk_view.h"

namespace labelstation::app {

void MainWindow::buildPlayer() {
  auto on = [this](ActionId id, auto slot) { connect(actions_[id], &QAction::triggered, this, slot); };
  // CVAT's step setting, 10 frames by default.
  auto step = [this] { return std::max(1, settings_.step); };
  on(ActionId::StepBack, [this, step] { setFrame(frameAfterStep(-step())); });
  on(ActionId::StepForward, [this, step] { setFrame(frameAfterStep(step())); });
  // CVAT's filtered and empty-frame navigation.
  auto jump = [this](std::optional<int> to, const QString& none) {
    if (to) setFrame(*to);
    else statusBar()->showMessage(none, 3000);
  };
  on(ActionId::NextMatchingFrame, [this, jump] {
    jump(findFrameWithMatch(session_->document(), filter_ ? &*filter_ : nullptr, context_->frame(), 1), tr("No later frame matches"));
  });
  on(ActionId::PreviousMatchingFrame, [this, jump] {
    jump(findFrameWithMatch(session_->document(), filter_ ? &*filter_ : nullptr, context_->frame(), -1), tr("No earlier frame matches"));
  });
  on(ActionId::NextEmptyFrame, [this, jump] { jump(findEmptyFrame(session_->document(), context_->frame(), 1), tr("No later empty frame")); });
  on(ActionId::PreviousEmptyFrame, [this, jump] { jump(findEmptyFrame(session_->document(), context_->frame(), -1), tr("No earlier empty frame")); });
  playTimer_ = new QTimer(this);
  playTimer_->setInterval(1000 / std::max(1, ViewSettings::load().playFps));
  connect(playTimer_, &QTimer::timeout, this, [this] {
    if (frameAfterStep(1) == context_->frame()) {
      playTimer_->stop();  // the end: stop, as a video player does
      actions_[ActionId::PlayPause]->setChecked(false);
      statusBar()->clearMessage();
      return;
    }
    if (!isFrameLoaded()) return;  // never run ahead of the loader: no frozen UI
    setFrame(frameAfterStep(1));
    showPlaybackRate();
  });
  actions_[ActionId::PlayPause]->setCheckable(true);
  on(ActionId::PlayPause, [this] {
    playedFrames_.clear();
    if (actions_[ActionId::PlayPause]->isChecked()) {
      playClock_.start();
      playTimer_->start();
    } else {
      playTimer_->stop();
      statusBar()->clearMessage();
    }
  });
  on(ActionId::DeleteFrame, [this] { runEdit([this] { return edits::deleteFrame(session_->document(), context_->frame()); }); });
  on(ActionId::RestoreFrame, [this] { runEdit([this] { return edits::restoreFrame(session_->document(), context_->frame()); }); });
  on(ActionId::NewCuboidTrack, [this] { newCuboid(true); });
  on(ActionId::PickUpCuboid, [this] { pickUpCuboid(); });
  // The selected track's keyframes, as CVAT's keyframe arrows.
  auto keyframeStep = [this](bool forward) {
    const AnnotationObject* obj = session_->document().object(context_->selected());
    if (!obj || !obj->isTrack()) return;
    const std::optional<int> to = forward ? nextKeyframe(*obj, context_->frame()) : previousKeyframe(*obj, context_->frame());
    if (to) setFrame(*to);
  };
  on(ActionId::PreviousKeyframe, [keyframeStep] { keyframeStep(false); });
  on(ActionId::NextKeyframe, [keyframeStep] { keyframeStep(true); });
  on(ActionId::Settings, [this] {
    ViewSettings current = ViewSettings::load();
    current.autosaveMinutes = session_->settings().autosaveMinutes;
    SettingsDialog dialog(current, !session_->projectFile().empty(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    applySettings(dialog.settings());
    applyShortcuts(dialog.shortcuts());
  });
  on(ActionId::Propagate, [this] {
    if (!context_->selected()) return;
    PropagateDialog dialog(context_->frame(), session_->document().frameCount(), this);
    if (dialog.exec() == QDialog::Accepted) propagateSelected(dialog.count());
  });

  for (const KeyBinding& b : keymap())
    if (const int digit = labelKeyDigit(b.id); digit >= 0)
      connect(actions_[b.id], &QAction::triggered, this, [this, digit] { applyLabelKey(digit); });

  auto* search = new QLineEdit(this);
  search->setObjectName("frameSearch");
  search->setPlaceholderText(tr("Go to frame named…"));
  search->setClearButtonEnabled(true);
  search->setMaximumWidth(220);
  findChild<QToolBar*>("navigation")->addWidget(search);
  connect(search, &QLineEdit::returnPressed, this, [this, search] {
    if (!goToFrameNamed(search->text())) statusBar()->showMessage(tr("No frame is named like \"%1\"").arg(search->text()), 4000);
    focusWorkspace();
  });
}

bool MainWindow::goToFrameNamed(const QString& text) {
  const Document& doc = session_->document();
  const int n = doc.frameCount();
  if (text.isEmpty() || n == 0) return false;
  for (int k = 1; k <= n; ++k) {
    const int f = (context_->frame() + k) % n;
    if (QString::fromStdString(doc.frame(f).name).contains(text, Qt::CaseInsensitive)) {
      setFrame(f);
      return true;
    }
  }
  return false;
}

int MainWindow::frameAfterStep(int by) const { return shownFrameFrom(context_->frame() + by, by >= 0 ? 1 : -1); }

int MainWindow::shownFrameFrom(int target, int direction) const {
  const Document& doc = session_->document();
  const int last = doc.frameCount() - 1;
  target = std::clamp(target, 0, std::max(0, last));
  if (settings_.showDeletedFrames) return target;
  for (int f = target; f >= 0 && f <= last; f += direction)
    if (!doc.isFrameDeleted(f)) return f;
  return context_->frame();  // only deleted frames that way
}

void MainWindow::applyShortcuts(const Shortcuts& shortcuts) {
  saveShortcuts(shortcuts);
  for (const auto& [id, keys] : shortcuts) actions_.at(id)->setShortcuts(keys);
}

void MainWindow::applySettings(const ViewSettings& settings) {
  settings.save();
  settings_ = settings;
  scene_->setTextStyle(settings.textSize, settings.textCentred);
  projections_->setGripPixels(settings.controlPointSize);
  refreshCuboids();
  refreshObjectList();
  scene_->setBackground({static_cast<std::uint8_t>(settings.background.red()), static_cast<std::uint8_t>(settings.background.green()),
                         static_cast<std::uint8_t>(settings.background.blue())});
  setPointSize(static_cast<float>(settings.pointSize));
  playTimer_->setInterval(1000 / std::max(1, settings.playFps));
  session_->settings().autosaveMinutes = settings.autosaveMinutes;  // saved with the project
  view_->update();
}

// While playing, the status bar gives the rate reached: frames are never skipped, so a drive that
// loads more slowly than the rate set plays more slowly, and says so.
void MainWindow::showPlaybackRate() {
  const qint64 now = playClock_.elapsed();
  playedFrames_.push_back(now);
  while (playedFrames_.size() > 2 && now - playedFrames_.front() > 2000) playedFrames_.pop_front();
  if (playedFrames_.size() < 3 || now - lastRateShown_ < 500) return;
  lastRateShown_ = now;
  const double rate = 1000.0 * static_cast<double>(playedFrames_.size() - 1) / static_cast<double>(std::max<qint64>(1, now - playedFrames_.front()));
  const int set = std::max(1, settings_.playFps);
  statusBar()->showMessage(rate < 0.8 * set ? tr("Playing at %1 fps of the %2 set: the frames load more slowly").arg(rate, 0, 'f', 1).arg(set)
                                            : tr("Playing at %1 fps").arg(set),
                           3000);
}

}  // namespace labelstation::app

#pragma once
// The Shortcuts tab of the settings (F2): every action with its keys, editable, with conflicts
// (one key on two actions, or a key the labels and the camera keep) named and refused.

#include <QWidget>

#include "keymap.h"

class QLabel;
class QLineEdit;
class QTableWidget;

namespace labelstation::app {

class KeymapEditor : public QWidget {
  Q_OBJECT
 public:
  explicit KeymapEditor(const Shortcuts& current, QWidget* parent = nullptr);
  const Shortcuts& shortcuts() const { return shortcuts_; }
  // Gives the action `key` as its first shortcut (its others stay); an empty key removes that
  // first shortcut. What typing into the action's key field does.
  void setShortcut(ActionId id, const QKeySequence& key);
  void resetToDefaults();
  // Why these shortcuts cannot be used (conflicts, reserved keys); empty when they can.
  QString problem() const { return problem_; }

 signals:
  void validityChanged(bool valid);

 private:
  void showShortcuts();
  void check();
  Shortcuts shortcuts_;
  QString problem_;
  QTableWidget* table_ = nullptr;
  QLineEdit* search_ = nullptr;
  QLabel* problemLabel_ = nullptr;
};

}  // namespace labelstation::app

#pragma once
// F2: the settings an annotator changes (CVAT's Settings: player and workspace), remembered with
// QSettings; the autosave interval belongs to the open project.

#include <QColor>
#include <QDialog>

#include "keymap_editor.h"

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace labelstation::app {

struct ViewSettings {
  int step = 10;          // frames for C / V
  int playFps = 10;       // Space plays this many frames a second (if they load that fast)
  QColor background{16, 18, 24};
  int pointSize = 2;
  bool showDeletedFrames = false;  // off: stepping and playing skip deleted frames
  int autosaveMinutes = 0;  // 0: off
  bool showAllTracks = false;  // list tracks on frames where they are outside too (greyed)
  // Object texts (View > Object texts): what they say, where and how large.
  bool textId = true, textLabel = true, textAttributes = false, textSource = false, textDimensions = false;
  bool textCentred = false;  // off: above the object
  int textSize = 13;
  int controlPointSize = 6;  // how near (pixels) an edge of a box in the projections counts as on it

  // What QSettings holds (defaults where nothing is stored); the autosave interval is not there.
  static ViewSettings load();
  void save() const;
};

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  SettingsDialog(const ViewSettings& current, bool hasProject, QWidget* parent = nullptr);
  ViewSettings settings() const;
  // The Shortcuts tab's keys (valid when the dialog was accepted: conflicts block OK).
  const Shortcuts& shortcuts() const;
  KeymapEditor* keymapEditor() const { return keymap_; }

 private:
  KeymapEditor* keymap_ = nullptr;
  QCheckBox* showDeleted_ = nullptr;
  QCheckBox* showAllTracks_ = nullptr;
  QCheckBox *textId_ = nullptr, *textLabel_ = nullptr, *textAttributes_ = nullptr, *textSource_ = nullptr, *textDimensions_ = nullptr;
  QComboBox* textPosition_ = nullptr;
  QSpinBox* textSize_ = nullptr;
  QSpinBox* controlPointSize_ = nullptr;
  QSpinBox* step_ = nullptr;
  QSpinBox* fps_ = nullptr;
  QComboBox* background_ = nullptr;
  QSpinBox* pointSize_ = nullptr;
  QCheckBox* autosave_ = nullptr;
  QSpinBox* autosaveMinutes_ = nullptr;
};

}  // namespace labelstation::app

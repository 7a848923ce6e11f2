#pragma once
// F2: the settings an annotator changes (CVAT's Settings: player and workspace), remembered with
// QSettings; the autosave interval belongs to the open project.

#include <QColor>
#include <QDialog>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace labelstation::app {

struct ViewSettings {
  int step = 10;          // frames for C / V
  int playFps = 10;       // Space plays this many frames a second (if they load that fast)
  QColor background{16, 18, 24};
  int pointSize = 2;
  int autosaveMinutes = 0;  // 0: off

  // What QSettings holds (defaults where nothing is stored); the autosave interval is not there.
  static ViewSettings load();
  void save() const;
};

class SettingsDialog : public QDialog {
  Q_OBJECT
 public:
  SettingsDialog(const ViewSettings& current, bool hasProject, QWidget* parent = nullptr);
  ViewSettings settings() const;

 private:
  QSpinBox* step_ = nullptr;
  QSpinBox* fps_ = nullptr;
  QComboBox* background_ = nullptr;
  QSpinBox* pointSize_ = nullptr;
  QCheckBox* autosave_ = nullptr;
  QSpinBox* autosaveMinutes_ = nullptr;
};

}  // namespace labelstation::app

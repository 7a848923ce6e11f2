#pragma once
// The Appearance block under the objects list, as in CVAT's objects sidebar: what colours the
// objects (their label, each instance, or their group), how opaque the cuboids' faces are (all,
// and the selected one), and the orientation arrows. Remembered with QSettings.

#include <QWidget>

class QComboBox;
class QCheckBox;
class QSlider;

namespace labelstation::app {

enum class ColorBy { Label, Instance, Group };

struct Appearance {
  ColorBy colorBy = ColorBy::Label;
  int opacity = 18;          // percent: every cuboid's faces
  int selectedOpacity = 35;  // percent: the selected cuboid's faces
  bool orientationArrows = false;

  static Appearance load();  // QSettings, defaults where nothing is stored
  void save() const;
};

class AppearancePanel : public QWidget {
  Q_OBJECT
 public:
  explicit AppearancePanel(QWidget* parent = nullptr);
  Appearance appearance() const;

 signals:
  void changed(const Appearance& appearance);

 private:
  QComboBox* colorBy_ = nullptr;
  QSlider* opacity_ = nullptr;
  QSlider* selectedOpacity_ = nullptr;
  QCheckBox* arrows_ = nullptr;
};

}  // namespace labelstation::app

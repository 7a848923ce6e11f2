#pragma once
// The Appearance block under the objects list, as in CVAT's objects sidebar: what colours the
// objects (their label, each instance, or their group), how opaque the cuboids' faces are (all,
// and the selected one), outlined borders (every edge in one chosen colour), the cuboids'
// projections on the camera images, and the orientation arrows. Remembered with QSettings.

#include <QString>
#include <QWidget>

class QComboBox;
class QCheckBox;
class QPushButton;
class QSlider;

namespace labelstation::app {

enum class ColorBy { Label, Instance, Group };

struct Appearance {
  ColorBy colorBy = ColorBy::Label;
  int opacity = 18;          // percent: every cuboid's faces
  int selectedOpacity = 35;  // percent: the selected cuboid's faces
  bool orientationArrows = false;
  bool outlined = false;
  QString outlineColor = "#ffffff";
  bool showProjections = true;  // cuboid wireframes on the camera images

  static Appearance load();  // QSettings, defaults where nothing is stored
  void save() const;
};

class AppearancePanel : public QWidget {
  Q_OBJECT
 public:
  explicit AppearancePanel(QWidget* parent = nullptr);
  Appearance appearance() const;
  // Orientation arrows and projections on camera images are for cuboids: shown in LiDAR tasks only.
  void setCuboidOptionsShown(bool shown);

 signals:
  void changed(const Appearance& appearance);

 private:
  QComboBox* colorBy_ = nullptr;
  QSlider* opacity_ = nullptr;
  QSlider* selectedOpacity_ = nullptr;
  QCheckBox* arrows_ = nullptr;
  QCheckBox* outlined_ = nullptr;
  QPushButton* outlineColor_ = nullptr;
  QCheckBox* projections_ = nullptr;
};

}  // namespace labelstation::app

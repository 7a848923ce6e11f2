#pragma once
// The 2D workspace's image settings, as CVAT's Image settings panel: brightness, contrast,
// saturation and gamma (display only, with a reset), the grid overlay (shown, size, colour,
// opacity), smooth or pixelated zoom, and whether a rotation turns all images or the one shown.
// Remembered with QSettings.

#include <QWidget>

#include "image_canvas.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSlider;
class QSpinBox;

namespace labelstation::app {

struct ImageSettings {
  ImageAdjustments adjustments;
  CanvasGrid grid;
  bool smooth = true;
  bool rotateAll = false;

  static ImageSettings load();
  void save() const;
};

class ImageSettingsPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ImageSettingsPanel(QWidget* parent = nullptr);
  ImageSettings settings() const;

 signals:
  void changed(const labelstation::app::ImageSettings& settings);

 private:
  void show(const ImageSettings& s);  // into the controls, without signals

  QSlider* brightness_ = nullptr;
  QSlider* contrast_ = nullptr;
  QSlider* saturation_ = nullptr;
  QDoubleSpinBox* gamma_ = nullptr;
  QCheckBox* grid_ = nullptr;
  QSpinBox* gridSize_ = nullptr;
  QComboBox* gridColor_ = nullptr;
  QSlider* gridOpacity_ = nullptr;
  QCheckBox* smooth_ = nullptr;
  QCheckBox* rotateAll_ = nullptr;
  bool loading_ = false;
};

}  // namespace labelstation::app

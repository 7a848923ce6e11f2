#pragma once
// The 2D workspace's tool bars: drawing options (points per shape, automatic bordering,
// intelligent cropping, region zoom, the z-layer shown) and the brush tool's bar, shown while a
// mask is drawn or edited (brush, eraser, polygon add / remove, tip size and shape, remove
// underlying pixels, hide the mask, save, save and continue, cancel).

#include <QToolBar>
#include <utility>
#include <vector>

#include "image_canvas.h"

class QCheckBox;
class QComboBox;
class QSlider;
class QSpinBox;
class QLabel;

namespace labelstation::app {

class DrawingToolbar : public QToolBar {
  Q_OBJECT
 public:
  explicit DrawingToolbar(QWidget* parent = nullptr);
  // The Draw menu's shape types as a list at the front of the bar (choosing one triggers its
  // action; an action triggered elsewhere shows in the list).
  void setDrawActions(const QList<QAction*>& actions);
  // Polygons, polylines and points end by themselves at this many points (0: N ends them).
  int pointCount() const;
  bool autoBorder() const;
  bool intelligentCropping() const;
  // The z-orders on the frame: the slider spans them and shows all when at its top.
  void setZRange(int lowest, int highest);
  int maxZLayer() const;  // INT_MAX when every layer is shown
  // CVAT's "Setup tag": the labels a frame's tag can have (type tag or any), by id and name.
  void setTagLabels(const std::vector<std::pair<LabelId, QString>>& labels);

 signals:
  void tagRequested(LabelId label);  // "Add tag" for the chosen label
  void pointCountChanged(int count);
  void autoBorderChanged(bool on);
  void intelligentCroppingChanged(bool on);
  void zLayerChanged(int maxZ);
  void regionZoomRequested();

 private:
  QSpinBox* points_ = nullptr;
  QCheckBox* autoBorder_ = nullptr;
  QCheckBox* cropping_ = nullptr;
  QSlider* zLayer_ = nullptr;
  QLabel* zLabel_ = nullptr;
  QComboBox* tagLabel_ = nullptr;
};

class MaskToolbar : public QToolBar {
  Q_OBJECT
 public:
  explicit MaskToolbar(QWidget* parent = nullptr);
  BrushSettings settings() const;
  bool removeUnderlying() const;
  // The brush or a polygon tool (N switches between the polygon tools' add and remove, as CVAT).
  void setTool(BrushTool tool);

 signals:
  void settingsChanged(const labelstation::app::BrushSettings& settings);
  void saveRequested();
  void saveAndContinueRequested();
  void cancelRequested();

 private:
  void changed();
  std::map<BrushTool, QAction*> tools_;
  QSpinBox* size_ = nullptr;
  QComboBox* tip_ = nullptr;
  QAction* removeUnderlying_ = nullptr;
  QAction* hideMask_ = nullptr;
};

}  // namespace labelstation::app

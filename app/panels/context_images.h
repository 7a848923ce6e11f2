#pragma once
// The frame's camera images beside the 3D view, with every cuboid's wireframe projected into
// each image in its label colour when the camera's calibration is known, and optionally the LiDAR
// points themselves (coloured by distance), so a wrong calibration shows at a glance. Overlays
// are drawn at the image's own resolution (composed()), then scaled to the widget.

#include <QImage>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "labelstation/core/geometry.h"
#include "labelstation/core/point_cloud.h"
#include "labelstation/io/calibration.h"
#include "labelstation/io/frame_cache.h"
#include "labelstation/io/image.h"

class QLabel;
class QSplitter;

namespace labelstation::app {

struct ProjectedCuboid {
  Cuboid3D box;
  QColor color;
  bool selected = false;
};

// One camera image with its overlays.
class ContextImageView : public QWidget {
  Q_OBJECT
 public:
  explicit ContextImageView(QWidget* parent = nullptr);
  // `camera` may be null (no calibration for this image): the image is shown without overlays.
  void setImage(const io::Image& image, const io::CameraCalibration* camera, const QString& title);
  void setOverlays(const std::vector<ProjectedCuboid>& cuboids, const PointCloud* points);
  // The image with its overlays at the image's resolution.
  const QImage& composed() const { return composed_; }
  bool hasCalibration() const { return camera_.has_value(); }
  // What the image's corner says: its title, and "(no calibration)" where one is expected.
  QString caption() const;
  void setCalibrationExpected(bool expected);
  QSize sizeHint() const override { return {320, 120}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  void compose();

  QImage image_, composed_;
  std::optional<io::CameraCalibration> camera_;
  std::vector<ProjectedCuboid> cuboids_;
  const PointCloud* points_ = nullptr;
  QString title_;
  bool calibrationExpected_ = true;
};

// The frame's camera images (up to 12, as CVAT allows), three shown at first, side by side.
class ContextImagesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit ContextImagesPanel(QWidget* parent = nullptr);
  // The frame's camera images (kept alive with the frame), the camera (or null) and a title for
  // each; null data clears the panel.
  void setFrame(std::shared_ptr<const io::FrameData> data, const std::vector<const io::CameraCalibration*>& cameras,
                const std::vector<QString>& titles);
  void setCuboids(const std::vector<ProjectedCuboid>& cuboids);
  void setShowPoints(bool show);
  // LiDAR tasks calibrate their cameras; an image task's related images need none (no
  // "no calibration" there).
  void setCalibrationExpected(bool expected);
  bool showPoints() const { return showPoints_; }
  std::vector<ContextImageView*> views() const { return views_; }
  // The toolbar's add button and each view's controls: show one more image, close a view, choose
  // which image a view shows. The choice holds from frame to frame.
  void addView();
  void closeView(std::size_t slot);
  void chooseImage(std::size_t slot, int image);
  // Swaps a view with its neighbour to the left (by -1) or the right (+1).
  void moveView(std::size_t slot, int by);
  // The toolbar's "fit views" (every view the same width; the splitters between them resize
  // them) and "reload layout" (back to the first three images).
  void fitViews();
  void resetLayout();
  // A view's image alone in a window of its own, full screen, its overlays following the edits
  // and the frame; Escape or a double-click closes it.
  void showFullscreen(std::size_t slot);
  QWidget* fullscreenWindow() const { return fullscreen_; }
  std::vector<int> shownImages() const { return shown_; }
  QSplitter* splitter() const { return splitter_; }

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  void refreshOverlays();
  void rebuild();
  int imageCount() const;

  std::vector<ContextImageView*> views_;
  std::vector<QWidget*> slots_;
  std::vector<int> shown_;  // the image each view shows, in view order
  bool chosen_ = false;     // shown_ set (first frame with images, or by the user)
  std::vector<const io::CameraCalibration*> cameras_;
  std::vector<QString> titles_;
  QSplitter* splitter_ = nullptr;
  QWidget* fullscreen_ = nullptr;  // the full-screen window, while open
  ContextImageView* fullscreenView_ = nullptr;
  int fullscreenImage_ = -1;
  void refreshFullscreen();
  std::shared_ptr<const io::FrameData> data_;
  std::vector<ProjectedCuboid> cuboids_;
  bool showPoints_ = false;
  bool calibrationExpected_ = true;
  QLabel* empty_ = nullptr;
};

}  // namespace labelstation::app

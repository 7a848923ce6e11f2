#pragma once
// What the window tests of the 2D workspace share: the window on the bundled image set, its
// canvas and document, and the mouse on the canvas in image coordinates.

#include <QtTest/QtTest>
#include <memory>

#include "canvas_mouse.h"
#include "window_harness.h"

namespace labelstation::app::testing {

class ImageWindowFixture : public QObject {
 protected:
  std::unique_ptr<MainWindow> window_;
  ImageCanvas* canvas() const { return window_->canvas(); }
  Document& doc() { return window_->session().document(); }
  void click(const QPointF& imagePoint, Qt::MouseButton button = Qt::LeftButton) { clickAt(*canvas(), imagePoint, button); }
  void drag(const QPointF& from, const QPointF& to, int steps = 8) { dragBetween(*canvas(), from, to, {}, steps); }
  // The window on sample_data/images_street, its first image shown.
  void openImages() {
    window_ = openWindow(Session::open(LABELSTATION_SOURCE_DIR "/sample_data/images_street"));
    QTRY_VERIFY_WITH_TIMEOUT(!canvas()->image().isNull(), 20000);
  }
};

}  // namespace labelstation::app::testing

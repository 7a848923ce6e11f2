#pragma once
// The mouse on the 2D canvas as an annotator moves it, in image coordinates: clicks, moves with
// buttons held, and drags in steps (what the window tests and the canvas tests share).

#include <QApplication>
#include <QMouseEvent>
#include <QtTest/QtTest>
#include <memory>

#include "image_canvas.h"

namespace labelstation::app::testing {

// A canvas of 800 × 600 on screen showing `image` (fitted).
inline std::unique_ptr<ImageCanvas> shownCanvas(const QImage& image) {
  auto canvas = std::make_unique<ImageCanvas>();
  canvas->resize(800, 600);
  canvas->show();
  if (!QTest::qWaitForWindowExposed(canvas.get())) qWarning("the canvas was not exposed");
  canvas->setImage(image);
  return canvas;
}

inline QPoint widgetPoint(const ImageCanvas& canvas, const QPointF& imagePoint) { return canvas.imageToWidget(imagePoint).toPoint(); }

inline void clickAt(ImageCanvas& canvas, const QPointF& imagePoint, Qt::MouseButton button = Qt::LeftButton,
                    Qt::KeyboardModifiers modifiers = {}) {
  QTest::mouseClick(&canvas, button, modifiers, widgetPoint(canvas, imagePoint));
}

inline void moveTo(ImageCanvas& canvas, const QPointF& imagePoint, Qt::MouseButtons buttons = Qt::NoButton,
                   Qt::KeyboardModifiers modifiers = {}) {
  const QPointF p = widgetPoint(canvas, imagePoint);
  QMouseEvent event(QEvent::MouseMove, p, canvas.mapToGlobal(p), Qt::NoButton, buttons, modifiers);
  QApplication::sendEvent(&canvas, &event);
}

// A left-button drag from one image point to another through `steps` moves.
inline void dragBetween(ImageCanvas& canvas, const QPointF& from, const QPointF& to, Qt::KeyboardModifiers modifiers = {},
                        int steps = 8) {
  QTest::mousePress(&canvas, Qt::LeftButton, modifiers, widgetPoint(canvas, from));
  for (int i = 1; i <= steps; ++i) moveTo(canvas, from + (to - from) * (static_cast<double>(i) / steps), Qt::LeftButton, modifiers);
  QTest::mouseRelease(&canvas, Qt::LeftButton, modifiers, widgetPoint(canvas, to));
}

}  // namespace labelstation::app::testing

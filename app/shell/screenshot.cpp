#include "screenshot.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QWidget>
#include <QWindow>

namespace labelstation::app {

QSurfaceFormat vtkSurfaceFormat() {
  QSurfaceFormat format;
  format.setRenderableType(QSurfaceFormat::OpenGL);
  format.setVersion(3, 2);
  format.setProfile(QSurfaceFormat::CoreProfile);
  format.setDepthBufferSize(24);
  format.setStencilBufferSize(8);
  format.setAlphaBufferSize(8);
  format.setSamples(0);
  return format;
}

QImage grabWindow(QWidget& window, const std::function<bool()>& ready) {
  QElapsedTimer timer;
  timer.start();
  auto waiting = [&] {
    if (!window.windowHandle() || !window.windowHandle()->isExposed()) return true;
    return ready && !ready();
  };
  while (waiting() && timer.elapsed() < 30000) {
    QApplication::processEvents(QEventLoop::AllEvents, 50);
    QThread::msleep(10);
  }
  for (int i = 0; i < 5; ++i) QApplication::processEvents();
  return window.grab().toImage();
}

bool saveWindowScreenshot(QWidget& window, const QString& file, const std::function<bool()>& ready) {
  const QImage image = grabWindow(window, ready);
  return !image.isNull() && image.save(file, "PNG");
}

}  // namespace labelstation::app

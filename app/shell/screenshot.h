#pragma once
#include <QImage>
#include <functional>
#include <QString>
#include <QSurfaceFormat>

class QWidget;

namespace labelstation::app {

// The OpenGL format VTK needs (3.2 core, depth and stencil); set before QApplication exists.
QSurfaceFormat vtkSurfaceFormat();
// Waits until the window is on screen and `ready` says its content is there (at most 30 s),
// then grabs it, the 3D view included.
QImage grabWindow(QWidget& window, const std::function<bool()>& ready = {});
bool saveWindowScreenshot(QWidget& window, const QString& file, const std::function<bool()>& ready = {});

}  // namespace labelstation::app

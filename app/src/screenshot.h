#pragma once
#include <QImage>
#include <QString>
#include <QSurfaceFormat>

class QWidget;

namespace labelstation::app {

// The OpenGL format VTK needs (3.2 core, depth and stencil); set before QApplication exists.
QSurfaceFormat vtkSurfaceFormat();
// Waits until the window is on screen and painted, then grabs it (the 3D view included).
QImage grabWindow(QWidget& window);
bool saveWindowScreenshot(QWidget& window, const QString& file);

}  // namespace labelstation::app

#include "vtk_view.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkRenderer.h>

#include <cmath>

#include "labelstation/render/scene.h"

namespace labelstation::app {

VtkView::VtkView(render::Scene& scene, QWidget* parent) : QOpenGLWidget(parent), scene_(scene) {
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(320, 240);
  window_ = vtkGenericOpenGLRenderWindow::New();
  scene_.attach(window_);
}

VtkView::~VtkView() {
  makeCurrent();
  scene_.detach(window_);
  window_->Finalize();
  doneCurrent();
  window_->Delete();
}

void VtkView::initializeGL() {
  window_->SetOwnContext(false);
  window_->SetIsCurrent(true);
  window_->SetReadyForRendering(true);
  window_->SetFrameBlitModeToBlitToCurrent();
  window_->OpenGLInitContext();
}

void VtkView::resizeGL(int w, int h) {
  const double ratio = devicePixelRatioF();
  window_->SetSize(static_cast<int>(w * ratio), static_cast<int>(h * ratio));
}

void VtkView::paintGL() {
  const double ratio = devicePixelRatioF();
  const int w = static_cast<int>(width() * ratio), h = static_cast<int>(height() * ratio);
  window_->SetSize(w, h);
  scene_.applyCamera(w, h);
  window_->Render();
}

// While the camera moves the scene draws fewer points (level of detail); all of them once it stops.
void VtkView::mousePressEvent(QMouseEvent* event) {
  lastMouse_ = pressedAt_ = event->position().toPoint();
  dragButton_ = event->button();
  dragged_ = false;
}

void VtkView::mouseMoveEvent(QMouseEvent* event) {
  const QPoint pos = event->position().toPoint();
  if (dragButton_ == Qt::NoButton) {
    emit hovered(event->position());
    return;
  }
  if (cameraFixed_) return;
  // A few pixels of jitter still make a click; past them the drag moves the camera.
  if (!dragged_) {
    if ((pos - pressedAt_).manhattanLength() < 4) return;
    dragged_ = true;
    scene_.setMoving(true);
  }
  const QPoint d = pos - lastMouse_;
  lastMouse_ = pos;
  auto& cam = scene_.camera();
  if (dragButton_ == Qt::LeftButton) {
    cam.orbit(-0.4 * d.x(), 0.4 * d.y());
  } else {
    cam.pan(static_cast<double>(d.x()) / std::max(1, height()), static_cast<double>(d.y()) / std::max(1, height()));
  }
  update();
}

void VtkView::mouseReleaseEvent(QMouseEvent* event) {
  const bool click = dragButton_ == Qt::LeftButton && !dragged_;
  dragButton_ = Qt::NoButton;
  if (dragged_) {
    scene_.setMoving(false);
    update();
  }
  dragged_ = false;
  if (click) emit clicked(event->position(), event->modifiers());
}

void VtkView::mouseDoubleClickEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton) emit doubleClicked(event->position());
}

void VtkView::leaveEvent(QEvent* event) {
  emit left();
  QOpenGLWidget::leaveEvent(event);
}

void VtkView::wheelEvent(QWheelEvent* event) {
  scene_.camera().zoom(std::pow(1.0015, event->angleDelta().y()));
  if (!settle_) {
    settle_ = new QTimer(this);
    settle_->setSingleShot(true);
    settle_->setInterval(250);
    connect(settle_, &QTimer::timeout, this, [this] {
      scene_.setMoving(false);
      update();
    });
  }
  scene_.setMoving(true);
  settle_->start();
  update();
}

void VtkView::keyPressEvent(QKeyEvent* event) {
  if (cameraFixed_) {
    QOpenGLWidget::keyPressEvent(event);
    return;
  }
  auto& cam = scene_.camera();
  if (event->modifiers() & Qt::ShiftModifier) {
    switch (event->key()) {
      case Qt::Key_Left: cam.orbit(-5, 0); break;
      case Qt::Key_Right: cam.orbit(5, 0); break;
      case Qt::Key_Up: cam.orbit(0, 5); break;
      case Qt::Key_Down: cam.orbit(0, -5); break;
      default: QOpenGLWidget::keyPressEvent(event); return;
    }
    update();
    return;
  }
  if (event->modifiers() & Qt::AltModifier) {  // CVAT's 3D camera keys
    switch (event->key()) {
      case Qt::Key_J: cam.pan(-0.05, 0); break;
      case Qt::Key_L: cam.pan(0.05, 0); break;
      case Qt::Key_U: cam.pan(0, 0.05); break;
      case Qt::Key_O: cam.pan(0, -0.05); break;
      case Qt::Key_I: cam.zoom(1.0 / 1.15); break;
      case Qt::Key_K: cam.zoom(1.15); break;
      default: QOpenGLWidget::keyPressEvent(event); return;
    }
    update();
    return;
  }
  QOpenGLWidget::keyPressEvent(event);
}

}  // namespace labelstation::app

#pragma once
// The Qt 6 ↔ VTK bridge: a QOpenGLWidget that renders a labelstation::render::Scene through a
// vtkGenericOpenGLRenderWindow sharing Qt's context. VTK draws only inside paintGL; everything
// that wants a new picture calls update(). Camera control is ours, on Qt events:
// left drag orbits, right or middle drag pans, the wheel zooms, Shift+arrows rotate.

#include <QOpenGLWidget>
#include <QPoint>
#include <QPointF>
#include <QTimer>
#include <memory>

namespace labelstation::render {
class Scene;
}
class vtkGenericOpenGLRenderWindow;

namespace labelstation::app {

class VtkView : public QOpenGLWidget {
  Q_OBJECT
 public:
  explicit VtkView(render::Scene& scene, QWidget* parent = nullptr);
  ~VtkView() override;

  render::Scene& scene() { return scene_; }
  // A fixed camera (projection panes): dragging and the camera keys do nothing, the wheel zooms.
  void setCameraFixed(bool fixed) { cameraFixed_ = fixed; }

 signals:
  // The cursor over the view (no button held), in widget pixels; left() when it goes away.
  void hovered(QPointF position);
  void left();
  // A left click that did not drag (dragging orbits), and a double-click.
  void clicked(QPointF position, Qt::KeyboardModifiers modifiers);
  void doubleClicked(QPointF position);

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  render::Scene& scene_;
  vtkGenericOpenGLRenderWindow* window_ = nullptr;  // owned (VTK reference counting)
  QPoint lastMouse_;
  QPoint pressedAt_;
  bool dragged_ = false;  // the held button moved the camera: no click on release
  Qt::MouseButton dragButton_ = Qt::NoButton;
  bool cameraFixed_ = false;
  QTimer* settle_ = nullptr;  // the wheel's "moving" ends this long after the last turn
};

}  // namespace labelstation::app

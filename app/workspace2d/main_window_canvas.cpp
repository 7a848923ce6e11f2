// The window's 2D workspace: an image task shows its frames on the ImageCanvas in place of the
// 3D view, with the same sidebar, undo, navigation and keymap. N (Shift+N: a track) draws the
// chosen shape type (Draw menu: rectangle, polygon, polyline, points, ellipse) with the chosen
// label; a click selects; drags move shapes, their corners or vertices, and turn them.
#include <QDockWidget>
#include <QLabel>
#include <QMenu>
#include <QStackedWidget>
#include <QStatusBar>
#include <cmath>

#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "context_images.h"
#include "drawing_toolbars.h"
#include "image_canvas.h"
#include "main_window.h"
#include "mode_panel.h"
#include "vtk_view.h"

namespace labelstation::app {

void MainWindow::buildCanvas() {
  canvas_ = new ImageCanvas(this);
  canvas_->setObjectName("imageCanvas");
  auto* workspaces = new QStackedWidget(this);
  workspaces->setObjectName("workspaces");
  workspaces->addWidget(view_);
  workspaces->addWidget(canvas_);
  setCentralWidget(workspaces);
  connect(canvas_, &ImageCanvas::clicked, this, [this](ObjectId shape, QPointF) {
    addToChoice(shape);
    selectObject(shape);
  });
  connect(canvas_, &ImageCanvas::shapeDrawn, this, [this](ShapeType type, const std::vector<double>& points) { addDrawnShape(type, points); });
  connect(canvas_, &ImageCanvas::shapeEdited, this, [this](ObjectId id, const std::vector<double>& points, bool finished) {
    editShapeOnCanvas(id, [&](ShapeState& s) { setCanvasPoints(s, points); }, finished);
  });
  connect(canvas_, &ImageCanvas::rotationEdited, this, [this](ObjectId id, double degrees, bool finished) {
    editShapeOnCanvas(id, [&](ShapeState& s) { s.rotation = degrees; }, finished);
  });
  connect(canvas_, &ImageCanvas::drawingChanged, this, [this] { refreshActions(); });
  connect(canvas_, &ImageCanvas::pasted, this, [this](QPointF offset) { pasteOnCanvas(offset); });
  // The status bar's corner: the image pixel under the cursor and the zoom, as image editors show.
  canvasStatus_ = new QLabel(this);
  canvasStatus_->setObjectName("canvasStatus");
  canvasStatus_->setMinimumWidth(canvasStatus_->fontMetrics().horizontalAdvance(tr("x 88888, y 88888 · 8888 %")) + 8);
  canvasStatus_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
  statusBar()->addPermanentWidget(canvasStatus_);
  connect(canvas_, &ImageCanvas::cursorMoved, this, [this](QPointF at, bool over) {
    canvasCursor_ = over ? std::optional<QPointF>(at) : std::nullopt;
    showCanvasStatus();
  });
  connect(canvas_, &ImageCanvas::viewChanged, this, [this] { showCanvasStatus(); });
}

void MainWindow::showCanvasStatus() {
  const QString zoom = tr("%1 %").arg(qRound(canvas_->scale() * 100));
  canvasStatus_->setText(canvasCursor_ ? tr("x %1, y %2 · %3").arg(std::floor(canvasCursor_->x())).arg(std::floor(canvasCursor_->y())).arg(zoom)
                                       : zoom);
}

// The image settings under the objects' docks, for image tasks.
void MainWindow::buildImageSettings() {
  auto* dock = new QDockWidget(tr("Image settings"), this);
  dock->setObjectName("imageSettingsDock");
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
  auto* panel = new ImageSettingsPanel(dock);
  panel->setObjectName("imageSettings");
  dock->setWidget(panel);
  addDockWidget(Qt::RightDockWidgetArea, dock);
  connect(panel, &ImageSettingsPanel::changed, this, [this](const ImageSettings& s) { applyImageSettings(s); });
  applyImageSettings(panel->settings());
}

void MainWindow::applyImageSettings(const ImageSettings& settings) {
  const bool rotateAllChanged = settings.rotateAll != imageSettings_.rotateAll;
  imageSettings_ = settings;
  canvas_->setAdjustments(settings.adjustments);
  canvas_->setGrid(settings.grid);
  canvas_->setSmooth(settings.smooth);
  if (rotateAllChanged) canvas_->setQuarterTurns(settings.rotateAll ? allTurns_ : frameTurns_[context_->frame()]);
}

void MainWindow::rotateImage(int quarterTurns) {
  if (!isImageTask()) return;
  int& turns = imageSettings_.rotateAll ? allTurns_ : frameTurns_[context_->frame()];
  turns = ((turns + quarterTurns) % 4 + 4) % 4;
  canvas_->setQuarterTurns(turns);
}

// A drag on the canvas: the shape's new points or rotation on this frame (a track gets a
// keyframe). The moves of one drag merge into one undo step. Locked shapes refuse, pinned ones
// keep their place.
void MainWindow::editShapeOnCanvas(ObjectId id, const std::function<void(ShapeState&)>& change, bool finished) {
  Document& doc = session_->document();
  const AnnotationObject* obj = doc.object(id);
  const auto state = obj ? stateAt(*obj, context_->frame()) : std::nullopt;
  // The drag's last edit closes its undo step, even when refused (the next drag is a new step).
  auto close = [&] {
    if (finished) session_->undoStack().closeMergeWindow();
  };
  if (!state) return close();
  ShapeState edited = *state;
  change(edited);
  const ObjectViewState view = doc.viewState(id);
  // Pinned: the shape keeps its place (a move of every point alike); resizing and turning stay.
  // Where a shape is: its points; a mask's box (its runs are relative); a skeleton's elements.
  auto placeOf = [](const ShapeState& s) {
    if (s.type == ShapeType::Mask && s.points.size() >= 4) return std::vector<double>(s.points.end() - 4, s.points.end());
    if (s.type != ShapeType::Skeleton) return s.points;
    std::vector<double> out;
    for (const SkeletonElement& e : s.elements) out.insert(out.end(), e.points.begin(), e.points.end());
    return out;
  };
  const std::vector<double> was = placeOf(*state), now = placeOf(edited);
  bool moved = edited.rotation == state->rotation && now.size() == was.size() && now.size() >= 2 && now != was;
  for (std::size_t i = 0; moved && i < now.size(); ++i) moved = std::abs((now[i] - was[i]) - (now[i % 2] - was[i % 2])) < 1e-9;
  if (view.locked || (view.pinned && moved)) {
    statusBar()->showMessage(view.locked ? tr("The object is locked (L)") : tr("The object is pinned: it cannot be moved"), 3000);
    refreshShapes();  // back to where it is
    return close();
  }
  runEdit([&] { return edits::editShape(doc, id, context_->frame(), edited); });
  close();
}

bool MainWindow::isImageTask() const { return session_ && session_->document().task().dimension == TaskDimension::Image2D; }

// The workspace the task needs: the canvas for images, the 3D view (with its projections and
// cuboid numbers) for point clouds.
void MainWindow::showWorkspace() {
  const bool images = isImageTask();
  static_cast<QStackedWidget*>(centralWidget())->setCurrentWidget(images ? static_cast<QWidget*>(canvas_) : view_);
  // The docks of a workspace change only when the workspace does: one the annotator closed stays
  // closed from one point cloud task to the next.
  if (!shownWorkspaceIsImages_ || *shownWorkspaceIsImages_ != images) {
    for (const char* dock : {"projectionsDock", "detailsDock"})
      if (auto* d = findChild<QDockWidget*>(dock)) d->setVisible(!images);
    if (auto* d = findChild<QDockWidget*>("imageSettingsDock")) d->setVisible(images);
    drawingToolbar_->setVisible(images);
    canvasStatus_->setVisible(images);
    appearancePanel_->setCuboidOptionsShown(!images);
    contextImages_->setCalibrationExpected(!images);
    shownWorkspaceIsImages_ = images;
  }
  if (auto* menu = findChild<QMenu*>("drawMenu")) menu->menuAction()->setVisible(images);
  if (auto* menu = findChild<QMenu*>("cuboidMenu")) menu->menuAction()->setVisible(!images);
  // Nothing of the previous task stays on the canvas.
  setWorkspaceMode(WorkspaceMode::Standard);  // a new task starts in the standard mode
  canvas_->cancelInteraction();
  maskToolbar_->hide();
  canvas_->setShapes({});
  canvas_->setImage({});
  frameTurns_.clear();
  allTurns_ = 0;
  canvas_->setQuarterTurns(0);
  focusWorkspace();
}

void MainWindow::focusWorkspace() {
  if (isImageTask()) canvas_->setFocus();
  else view_->setFocus();
}

void MainWindow::showImage(const io::FrameCache::Result& loaded) {
  if (!loaded.ok()) {
    canvas_->setImage({});
    canvas_->setMessage(QString::fromStdString(loaded.error));
    statusBar()->showMessage(QString::fromStdString(loaded.error));
    return;
  }
  const io::Image& image = loaded.data->image;
  // A QImage over the frame's RGB bytes: the canvas converts it to its own copy at once, so the
  // frame's data may go when the cache moves on.
  canvas_->setImage(QImage(image.rgb.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888));
  canvas_->setQuarterTurns(imageSettings_.rotateAll ? allTurns_ : frameTurns_[context_->frame()]);
  statusBar()->showMessage(tr("%1 × %2 pixels").arg(image.width).arg(image.height));
}

// What the canvas draws of an object in this state (skeletons: their elements as points and the
// template's edges by index).
CanvasShape MainWindow::canvasShapeOf(const AnnotationObject& obj, const ShapeState& state) const {
  const LabelSchema& labels = session_->document().labels();
  CanvasShape s;
  s.id = obj.id;
  s.type = state.type;
  s.points = state.points;
  s.rotation = state.rotation;
  const render::Rgb c = colorOf(obj);
  s.color = appearance_.outlined ? QColor(appearance_.outlineColor) : QColor(c.r, c.g, c.b);
  s.selected = obj.id == context_->selected();
  s.occluded = state.occluded;
  s.zOrder = state.zOrder;
  s.text = QString::fromStdString(textOf(obj, state));
  if (s.type != ShapeType::Skeleton) return s;
  std::vector<LabelId> order;
  for (const SkeletonElement& e : state.elements) {
    const Label* element = labels.label(e.label);
    s.points.insert(s.points.end(), {e.points.size() >= 2 ? e.points[0] : 0.0, e.points.size() >= 2 ? e.points[1] : 0.0});
    s.elements.push_back({element ? QString::fromStdString(element->name) : QString(), e.outside || e.points.size() < 2, e.occluded});
    order.push_back(e.label);
  }
  if (const Label* skeleton = labels.label(obj.label))
    for (const SkeletonEdge& edge : skeleton->edges) {
      const auto from = std::find(order.begin(), order.end(), edge.from), to = std::find(order.begin(), order.end(), edge.to);
      if (from != order.end() && to != order.end()) s.edges.emplace_back(from - order.begin(), to - order.begin());
    }
  return s;
}

void MainWindow::refreshShapes() {
  Document& doc = session_->document();
  std::vector<CanvasShape> shapes;
  std::vector<std::pair<QString, QColor>> tags;
  int lowestZ = 0, highestZ = 0;
  for (ObjectId id : doc.objectsOnFrame(context_->frame())) {
    const AnnotationObject& obj = *doc.object(id);
    if (obj.kind == ObjectKind::Tag) {
      const Label* label = doc.labels().label(obj.label);
      const render::Rgb c = colorOf(obj);
      tags.emplace_back(QString::fromStdString(label ? label->name : "?"), QColor(c.r, c.g, c.b));
      continue;
    }
    if (doc.viewState(id).hidden) continue;
    if (filter_ && !filter_->matches(doc, obj, context_->frame())) continue;
    const auto state = stateAt(obj, context_->frame());
    if (!state || state->outside || state->type == ShapeType::Cuboid3D) continue;
    lowestZ = std::min(lowestZ, state->zOrder);
    highestZ = std::max(highestZ, state->zOrder);
    shapes.push_back(canvasShapeOf(obj, *state));
  }
  drawingToolbar_->setZRange(lowestZ, highestZ);
  canvas_->setTags(std::move(tags));
  canvas_->setShapes(std::move(shapes));
}

}  // namespace labelstation::app

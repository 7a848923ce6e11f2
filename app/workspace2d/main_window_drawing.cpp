// The window's drawing on the 2D canvas: N / Shift+N draw the chosen shape type with the chosen
// label (skeletons from their label's template, masks with the brush tool bar), masks are saved
// (optionally removing the pixels they cover from other masks), and a right click on the canvas
// opens the object's menu with what its shape type offers (points, starting point, orientation,
// skeleton elements, cuboid perspective, mask editing).
#include <QCoreApplication>
#include <QLineEdit>
#include <QMenu>
#include <QProgressDialog>
#include <QStatusBar>
#include <cmath>

#include "drawing_toolbars.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/core/mask.h"
#include "labelstation/core/slicing.h"
#include "main_window.h"
#include "mode_panel.h"
#include "run_actions_dialog.h"

namespace labelstation::app {

namespace {

// A skeleton label's template: each point's place across the drawn box (0..1) in sub-label
// order, and its edges as indices. Points without a place go round a circle.
void skeletonTemplate(const Label& skeleton, DrawRequest& request) {
  const auto& subs = skeleton.sublabels;
  for (std::size_t i = 0; i < subs.size(); ++i) {
    const auto place = skeleton.nodePositions.find(subs[i]);
    if (place != skeleton.nodePositions.end()) {
      request.nodes.emplace_back(place->second.first / 100.0, place->second.second / 100.0);
    } else {
      const double a = 2 * M_PI * static_cast<double>(i) / static_cast<double>(subs.size());
      request.nodes.emplace_back(0.5 + 0.45 * std::cos(a), 0.5 + 0.45 * std::sin(a));
    }
  }
  auto index = [&](LabelId id) { return static_cast<int>(std::find(subs.begin(), subs.end(), id) - subs.begin()); };
  for (const SkeletonEdge& e : skeleton.edges)
    if (index(e.from) < static_cast<int>(subs.size()) && index(e.to) < static_cast<int>(subs.size())) request.nodeEdges.emplace_back(index(e.from), index(e.to));
}

}  // namespace

// N / Shift+N in an image task: draw the chosen shape type (a shape, or a track's first
// keyframe); while drawing, N finishes (a polygon, polyline or points; a mask's polygon, then
// the mask).
void MainWindow::drawShape(bool track) {
  if (canvas_->isDrawing()) {
    canvas_->finishDrawing();
    return;
  }
  const Document& doc = session_->document();
  const Label* label = doc.labels().label(currentLabel_);
  auto usable = [&](const Label* l) { return labelAllowsShape(l->type, drawType_) && (drawType_ != ShapeType::Skeleton || !l->sublabels.empty()); };
  if (!label || !usable(label)) {
    label = nullptr;
    for (const Label* l : doc.labels().topLevelLabels())
      if (usable(l)) {
        label = l;
        break;
      }
  }
  const QString type = QString::fromUtf8(toString(drawType_).data());
  if (!label) {
    statusBar()->showMessage(drawType_ == ShapeType::Skeleton ? tr("No skeleton label: add one with its points in Edit > Labels")
                                                              : tr("No label takes a %1").arg(type),
                             4000);
    return;
  }
  if (track && drawType_ == ShapeType::Mask) {
    statusBar()->showMessage(tr("Masks are drawn as shapes, not tracks (N)"), 4000);
    return;
  }
  drawingTrack_ = track;
  drawingLabel_ = label->id;
  const render::Rgb c = render::parseColor(label->color);
  DrawRequest request;
  request.type = drawType_;
  request.color = QColor(c.r, c.g, c.b);
  request.byPoints = drawByPoints_;
  request.pointCount = workspaceMode() == WorkspaceMode::SingleShape ? modes_->pointCount() : drawingToolbar_->pointCount();
  if (drawType_ == ShapeType::Skeleton) skeletonTemplate(*label, request);
  canvas_->startDrawing(request);  // masks: the brush bar shows (drawingChanged)
  QString how;
  switch (drawType_) {
    case ShapeType::Rectangle:
      how = drawByPoints_ ? tr("click the object's four extreme points (left, right, top, bottom)") : tr("click two opposite corners, or drag");
      break;
    case ShapeType::Ellipse: how = tr("click the centre, then a corner of its box (or drag)"); break;
    case ShapeType::Cuboid2D:
      how = drawByPoints_ ? tr("click three corners of the front face, then where the depth ends") : tr("draw the front face: two corners, or drag");
      break;
    case ShapeType::Skeleton: how = tr("draw the box the skeleton fills: two corners, or drag"); break;
    case ShapeType::Mask: how = tr("paint with the brush (tool bar: eraser, polygons, size); N saves"); break;
    default: how = tr("click each point or Shift+drag (right click: take one back), N or a double click finishes"); break;
  }
  statusBar()->showMessage(tr("%1 (%2%3): %4; Escape cancels").arg(type, QString::fromStdString(label->name), track ? tr(", track") : QString(), how));
}

void MainWindow::chooseDrawType(ShapeType type, bool byPoints) {
  drawType_ = type;
  drawByPoints_ = byPoints && (type == ShapeType::Rectangle || type == ShapeType::Cuboid2D);
  if (canvas_->isDrawing()) canvas_->cancelInteraction();  // a painted mask is saved, not dropped
  statusBar()->showMessage(tr("N draws: %1").arg(QString::fromUtf8(toString(type).data())), 3000);
}

// A new shape from the canvas with the label it was drawn with. Skeletons: the points are the
// template's elements in order. `removeUnderlying` (masks): other masks lose the pixels it covers.
void MainWindow::addDrawnShape(ShapeType type, const std::vector<double>& points, bool removeUnderlying) {
  Document& doc = session_->document();
  AnnotationObject object;
  object.label = drawingLabel_;
  ShapeState state;
  state.type = type;
  if (type == ShapeType::Skeleton) {
    const Label* label = doc.labels().label(drawingLabel_);
    for (std::size_t i = 0; label && i < label->sublabels.size() && 2 * i + 1 < points.size(); ++i) {
      SkeletonElement e;
      e.label = label->sublabels[i];
      e.points = {points[2 * i], points[2 * i + 1]};
      state.elements.push_back(std::move(e));
    }
  } else {
    state.points = points;
  }
  if (drawingTrack_) {
    object.kind = ObjectKind::Track;
    object.keyframes[context_->frame()] = state;
  } else {
    object.frame = context_->frame();
    object.shape = state;
  }
  try {
    auto command = edits::create(doc, {object});
    if (removeUnderlying) edits::removeUnderlyingPixels(doc, *command, context_->frame(), points, 0);
    const auto created = command->createdObjects();
    session_->undoStack().push(std::move(command));
    if (!created.empty()) selectObject(created.front());
    if (workspaceMode() == WorkspaceMode::SingleShape && modes_->autoNextFrame()) nextSingleShapeFrame();
  } catch (const CommandError& e) {
    statusBar()->showMessage(QString::fromStdString(e.what()), 6000);
  }
}

// The brush tool saved a mask: a new one with the drawing's label, or the one edited.
void MainWindow::saveMask(ObjectId edited, const std::vector<double>& points) {
  const bool removeUnderlying = maskToolbar_->removeUnderlying();
  if (!edited) {
    addDrawnShape(ShapeType::Mask, points, removeUnderlying);
    return;
  }
  Document& doc = session_->document();
  const AnnotationObject* obj = doc.object(edited);
  const auto state = obj ? stateAt(*obj, context_->frame()) : std::nullopt;
  if (!state) return;
  if (doc.viewState(edited).locked) {
    statusBar()->showMessage(tr("The object is locked (L)"), 3000);
    return;
  }
  if (points.empty()) {  // erased to nothing: the mask goes (Ctrl+Z brings it back)
    runEdit([&] { return edits::remove(doc, {edited}); });
    statusBar()->showMessage(tr("The mask was erased entirely: deleted"), 4000);
    return;
  }
  ShapeState changed = *state;
  changed.points = points;
  runEdit([&] {
    auto command = edits::editShape(doc, edited, context_->frame(), changed);
    if (removeUnderlying) edits::removeUnderlyingPixels(doc, *command, context_->frame(), points, edited);
    return command;
  });
}

// Canvas points (skeletons: one x, y per element) into a shape's state.
void MainWindow::setCanvasPoints(ShapeState& state, const std::vector<double>& points) {
  if (state.type != ShapeType::Skeleton) {
    state.points = points;
    return;
  }
  for (std::size_t i = 0; i < state.elements.size() && 2 * i + 1 < points.size(); ++i) state.elements[i].points = {points[2 * i], points[2 * i + 1]};
}

// A right click on the canvas: the object's menu, with what its shape offers first.
void MainWindow::showCanvasMenu(ObjectId id, int vertex, const QPoint& globalPosition) {
  Document& doc = session_->document();
  const AnnotationObject* obj = doc.object(id);
  const auto state = obj ? stateAt(*obj, context_->frame()) : std::nullopt;
  if (!state) return;
  if (id != context_->selected()) selectObject(id);
  const ShapeState shape = *state;
  auto edit = [this, id](const std::function<void(ShapeState&)>& change) { editShapeOnCanvas(id, change, true); };
  showObjectMenu(globalPosition, [&](QMenu& menu) {
    const auto v = static_cast<std::size_t>(std::max(vertex, 0));
    const std::size_t count = shape.points.size() / 2;
    const bool poly = shape.type == ShapeType::Polygon || shape.type == ShapeType::Polyline || shape.type == ShapeType::Points;
    if (vertex >= 0 && poly) {
      const std::size_t minimum = shape.type == ShapeType::Polygon ? 3 : shape.type == ShapeType::Polyline ? 2 : 1;
      QAction* remove = menu.addAction(tr("Delete point"));
      remove->setObjectName("deletePoint");
      remove->setEnabled(count > minimum);
      connect(remove, &QAction::triggered, this, [edit, v] {
        edit([v](ShapeState& s) { s.points.erase(s.points.begin() + static_cast<std::ptrdiff_t>(2 * v), s.points.begin() + static_cast<std::ptrdiff_t>(2 * v + 2)); });
      });
    }
    if (vertex >= 0 && shape.type == ShapeType::Polygon) {
      // Tracks interpolate polygons point by point from the starting point, in one direction.
      QAction* start = menu.addAction(tr("Set starting point"));
      start->setObjectName("setStartingPoint");
      connect(start, &QAction::triggered, this, [edit, v] {
        edit([v](ShapeState& s) { std::rotate(s.points.begin(), s.points.begin() + static_cast<std::ptrdiff_t>(2 * v), s.points.end()); });
      });
    }
    if (shape.type == ShapeType::Polygon || shape.type == ShapeType::Polyline) {
      QAction* flip = menu.addAction(tr("Switch orientation"));
      flip->setObjectName("switchOrientation");
      const bool polygon = shape.type == ShapeType::Polygon;
      connect(flip, &QAction::triggered, this, [edit, polygon] {
        edit([polygon](ShapeState& s) {
          std::vector<double> out;
          const std::size_t n = s.points.size() / 2;
          for (std::size_t k = 0; k < n; ++k) {  // a polygon keeps its starting point
            const std::size_t i = polygon ? (n - k) % n : n - 1 - k;
            out.insert(out.end(), {s.points[2 * i], s.points[2 * i + 1]});
          }
          s.points = out;
        });
      });
    }
    if (vertex >= 0 && shape.type == ShapeType::Skeleton && v < shape.elements.size()) {
      const Label* element = doc.labels().label(shape.elements[v].label);
      const QString name = element ? QString::fromStdString(element->name) : tr("Point %1").arg(v + 1);
      QAction* outside = menu.addAction(tr("%1: outside").arg(name));
      outside->setObjectName("elementOutside");
      outside->setCheckable(true);
      outside->setChecked(shape.elements[v].outside);
      connect(outside, &QAction::triggered, this, [edit, v](bool on) { edit([&](ShapeState& s) { s.elements[v].outside = on; }); });
      QAction* occluded = menu.addAction(tr("%1: occluded").arg(name));
      occluded->setObjectName("elementOccluded");
      occluded->setCheckable(true);
      occluded->setChecked(shape.elements[v].occluded);
      connect(occluded, &QAction::triggered, this, [edit, v](bool on) { edit([&](ShapeState& s) { s.elements[v].occluded = on; }); });
    }
    if (shape.type == ShapeType::Cuboid2D) {
      QAction* reset = menu.addAction(tr("Reset perspective"));
      reset->setObjectName("resetPerspective");
      connect(reset, &QAction::triggered, this, [edit] { edit([](ShapeState& s) { s.points = cuboid2d::resetPerspective(s.points); }); });
      QAction* other = menu.addAction(tr("Switch perspective"));
      other->setObjectName("switchPerspective");
      connect(other, &QAction::triggered, this, [edit] { edit([](ShapeState& s) { s.points = cuboid2d::switchPerspective(s.points); }); });
    }
    if (shape.type == ShapeType::Mask) {
      QAction* brush = menu.addAction(tr("Edit mask (brush)"));
      brush->setObjectName("editMask");
      connect(brush, &QAction::triggered, this, [this, id] { editMaskOnCanvas(id); });
    }
    if (!menu.isEmpty()) menu.addSeparator();
  });
}

// J: the chosen masks (shapes on this frame) become one: the first keeps its pixels and gains
// the others', which are deleted. One undo step.
void MainWindow::joinMasks(const std::vector<ObjectId>& ids) {
  Document& doc = session_->document();
  MaskBitmap joined;
  for (ObjectId id : ids) {
    const AnnotationObject* obj = doc.object(id);
    const auto bitmap = obj && obj->kind == ObjectKind::Shape && obj->frame == context_->frame() && obj->shape.type == ShapeType::Mask
                            ? decodeMask(obj->shape.points)
                            : std::nullopt;
    if (!bitmap) {
      statusBar()->showMessage(tr("Only masks drawn as shapes on this frame join; #%1 is not one: nothing joined").arg(id), 5000);
      return;
    }
    if (doc.viewState(id).locked) {
      statusBar()->showMessage(tr("#%1 is locked (L): nothing joined").arg(id), 5000);
      return;
    }
    joined = uniteMasks(joined, *bitmap);
  }
  runEdit([&] {
    ShapeState state = doc.object(ids.front())->shape;
    state.points = encodeMask(joined);
    auto command = edits::editShape(doc, ids.front(), context_->frame(), state);
    for (std::size_t i = 1; i < ids.size(); ++i) command->setObject(doc, ids[i], std::nullopt);
    return command;
  });
  selectObject(ids.front());
}

// The slice tool's cut: the polygon or mask becomes two shapes of its label (the second new).
void MainWindow::sliceShape(ObjectId id, const std::vector<double>& line) {
  Document& doc = session_->document();
  const AnnotationObject* obj = doc.object(id);
  if (!obj || obj->kind != ObjectKind::Shape) {
    statusBar()->showMessage(tr("Only shapes are sliced (not tracks)"), 4000);
    return;
  }
  if (doc.viewState(id).locked) {
    statusBar()->showMessage(tr("The object is locked (L)"), 3000);
    return;
  }
  std::optional<std::pair<std::vector<double>, std::vector<double>>> parts;
  if (obj->shape.type == ShapeType::Polygon) {
    parts = slicePolygon(obj->shape.points, line);
  } else if (const auto mask = decodeMask(obj->shape.points)) {
    if (const auto halves = sliceMask(*mask, line)) parts = std::pair(encodeMask(halves->first), encodeMask(halves->second));
  }
  if (!parts) {
    statusBar()->showMessage(tr("The cut must cross the shape from one side to the other"), 4000);
    return;
  }
  AnnotationObject second = *obj;
  second.id = 0;
  second.shape.points = parts->second;
  runEdit([&] {
    ShapeState first = obj->shape;
    first.points = parts->first;
    auto command = edits::editShape(doc, id, context_->frame(), first);
    auto created = edits::create(doc, {second});
    // One step: the edit and the new half.
    for (ObjectId made : created->createdObjects()) command->setObject(doc, made, created->pending(doc, made));
    return command;
  });
  statusBar()->showMessage(tr("Sliced into two"), 3000);
}

// Edit > Run actions: the shapes converter over a frame range, with progress (Cancel leaves the
// document as it was); the result is one undo step.
void MainWindow::runActionsWithDialog() {
  const QString filterText = findChild<QLineEdit*>("objectFilter") ? findChild<QLineEdit*>("objectFilter")->text() : QString();
  RunActionsDialog dialog(context_->frame(), session_->document().frameCount(), filter_ ? filterText : QString(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  QProgressDialog progress(describe(dialog.action()), tr("Cancel"), 0, dialog.lastFrame() - dialog.firstFrame() + 1, this);
  progress.setObjectName("actionProgress");
  progress.setWindowModality(Qt::WindowModal);
  progress.setMinimumDuration(300);
  std::unique_ptr<ObjectsCommand> command;
  try {
    command = runShapeAction(session_->document(), dialog.action(), dialog.firstFrame(), dialog.lastFrame(), context_->frame(),
                             filter_ ? &*filter_ : nullptr, [&](int done, int) {
                               progress.setValue(done);
                               QCoreApplication::processEvents();
                               return !progress.wasCanceled();
                             });
  } catch (const CommandError& e) {
    progress.reset();
    statusBar()->showMessage(tr("Nothing changed: %1").arg(QString::fromStdString(e.what())), 6000);
    return;
  }
  progress.reset();
  if (!command) {
    statusBar()->showMessage(tr("Cancelled: nothing changed"), 4000);
    return;
  }
  if (command->empty()) {
    statusBar()->showMessage(tr("No shape to change"), 4000);
    return;
  }
  session_->undoStack().push(std::move(command));
  statusBar()->showMessage(tr("%1: done (Ctrl+Z undoes it)").arg(describe(dialog.action())), 5000);
}

void MainWindow::editMaskOnCanvas(ObjectId id) {
  const AnnotationObject* obj = session_->document().object(id);
  const auto state = obj ? stateAt(*obj, context_->frame()) : std::nullopt;
  if (!state || state->type != ShapeType::Mask) return;
  if (session_->document().viewState(id).locked) {
    statusBar()->showMessage(tr("The object is locked (L)"), 3000);
    return;
  }
  const render::Rgb c = colorOf(*obj);
  canvas_->editMask(id, state->points, QColor(c.r, c.g, c.b));
}

void MainWindow::buildDrawingToolbars() {
  drawingToolbar_ = new DrawingToolbar(this);
  addToolBarBreak(Qt::TopToolBarArea);  // a row of its own, under the navigation bar
  addToolBar(Qt::TopToolBarArea, drawingToolbar_);
  QList<QAction*> drawTypes;
  for (ActionId id : {ActionId::DrawRectangle, ActionId::DrawRectangleByExtremePoints, ActionId::DrawPolygon, ActionId::DrawPolyline,
                      ActionId::DrawPoints, ActionId::DrawEllipse, ActionId::DrawCuboid, ActionId::DrawCuboidByPoints, ActionId::DrawSkeleton,
                      ActionId::DrawMask})
    drawTypes << actions_[id];
  drawingToolbar_->setDrawActions(drawTypes);
  canvas_->setAutoBorder(drawingToolbar_->autoBorder());
  canvas_->setIntelligentCropping(drawingToolbar_->intelligentCropping());
  connect(drawingToolbar_, &DrawingToolbar::autoBorderChanged, canvas_, &ImageCanvas::setAutoBorder);
  connect(drawingToolbar_, &DrawingToolbar::intelligentCroppingChanged, canvas_, &ImageCanvas::setIntelligentCropping);
  connect(drawingToolbar_, &DrawingToolbar::zLayerChanged, canvas_, &ImageCanvas::setMaxZLayer);
  connect(drawingToolbar_, &DrawingToolbar::regionZoomRequested, canvas_, &ImageCanvas::startRegionZoom);
  connect(drawingToolbar_, &DrawingToolbar::tagRequested, this, [this](LabelId label) { tagFrame(label); });
  maskToolbar_ = new MaskToolbar(this);
  // A row of its own: after the drawing bar its options hid behind the overflow arrow.
  addToolBarBreak(Qt::TopToolBarArea);
  addToolBar(Qt::TopToolBarArea, maskToolbar_);
  maskToolbar_->hide();
  connect(maskToolbar_, &MaskToolbar::settingsChanged, canvas_, &ImageCanvas::setBrush);
  connect(maskToolbar_, &MaskToolbar::saveRequested, canvas_, &ImageCanvas::finishDrawing);
  connect(maskToolbar_, &MaskToolbar::saveAndContinueRequested, canvas_, &ImageCanvas::saveMaskAndContinue);
  connect(maskToolbar_, &MaskToolbar::cancelRequested, canvas_, &ImageCanvas::cancelDrawing);
  // The brush bar shows while a mask is drawn or edited.
  connect(canvas_, &ImageCanvas::drawingChanged, this, [this](bool drawing) {
    const bool mask = drawing && canvas_->drawingType() == ShapeType::Mask;
    if (mask) canvas_->setBrush(maskToolbar_->settings());
    maskToolbar_->setVisible(mask);
    if (!drawing) statusBar()->clearMessage();  // the drawing's instructions
  });
  connect(canvas_, &ImageCanvas::maskFinished, this, [this](ObjectId edited, const std::vector<double>& points, bool) { saveMask(edited, points); });
  connect(canvas_, &ImageCanvas::sliceDrawn, this, [this](ObjectId id, const std::vector<double>& line) { sliceShape(id, line); });
  connect(canvas_, &ImageCanvas::contextMenuRequested, this, [this](ObjectId id, int vertex, QPoint at) { showCanvasMenu(id, vertex, at); });
}

}  // namespace labelstation::app

// Placing cuboids with the mouse, as in CVAT's 3D workspace: N (Shift+N: a track) makes a cuboid
// of the label's size follow the cursor on the ground under the points, a click puts it down;
// Ctrl+V does the same with the copied object and Shift+N over a cuboid picks it up (cut), both
// put down with a double-click. Enter puts the cuboid where it is, Escape drops it. Without
// anything to place, hovering highlights a cuboid, a click selects it and a double-click on the
// points makes the camera orbit around the point under the cursor.
#include <QStatusBar>
#include <algorithm>
#include <cctype>

#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/core/picking.h"
#include "main_window.h"
#include "vtk_view.h"

namespace labelstation::app {

namespace {

// The size a new cuboid of the label starts with: what its name says it is.
Eigen::Vector3d defaultSizeFor(const std::string& labelName) {
  std::string name = labelName;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  auto says = [&](std::initializer_list<const char*> words) {
    return std::any_of(words.begin(), words.end(), [&](const char* w) { return name.find(w) != std::string::npos; });
  };
  if (says({"pedestrian", "person", "people"})) return {0.7, 0.7, 1.75};
  if (says({"cyclist", "bicycle", "bike", "motor"})) return {1.8, 0.7, 1.7};
  if (says({"truck", "bus", "tram", "trailer"})) return {8, 2.5, 3.2};
  if (says({"car", "van", "vehicle"})) return {4.3, 1.8, 1.5};
  return {1, 1, 1};
}

}  // namespace

void MainWindow::connectViewMouse() {
  view_->setMouseTracking(true);
  connect(view_, &VtkView::hovered, this, [this](QPointF at) {
    cursor_ = at;
    if (placement_.what != Placing::Nothing) {
      followCursor();
      return;
    }
    const ObjectId under = cuboidUnder(at);
    if (under != hovered_) {
      hovered_ = under;
      refreshCuboids();
    }
  });
  connect(view_, &VtkView::left, this, [this] {
    cursor_.reset();
    if (hovered_) {
      hovered_ = 0;
      refreshCuboids();
    }
  });
  connect(view_, &VtkView::clicked, this, [this](QPointF at, Qt::KeyboardModifiers) {
    cursor_ = at;
    if (placement_.what == Placing::NewShape || placement_.what == Placing::NewTrack) {
      followCursor();
      finishPlacement();
    } else if (placement_.what == Placing::Nothing) {
      selectObject(cuboidUnder(at));
    }
  });
  connect(view_, &VtkView::doubleClicked, this, [this](QPointF at) {
    cursor_ = at;
    if (placement_.what == Placing::Pasted || placement_.what == Placing::Moved) {
      followCursor();
      finishPlacement();
      return;
    }
    if (placement_.what != Placing::Nothing) return;
    // The orbit pivot: the point under the cursor (CVAT users ask for this; the list's double
    // click does the same for an object).
    const auto loaded = session_->frame(context_->frame());
    if (!loaded || !loaded->ok()) return;
    const Ray ray = scene_->pixelRay(at.x(), at.y(), view_->width(), view_->height());
    if (const auto hit = pickPoint(loaded->data->cloud, ray, scene_->pixelTolerance(5, view_->height()))) {
      auto& camera = scene_->camera();
      const Eigen::Vector3d position = Eigen::Map<const Eigen::Vector3d>(camera.position().data());
      camera.focus = {hit->x(), hit->y(), hit->z()};
      camera.distance = std::max(2.0, (position - *hit).norm());
      view_->update();
    }
  });
}

ObjectId MainWindow::cuboidUnder(QPointF at) {
  std::vector<Cuboid3D> boxes;
  std::vector<ObjectId> ids;
  for (const auto& c : drawnCuboids_)
    if (c.id) {
      boxes.push_back(c.box);
      ids.push_back(c.id);
    }
  const Ray ray = scene_->pixelRay(at.x(), at.y(), view_->width(), view_->height());
  const auto hit = firstCuboidHit(ray, boxes);
  return hit ? ids[*hit] : 0;
}

std::optional<Eigen::Vector3d> MainWindow::groundUnder(QPointF at) {
  const Ray ray = scene_->pixelRay(at.x(), at.y(), view_->width(), view_->height());
  const auto loaded = session_->frame(context_->frame());
  const PointCloud* cloud = loaded && loaded->ok() ? &loaded->data->cloud : nullptr;
  if (cloud)
    if (const auto hit = pickPoint(*cloud, ray, scene_->pixelTolerance(5, view_->height()))) {
      // On an object's points the box stands on the ground beside them, not on its roof.
      const double ground = groundHeightNear(*cloud, hit->x(), hit->y(), 1.5).value_or(hit->z());
      return Eigen::Vector3d(hit->x(), hit->y(), std::min(ground, hit->z()));
    }
  // Between the points: the ground plane around the view's centre.
  const auto& focus = scene_->camera().focus;
  const double ground = cloud ? groundHeightNear(*cloud, focus[0], focus[1], 15).value_or(focus[2]) : focus[2];
  return hitHorizontalPlane(ray, ground);
}

void MainWindow::startPlacement(Placing what, const Cuboid3D& box, ObjectId moved, LabelId label) {
  placement_ = {what, box, moved, label};
  refreshActions();
  if (cursor_) followCursor();
  const QString how = what == Placing::NewShape || what == Placing::NewTrack ? tr("click to put it down") : tr("double-click to put it down");
  statusBar()->showMessage(tr("Move the cuboid with the mouse: %1, Enter where it is, Escape to drop it").arg(how));
  refreshCuboids();
}

void MainWindow::followCursor() {
  if (!cursor_ || placement_.what == Placing::Nothing) return;
  const auto ground = groundUnder(*cursor_);
  if (!ground) return;  // looking at the sky: the cuboid waits where it was
  placement_.box.position = *ground + Eigen::Vector3d(0, 0, placement_.box.scale.z() / 2);
  refreshCuboids();
}

void MainWindow::cancelPlacement() {
  if (placement_.what == Placing::Nothing) return;
  placement_ = {};
  refreshActions();
  statusBar()->showMessage(tr("Placing cancelled"), 3000);
  refreshCuboids();
  refreshObjectList();
}

void MainWindow::finishPlacement() {
  const Placement p = placement_;
  placement_ = {};
  refreshActions();
  Document& doc = session_->document();
  switch (p.what) {
    case Placing::Nothing: return;
    case Placing::NewShape:
    case Placing::NewTrack: {
      AnnotationObject object;
      object.label = p.label;
      object.frame = context_->frame();
      ShapeState state;
      state.type = ShapeType::Cuboid3D;
      state.points = p.box.toPoints();
      if (p.what == Placing::NewTrack) {
        object.kind = ObjectKind::Track;  // keyframed here; the frames after hold it until edited
        object.keyframes[context_->frame()] = state;
      } else {
        object.shape = state;
      }
      runEdit([&] { return edits::create(doc, {object}); });
      break;
    }
    case Placing::Pasted: {
      // Everything copied moves with the first cuboid.
      edits::Clipboard moved = clipboard_;
      bool first = true;
      Eigen::Vector3d offset = Eigen::Vector3d::Zero();
      for (AnnotationObject& o : moved.objects) {
        ShapeState& state = o.kind == ObjectKind::Track ? o.keyframes.begin()->second : o.shape;
        if (state.type != ShapeType::Cuboid3D) continue;
        Cuboid3D box = Cuboid3D::fromPoints(state.points);
        if (first) offset = p.box.position - box.position;
        first = false;
        box.position += offset;
        state.points = box.toPoints();
      }
      runEdit([&] { return edits::paste(doc, moved, context_->frame()); });
      break;
    }
    case Placing::Moved: {
      const AnnotationObject* obj = doc.object(p.moved);
      const auto state = obj ? stateAt(*obj, context_->frame()) : std::nullopt;
      if (!state) break;
      ShapeState edited = *state;
      edited.points = p.box.toPoints();
      runEdit([&] { return edits::editShape(doc, p.moved, context_->frame(), edited); });
      session_->undoStack().closeMergeWindow();
      selectObject(p.moved);
      statusBar()->clearMessage();
      refreshCuboids();
      return;
    }
  }
  selectObject(doc.objects().rbegin()->first);  // the new one, ready for the nudge keys
  statusBar()->clearMessage();
  refreshCuboids();
}

// N / Shift+N: a cuboid of the chosen label (else the first that takes cuboids), sized for what
// the label names, follows the cursor until a click. Shift+N over a cuboid picks that one up.
// Ctrl+X over a cuboid: it follows the cursor until a double-click puts it down (Escape: back).
void MainWindow::pickUpCuboid() {
  if (isImageTask() || placement_.what != Placing::Nothing) return;
  const ObjectId under = cursor_ ? cuboidUnder(*cursor_) : 0;
  if (!under) {
    statusBar()->showMessage(tr("No cuboid under the cursor to pick up"), 3000);
    return;
  }
  const ObjectViewState view = session_->document().viewState(under);
  if (view.locked || view.pinned) {
    statusBar()->showMessage(view.locked ? tr("The cuboid is locked (L)") : tr("The cuboid is pinned: it cannot be moved"), 3000);
    return;
  }
  const auto state = stateAt(*session_->document().object(under), context_->frame());
  startPlacement(Placing::Moved, Cuboid3D::fromPoints(state->points), under);
}

void MainWindow::newCuboid(bool track) {
  if (isImageTask()) {  // N / Shift+N in the 2D workspace
    drawShape(track);
    return;
  }
  if (placement_.what == Placing::NewShape || placement_.what == Placing::NewTrack) {
    finishPlacement();  // N again: put it down where it is (CVAT finishes drawing with N)
    return;
  }
  Document& doc = session_->document();
  const Label* label = doc.labels().label(currentLabel_);
  if (!label || !labelAllowsShape(label->type, ShapeType::Cuboid3D)) label = nullptr;
  for (const Label* l : doc.labels().topLevelLabels())
    if (!label && labelAllowsShape(l->type, ShapeType::Cuboid3D)) label = l;
  if (!label) {
    statusBar()->showMessage(tr("No label takes cuboids"), 4000);
    return;
  }
  Cuboid3D box;
  box.scale = defaultSizeFor(label->name);
  const auto& focus = scene_->camera().focus;
  box.position = Eigen::Vector3d(focus[0], focus[1], focus[2]);
  startPlacement(track ? Placing::NewTrack : Placing::NewShape, box, 0, label->id);
}

// Ctrl+V: the copied cuboids follow the cursor until a double-click (objects of other shapes are
// pasted where they were).
void MainWindow::pasteObjects() {
  if (clipboard_.empty()) return;
  for (const AnnotationObject& o : clipboard_.objects) {
    const ShapeState& state = o.kind == ObjectKind::Track ? o.keyframes.begin()->second : o.shape;
    if (state.type == ShapeType::Cuboid3D) {
      startPlacement(Placing::Pasted, Cuboid3D::fromPoints(state.points));
      return;
    }
  }
  if (isImageTask()) {  // the shapes follow the cursor; a click places them (pasteOnCanvas)
    std::vector<CanvasShape> shapes;
    for (const AnnotationObject& o : clipboard_.objects)
      if (o.kind != ObjectKind::Tag) shapes.push_back(canvasShapeOf(o, o.kind == ObjectKind::Track ? o.keyframes.begin()->second : o.shape));
    if (!shapes.empty()) {
      canvas_->startPlacing(std::move(shapes));
      statusBar()->showMessage(tr("Click where the copy goes (Escape: cancel)"));
      return;
    }
  }
  Document& doc = session_->document();
  runEdit([&] { return edits::paste(doc, clipboard_, context_->frame()); });
  selectObject(doc.objects().rbegin()->first);
}

// A click placed the copied shapes on the canvas: pasted moved by `offset` (image pixels).
void MainWindow::pasteOnCanvas(QPointF offset) {
  edits::Clipboard moved = clipboard_;
  auto shift = [&](ShapeState& s) {
    movePoints(s.type, s.points, offset);
    for (SkeletonElement& e : s.elements) movePoints(ShapeType::Points, e.points, offset);
  };
  for (AnnotationObject& o : moved.objects) {
    if (o.kind == ObjectKind::Tag) continue;
    if (o.kind == ObjectKind::Track)
      for (auto& [frame, state] : o.keyframes) shift(state);
    else
      shift(o.shape);
  }
  Document& doc = session_->document();
  const std::size_t before = doc.objects().size();
  runEdit([&] { return edits::paste(doc, moved, context_->frame()); });
  if (doc.objects().size() > before) selectObject(doc.objects().rbegin()->first);
  statusBar()->clearMessage();
}

}  // namespace labelstation::app

// The main window's cuboid tools: the Cuboid panel, keyboard nudges, fitting, labels, and the
// edits the projection panes make (new cuboids: main_window_placement.cpp).
#include <QComboBox>
#include <QDockWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QStatusBar>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "labelstation/core/cuboid_points.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/plugins/cuboid_fit.h"
#include "drawing_toolbars.h"
#include "labels_panel.h"
#include "main_window.h"

namespace labelstation::app {


void MainWindow::buildDetails() {
  auto* attributesDock = new QDockWidget(tr("Attributes"), this);
  attributesDock->setObjectName("attributesDock");
  attributesDock->setFeatures(QDockWidget::DockWidgetMovable);
  attributes_ = new AttributesPanel(attributesDock);
  attributesDock->setWidget(attributes_);
  addDockWidget(Qt::RightDockWidgetArea, attributesDock);
  connect(attributes_, &AttributesPanel::attributeChanged, this, [this](AttributeId attribute, const std::string& value) {
    if (context_->selected() && !session_->document().viewState(context_->selected()).locked)
      runEdit([&] { return edits::setAttribute(session_->document(), context_->selected(), context_->frame(), attribute, value); });
  });
  auto* dock = new QDockWidget(tr("Cuboid"), this);
  dock->setObjectName("detailsDock");
  dock->setFeatures(QDockWidget::DockWidgetMovable);
  // In a scroll area: the cuboid's fields would otherwise hold the sidebar's height, and with it
  // the projections dock's (their panes stayed about 100 px high whatever the splitter did).
  auto* scroll = new QScrollArea(dock);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  details_ = new CuboidDetails(scroll);
  scroll->setWidget(details_);
  dock->setWidget(scroll);
  addDockWidget(Qt::RightDockWidgetArea, dock);
  connect(details_, &CuboidDetails::edited, this, [this](const Cuboid3D& box) {
    editSelectedCuboid([box](const Cuboid3D&) { return box; });
  });
}

void MainWindow::refreshDetails() {
  const AnnotationObject* obj = session_->document().object(context_->selected());
  const auto state = obj ? stateAt(*obj, context_->frame()) : std::nullopt;
  // Attributes: a track's own (immutable) values with this frame's mutable ones.
  AttributeValues values = obj && obj->kind == ObjectKind::Tag ? obj->shape.attributes : state ? state->attributes : AttributeValues{};
  if (obj && obj->isTrack()) values.insert(obj->trackAttributes.begin(), obj->trackAttributes.end());
  attributes_->showAttributes(obj ? session_->document().labels().label(obj->label) : nullptr, values);
  if (!state || state->outside || state->type != ShapeType::Cuboid3D) {
    details_->showCuboid(std::nullopt, 0);
    projections_->showCuboid(std::nullopt, {}, nullptr);
    return;
  }
  const Cuboid3D box = Cuboid3D::fromPoints(state->points);
  const auto loaded = session_->frame(context_->frame());
  const PointCloud* cloud = loaded && loaded->ok() ? &loaded->data->cloud : nullptr;
  details_->showCuboid(box, cloud ? countPointsInside(*cloud, box) : 0);
  const Label* label = session_->document().labels().label(obj->label);
  projections_->showCuboid(box, render::parseColor(label ? label->color : std::string()), cloud);
}

void MainWindow::editSelectedCuboid(const std::function<Cuboid3D(const Cuboid3D&)>& change, bool dragging) {
  Document& doc = session_->document();
  const AnnotationObject* obj = doc.object(context_->selected());
  const auto state = obj ? stateAt(*obj, context_->frame()) : std::nullopt;
  if (!state || state->outside || state->type != ShapeType::Cuboid3D) {
    statusBar()->showMessage(tr("Select a cuboid first"), 3000);
    return;
  }
  if (doc.viewState(context_->selected()).locked) {
    statusBar()->showMessage(tr("The cuboid is locked (L)"), 3000);
    return;
  }
  ShapeState edited = *state;
  const Cuboid3D before = Cuboid3D::fromPoints(state->points), after = change(before);
  // A pinned cuboid keeps its place: moves are refused, resizing and turning are not.
  if (doc.viewState(context_->selected()).pinned && (after.scale - before.scale).norm() < 1e-12 && (after.position - before.position).norm() > 1e-12) {
    statusBar()->showMessage(tr("The cuboid is pinned: it cannot be moved"), 3000);
    return;
  }
  edited.points = after.toPoints();
  runEdit([&] { return edits::editShape(doc, context_->selected(), context_->frame(), edited); });
  // A key press or a typed value is a step of its own; a drag's moves merge into one step.
  if (!dragging) session_->undoStack().closeMergeWindow();
}

// The PCL fitter on the current frame's cloud: the selected (rough) cuboid snaps to the object
// under it; the ground and stray points are left out.
void MainWindow::fitSelectedCuboid() {
  const auto loaded = session_->frame(context_->frame());
  if (!loaded || !loaded->ok()) {
    statusBar()->showMessage(tr("The frame's points are not loaded yet"), 3000);
    return;
  }
  const PointCloud& cloud = loaded->data->cloud;
  int used = -1;
  editSelectedCuboid([&](const Cuboid3D& rough) {
    const auto fit = plugins::PclCuboidFitter().fit(cloud, rough);
    if (!fit) return rough;
    used = fit->objectPoints;
    return fit->box;
  });
  statusBar()->showMessage(used < 0 ? tr("Too few points around the cuboid to fit it") : tr("Fitted to %1 points").arg(used), 4000);
}

// Shrink to the points inside / fit the height to the points above the footprint.
void MainWindow::tightenSelectedCuboid(bool heightOnly) {
  const auto loaded = session_->frame(context_->frame());
  if (!loaded || !loaded->ok()) {
    statusBar()->showMessage(tr("The frame's points are not loaded yet"), 3000);
    return;
  }
  bool found = true;
  editSelectedCuboid([&](const Cuboid3D& box) {
    const auto tight = heightOnly ? fitHeightToPoints(loaded->data->cloud, box) : shrinkToPoints(loaded->data->cloud, box);
    found = tight.has_value();
    return tight.value_or(box);
  });
  if (!found) statusBar()->showMessage(heightOnly ? tr("No points above the cuboid") : tr("No points inside the cuboid"), 4000);
}

void MainWindow::propagateSelected(int count) {
  if (!context_->selected() || count == 0) return;
  runEdit([&] { return edits::propagate(session_->document(), context_->selected(), context_->frame(), count); });
}

void MainWindow::applyLabelKey(int digit) {
  Document& doc = session_->document();
  const auto keys = labelKeysOf(doc.labels());
  const auto key = keys.find(digit);
  const Label* label = key == keys.end() ? nullptr : doc.labels().label(key->second);
  if (!label) {
    statusBar()->showMessage(tr("No label has the key %1 (Labels tab)").arg(digit), 4000);
    return;
  }
  const ObjectId under = isImageTask() ? canvas_->hoveredShape() : hovered_;
  const AnnotationObject* obj = under && isShownOnFrame(under) ? doc.object(under) : nullptr;
  if (!obj) {
    currentLabel_ = label->id;
    statusBar()->showMessage(tr("New shapes: %1").arg(QString::fromStdString(label->name)), 4000);
    return;
  }
  if (doc.viewState(under).locked) {
    statusBar()->showMessage(tr("The object under the cursor is locked"), 4000);
    return;
  }
  const auto fits = labelsThatFit(doc, *obj, context_->frame());
  if (std::find(fits.begin(), fits.end(), label) == fits.end()) {
    statusBar()->showMessage(tr("%1 does not take this shape").arg(QString::fromStdString(label->name)), 4000);
    return;
  }
  if (obj->label != label->id) runEdit([&] { return edits::changeLabel(doc, {under}, label->id); });
  statusBar()->showMessage(tr("Object %1: %2").arg(under).arg(QString::fromStdString(label->name)), 4000);
}

}  // namespace labelstation::app

// The main window's cuboid tools: the Cuboid panel, keyboard nudges, fitting, labels, and the
// edits the projection panes make (new cuboids: main_window_placement.cpp).
#include <QComboBox>
#include <QDockWidget>
#include <QSettings>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
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
#include "main_window.h"

namespace labelstation::app {

namespace {
// Where the digit of a label's Ctrl+digit key is remembered (per label name, across tasks).
QString labelKeySetting(const std::string& labelName) { return "labelKeys/" + QString::fromStdString(labelName); }
}  // namespace

// The task's labels with their colour, hotkey and two switches: hide (every object of the label
// leaves the view) and lock (none can be edited), as CVAT's Labels tab.
void MainWindow::buildLabelsPanel() {
  // A tab beside the objects list inside their dock. (Tabifying two dock widgets instead made the
  // 3D view lose its translucent pass with Mesa: the cuboids' faces vanished.)
  auto* dock = findChild<QDockWidget*>("objectsDock");
  auto* tabs = new QTabWidget(dock);
  tabs->addTab(dock->widget(), tr("Objects"));
  auto* page = new QWidget(tabs);
  auto* layout = new QVBoxLayout(page);
  layout->setContentsMargins(0, 0, 0, 0);
  labelsList_ = new QTreeWidget(page);
  labelsList_->setObjectName("labelsList");
  labelsList_->setHeaderLabels({tr("Key"), tr("Label"), tr("Hidden"), tr("Locked")});
  labelsList_->setRootIsDecorated(false);
  layout->addWidget(labelsList_, 1);
  auto* edit = new QPushButton(tr("Edit labels…"), page);
  edit->setObjectName("editLabels");
  connect(edit, &QPushButton::clicked, actions_[ActionId::EditLabels], &QAction::trigger);
  layout->addWidget(edit);
  tabs->addTab(page, tr("Labels"));
  dock->setWidget(tabs);
  connect(labelsList_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (column != 2 && column != 3) return;
    setLabelViewState(item->data(1, Qt::UserRole).toInt(), column == 2, item->checkState(column) == Qt::Checked);
  });
}

void MainWindow::refreshLabelsPanel() {
  // Hide / lock switches stay with their labels when the labels change.
  std::map<LabelId, std::pair<Qt::CheckState, Qt::CheckState>> switches;
  for (int i = 0; i < labelsList_->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* item = labelsList_->topLevelItem(i);
    switches[item->data(1, Qt::UserRole).toInt()] = {item->checkState(2), item->checkState(3)};
  }
  labelsList_->blockSignals(true);
  labelsList_->clear();
  const auto labels = session_->document().labels().topLevelLabels();
  const auto keys = labelKeys();
  for (std::size_t i = 0; i < labels.size(); ++i) {
    auto* item = new QTreeWidgetItem(labelsList_);
    item->setText(1, QString::fromStdString(labels[i]->name));
    const render::Rgb c = render::parseColor(labels[i]->color);
    item->setForeground(1, QColor(c.r, c.g, c.b));
    item->setData(1, Qt::UserRole, labels[i]->id);
    const auto kept = switches.find(labels[i]->id);
    item->setCheckState(2, kept != switches.end() ? kept->second.first : Qt::Unchecked);
    item->setCheckState(3, kept != switches.end() ? kept->second.second : Qt::Unchecked);
    // The label's digit for Ctrl+digit: none or one of 1–9, 0 (taken from the label that had it).
    auto* key = new QComboBox(labelsList_);
    key->setObjectName("labelKey");
    key->setFocusPolicy(Qt::ClickFocus);
    key->addItem(tr("—"), -1);
    for (int digit : {1, 2, 3, 4, 5, 6, 7, 8, 9, 0}) key->addItem(QString::number(digit), digit);
    int digit = -1;
    for (const auto& [d, id] : keys)
      if (id == labels[i]->id) digit = d;
    key->setCurrentIndex(key->findData(digit));
    key->setToolTip(tr("Ctrl + this digit gives the object under the cursor this label, or draws the next shape with it"));
    const LabelId id = labels[i]->id;
    connect(key, &QComboBox::activated, this, [this, key, id] {
      const int chosen = key->currentData().toInt();
      QMetaObject::invokeMethod(this, [this, id, chosen] { setLabelKey(id, chosen); }, Qt::QueuedConnection);  // rebuilds this list
    });
    labelsList_->setItemWidget(item, 0, key);
  }
  labelsList_->blockSignals(false);
  std::vector<std::pair<LabelId, QString>> tagLabels;  // what a frame's tag may be
  for (const Label* l : labels)
    if (l->type == LabelType::Tag || l->type == LabelType::Any) tagLabels.emplace_back(l->id, QString::fromStdString(l->name));
  if (drawingToolbar_) drawingToolbar_->setTagLabels(tagLabels);
}

void MainWindow::setLabelViewState(LabelId label, bool hide, bool on) {
  Document& doc = session_->document();
  for (const auto& [id, object] : doc.objects()) {
    if (object.label != label) continue;
    if (hide) doc.setHidden(id, on);
    else doc.setLocked(id, on);
  }
  refreshCuboids();
  refreshObjectList();
}

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
  details_ = new CuboidDetails(dock);
  dock->setWidget(details_);
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

std::map<int, LabelId> MainWindow::labelKeys() const {
  const auto labels = session_->document().labels().topLevelLabels();
  QSettings settings;
  std::map<int, LabelId> keys;
  std::set<LabelId> chosen;  // labels whose digit (or none) the annotator chose
  for (const Label* label : labels) {
    const QVariant digit = settings.value(labelKeySetting(label->name));
    if (!digit.isValid()) continue;
    chosen.insert(label->id);
    if (digit.toInt() >= 0 && digit.toInt() <= 9) keys[digit.toInt()] = label->id;
  }
  for (std::size_t i = 0; i < labels.size() && i < 10; ++i) {
    const int digit = static_cast<int>((i + 1) % 10);
    if (!chosen.count(labels[i]->id) && !keys.count(digit)) keys[digit] = labels[i]->id;
  }
  return keys;
}

void MainWindow::setLabelKey(LabelId label, int digit) {
  Document& doc = session_->document();
  const Label* target = doc.labels().label(label);
  if (!target) return;
  QSettings settings;
  // The label that has the digit now (chosen or by default) loses it: it keeps no digit.
  if (digit >= 0)
    if (const auto keys = labelKeys(); keys.count(digit) && keys.at(digit) != label)
      settings.setValue(labelKeySetting(doc.labels().label(keys.at(digit))->name), -1);
  // Labels that had their digit by position keep it even if this one moves.
  for (const auto& [d, id] : labelKeys())
    if (id != label) settings.setValue(labelKeySetting(doc.labels().label(id)->name), d);
  settings.setValue(labelKeySetting(target->name), digit);
  refreshLabelsPanel();
}

void MainWindow::applyLabelKey(int digit) {
  Document& doc = session_->document();
  const auto keys = labelKeys();
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

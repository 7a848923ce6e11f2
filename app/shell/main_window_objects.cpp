// The objects sidebar and what the view draws of them: the list for the frame (filter box,
// per-object toggles, label select, sort order, context menu), the appearance settings (colour
// by label, instance or group; opacities; outlines; orientation arrows) and the cuboids handed
// to the scene.
#include <QComboBox>
#include <array>
#include <map>
#include <QDockWidget>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QMenu>
#include <QSettings>
#include <QHeaderView>
#include <QLineEdit>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <functional>
#include <vector>

#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "drawing_toolbars.h"
#include "labels_panel.h"
#include "main_window.h"
#include "vtk_view.h"

namespace labelstation::app {

// The labels an object can take (those allowing its shape), for its label select and menu.
std::vector<const Label*> labelsThatFit(const Document& doc, const AnnotationObject& obj, int frame) {
  std::vector<const Label*> out;
  const auto state = stateAt(obj, frame);
  for (const Label* label : doc.labels().topLevelLabels()) {
    if (obj.kind == ObjectKind::Tag ? label->type != LabelType::Tag && label->type != LabelType::Any
                                    : state && !labelAllowsShape(label->type, state->type))
      continue;
    out.push_back(label);
  }
  return out;
}

namespace {

// The object list's columns: what the object is, then its toggles (CVAT's item buttons).
enum ObjectColumn { kId, kLabel, kKind, kState, kHidden, kLocked, kPinned, kOccluded, kColumns };
constexpr int kElementRole = Qt::UserRole + 1;  // a skeleton point's row: the point's index


// The Label column edits in place (click the selected object's label): a list of the labels
// that fit it, as the label select on each of CVAT's object items.
class LabelSelectDelegate : public QStyledItemDelegate {
 public:
  using Choices = std::function<std::vector<const Label*>(ObjectId)>;
  using Apply = std::function<void(ObjectId, LabelId)>;
  LabelSelectDelegate(Choices choices, Apply apply, QObject* parent)
      : QStyledItemDelegate(parent), choices_(std::move(choices)), apply_(std::move(apply)) {}

  QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex& index) const override {
    if (index.column() != kLabel) return nullptr;
    auto* box = new QComboBox(parent);
    box->setObjectName("labelSelect");
    for (const Label* label : choices_(objectOf(index))) box->addItem(QString::fromStdString(label->name), label->id);
    // A choice applies at once, as in CVAT (no Enter needed).
    auto* self = const_cast<LabelSelectDelegate*>(this);
    connect(box, qOverload<int>(&QComboBox::activated), self, [self, box] {
      emit self->commitData(box);
      emit self->closeEditor(box);
    });
    return box;
  }
  void setEditorData(QWidget* editor, const QModelIndex& index) const override {
    auto* box = static_cast<QComboBox*>(editor);
    box->setCurrentText(index.data().toString());
  }
  void setModelData(QWidget* editor, QAbstractItemModel*, const QModelIndex& index) const override {
    apply_(objectOf(index), static_cast<QComboBox*>(editor)->currentData().toInt());
  }

 private:
  static ObjectId objectOf(const QModelIndex& index) { return index.siblingAtColumn(kId).data(Qt::UserRole).toLongLong(); }
  Choices choices_;
  Apply apply_;
};

}  // namespace

void MainWindow::buildSidebar() {
  auto* dock = new QDockWidget(tr("Objects"), this);
  dock->setObjectName("objectsDock");
  dock->setFeatures(QDockWidget::DockWidgetMovable);
  objectList_ = new QTreeWidget(dock);
  objectList_->setObjectName("objectList");
  objectList_->setColumnCount(kColumns);
  objectList_->setHeaderLabels({tr("#"), tr("Label"), tr("Type"), tr("State"), tr("H"), tr("L"), tr("P"), tr("Q")});
  const std::pair<int, QString> tips[] = {{kHidden, tr("Hidden (H)")}, {kLocked, tr("Locked: no edits (L)")},
                                          {kPinned, tr("Pinned: no moves, resizing stays possible")}, {kOccluded, tr("Occluded (Q)")}};
  for (const auto& [column, tip] : tips) objectList_->headerItem()->setToolTip(column, tip);
  objectList_->setRootIsDecorated(false);
  objectList_->header()->setStretchLastSection(false);
  for (int column = 0; column < kColumns; ++column)
    objectList_->header()->setSectionResizeMode(column, column == kState ? QHeaderView::Stretch : QHeaderView::ResizeToContents);
  objectList_->setMinimumWidth(320);
  objectList_->setEditTriggers(QAbstractItemView::SelectedClicked);
  objectList_->setItemDelegate(new LabelSelectDelegate(
      [this](ObjectId id) {
        const AnnotationObject* obj = session_->document().object(id);
        return obj ? labelsThatFit(session_->document(), *obj, context_->frame()) : std::vector<const Label*>{};
      },
      [this](ObjectId id, LabelId label) {
        // Applied after the editor closes: the change rebuilds the list and its items.
        QMetaObject::invokeMethod(this, [this, id, label] {
          const AnnotationObject* obj = session_->document().object(id);
          if (!obj || obj->label == label || session_->document().viewState(id).locked) return;
          runEdit([&] { return edits::changeLabel(session_->document(), {id}, label); });
        }, Qt::QueuedConnection);
      },
      objectList_));
  objectList_->setContextMenuPolicy(Qt::CustomContextMenu);
  // CVAT's filter language over the objects: only matching ones are listed and drawn.
  auto* filterBox = new QLineEdit(dock);
  filterBox->setObjectName("objectFilter");
  filterBox->setPlaceholderText(tr("Filter, e.g. label == \"car\" && occluded == false"));
  filterBox->setClearButtonEnabled(true);
  connect(filterBox, &QLineEdit::textChanged, this, [this, filterBox](const QString& text) {
    if (text.trimmed().isEmpty()) {
      filter_.reset();
      filterBox->setStyleSheet(QString());
    } else {
      try {
        filter_ = Filter::parse(text.toStdString());
        filterBox->setStyleSheet(QString());
      } catch (const FilterError& e) {
        filterBox->setStyleSheet("color: #c03030");  // keep the last good filter until this one parses
        statusBar()->showMessage(tr("Filter, at %1: %2").arg(e.position() + 1).arg(QString::fromStdString(e.what())), 4000);
        return;
      }
    }
    refreshCuboids();
    refreshObjectList();
  });
  objectSort_ = new QComboBox(dock);
  objectSort_->setObjectName("objectSort");
  objectSort_->addItems({tr("ID ascending"), tr("ID descending"), tr("Updated last first")});
  connect(objectSort_, qOverload<int>(&QComboBox::currentIndexChanged), this, [this] { refreshObjectList(); });
  auto* filterRow = new QHBoxLayout;
  filterRow->addWidget(filterBox, 1);
  filterRow->addWidget(objectSort_);
  appearancePanel_ = new AppearancePanel(dock);
  appearancePanel_->setObjectName("appearance");
  // Folded by default so the list keeps its room; the tick opens it (remembered).
  auto* appearanceBox = new QGroupBox(tr("Appearance"), dock);
  appearanceBox->setObjectName("appearanceBox");
  appearanceBox->setCheckable(true);
  auto* appearanceLayout = new QVBoxLayout(appearanceBox);
  appearanceLayout->setContentsMargins(0, 0, 0, 0);
  appearanceLayout->addWidget(appearancePanel_);
  connect(appearanceBox, &QGroupBox::toggled, this, [this](bool open) {
    appearancePanel_->setVisible(open);
    QSettings().setValue("appearance/open", open);
  });
  appearanceBox->setChecked(QSettings().value("appearance/open", false).toBool());
  appearancePanel_->setVisible(appearanceBox->isChecked());
  connect(appearancePanel_, &AppearancePanel::changed, this, [this](const Appearance& a) { applyAppearance(a); });
  auto* objects = new QWidget(dock);
  auto* objectsLayout = new QVBoxLayout(objects);
  objectsLayout->setContentsMargins(0, 0, 0, 0);
  objectsLayout->addLayout(filterRow);
  objectsLayout->addWidget(objectList_, 1);
  objectsLayout->addWidget(appearanceBox);
  dock->setWidget(objects);
  addDockWidget(Qt::RightDockWidgetArea, dock);
  applyAppearance(appearancePanel_->appearance());
  // Double-click: the view goes to the object (the camera turns around it; the canvas zooms on it).
  connect(objectList_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item, int column) {
    if (column >= kHidden) return;  // the toggles
    focusOn(item->data(0, Qt::UserRole).toLongLong(), 50);
  });
  connect(objectList_, &QTreeWidget::itemSelectionChanged, this, [this] {
    const auto items = objectList_->selectedItems();
    ObjectId id = items.isEmpty() ? 0 : items.front()->data(0, Qt::UserRole).toLongLong();
    if (id && !isShownOnFrame(id)) id = 0;
    if (id != context_->selected()) {
      context_->setSelected(id);
      addToChoice(id);
      refreshCuboids();
      refreshActions();
    }
    // The selected skeleton shows its points under it.
    for (int i = 0; i < objectList_->topLevelItemCount(); ++i) {
      QTreeWidgetItem* top = objectList_->topLevelItem(i);
      top->setExpanded(top->data(0, Qt::UserRole).toLongLong() == context_->selected());
    }
  });
  connect(objectList_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (column < kHidden) return;
    const ObjectId id = item->data(0, Qt::UserRole).toLongLong();
    const bool on = item->checkState(column) == Qt::Checked;
    if (const QVariant element = item->data(0, kElementRole); element.isValid()) {  // a skeleton's point: outside (H), occluded (Q)
      const auto index = static_cast<std::size_t>(element.toInt());
      QMetaObject::invokeMethod(this, [this, id, index, column, on] {
        editShapeOnCanvas(id, [&](ShapeState& s) {
          if (index >= s.elements.size()) return;
          (column == kHidden ? s.elements[index].outside : s.elements[index].occluded) = on;
        }, true);
        refreshObjectList();
      }, Qt::QueuedConnection);
      return;
    }
    // Applied after the signal: the change rebuilds the list, which deletes this item.
    QMetaObject::invokeMethod(this, [this, id, column, on] {
      Document& doc = session_->document();
      if (!doc.object(id)) return;
      switch (column) {
        case kHidden: doc.setHidden(id, on); break;
        case kLocked: doc.setLocked(id, on); break;
        case kPinned: doc.setPinned(id, on); break;
        case kOccluded: {
          const auto state = stateAt(*doc.object(id), context_->frame());
          if (state && state->occluded != on) runEdit([&] { return edits::setOccluded(doc, id, context_->frame(), on); });
          break;
        }
        default: break;
      }
      refreshObjectList();
    }, Qt::QueuedConnection);
  });
  connect(objectList_, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint& at) {
    if (QTreeWidgetItem* item = objectList_->itemAt(at)) {
      objectList_->setCurrentItem(item);
      showObjectMenu(objectList_->viewport()->mapToGlobal(at));
    }
  });
}

// An object's actions, as CVAT's item menu: change label, copy, propagate, split, delete.
void MainWindow::showObjectMenu(const QPoint& globalPosition, const std::function<void(QMenu&)>& extra) {
  Document& doc = session_->document();
  const AnnotationObject* obj = doc.object(context_->selected());
  if (!obj) return;
  QMenu menu(this);
  menu.setObjectName("objectMenu");
  if (extra) extra(menu);
  QMenu* labels = menu.addMenu(tr("Change label"));
  for (const Label* label : labelsThatFit(doc, *obj, context_->frame())) {
    QAction* a = labels->addAction(QString::fromStdString(label->name));
    a->setEnabled(label->id != obj->label);
    const LabelId id = label->id;
    connect(a, &QAction::triggered, this, [this, id] {
      runEdit([&] { return edits::changeLabel(session_->document(), {context_->selected()}, id); });
    });
  }
  menu.addAction(actions_[ActionId::Copy]);
  menu.addAction(actions_[ActionId::Propagate]);
  if (obj->isTrack()) menu.addAction(actions_[ActionId::SplitTrack]);
  menu.addAction(actions_[ActionId::MergeTracks]);
  menu.addSeparator();
  menu.addAction(actions_[ActionId::DeleteObject]);
  menu.exec(globalPosition);
}

// M (merge), G (group) and J (join masks): the objects selected from now on (on any frame for
// a merge) are collected; the second M joins them into one track (CVAT's merge), the second G
// puts them in one group, the second J joins the masks into one. Escape leaves the mode.
void MainWindow::toggleChoice(ChoiceMode::Kind kind) {
  static const std::map<ChoiceMode::Kind, std::array<const char*, 3>> texts = {
      {ChoiceMode::Kind::Merge,
       {QT_TR_NOOP("Merge: select the objects to join, on any frame, then press M again (Escape: cancel)"),
        QT_TR_NOOP("Merge needs two objects or more: nothing merged"), QT_TR_NOOP("Merged %1 objects into a track")}},
      {ChoiceMode::Kind::Group,
       {QT_TR_NOOP("Group: select the objects to group, then press G again (Escape: cancel)"),
        QT_TR_NOOP("A group needs two objects or more: nothing grouped"), QT_TR_NOOP("Grouped %1 objects")}},
      {ChoiceMode::Kind::Join,
       {QT_TR_NOOP("Join masks: click the masks to join, then press J again (Escape: cancel)"),
        QT_TR_NOOP("Joining needs two masks or more: nothing joined"), QT_TR_NOOP("Joined %1 masks")}},
  };
  const auto& text = texts.at(kind);
  if (!choosing_ || choosing_->kind != kind) {
    choosing_ = ChoiceMode{kind, {}};
    // A merge starts from the selected object, and says so; a group or a join starts empty, as CVAT's.
    if (context_->selected() && kind == ChoiceMode::Kind::Merge) {
      addToChoice(context_->selected());
      statusBar()->showMessage(tr("Merge: #%1 (selected) is chosen; choose the others, on any frame, then press M again (Escape: cancel)")
                                   .arg(context_->selected()));
    } else {
      statusBar()->showMessage(tr(text[0]));
    }
    refreshActions();
    return;
  }
  const std::vector<ObjectId> ids = choosing_->ids;
  choosing_.reset();
  refreshActions();
  if (ids.size() < 2) {
    statusBar()->showMessage(tr(text[1]), 4000);
    return;
  }
  Document& doc = session_->document();
  switch (kind) {
    case ChoiceMode::Kind::Group:
      runEdit([&] { return edits::group(doc, ids); });
      refreshShapes();
      break;
    case ChoiceMode::Kind::Join: joinMasks(ids); return;
    case ChoiceMode::Kind::Merge:
      runEdit([&] { return edits::mergeIntoTrack(doc, ids); });
      selectObject(doc.objects().rbegin()->first);
      break;
  }
  statusBar()->showMessage(tr(text[2]).arg(ids.size()), 4000);
}

void MainWindow::addToChoice(ObjectId id) {
  if (!choosing_ || !id) return;
  auto& ids = choosing_->ids;
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  static const std::map<ChoiceMode::Kind, const char*> chosen = {
      {ChoiceMode::Kind::Merge, QT_TR_NOOP("Merge: %1 objects chosen; M joins them, Escape cancels")},
      {ChoiceMode::Kind::Group, QT_TR_NOOP("Group: %1 objects chosen; G groups them, Escape cancels")},
      {ChoiceMode::Kind::Join, QT_TR_NOOP("Join masks: %1 chosen; J joins them, Escape cancels")}};
  statusBar()->showMessage(tr(chosen.at(choosing_->kind)).arg(ids.size()));
}

// The view on the object: in 3D the camera turns around its cuboid; on the canvas its box fills
// the view with `margin` image pixels around it (CVAT's attribute annotation zoom).
void MainWindow::focusOn(ObjectId id, double margin) {
  const AnnotationObject* obj = session_->document().object(id);
  const auto state = obj ? stateAt(*obj, context_->frame()) : std::nullopt;
  if (!state) return;
  if (state->type == ShapeType::Cuboid3D) {
    const Cuboid3D box = Cuboid3D::fromPoints(state->points);
    scene_->camera().focus = {box.position.x(), box.position.y(), box.position.z()};
    scene_->camera().distance = std::max(6.0, 3 * box.scale.norm());
    view_->update();
    return;
  }
  const CanvasShape* shape = isImageTask() ? canvas_->shape(id) : nullptr;
  if (!shape) return;
  const QRectF box = shape->type == ShapeType::Skeleton ? skeletonBox(*shape) : outlineOf(*shape).boundingRect();
  canvas_->zoomToRegion(box.adjusted(-margin, -margin, margin, margin));
}

void MainWindow::applyAppearance(const Appearance& appearance) {
  appearance_ = appearance;
  scene_->setFaceOpacity(appearance.opacity / 100.0, appearance.selectedOpacity / 100.0);
  scene_->setOrientationArrows(appearance.orientationArrows);
  if (session_) {
    refreshCuboids();
    refreshObjectList();
  }
  view_->update();
}

// What an object's text in the view says (F2: ID, label, attributes, source, dimensions).
std::string MainWindow::textOf(const AnnotationObject& object, const ShapeState& state) const {
  const Label* label = session_->document().labels().label(object.label);
  std::vector<std::string> lines;
  std::string head;
  if (settings_.textId) head = std::to_string(object.id);
  if (settings_.textLabel && label) head += (head.empty() ? "" : " ") + label->name;
  if (settings_.textSource) head += (head.empty() ? "" : " ") + std::string("(") + std::string(toString(object.source)) + ")";
  if (!head.empty()) lines.push_back(head);
  if (settings_.textAttributes && label) {
    AttributeValues values = state.attributes;
    if (object.isTrack()) values.insert(object.trackAttributes.begin(), object.trackAttributes.end());
    for (const AttributeSpec& spec : label->attributes)
      if (const auto it = values.find(spec.id); it != values.end()) lines.push_back(spec.name + ": " + it->second);
  }
  if (settings_.textDimensions && state.type == ShapeType::Cuboid3D) {
    const Cuboid3D box = Cuboid3D::fromPoints(state.points);
    lines.push_back(QString("%1 × %2 × %3 m, %4°")
                        .arg(box.scale.x(), 0, 'f', 2).arg(box.scale.y(), 0, 'f', 2).arg(box.scale.z(), 0, 'f', 2)
                        .arg(wrapDegrees(box.rotation.z() * 180.0 / M_PI), 0, 'f', 1)
                        .toStdString());
  }
  std::string text;
  for (const auto& line : lines) text += (text.empty() ? "" : "\n") + line;
  return text;
}

render::Rgb MainWindow::colorOf(const AnnotationObject& object) const {
  switch (appearance_.colorBy) {
    case ColorBy::Instance: return render::parseColor(defaultLabelColor(static_cast<std::size_t>(object.id)));
    case ColorBy::Group:  // grouped objects share a colour; the rest are grey
      return object.group ? render::parseColor(defaultLabelColor(static_cast<std::size_t>(object.group) + 3)) : render::Rgb{190, 190, 190};
    case ColorBy::Label: break;
  }
  const Label* label = session_->document().labels().label(object.label);
  return render::parseColor(label ? label->color : std::string());
}

void MainWindow::refreshCuboids() {
  if (isImageTask()) {  // the canvas draws the frame's 2D shapes
    refreshShapes();
    refreshDetails();
    return;
  }
  Document& doc = session_->document();
  std::vector<render::SceneCuboid> cuboids;
  for (ObjectId id : doc.objectsOnFrame(context_->frame())) {
    const AnnotationObject& obj = *doc.object(id);
    if (obj.kind == ObjectKind::Tag || obj.shapeType() != ShapeType::Cuboid3D || doc.viewState(id).hidden) continue;
    if (filter_ && !filter_->matches(doc, obj, context_->frame())) continue;
    const auto state = stateAt(obj, context_->frame());
    render::SceneCuboid c;
    c.id = id;
    c.box = Cuboid3D::fromPoints(state->points);
    c.color = colorOf(obj);
    c.selected = id == context_->selected();
    c.hovered = id == hovered_;
    c.occluded = state->occluded;
    c.locked = doc.viewState(id).locked;
    c.text = textOf(obj, *state);
    if (appearance_.outlined) c.outline = render::parseColor(appearance_.outlineColor.toStdString());
    if (placement_.what == Placing::Moved && id == placement_.moved) continue;  // the cursor carries it
    cuboids.push_back(c);
  }
  drawnCuboids_ = cuboids;
  if (placement_.what != Placing::Nothing) {  // what is being placed, drawn as selected
    render::SceneCuboid ghost;
    ghost.box = placement_.box;
    const AnnotationObject* moved = doc.object(placement_.moved);
    const Label* label = doc.labels().label(moved ? moved->label : placement_.label);
    if (!label && !clipboard_.empty()) label = doc.labels().label(clipboard_.objects.front().label);
    ghost.color = render::parseColor(label ? label->color : std::string());
    ghost.selected = true;
    cuboids.push_back(ghost);
  }
  scene_->setCuboids(cuboids);
  std::vector<ProjectedCuboid> projected;
  if (appearance_.showProjections)
    for (const auto& c : cuboids) {
      const render::Rgb edge = c.outline.value_or(c.color);
      projected.push_back({c.box, QColor(edge.r, edge.g, edge.b), c.selected});
    }
  contextImages_->setCuboids(projected);
  refreshDetails();
  view_->update();
}

void MainWindow::refreshObjectList() {
  dropHiddenSelection();  // e.g. the filter no longer lists it
  Document& doc = session_->document();
  const ObjectId keep = context_->selected();
  std::vector<ObjectId> ids = doc.objectsOnFrame(context_->frame());
  // F2 "show all interpolation tracks": tracks outside on this frame are listed too (greyed).
  if (settings_.showAllTracks) {
    for (const auto& [id, obj] : doc.objects())
      if (obj.isTrack() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
  }
  ids.erase(std::remove_if(ids.begin(), ids.end(), [&](ObjectId id) { return filter_ && !filter_->matches(doc, *doc.object(id), context_->frame()); }),
            ids.end());
  switch (objectSort_->currentIndex()) {
    case 1: std::reverse(ids.begin(), ids.end()); break;
    case 2:
      std::stable_sort(ids.begin(), ids.end(), [this](ObjectId a, ObjectId b) {
        const auto ua = updated_.find(a), ub = updated_.find(b);
        return (ua == updated_.end() ? 0 : ua->second) > (ub == updated_.end() ? 0 : ub->second);
      });
      break;
    default: break;
  }
  objectList_->blockSignals(true);
  objectList_->clear();
  for (ObjectId id : ids) {
    const AnnotationObject& obj = *doc.object(id);
    const Label* label = doc.labels().label(obj.label);
    QStringList state;
    const auto s = stateAt(obj, context_->frame());
    const bool outside = obj.isTrack() && (!s || s->outside);
    if (outside) state << tr("outside");
    else if (obj.isTrack()) state << (isKeyframe(obj, context_->frame()) ? tr("keyframe") : tr("interpolated"));
    if (s && s->occluded) state << tr("occluded");
    if (doc.viewState(id).hidden) state << tr("hidden");
    if (doc.viewState(id).locked) state << tr("locked");
    if (doc.viewState(id).pinned) state << tr("pinned");
    // As CVAT names it: "polygon track", "rectangle shape", "tag".
    const std::string_view shapeType = obj.shapeType() == ShapeType::Cuboid3D ? "cuboid" : toString(obj.shapeType());
    const QString type = obj.kind == ObjectKind::Tag ? tr("tag") : QString("%1 %2").arg(QString::fromUtf8(shapeType.data(), static_cast<int>(shapeType.size())),
                                                                                         QString::fromUtf8(toString(obj.kind).data()));
    auto* item = new QTreeWidgetItem(objectList_, {QString::number(id), label ? QString::fromStdString(label->name) : "?", type, state.join(", ")});
    item->setData(0, Qt::UserRole, QVariant::fromValue<qlonglong>(id));
    const render::Rgb c = colorOf(obj);
    item->setData(kId, Qt::DecorationRole, QColor(c.r, c.g, c.b));
    if (label) item->setForeground(kLabel, QColor(QString::fromStdString(label->color)));
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsEditable);  // editable: the label select
    // A hidden object is listed (to be shown again) but cannot be selected: no key acts on it.
    if (!isShownOnFrame(id)) item->setFlags(item->flags() & ~Qt::ItemIsSelectable);
    const ObjectViewState view = doc.viewState(id);
    item->setCheckState(kHidden, view.hidden ? Qt::Checked : Qt::Unchecked);
    item->setCheckState(kLocked, view.locked ? Qt::Checked : Qt::Unchecked);
    item->setCheckState(kPinned, view.pinned ? Qt::Checked : Qt::Unchecked);
    if (s && obj.kind != ObjectKind::Tag) item->setCheckState(kOccluded, s->occluded ? Qt::Checked : Qt::Unchecked);
    if (outside)
      for (int column = 0; column < kColumns; ++column) item->setForeground(column, objectList_->palette().color(QPalette::Disabled, QPalette::Text));
    if (s && s->type == ShapeType::Skeleton) {  // its points, each outside (H) or occluded (Q)
      for (std::size_t i = 0; i < s->elements.size(); ++i) {
        const SkeletonElement& e = s->elements[i];
        const Label* point = doc.labels().label(e.label);
        auto* child = new QTreeWidgetItem(item, {QString(), point ? QString::fromStdString(point->name) : "?", tr("point"),
                                                 e.outside ? tr("outside") : e.occluded ? tr("occluded") : QString()});
        child->setData(0, Qt::UserRole, QVariant::fromValue<qlonglong>(id));
        child->setData(0, kElementRole, static_cast<int>(i));
        child->setFlags((child->flags() | Qt::ItemIsUserCheckable) & ~Qt::ItemIsEditable);
        child->setCheckState(kHidden, e.outside ? Qt::Checked : Qt::Unchecked);
        child->setToolTip(kHidden, tr("Outside: the point is not in the image"));
        child->setCheckState(kOccluded, e.occluded ? Qt::Checked : Qt::Unchecked);
      }
      item->setExpanded(id == keep);
    }
    if (id == keep) item->setSelected(true);
  }
  objectList_->blockSignals(false);
  refreshModePanel();
}

// The Labels tab, beside the objects list in their dock. (Tabifying two dock widgets instead made
// the 3D view lose its translucent pass with Mesa: the cuboids' faces vanished.)
void MainWindow::buildLabelsPanel() {
  auto* dock = findChild<QDockWidget*>("objectsDock");
  auto* tabs = new QTabWidget(dock);
  tabs->addTab(dock->widget(), tr("Objects"));
  labels_ = new LabelsPanel(actions_[ActionId::EditLabels], tabs);
  tabs->addTab(labels_, tr("Labels"));
  dock->setWidget(tabs);
  connect(labels_, &LabelsPanel::viewStateChanged, this, &MainWindow::setLabelViewState);
  connect(labels_, &LabelsPanel::keyChosen, this, &MainWindow::setLabelKey);
}

void MainWindow::refreshLabelsPanel(bool sameTask) {
  const LabelSchema& labels = session_->document().labels();
  labels_->showLabels(labels, sameTask);
  if (drawingToolbar_) drawingToolbar_->setTagLabels(tagLabelsOf(labels));
}

QTreeWidget* MainWindow::labelsList() const { return labels_->list(); }

std::map<int, LabelId> MainWindow::labelKeys() const { return labelKeysOf(session_->document().labels()); }

void MainWindow::setLabelKey(LabelId label, int digit) {
  setLabelKeyOf(session_->document().labels(), label, digit);
  refreshLabelsPanel();
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

}  // namespace labelstation::app

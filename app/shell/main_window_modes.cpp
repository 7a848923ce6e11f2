// The window's annotation modes (the mode list in the navigation bar; see mode_panel.h):
// attribute annotation, single shape and tag annotation, over the same document, undo and
// keymap as the standard mode.
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QStatusBar>
#include <QTimer>

#include "canvas_shapes.h"
#include "drawing_toolbars.h"
#include "image_canvas.h"
#include "labels_panel.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "main_window.h"
#include "mode_panel.h"
#include "navigation_bar.h"

namespace labelstation::app {

void MainWindow::buildModes() {
  auto* dock = new QDockWidget(tr("Mode"), this);
  dock->setObjectName("modeDock");
  dock->setFeatures(QDockWidget::DockWidgetMovable);
  modes_ = new ModePanel(dock);
  modes_->setObjectName("modePanel");
  dock->setWidget(modes_);
  addDockWidget(Qt::RightDockWidgetArea, dock);
  dock->hide();
  modeBox_ = new QComboBox(navigation_);
  modeBox_->setObjectName("workspaceMode");
  modeBox_->addItems({tr("Standard"), tr("Attribute annotation"), tr("Single shape"), tr("Tag annotation")});
  modeBox_->setToolTip(tr("Annotation mode"));
  navigation_->addWidget(modeBox_);
  connect(modeBox_, &QComboBox::currentIndexChanged, this, [this](int index) { setWorkspaceMode(static_cast<WorkspaceMode>(index)); });
  connect(modes_, &ModePanel::objectStep, this, [this](int by) { stepAamObject(by); });
  connect(modes_, &ModePanel::attributeStep, this, [this](int by) {
    aamAttribute_ += by;
    refreshModePanel();
  });
  connect(modes_, &ModePanel::frameStep, this, [this](int by) {
    if (const auto to = findFrameWithMatch(session_->document(), filter_ ? &*filter_ : nullptr, context_->frame(), by)) setFrame(*to);
  });
  connect(modes_, &ModePanel::valueChosen, this, [this](int index) { setAamValue(index, {}); });
  connect(modes_, &ModePanel::valueTyped, this, [this](const QString& value) { setAamValue(-1, value); });
  connect(modes_, &ModePanel::skipRequested, this, [this] { nextSingleShapeFrame(); });
  connect(modes_, &ModePanel::singleShapeChanged, this, [this] {
    canvas_->cancelInteraction();  // a painted mask is saved first
    refreshModePanel();
    QTimer::singleShot(0, this, [this] { startSingleShape(); });  // with the new choice
  });
  connect(modes_, &ModePanel::addTagRequested, this, [this](LabelId label) { addTag(label); });
  connect(modes_, &ModePanel::removeTagRequested, this, [this](ObjectId tag) {
    runEdit([&] { return edits::remove(session_->document(), {tag}); });
  });
  // Single shape: every end of a drawing (a shape, Escape, a new frame) starts the next one.
  connect(canvas_, &ImageCanvas::drawingChanged, this, [this](bool drawing) {
    if (!drawing && workspaceMode() == WorkspaceMode::SingleShape) QTimer::singleShot(0, this, [this] { startSingleShape(); });
  });
}

WorkspaceMode MainWindow::workspaceMode() const { return modes_->mode(); }

void MainWindow::setWorkspaceMode(WorkspaceMode mode) {
  if (mode == WorkspaceMode::SingleShape && !isImageTask()) {
    statusBar()->showMessage(tr("Single shape mode is for image tasks"), 4000);
    mode = WorkspaceMode::Standard;
  }
  const QSignalBlocker quiet(modeBox_);
  modeBox_->setCurrentIndex(static_cast<int>(mode));
  if (mode == modes_->mode()) return;
  canvas_->cancelInteraction();  // a painted mask is saved first
  modes_->setMode(mode);
  aamZoomed_ = {0, -1};
  findChild<QDockWidget*>("modeDock")->setVisible(mode != WorkspaceMode::Standard);
  aamAttribute_ = 0;
  refreshModePanel();
  if (mode == WorkspaceMode::SingleShape) startSingleShape();
}

// What the mode's panel shows of the current frame.
void MainWindow::refreshModePanel() {
  if (!modes_ || !session_) return;
  const Document& doc = session_->document();
  const LabelSchema& labels = doc.labels();
  switch (modes_->mode()) {
    case WorkspaceMode::Standard: return;
    case WorkspaceMode::Attributes: {
      const std::vector<ObjectId> ids = aamObjects();
      ModePanel::AttributeView view;
      if (std::find(ids.begin(), ids.end(), context_->selected()) == ids.end() && !ids.empty()) selectObject(ids.front());
      const AnnotationObject* obj = doc.object(context_->selected());
      const auto state = obj ? stateAt(*obj, context_->frame()) : std::nullopt;
      if (!obj || !state || ids.empty()) {
        modes_->showAttribute(view);
        return;
      }
      const Label* label = labels.label(obj->label);
      const auto position = std::find(ids.begin(), ids.end(), context_->selected()) - ids.begin();
      view.object = tr("%1 #%2 (%3 of %4)").arg(QString::fromStdString(label ? label->name : "?")).arg(obj->id).arg(position + 1).arg(ids.size());
      const auto& specs = label ? label->attributes : std::vector<AttributeSpec>{};
      if (!specs.empty()) {
        const int n = static_cast<int>(specs.size());
        aamAttribute_ = ((aamAttribute_ % n) + n) % n;
        const AttributeSpec& spec = specs[static_cast<std::size_t>(aamAttribute_)];
        AttributeValues values = state->attributes;
        if (obj->isTrack()) values.insert(obj->trackAttributes.begin(), obj->trackAttributes.end());
        view.attribute = tr("%1 (%2 of %3)").arg(QString::fromStdString(spec.name)).arg(aamAttribute_ + 1).arg(n);
        view.value = QString::fromStdString(values.count(spec.id) ? values.at(spec.id) : spec.defaultValue);
        if (spec.inputType == AttributeInputType::Checkbox) view.choices = {"false", "true"};
        else if (spec.inputType == AttributeInputType::Select || spec.inputType == AttributeInputType::Radio)
          for (const auto& v : spec.values) view.choices << QString::fromStdString(v);
      }
      modes_->showAttribute(view);
      // Zoomed on each object once as it comes up (not on every edit: a drag would chase itself).
      if (aamZoomed_ != std::pair(context_->selected(), context_->frame())) {
        aamZoomed_ = {context_->selected(), context_->frame()};
        focusOn(context_->selected(), modes_->zoomMargin());
      }
      return;
    }
    case WorkspaceMode::SingleShape: {
      std::vector<std::pair<LabelId, QString>> offered;
      for (const Label* l : labels.topLevelLabels())
        if (l->type != LabelType::Tag && l->type != LabelType::Cuboid3D && (l->type != LabelType::Skeleton || !l->sublabels.empty()))
          offered.emplace_back(l->id, QString::fromStdString(l->name));
      modes_->setSingleShapeLabels(offered);
      const Label* label = labels.label(modes_->singleShapeLabel());
      std::vector<ShapeType> types;
      for (ShapeType t : {ShapeType::Rectangle, ShapeType::Polygon, ShapeType::Polyline, ShapeType::Points, ShapeType::Ellipse, ShapeType::Cuboid2D,
                          ShapeType::Skeleton, ShapeType::Mask})
        if (label && labelAllowsShape(label->type, t) && (t != ShapeType::Skeleton || !label->sublabels.empty())) types.push_back(t);
      modes_->setSingleShapeTypes(types);
      modes_->setPrompt(label ? tr("Annotate %1 on the image using %2").arg(QString::fromStdString(label->name), QString::fromUtf8(toString(modes_->singleShapeType()).data()))
                              : tr("No label to draw with"));
      return;
    }
    case WorkspaceMode::Tags: {
      modes_->setTagLabels(tagLabelsOf(labels));
      std::vector<std::pair<ObjectId, QString>> tags;
      for (ObjectId id : doc.objectsOnFrame(context_->frame())) {
        const AnnotationObject& obj = *doc.object(id);
        if (obj.kind != ObjectKind::Tag) continue;
        const Label* l = labels.label(obj.label);
        tags.emplace_back(id, QString::fromStdString(l ? l->name : "?"));
      }
      modes_->setFrameTags(tags);
      return;
    }
  }
}

// Attribute annotation: the frame's objects in the list's order (tags and hidden ones aside).
std::vector<ObjectId> MainWindow::aamObjects() const {
  const Document& doc = session_->document();
  std::vector<ObjectId> ids;
  for (ObjectId id : doc.objectsOnFrame(context_->frame())) {
    const AnnotationObject& obj = *doc.object(id);
    if (obj.kind == ObjectKind::Tag || doc.viewState(id).hidden) continue;
    if (filter_ && !filter_->matches(doc, obj, context_->frame())) continue;
    ids.push_back(id);
  }
  return ids;
}

void MainWindow::stepAamObject(int by) {
  const std::vector<ObjectId> ids = aamObjects();
  if (ids.empty()) return;
  const auto at = std::find(ids.begin(), ids.end(), context_->selected());
  const int n = static_cast<int>(ids.size());
  const int index = at == ids.end() ? 0 : ((static_cast<int>(at - ids.begin()) + by) % n + n) % n;
  selectObject(ids[static_cast<std::size_t>(index)]);
  aamAttribute_ = 0;
  refreshModePanel();
}

// A value for the active attribute: the index-th choice (0–9), or typed.
void MainWindow::setAamValue(int index, const QString& typed) {
  const Document& doc = session_->document();
  const AnnotationObject* obj = doc.object(context_->selected());
  const Label* label = obj ? doc.labels().label(obj->label) : nullptr;
  if (!label || label->attributes.empty()) return;
  const AttributeSpec& spec = label->attributes[static_cast<std::size_t>(aamAttribute_) % label->attributes.size()];
  std::string value = typed.toStdString();
  if (index >= 0) {
    if (spec.inputType == AttributeInputType::Checkbox && index <= 1) value = index ? "true" : "false";
    else if ((spec.inputType == AttributeInputType::Select || spec.inputType == AttributeInputType::Radio) &&
             index < static_cast<int>(spec.values.size()))
      value = spec.values[static_cast<std::size_t>(index)];
    else return;  // no such choice
  }
  runEdit([&] { return edits::setAttribute(doc, context_->selected(), context_->frame(), spec.id, value); });
  refreshModePanel();
}

// Single shape: draw the panel's label and shape type on this frame (unless drawing already).
void MainWindow::startSingleShape() {
  if (workspaceMode() != WorkspaceMode::SingleShape || !isImageTask() || canvas_->isDrawing()) return;
  if (modes_->singleShapeLabel() == kNoLabel) return;
  currentLabel_ = modes_->singleShapeLabel();
  drawType_ = modes_->singleShapeType();
  drawByPoints_ = false;
  QWidget* typing = QApplication::focusWidget();
  drawShape(false);
  // A field of the panel being typed in keeps the keyboard (the canvas took it to draw).
  if (typing && modes_->isAncestorOf(typing)) typing->setFocus();
}

void MainWindow::nextSingleShapeFrame() {
  const std::optional<int> next = modes_->emptyFramesOnly() ? findEmptyFrame(session_->document(), context_->frame(), 1)
                                                            : std::optional<int>(frameAfterStep(1));
  if (!next || *next == context_->frame()) {
    if (modes_->saveWhenDone() && save()) statusBar()->showMessage(tr("No more frames to annotate: saved"), 6000);
    else statusBar()->showMessage(tr("No more frames to annotate"), 4000);
    return;
  }
  setFrame(*next);
}

bool MainWindow::tagFrame(LabelId label) {
  Document& doc = session_->document();
  const Label* l = doc.labels().label(label);
  if (!l || (l->type != LabelType::Tag && l->type != LabelType::Any)) return false;
  // As CVAT: one tag of a label per frame.
  for (const auto& [id, o] : doc.objects())
    if (o.kind == ObjectKind::Tag && o.frame == context_->frame() && o.label == label) {
      statusBar()->showMessage(tr("This frame has a %1 tag already").arg(QString::fromStdString(l->name)), 4000);
      return false;
    }
  createTag(label);
  return true;
}

void MainWindow::createTag(LabelId label) {
  AnnotationObject tag;
  tag.kind = ObjectKind::Tag;
  tag.label = label;
  tag.frame = context_->frame();
  runEdit([&] { return edits::create(session_->document(), {tag}); });
}

void MainWindow::addTag(LabelId label) {
  createTag(label);
  refreshModePanel();
  if (modes_->tagAutoNextFrame()) setFrame(frameAfterStep(1));
}

}  // namespace labelstation::app

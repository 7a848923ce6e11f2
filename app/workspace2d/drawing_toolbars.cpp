#include "drawing_toolbars.h"

#include <QActionGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <climits>

#include "remembered_check_box.h"

namespace labelstation::app {

DrawingToolbar::DrawingToolbar(QWidget* parent) : QToolBar(tr("Drawing"), parent) {
  setObjectName("drawingToolbar");
  QSettings settings;
  addWidget(new QLabel(tr("Points "), this));
  points_ = new QSpinBox(this);
  points_->setObjectName("pointCount");
  points_->setRange(0, 999);
  points_->setSpecialValueText(tr("any"));
  points_->setToolTip(tr("Polygons, polylines and points end by themselves at this many points (any: N ends them)"));
  points_->setValue(settings.value("drawing/pointCount", 0).toInt());
  addWidget(points_);
  connect(points_, &QSpinBox::valueChanged, this, [this](int v) {
    QSettings().setValue("drawing/pointCount", v);
    emit pointCountChanged(v);
  });
  autoBorder_ = rememberedCheckBox(tr("Automatic bordering"), "autoBorder", "drawing/autoBorder", false, this);
  autoBorder_->setToolTip(tr("Points placed near another shape's points snap to them and follow its contour (Ctrl flips this for a click)"));
  addWidget(autoBorder_);
  connect(autoBorder_, &QCheckBox::toggled, this, &DrawingToolbar::autoBorderChanged);
  cropping_ = rememberedCheckBox(tr("Intelligent cropping"), "intelligentCropping", "drawing/intelligentCropping", true, this);
  cropping_->setToolTip(tr("A polygon edit keeps the right part by itself; off, or when unclear, click the part to keep"));
  addWidget(cropping_);
  connect(cropping_, &QCheckBox::toggled, this, &DrawingToolbar::intelligentCroppingChanged);
  addSeparator();
  QAction* region = addAction(tr("Zoom to region"));
  region->setObjectName("zoomToRegion");
  region->setToolTip(tr("Drag a box on the image to zoom to it"));
  connect(region, &QAction::triggered, this, &DrawingToolbar::regionZoomRequested);
  addSeparator();
  zLabel_ = new QLabel(this);
  addWidget(zLabel_);
  zLayer_ = new QSlider(Qt::Horizontal, this);
  zLayer_->setObjectName("zLayer");
  zLayer_->setMaximumWidth(140);
  zLayer_->setToolTip(tr("Shapes above this z-layer are hidden"));
  addWidget(zLayer_);
  connect(zLayer_, &QSlider::valueChanged, this, [this] {
    zLabel_->setText(maxZLayer() == INT_MAX ? tr("Z: all ") : tr("Z ≤ %1 ").arg(zLayer_->value()));
    emit zLayerChanged(maxZLayer());
  });
  setZRange(0, 0);
  addSeparator();
  // Tags in the standard mode (CVAT's "Setup tag"): a label and a button for the frame.
  addWidget(new QLabel(tr("Tag "), this));
  tagLabel_ = new QComboBox(this);
  tagLabel_->setObjectName("tagLabel");
  tagLabel_->setFocusPolicy(Qt::ClickFocus);
  tagLabel_->setToolTip(tr("The label of the tag Add tag puts on this frame"));
  addWidget(tagLabel_);
  QAction* addTag = addAction(tr("Add tag"));
  addTag->setObjectName("addTag");
  addTag->setToolTip(tr("Tag this frame with the chosen label"));
  connect(addTag, &QAction::triggered, this, [this] {
    if (tagLabel_->currentIndex() >= 0) emit tagRequested(tagLabel_->currentData().toInt());
  });
}

void DrawingToolbar::setTagLabels(const std::vector<std::pair<LabelId, QString>>& labels) {
  const QVariant chosen = tagLabel_->currentData();
  tagLabel_->clear();
  for (const auto& [id, name] : labels) tagLabel_->addItem(name, id);
  if (const int kept = tagLabel_->findData(chosen); kept >= 0) tagLabel_->setCurrentIndex(kept);
}

void DrawingToolbar::setDrawActions(const QList<QAction*>& actions) {
  auto* box = new QComboBox(this);
  box->setObjectName("drawType");
  box->setToolTip(tr("What N draws"));
  for (QAction* a : actions) box->addItem(a->text().remove('&'));
  QAction* first = this->actions().value(0);
  insertWidget(first, new QLabel(tr("Draw "), this));
  insertWidget(first, box);
  insertSeparator(first);
  connect(box, &QComboBox::activated, this, [actions](int i) { actions.value(i)->trigger(); });
  for (int i = 0; i < actions.size(); ++i) {
    if (actions[i]->isChecked()) box->setCurrentIndex(i);
    connect(actions[i], &QAction::toggled, box, [box, i](bool on) {
      if (on) box->setCurrentIndex(i);
    });
  }
}

int DrawingToolbar::pointCount() const { return points_->value(); }
bool DrawingToolbar::autoBorder() const { return autoBorder_->isChecked(); }
bool DrawingToolbar::intelligentCropping() const { return cropping_->isChecked(); }

void DrawingToolbar::setZRange(int lowest, int highest) {
  const bool atTop = zLayer_->value() >= zLayer_->maximum();
  const QSignalBlocker quiet(zLayer_);
  zLayer_->setRange(lowest, std::max(lowest, highest));
  if (atTop) zLayer_->setValue(zLayer_->maximum());  // showing all stays showing all
  zLabel_->setText(maxZLayer() == INT_MAX ? tr("Z: all ") : tr("Z ≤ %1 ").arg(zLayer_->value()));
}

int DrawingToolbar::maxZLayer() const { return zLayer_->value() >= zLayer_->maximum() ? INT_MAX : zLayer_->value(); }

MaskToolbar::MaskToolbar(QWidget* parent) : QToolBar(tr("Brush"), parent) {
  setObjectName("maskToolbar");
  QAction* save = addAction(tr("Save mask"));
  save->setObjectName("saveMask");
  save->setToolTip(tr("Save the mask (N; with a polygon tool N first closes the polygon)"));
  connect(save, &QAction::triggered, this, &MaskToolbar::saveRequested);
  QAction* more = addAction(tr("Save and continue"));
  more->setObjectName("saveMaskAndContinue");
  connect(more, &QAction::triggered, this, &MaskToolbar::saveAndContinueRequested);
  addSeparator();
  auto* group = new QActionGroup(this);
  for (const auto& [tool, name, text] : {std::tuple{BrushTool::Brush, "brush", tr("Brush")}, std::tuple{BrushTool::Eraser, "eraser", tr("Eraser")},
                                         std::tuple{BrushTool::PolygonAdd, "polygonAdd", tr("Polygon +")},
                                         std::tuple{BrushTool::PolygonRemove, "polygonRemove", tr("Polygon −")}}) {
    QAction* a = addAction(text);
    a->setObjectName(name);
    a->setCheckable(true);
    group->addAction(a);
    tools_[tool] = a;
    connect(a, &QAction::triggered, this, &MaskToolbar::changed);
  }
  tools_[BrushTool::Brush]->setChecked(true);
  addSeparator();
  QSettings settings;
  size_ = new QSpinBox(this);
  size_->setObjectName("brushSize");
  size_->setRange(1, 1000);
  size_->setSuffix(tr(" px"));
  size_->setValue(settings.value("brush/size", 10).toInt());
  size_->setToolTip(tr("Brush and eraser size"));
  addWidget(size_);
  connect(size_, &QSpinBox::valueChanged, this, [this](int v) {
    QSettings().setValue("brush/size", v);
    changed();
  });
  tip_ = new QComboBox(this);
  tip_->setObjectName("brushTip");
  tip_->addItem(tr("Circle"));
  tip_->addItem(tr("Square"));
  addWidget(tip_);
  connect(tip_, &QComboBox::currentIndexChanged, this, &MaskToolbar::changed);
  addSeparator();
  removeUnderlying_ = addAction(tr("Remove underlying pixels"));
  removeUnderlying_->setObjectName("removeUnderlying");
  removeUnderlying_->setCheckable(true);
  removeUnderlying_->setToolTip(tr("Pixels of other masks under this one are removed from them when it is saved"));
  hideMask_ = addAction(tr("Hide mask"));
  hideMask_->setObjectName("hideMask");
  hideMask_->setCheckable(true);
  connect(hideMask_, &QAction::toggled, this, &MaskToolbar::changed);
  addSeparator();
  QAction* cancel = addAction(tr("Cancel"));
  cancel->setObjectName("cancelMask");
  connect(cancel, &QAction::triggered, this, &MaskToolbar::cancelRequested);
}

BrushSettings MaskToolbar::settings() const {
  BrushSettings s;
  for (const auto& [tool, action] : tools_)
    if (action->isChecked()) s.tool = tool;
  s.size = size_->value();
  s.tip = tip_->currentIndex() == 1 ? BrushTip::Square : BrushTip::Circle;
  s.hideMask = hideMask_->isChecked();
  return s;
}

bool MaskToolbar::removeUnderlying() const { return removeUnderlying_->isChecked(); }

void MaskToolbar::setTool(BrushTool tool) {
  tools_.at(tool)->setChecked(true);
  changed();
}

void MaskToolbar::changed() {
  const BrushSettings s = settings();
  const bool brush = s.tool == BrushTool::Brush || s.tool == BrushTool::Eraser;
  size_->setEnabled(brush);
  tip_->setEnabled(brush);
  emit settingsChanged(s);
}

}  // namespace labelstation::app

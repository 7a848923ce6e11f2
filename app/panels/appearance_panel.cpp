#include "appearance_panel.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <algorithm>

namespace labelstation::app {

Appearance Appearance::load() {
  QSettings s;
  Appearance a;
  a.colorBy = static_cast<ColorBy>(std::clamp(s.value("appearance/colorBy", 0).toInt(), 0, 2));
  a.opacity = std::clamp(s.value("appearance/opacity", a.opacity).toInt(), 0, 100);
  a.selectedOpacity = std::clamp(s.value("appearance/selectedOpacity", a.selectedOpacity).toInt(), 0, 100);
  a.orientationArrows = s.value("appearance/orientationArrows", false).toBool();
  a.outlined = s.value("appearance/outlined", false).toBool();
  const QString outline = s.value("appearance/outlineColor", a.outlineColor).toString();
  if (QColor::isValidColorName(outline)) a.outlineColor = outline;
  a.showProjections = s.value("appearance/showProjections", true).toBool();
  return a;
}

void Appearance::save() const {
  QSettings s;
  s.setValue("appearance/colorBy", static_cast<int>(colorBy));
  s.setValue("appearance/opacity", opacity);
  s.setValue("appearance/selectedOpacity", selectedOpacity);
  s.setValue("appearance/orientationArrows", orientationArrows);
  s.setValue("appearance/outlined", outlined);
  s.setValue("appearance/outlineColor", outlineColor);
  s.setValue("appearance/showProjections", showProjections);
}

AppearancePanel::AppearancePanel(QWidget* parent) : QWidget(parent) {
  const Appearance a = Appearance::load();
  auto* form = new QFormLayout(this);
  form->setContentsMargins(4, 4, 4, 4);
  colorBy_ = new QComboBox(this);
  colorBy_->setObjectName("colorBy");
  colorBy_->addItems({tr("Label"), tr("Instance"), tr("Group")});
  colorBy_->setCurrentIndex(static_cast<int>(a.colorBy));
  form->addRow(tr("Colour by"), colorBy_);
  auto slider = [this](const char* name, int value) {
    auto* s = new QSlider(Qt::Horizontal, this);
    s->setObjectName(name);
    s->setRange(0, 100);
    s->setValue(value);
    return s;
  };
  opacity_ = slider("opacity", a.opacity);
  form->addRow(tr("Opacity"), opacity_);
  selectedOpacity_ = slider("selectedOpacity", a.selectedOpacity);
  form->addRow(tr("Selected opacity"), selectedOpacity_);
  arrows_ = new QCheckBox(tr("Orientation arrows (x red, y green, z blue)"), this);
  arrows_->setObjectName("orientationArrows");
  arrows_->setChecked(a.orientationArrows);
  form->addRow(arrows_);
  outlined_ = new QCheckBox(tr("Outlined borders"), this);
  outlined_->setObjectName("outlined");
  outlined_->setChecked(a.outlined);
  outlineColor_ = new QPushButton(this);
  outlineColor_->setObjectName("outlineColor");
  outlineColor_->setToolTip(tr("The colour of every border"));
  outlineColor_->setProperty("color", a.outlineColor);
  auto paint = [this] {
    const QString name = outlineColor_->property("color").toString();
    outlineColor_->setText(name);
    outlineColor_->setStyleSheet(QString("QPushButton { background: %1; color: %2 }").arg(name, QColor(name).lightness() > 140 ? "black" : "white"));
  };
  paint();
  auto* outlineRow = new QHBoxLayout;
  outlineRow->addWidget(outlined_);
  outlineRow->addWidget(outlineColor_);
  form->addRow(outlineRow);
  projections_ = new QCheckBox(tr("Show projections on the camera images"), this);
  projections_->setObjectName("showProjections");
  projections_->setChecked(a.showProjections);
  form->addRow(projections_);
  auto emitChanged = [this] {
    const Appearance now = appearance();
    now.save();
    emit changed(now);
  };
  connect(outlineColor_, &QPushButton::clicked, this, [this, paint, emitChanged] {
    const QColor chosen = QColorDialog::getColor(QColor(outlineColor_->property("color").toString()), this, tr("Border colour"));
    if (!chosen.isValid()) return;
    outlineColor_->setProperty("color", chosen.name());
    paint();
    outlined_->setChecked(true);  // choosing a colour means wanting it
    emitChanged();
  });
  connect(outlined_, &QCheckBox::toggled, this, emitChanged);
  connect(projections_, &QCheckBox::toggled, this, emitChanged);
  connect(colorBy_, qOverload<int>(&QComboBox::currentIndexChanged), this, emitChanged);
  connect(opacity_, &QSlider::valueChanged, this, emitChanged);
  connect(selectedOpacity_, &QSlider::valueChanged, this, emitChanged);
  connect(arrows_, &QCheckBox::toggled, this, emitChanged);
}

Appearance AppearancePanel::appearance() const {
  Appearance a;
  a.colorBy = static_cast<ColorBy>(colorBy_->currentIndex());
  a.opacity = opacity_->value();
  a.selectedOpacity = selectedOpacity_->value();
  a.orientationArrows = arrows_->isChecked();
  a.outlined = outlined_->isChecked();
  a.outlineColor = outlineColor_->property("color").toString();
  a.showProjections = projections_->isChecked();
  return a;
}

void AppearancePanel::setCuboidOptionsShown(bool shown) {
  arrows_->setVisible(shown);
  projections_->setVisible(shown);
}

}  // namespace labelstation::app

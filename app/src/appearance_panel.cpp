#include "appearance_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
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
  return a;
}

void Appearance::save() const {
  QSettings s;
  s.setValue("appearance/colorBy", static_cast<int>(colorBy));
  s.setValue("appearance/opacity", opacity);
  s.setValue("appearance/selectedOpacity", selectedOpacity);
  s.setValue("appearance/orientationArrows", orientationArrows);
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
  auto emitChanged = [this] {
    const Appearance now = appearance();
    now.save();
    emit changed(now);
  };
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
  return a;
}

}  // namespace labelstation::app

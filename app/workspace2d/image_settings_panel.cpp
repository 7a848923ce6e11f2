#include "image_settings_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <algorithm>

namespace labelstation::app {

namespace {

const std::pair<const char*, QColor> kGridColors[] = {{"White", Qt::white}, {"Black", Qt::black}, {"Red", Qt::red},
                                                      {"Green", Qt::green}, {"Blue", Qt::blue}, {"Yellow", Qt::yellow}};

}  // namespace

ImageSettings ImageSettings::load() {
  QSettings s;
  ImageSettings out;
  out.adjustments.brightness = std::clamp(s.value("image/brightness", 100).toInt(), 50, 200);
  out.adjustments.contrast = std::clamp(s.value("image/contrast", 100).toInt(), 50, 200);
  out.adjustments.saturation = std::clamp(s.value("image/saturation", 100).toInt(), 0, 300);
  out.adjustments.gamma = std::clamp(s.value("image/gamma", 1.0).toDouble(), 0.2, 3.0);
  out.grid.shown = s.value("image/grid", false).toBool();
  out.grid.size = std::clamp(s.value("image/gridSize", 100).toInt(), 5, 2000);
  const QColor color(s.value("image/gridColor", "#ffffff").toString());
  if (color.isValid()) out.grid.color = color;
  out.grid.opacity = std::clamp(s.value("image/gridOpacity", 50).toInt(), 0, 100);
  out.smooth = s.value("image/smooth", true).toBool();
  out.rotateAll = s.value("image/rotateAll", false).toBool();
  return out;
}

void ImageSettings::save() const {
  QSettings s;
  s.setValue("image/brightness", adjustments.brightness);
  s.setValue("image/contrast", adjustments.contrast);
  s.setValue("image/saturation", adjustments.saturation);
  s.setValue("image/gamma", adjustments.gamma);
  s.setValue("image/grid", grid.shown);
  s.setValue("image/gridSize", grid.size);
  s.setValue("image/gridColor", grid.color.name());
  s.setValue("image/gridOpacity", grid.opacity);
  s.setValue("image/smooth", smooth);
  s.setValue("image/rotateAll", rotateAll);
}

ImageSettingsPanel::ImageSettingsPanel(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  auto slider = [this](const char* name, int low, int high) {
    auto* s = new QSlider(Qt::Horizontal, this);
    s->setObjectName(name);
    s->setRange(low, high);
    return s;
  };
  brightness_ = slider("brightness", 50, 200);
  form->addRow(tr("Brightness"), brightness_);
  contrast_ = slider("contrast", 50, 200);
  form->addRow(tr("Contrast"), contrast_);
  saturation_ = slider("saturation", 0, 300);
  form->addRow(tr("Saturation"), saturation_);
  gamma_ = new QDoubleSpinBox(this);
  gamma_->setObjectName("gamma");
  gamma_->setRange(0.2, 3.0);
  gamma_->setSingleStep(0.1);
  form->addRow(tr("Gamma"), gamma_);
  auto* reset = new QPushButton(tr("Reset colour settings"), this);
  reset->setObjectName("resetColors");
  form->addRow(reset);
  grid_ = new QCheckBox(tr("Grid"), this);
  grid_->setObjectName("grid");
  gridSize_ = new QSpinBox(this);
  gridSize_->setObjectName("gridSize");
  gridSize_->setRange(5, 2000);
  gridSize_->setSuffix(tr(" px"));
  gridColor_ = new QComboBox(this);
  gridColor_->setObjectName("gridColor");
  for (const auto& [name, color] : kGridColors) gridColor_->addItem(tr(name), color);
  auto* gridRow = new QHBoxLayout;
  gridRow->addWidget(grid_);
  gridRow->addWidget(gridSize_);
  gridRow->addWidget(gridColor_);
  form->addRow(gridRow);
  gridOpacity_ = slider("gridOpacity", 0, 100);
  form->addRow(tr("Grid opacity"), gridOpacity_);
  smooth_ = new QCheckBox(tr("Smooth image when zoomed in"), this);
  smooth_->setObjectName("smooth");
  form->addRow(smooth_);
  rotateAll_ = new QCheckBox(tr("Rotate all images (else only the one shown)"), this);
  rotateAll_->setObjectName("rotateAll");
  form->addRow(rotateAll_);
  show(ImageSettings::load());

  auto emitChanged = [this] {
    if (loading_) return;
    const ImageSettings now = settings();
    now.save();
    emit changed(now);
  };
  for (QSlider* s : {brightness_, contrast_, saturation_, gridOpacity_}) connect(s, &QSlider::valueChanged, this, emitChanged);
  connect(gamma_, qOverload<double>(&QDoubleSpinBox::valueChanged), this, emitChanged);
  connect(gridSize_, qOverload<int>(&QSpinBox::valueChanged), this, emitChanged);
  connect(gridColor_, qOverload<int>(&QComboBox::currentIndexChanged), this, emitChanged);
  for (QCheckBox* c : {grid_, smooth_, rotateAll_}) connect(c, &QCheckBox::toggled, this, emitChanged);
  connect(reset, &QPushButton::clicked, this, [this, emitChanged] {
    ImageSettings s = settings();
    s.adjustments = {};
    show(s);
    emitChanged();
  });
}

void ImageSettingsPanel::show(const ImageSettings& s) {
  loading_ = true;
  brightness_->setValue(s.adjustments.brightness);
  contrast_->setValue(s.adjustments.contrast);
  saturation_->setValue(s.adjustments.saturation);
  gamma_->setValue(s.adjustments.gamma);
  grid_->setChecked(s.grid.shown);
  gridSize_->setValue(s.grid.size);
  int colorIndex = 0;
  for (int i = 0; i < gridColor_->count(); ++i)
    if (gridColor_->itemData(i).value<QColor>() == s.grid.color) colorIndex = i;
  gridColor_->setCurrentIndex(colorIndex);
  gridOpacity_->setValue(s.grid.opacity);
  smooth_->setChecked(s.smooth);
  rotateAll_->setChecked(s.rotateAll);
  loading_ = false;
}

ImageSettings ImageSettingsPanel::settings() const {
  ImageSettings s;
  s.adjustments.brightness = brightness_->value();
  s.adjustments.contrast = contrast_->value();
  s.adjustments.saturation = saturation_->value();
  s.adjustments.gamma = gamma_->value();
  s.grid.shown = grid_->isChecked();
  s.grid.size = gridSize_->value();
  s.grid.color = gridColor_->currentData().value<QColor>();
  s.grid.opacity = gridOpacity_->value();
  s.smooth = smooth_->isChecked();
  s.rotateAll = rotateAll_->isChecked();
  return s;
}

}  // namespace labelstation::app

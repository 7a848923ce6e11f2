#include "settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace labelstation::app {
namespace {

// Backgrounds to choose from: points of every colouring stay readable on each.
const std::pair<const char*, QColor> kBackgrounds[] = {
    {"Dark blue-grey", QColor(16, 18, 24)}, {"Black", QColor(0, 0, 0)}, {"Grey", QColor(96, 96, 96)}, {"White", QColor(255, 255, 255)}};

}  // namespace

ViewSettings ViewSettings::load() {
  QSettings s;
  ViewSettings v;
  v.step = s.value("player/step", v.step).toInt();
  v.playFps = s.value("player/fps", v.playFps).toInt();
  v.background = s.value("view/background", v.background).value<QColor>();
  v.pointSize = s.value("view/pointSize", v.pointSize).toInt();
  return v;
}

void ViewSettings::save() const {
  QSettings s;
  s.setValue("player/step", step);
  s.setValue("player/fps", playFps);
  s.setValue("view/background", background);
  s.setValue("view/pointSize", pointSize);
}

SettingsDialog::SettingsDialog(const ViewSettings& current, bool hasProject, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Settings"));
  auto* layout = new QVBoxLayout(this);

  auto* player = new QGroupBox(tr("Player"), this);
  auto* playerForm = new QFormLayout(player);
  step_ = new QSpinBox(player);
  step_->setObjectName("step");
  step_->setRange(1, 1000);
  step_->setValue(current.step);
  playerForm->addRow(tr("Step (C / V), frames"), step_);
  fps_ = new QSpinBox(player);
  fps_->setObjectName("fps");
  fps_->setRange(1, 30);
  fps_->setValue(current.playFps);
  playerForm->addRow(tr("Playback speed, frames per second"), fps_);
  layout->addWidget(player);

  auto* view = new QGroupBox(tr("View"), this);
  auto* viewForm = new QFormLayout(view);
  background_ = new QComboBox(view);
  background_->setObjectName("background");
  for (const auto& [name, colour] : kBackgrounds) background_->addItem(tr(name), colour);
  const int known = background_->findData(current.background);
  if (known < 0) background_->addItem(current.background.name(), current.background);
  background_->setCurrentIndex(known < 0 ? background_->count() - 1 : known);
  viewForm->addRow(tr("Background"), background_);
  pointSize_ = new QSpinBox(view);
  pointSize_->setObjectName("pointSize");
  pointSize_->setRange(1, 12);
  pointSize_->setValue(current.pointSize);
  viewForm->addRow(tr("Point size, pixels"), pointSize_);
  layout->addWidget(view);

  auto* workspace = new QGroupBox(tr("Workspace"), this);
  auto* workspaceForm = new QFormLayout(workspace);
  autosave_ = new QCheckBox(tr("Save the project automatically"), workspace);
  autosave_->setObjectName("autosave");
  autosave_->setChecked(current.autosaveMinutes > 0);
  autosave_->setEnabled(hasProject);
  autosaveMinutes_ = new QSpinBox(workspace);
  autosaveMinutes_->setObjectName("autosaveMinutes");
  autosaveMinutes_->setRange(1, 600);
  autosaveMinutes_->setValue(current.autosaveMinutes > 0 ? current.autosaveMinutes : 15);  // CVAT's interval
  autosaveMinutes_->setEnabled(hasProject && autosave_->isChecked());
  connect(autosave_, &QCheckBox::toggled, autosaveMinutes_, &QSpinBox::setEnabled);
  workspaceForm->addRow(autosave_);
  workspaceForm->addRow(tr("Every, minutes"), autosaveMinutes_);
  if (!hasProject) workspaceForm->addRow(new QLabel(tr("Autosave works on a saved project (File > Save as project)."), workspace));
  layout->addWidget(workspace);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
}

ViewSettings SettingsDialog::settings() const {
  ViewSettings v;
  v.step = step_->value();
  v.playFps = fps_->value();
  v.background = background_->currentData().value<QColor>();
  v.pointSize = pointSize_->value();
  v.autosaveMinutes = autosave_->isChecked() ? autosaveMinutes_->value() : 0;
  return v;
}

}  // namespace labelstation::app

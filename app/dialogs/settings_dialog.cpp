#include "settings_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QPushButton>
#include <QTabWidget>
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
  v.showDeletedFrames = s.value("player/showDeletedFrames", v.showDeletedFrames).toBool();
  v.showAllTracks = s.value("workspace/showAllTracks", v.showAllTracks).toBool();
  v.textId = s.value("workspace/textId", v.textId).toBool();
  v.textLabel = s.value("workspace/textLabel", v.textLabel).toBool();
  v.textAttributes = s.value("workspace/textAttributes", v.textAttributes).toBool();
  v.textSource = s.value("workspace/textSource", v.textSource).toBool();
  v.textDimensions = s.value("workspace/textDimensions", v.textDimensions).toBool();
  v.textCentred = s.value("workspace/textCentred", v.textCentred).toBool();
  v.textSize = s.value("workspace/textSize", v.textSize).toInt();
  v.controlPointSize = s.value("workspace/controlPointSize", v.controlPointSize).toInt();
  return v;
}

void ViewSettings::save() const {
  QSettings s;
  s.setValue("player/step", step);
  s.setValue("player/fps", playFps);
  s.setValue("view/background", background);
  s.setValue("view/pointSize", pointSize);
  s.setValue("player/showDeletedFrames", showDeletedFrames);
  s.setValue("workspace/showAllTracks", showAllTracks);
  s.setValue("workspace/textId", textId);
  s.setValue("workspace/textLabel", textLabel);
  s.setValue("workspace/textAttributes", textAttributes);
  s.setValue("workspace/textSource", textSource);
  s.setValue("workspace/textDimensions", textDimensions);
  s.setValue("workspace/textCentred", textCentred);
  s.setValue("workspace/textSize", textSize);
  s.setValue("workspace/controlPointSize", controlPointSize);
}

SettingsDialog::SettingsDialog(const ViewSettings& current, bool hasProject, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Settings"));
  auto* outer = new QVBoxLayout(this);
  auto* tabs = new QTabWidget(this);
  tabs->setObjectName("settingsTabs");
  outer->addWidget(tabs, 1);
  auto* general = new QWidget(tabs);
  auto* layout = new QVBoxLayout(general);
  tabs->addTab(general, tr("Player and workspace"));

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
  showDeleted_ = new QCheckBox(tr("Show deleted frames (otherwise stepping and playing skip them)"), player);
  showDeleted_->setObjectName("showDeletedFrames");
  showDeleted_->setChecked(current.showDeletedFrames);
  playerForm->addRow(showDeleted_);
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
  showAllTracks_ = new QCheckBox(tr("Show all interpolation tracks (also where they are outside)"), workspace);
  showAllTracks_->setObjectName("showAllTracks");
  showAllTracks_->setChecked(current.showAllTracks);
  workspaceForm->addRow(showAllTracks_);
  // Object texts: the content as CVAT offers it, where they go and their size.
  auto* content = new QWidget(workspace);
  auto* contentLayout = new QHBoxLayout(content);
  contentLayout->setContentsMargins(0, 0, 0, 0);
  auto check = [content, contentLayout](const QString& text, const char* name, bool on) {
    auto* box = new QCheckBox(text, content);
    box->setObjectName(name);
    box->setChecked(on);
    contentLayout->addWidget(box);
    return box;
  };
  textId_ = check(tr("ID"), "textId", current.textId);
  textLabel_ = check(tr("Label"), "textLabel", current.textLabel);
  textAttributes_ = check(tr("Attributes"), "textAttributes", current.textAttributes);
  textSource_ = check(tr("Source"), "textSource", current.textSource);
  textDimensions_ = check(tr("Dimensions"), "textDimensions", current.textDimensions);
  workspaceForm->addRow(tr("Object text shows"), content);
  textPosition_ = new QComboBox(workspace);
  textPosition_->setObjectName("textPosition");
  textPosition_->addItems({tr("Above the object"), tr("At its centre")});
  textPosition_->setCurrentIndex(current.textCentred ? 1 : 0);
  workspaceForm->addRow(tr("Text position"), textPosition_);
  textSize_ = new QSpinBox(workspace);
  textSize_->setObjectName("textSize");
  textSize_->setRange(8, 40);
  textSize_->setValue(current.textSize);
  workspaceForm->addRow(tr("Text font size"), textSize_);
  controlPointSize_ = new QSpinBox(workspace);
  controlPointSize_->setObjectName("controlPointSize");
  controlPointSize_->setRange(2, 20);
  controlPointSize_->setValue(current.controlPointSize);
  workspaceForm->addRow(tr("Control point size (edges in the projections), pixels"), controlPointSize_);
  layout->addWidget(workspace);

  keymap_ = new KeymapEditor(currentShortcuts(), tabs);
  keymap_->setObjectName("keymapEditor");
  tabs->addTab(keymap_, tr("Shortcuts"));

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(keymap_, &KeymapEditor::validityChanged, buttons->button(QDialogButtonBox::Ok), &QPushButton::setEnabled);
  outer->addWidget(buttons);
  resize(720, 640);
}

const Shortcuts& SettingsDialog::shortcuts() const { return keymap_->shortcuts(); }

ViewSettings SettingsDialog::settings() const {
  ViewSettings v;
  v.step = step_->value();
  v.playFps = fps_->value();
  v.background = background_->currentData().value<QColor>();
  v.pointSize = pointSize_->value();
  v.autosaveMinutes = autosave_->isChecked() ? autosaveMinutes_->value() : 0;
  v.showDeletedFrames = showDeleted_->isChecked();
  v.showAllTracks = showAllTracks_->isChecked();
  v.textId = textId_->isChecked();
  v.textLabel = textLabel_->isChecked();
  v.textAttributes = textAttributes_->isChecked();
  v.textSource = textSource_->isChecked();
  v.textDimensions = textDimensions_->isChecked();
  v.textCentred = textPosition_->currentIndex() == 1;
  v.textSize = textSize_->value();
  v.controlPointSize = controlPointSize_->value();
  return v;
}

}  // namespace labelstation::app

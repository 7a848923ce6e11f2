#include "mode_panel.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <set>

#include "remembered_check_box.h"

namespace labelstation::app {

ModePanel::ModePanel(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  pages_ = new QStackedWidget(this);
  pages_->addWidget(new QWidget(pages_));  // standard: nothing
  pages_->addWidget(buildAttributesPage());
  pages_->addWidget(buildSingleShapePage());
  pages_->addWidget(buildTagsPage());
  layout->addWidget(pages_);
}

ModePanel::~ModePanel() { qApp->removeEventFilter(this); }

void ModePanel::setMode(WorkspaceMode mode) {
  if (mode == mode_) return;
  mode_ = mode;
  pages_->setCurrentIndex(static_cast<int>(mode));
  // The mode's keys come before the shortcuts only while a mode is on.
  qApp->removeEventFilter(this);
  if (mode != WorkspaceMode::Standard) qApp->installEventFilter(this);
  emit modeChanged(mode);
}

QWidget* ModePanel::buildAttributesPage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  object_ = new QLabel(page);
  object_->setObjectName("aamObject");
  attribute_ = new QLabel(page);
  attribute_->setObjectName("aamAttribute");
  attribute_->setStyleSheet("color: #e04040; font-weight: bold");  // the active attribute, as CVAT shows it
  value_ = new QLineEdit(page);
  value_->setObjectName("aamValue");
  choices_ = new QLabel(page);
  choices_->setObjectName("aamChoices");
  choices_->setWordWrap(true);
  margin_ = new QSpinBox(page);
  margin_->setObjectName("aamMargin");
  margin_->setRange(0, 1000);
  margin_->setSuffix(tr(" px"));
  margin_->setValue(QSettings().value("aam/margin", 100).toInt());
  connect(margin_, &QSpinBox::valueChanged, this, [](int v) { QSettings().setValue("aam/margin", v); });
  connect(value_, &QLineEdit::returnPressed, this, [this] { emit valueTyped(value_->text()); });
  form->addRow(tr("Object"), object_);
  form->addRow(tr("Attribute"), attribute_);
  form->addRow(tr("Value"), value_);
  form->addRow(QString(), choices_);
  form->addRow(tr("Zoom margin"), margin_);
  auto* hints = new QLabel(tr("Tab / Shift+Tab: next / previous object · Up / Down: attribute · 0–9: value · "
                              "Left / Right: previous / next frame with objects"),
                           page);
  hints->setWordWrap(true);
  form->addRow(hints);
  return page;
}

QWidget* ModePanel::buildSingleShapePage() {
  auto* page = new QWidget(this);
  auto* form = new QFormLayout(page);
  prompt_ = new QLabel(page);
  prompt_->setObjectName("singleShapePrompt");
  prompt_->setWordWrap(true);
  prompt_->setStyleSheet("font-weight: bold");
  auto* skip = new QPushButton(tr("Skip"), page);
  skip->setObjectName("singleShapeSkip");
  skip->setToolTip(tr("Nothing to annotate here: the next frame"));
  connect(skip, &QPushButton::clicked, this, &ModePanel::skipRequested);
  shapeLabel_ = new QComboBox(page);
  shapeLabel_->setObjectName("singleShapeLabel");
  shapeType_ = new QComboBox(page);
  shapeType_->setObjectName("singleShapeType");
  autoNext_ = rememberedCheckBox(tr("Go to the next frame after each shape"), "singleShapeAutoNext", "singleShape/autoNext", true, page);
  emptyOnly_ = rememberedCheckBox(tr("Only empty frames"), "singleShapeEmptyOnly", "singleShape/emptyOnly", false, page);
  saveWhenDone_ = rememberedCheckBox(tr("Save when no frame is left"), "singleShapeSaveWhenDone", "singleShape/saveWhenDone", false, page);
  fixedPoints_ = new QCheckBox(tr("Fixed number of points"), page);
  fixedPoints_->setObjectName("singleShapeFixedPoints");
  points_ = new QSpinBox(page);
  points_->setObjectName("singleShapePoints");
  points_->setRange(1, 999);
  points_->setValue(4);
  points_->setEnabled(false);
  connect(fixedPoints_, &QCheckBox::toggled, points_, &QSpinBox::setEnabled);
  for (auto* box : {shapeLabel_, shapeType_}) connect(box, &QComboBox::currentIndexChanged, this, &ModePanel::singleShapeChanged);
  connect(fixedPoints_, &QCheckBox::toggled, this, &ModePanel::singleShapeChanged);
  connect(points_, &QSpinBox::valueChanged, this, &ModePanel::singleShapeChanged);
  form->addRow(prompt_);
  form->addRow(skip);
  form->addRow(tr("Label"), shapeLabel_);
  form->addRow(tr("Shape"), shapeType_);
  form->addRow(autoNext_);
  form->addRow(emptyOnly_);
  form->addRow(saveWhenDone_);
  form->addRow(fixedPoints_, points_);
  auto* hints = new QLabel(tr("Skip frames with nothing to annotate · Ctrl+Z undoes · Escape restarts the shape"), page);
  hints->setWordWrap(true);
  form->addRow(hints);
  return page;
}

QWidget* ModePanel::buildTagsPage() {
  auto* page = new QWidget(this);
  auto* layout = new QVBoxLayout(page);
  auto* row = new QHBoxLayout;
  tagLabel_ = new QComboBox(page);
  tagLabel_->setObjectName("tagLabel");
  auto* add = new QPushButton(tr("Add tag"), page);
  add->setObjectName("addTag");
  connect(add, &QPushButton::clicked, this, [this] {
    if (tagLabel_->currentIndex() >= 0) emit addTagRequested(tagLabel_->currentData().toInt());
  });
  row->addWidget(tagLabel_, 1);
  row->addWidget(add);
  layout->addLayout(row);
  frameTags_ = new QListWidget(page);
  frameTags_->setObjectName("frameTags");
  frameTags_->setMaximumHeight(120);
  layout->addWidget(frameTags_);
  auto* remove = new QPushButton(tr("Remove the chosen tag"), page);
  remove->setObjectName("removeTag");
  connect(remove, &QPushButton::clicked, this, [this] {
    if (QListWidgetItem* item = frameTags_->currentItem()) emit removeTagRequested(item->data(Qt::UserRole).toLongLong());
  });
  layout->addWidget(remove);
  tagAutoNext_ = rememberedCheckBox(tr("Go to the next frame after tagging"), "tagAutoNext", "tags/autoNext", false, page);
  layout->addWidget(tagAutoNext_);
  layout->addWidget(new QLabel(tr("Hotkeys (a digit tags the frame with its label):"), page));
  tagKeys_ = new QWidget(page);
  tagKeys_->setObjectName("tagKeys");
  new QFormLayout(tagKeys_);
  layout->addWidget(tagKeys_);
  layout->addStretch();
  return page;
}

void ModePanel::showAttribute(const AttributeView& view) {
  object_->setText(view.object.isEmpty() ? tr("no object on this frame") : view.object);
  attribute_->setText(view.attribute.isEmpty() ? tr("no attributes") : view.attribute);
  value_->setText(view.value);
  value_->setEnabled(!view.attribute.isEmpty());
  QStringList keyed;
  for (int i = 0; i < view.choices.size() && i < 10; ++i) keyed << QString("%1: %2").arg(i).arg(view.choices[i]);
  choices_->setText(keyed.join("   "));
}

int ModePanel::zoomMargin() const { return margin_->value(); }

void ModePanel::setSingleShapeLabels(const std::vector<std::pair<LabelId, QString>>& labels) {
  const QSignalBlocker quiet(shapeLabel_);
  const QVariant was = shapeLabel_->currentData();
  shapeLabel_->clear();
  for (const auto& [id, name] : labels) shapeLabel_->addItem(name, id);
  const int again = shapeLabel_->findData(was);
  shapeLabel_->setCurrentIndex(again >= 0 ? again : 0);
}

LabelId ModePanel::singleShapeLabel() const { return shapeLabel_->currentIndex() >= 0 ? shapeLabel_->currentData().toInt() : kNoLabel; }

void ModePanel::setSingleShapeTypes(const std::vector<ShapeType>& types) {
  const QSignalBlocker quiet(shapeType_);
  const QVariant was = shapeType_->currentData();
  shapeType_->clear();
  for (ShapeType t : types) shapeType_->addItem(QString::fromUtf8(toString(t).data()), static_cast<int>(t));
  const int again = shapeType_->findData(was);
  shapeType_->setCurrentIndex(again >= 0 ? again : 0);
  shapeType_->setEnabled(types.size() > 1);  // a label of one type: nothing to choose
}

ShapeType ModePanel::singleShapeType() const {
  return shapeType_->currentIndex() >= 0 ? static_cast<ShapeType>(shapeType_->currentData().toInt()) : ShapeType::Rectangle;
}

void ModePanel::setPrompt(const QString& prompt) { prompt_->setText(prompt); }
bool ModePanel::autoNextFrame() const { return autoNext_->isChecked(); }
bool ModePanel::emptyFramesOnly() const { return emptyOnly_->isChecked(); }
bool ModePanel::saveWhenDone() const { return saveWhenDone_->isChecked(); }
int ModePanel::pointCount() const { return fixedPoints_->isChecked() ? points_->value() : 0; }

// The tag labels with a digit each: the annotator's choice (remembered by label name), else 1–9
// and 0 in order. A digit belongs to one label at a time.
void ModePanel::setTagLabels(const std::vector<std::pair<LabelId, QString>>& labels) {
  if (labels == tagLabels_) return;  // rebuilt only when the labels change (not under a choice)
  tagLabels_ = labels;
  const QVariant was = tagLabel_->currentData();
  tagLabel_->clear();
  for (const auto& [id, name] : labels) tagLabel_->addItem(name, id);
  const int again = tagLabel_->findData(was);
  if (again >= 0) tagLabel_->setCurrentIndex(again);
  QSettings settings;
  tagKeyOf_.clear();
  std::set<int> taken;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const QString saved = settings.value("tags/keys/" + labels[i].second).toString();
    int key = saved.isEmpty() ? (i < 10 ? static_cast<int>((i + 1) % 10) : -1) : saved.toInt();
    if (key >= 0 && !taken.insert(key).second) key = -1;
    tagKeyOf_[labels[i].first] = key;
  }
  auto* form = static_cast<QFormLayout*>(tagKeys_->layout());
  while (form->rowCount() > 0) form->removeRow(0);
  for (const auto& [id, name] : labels) {
    auto* box = new QComboBox(tagKeys_);
    box->setObjectName("tagKey_" + name);
    box->addItem(tr("none"), -1);
    for (int d : {1, 2, 3, 4, 5, 6, 7, 8, 9, 0}) box->addItem(QString::number(d), d);
    box->setCurrentIndex(box->findData(tagKeyOf_[id]));
    const LabelId label = id;
    connect(box, &QComboBox::activated, this, [this, label, box] { setTagKey(label, box->currentData().toInt()); });
    form->addRow(name, box);
  }
}

void ModePanel::setTagKey(LabelId label, int key) {
  QSettings settings;
  for (auto& [id, name] : tagLabels_) {
    int& k = tagKeyOf_[id];
    if (id == label) k = key;
    else if (k == key && key >= 0) k = -1;  // the digit moves to this label
    settings.setValue("tags/keys/" + name, k);
    if (auto* box = tagKeys_->findChild<QComboBox*>("tagKey_" + name)) {
      const QSignalBlocker quiet(box);
      box->setCurrentIndex(box->findData(k));
    }
  }
}

void ModePanel::setFrameTags(const std::vector<std::pair<ObjectId, QString>>& tags) {
  frameTags_->clear();
  for (const auto& [id, name] : tags) {
    auto* item = new QListWidgetItem(name, frameTags_);
    item->setData(Qt::UserRole, QVariant::fromValue<qlonglong>(id));
  }
}

bool ModePanel::tagAutoNextFrame() const { return tagAutoNext_->isChecked(); }

bool ModePanel::eventFilter(QObject* watched, QEvent* event) {
  const bool shortcut = event->type() == QEvent::ShortcutOverride, press = event->type() == QEvent::KeyPress;
  if ((!shortcut && !press) || !isVisible()) return QWidget::eventFilter(watched, event);
  // Only the main window's keys: not a dialog's, a menu's or a list popup's; text fields keep
  // theirs.
  QWidget* focus = QApplication::focusWidget();
  if (QApplication::activeModalWidget() || QApplication::activePopupWidget() || (focus && qobject_cast<QDialog*>(focus->window())))
    return QWidget::eventFilter(watched, event);
  if (qobject_cast<QLineEdit*>(focus) || qobject_cast<QAbstractSpinBox*>(focus) ||
      (focus && (focus->inherits("QTextEdit") || focus->inherits("QPlainTextEdit"))))
    return QWidget::eventFilter(watched, event);
  auto* key = static_cast<QKeyEvent*>(event);
  // The key press reaches the focus widget first, then its parents, each through this filter:
  // act once, on the widget it was sent to.
  if (watched != focus && focus) return QWidget::eventFilter(watched, event);
  const int k = key->key();
  const bool digit = k >= Qt::Key_0 && k <= Qt::Key_9 && key->modifiers() == Qt::NoModifier;
  const bool ours = mode_ == WorkspaceMode::Attributes
                        ? digit || k == Qt::Key_Tab || k == Qt::Key_Backtab || ((k == Qt::Key_Up || k == Qt::Key_Down ||
                                                                                k == Qt::Key_Left || k == Qt::Key_Right) &&
                                                                               key->modifiers() == Qt::NoModifier)
                        : mode_ == WorkspaceMode::Tags && digit;
  if (!ours) return QWidget::eventFilter(watched, event);
  if (shortcut) {  // claim it: no shortcut fires, the key press follows
    event->accept();
    return true;
  }
  return handleKey(k, key->modifiers());
}

bool ModePanel::handleKey(int key, Qt::KeyboardModifiers modifiers) {
  const int digit = key - Qt::Key_0;
  if (mode_ == WorkspaceMode::Tags) {
    for (const auto& [id, key] : tagKeyOf_)
      if (key == digit) emit addTagRequested(id);
    return true;
  }
  switch (key) {
    case Qt::Key_Tab: emit objectStep(modifiers & Qt::ShiftModifier ? -1 : 1); break;
    case Qt::Key_Backtab: emit objectStep(-1); break;
    case Qt::Key_Up: emit attributeStep(-1); break;
    case Qt::Key_Down: emit attributeStep(1); break;
    case Qt::Key_Left: emit frameStep(-1); break;
    case Qt::Key_Right: emit frameStep(1); break;
    default: emit valueChosen(digit); break;
  }
  return true;
}

}  // namespace labelstation::app

#include "labels_panel.h"

#include <QAction>
#include <QColor>
#include <QComboBox>
#include <QPushButton>
#include <QSettings>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <set>


namespace labelstation::app {

namespace {
enum Column { kKey, kName, kHidden, kLocked };

QString labelKeySetting(const std::string& labelName) { return "labelKeys/" + QString::fromStdString(labelName); }
}  // namespace

std::map<int, LabelId> labelKeysOf(const LabelSchema& schema) {
  const auto labels = schema.topLevelLabels();
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

void setLabelKeyOf(const LabelSchema& labels, LabelId label, int digit) {
  const Label* target = labels.label(label);
  if (!target) return;
  QSettings settings;
  // The label that has the digit now (chosen or by default) loses it: it keeps no digit.
  if (digit >= 0)
    if (const auto keys = labelKeysOf(labels); keys.count(digit) && keys.at(digit) != label)
      settings.setValue(labelKeySetting(labels.label(keys.at(digit))->name), -1);
  // Labels that had their digit by position keep it even if this one moves.
  for (const auto& [d, id] : labelKeysOf(labels))
    if (id != label) settings.setValue(labelKeySetting(labels.label(id)->name), d);
  settings.setValue(labelKeySetting(target->name), digit);
}

std::vector<std::pair<LabelId, QString>> tagLabelsOf(const LabelSchema& labels) {
  std::vector<std::pair<LabelId, QString>> out;
  for (const Label* l : labels.topLevelLabels())
    if (l->type == LabelType::Tag || l->type == LabelType::Any) out.emplace_back(l->id, QString::fromStdString(l->name));
  return out;
}

LabelsPanel::LabelsPanel(QAction* editLabels, QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  list_ = new QTreeWidget(this);
  list_->setObjectName("labelsList");
  list_->setHeaderLabels({tr("Key"), tr("Label"), tr("Hidden"), tr("Locked")});
  list_->setRootIsDecorated(false);
  layout->addWidget(list_, 1);
  auto* edit = new QPushButton(tr("Edit labels…"), this);
  edit->setObjectName("editLabels");
  connect(edit, &QPushButton::clicked, editLabels, &QAction::trigger);
  layout->addWidget(edit);
  connect(list_, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
    if (column != kHidden && column != kLocked) return;
    emit viewStateChanged(item->data(kName, Qt::UserRole).toInt(), column == kHidden, item->checkState(column) == Qt::Checked);
  });
}

void LabelsPanel::showLabels(const LabelSchema& schema, bool sameTask) {
  // Hide / lock switches stay with their labels when the labels change.
  std::map<LabelId, std::pair<Qt::CheckState, Qt::CheckState>> switches;
  for (int i = 0; sameTask && i < list_->topLevelItemCount(); ++i) {
    const QTreeWidgetItem* item = list_->topLevelItem(i);
    switches[item->data(kName, Qt::UserRole).toInt()] = {item->checkState(kHidden), item->checkState(kLocked)};
  }
  list_->blockSignals(true);
  list_->clear();
  const auto labels = schema.topLevelLabels();
  const auto keys = labelKeysOf(schema);
  for (const Label* label : labels) {
    auto* item = new QTreeWidgetItem(list_);
    item->setText(kName, QString::fromStdString(label->name));
    if (const QColor color(QString::fromStdString(label->color)); color.isValid()) item->setForeground(kName, color);
    item->setData(kName, Qt::UserRole, label->id);
    const auto kept = switches.find(label->id);
    item->setCheckState(kHidden, kept != switches.end() ? kept->second.first : Qt::Unchecked);
    item->setCheckState(kLocked, kept != switches.end() ? kept->second.second : Qt::Unchecked);
    // The label's digit for Ctrl+digit: none or one of 1–9, 0.
    auto* key = new QComboBox(list_);
    key->setObjectName("labelKey");
    key->setFocusPolicy(Qt::ClickFocus);
    key->addItem(tr("—"), -1);
    for (int digit : {1, 2, 3, 4, 5, 6, 7, 8, 9, 0}) key->addItem(QString::number(digit), digit);
    int digit = -1;
    for (const auto& [d, id] : keys)
      if (id == label->id) digit = d;
    key->setCurrentIndex(key->findData(digit));
    key->setToolTip(tr("Ctrl + this digit gives the object under the cursor this label, or draws the next shape with it"));
    const LabelId id = label->id;
    connect(key, &QComboBox::activated, this, [this, key, id] {
      const int chosen = key->currentData().toInt();
      QMetaObject::invokeMethod(this, [this, id, chosen] { emit keyChosen(id, chosen); }, Qt::QueuedConnection);  // rebuilds this list
    });
    list_->setItemWidget(item, kKey, key);
  }
  list_->blockSignals(false);
}

}  // namespace labelstation::app

#include "attributes_panel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

namespace labelstation::app {

AttributesPanel::AttributesPanel(QWidget* parent) : QWidget(parent) {
  form_ = new QFormLayout(this);
  showAttributes(nullptr, {});
}

void AttributesPanel::showAttributes(const Label* label, const AttributeValues& values) {
  updating_ = true;
  // Editors go with deleteLater: this may run inside one of their own signals.
  while (form_->rowCount() > 0) {
    const QFormLayout::TakeRowResult row = form_->takeRow(0);
    for (QLayoutItem* item : {row.labelItem, row.fieldItem}) {
      if (!item) continue;
      if (QWidget* w = item->widget()) {
        w->hide();
        w->deleteLater();
      }
      delete item;
    }
  }
  if (!label || label->attributes.empty()) {
    form_->addRow(new QLabel(label ? tr("%1 has no attributes").arg(QString::fromStdString(label->name)) : tr("No object selected"), this));
    updating_ = false;
    return;
  }
  for (const AttributeSpec& spec : label->attributes) {
    const auto it = values.find(spec.id);
    const std::string value = it != values.end() ? it->second : spec.initialValue();
    const AttributeId id = spec.id;
    const QString name = QString::fromStdString(spec.name);
    QWidget* editor = nullptr;
    switch (spec.inputType) {
      case AttributeInputType::Select:
      case AttributeInputType::Radio: {
        auto* box = new QComboBox(this);
        for (const auto& option : spec.values) box->addItem(QString::fromStdString(option));
        box->setCurrentText(QString::fromStdString(value));
        connect(box, &QComboBox::currentTextChanged, this, [this, id](const QString& v) {
          if (!updating_) emit attributeChanged(id, v.toStdString());
        });
        editor = box;
        break;
      }
      case AttributeInputType::Checkbox: {
        auto* check = new QCheckBox(this);
        check->setChecked(value == "true");
        connect(check, &QCheckBox::toggled, this, [this, id](bool on) {
          if (!updating_) emit attributeChanged(id, on ? "true" : "false");
        });
        editor = check;
        break;
      }
      case AttributeInputType::Number: {
        auto* number = new QDoubleSpinBox(this);
        const auto range = spec.numberRange();
        if (range) {
          number->setRange(range->min, range->max);
          number->setSingleStep(range->step);
          number->setDecimals(range->step < 1 ? 3 : 0);
        }
        number->setValue(QString::fromStdString(value).toDouble());
        number->setKeyboardTracking(false);
        connect(number, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this, id](double v) {
          if (!updating_) emit attributeChanged(id, QString::number(v, 'g', 12).toStdString());
        });
        editor = number;
        break;
      }
      case AttributeInputType::Text: {
        auto* text = new QLineEdit(QString::fromStdString(value), this);
        connect(text, &QLineEdit::editingFinished, this, [this, id, text] {
          if (!updating_) emit attributeChanged(id, text->text().toStdString());
        });
        editor = text;
        break;
      }
    }
    editor->setObjectName("attribute_" + name);
    form_->addRow(name + (spec.isMutable ? tr(" (per frame)") : QString()), editor);
  }
  updating_ = false;
}

}  // namespace labelstation::app

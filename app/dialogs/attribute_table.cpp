#include "attribute_table.h"

#include <QComboBox>
#include <QHeaderView>
#include <nlohmann/json.hpp>

#include "label_json_fields.h"

namespace labelstation::app {

namespace {

using Json = nlohmann::ordered_json;

enum Column { kName, kInput, kMutable, kValues, kDefault };
const char* const kInputTypes[] = {"select", "radio", "checkbox", "number", "text"};

// "a, b, c" as a list, blanks dropped: how the table shows an attribute's values.
Json valueList(const QString& line) {
  Json values = Json::array();
  for (const QString& v : line.split(',', Qt::SkipEmptyParts))
    if (!v.trimmed().isEmpty()) values.push_back(v.trimmed().toStdString());
  return values;
}

QString valueLine(const Json& values) {
  QStringList out;
  if (values.is_array())
    for (const Json& v : values) out << (v.is_string() ? QString::fromStdString(v.get<std::string>()) : QString::fromStdString(v.dump()));
  return out.join(", ");
}

}  // namespace

AttributeTable::AttributeTable(QWidget* parent) : QTableWidget(0, 5, parent) {
  setHorizontalHeaderLabels({tr("Attribute"), tr("Input"), tr("Mutable"), tr("Values"), tr("Default")});
  horizontalHeader()->setSectionResizeMode(kValues, QHeaderView::Stretch);
  verticalHeader()->hide();
  setToolTip(tr("Values: the options of a select or radio attribute; min, max, step of a number; "
                "false or true for a checkbox"));
  connect(this, &QTableWidget::itemChanged, this, [this] {
    if (!loading_) emit attributesChanged();
  });
}

void AttributeTable::setAttributes(const Json& attributes) {
  loading_ = true;
  setRowCount(0);
  shown_.clear();
  if (attributes.is_array())
    for (const Json& a : attributes)
      if (a.is_object()) addRow(a);
  loading_ = false;
}

void AttributeTable::addRow(const Json& attribute) {
  const bool wasLoading = loading_;
  loading_ = true;
  const int row = rowCount();
  insertRow(row);
  shown_.push_back(attribute);
  setItem(row, kName, new QTableWidgetItem(jsonText(attribute, "name")));
  auto* input = new QComboBox(this);
  for (const char* t : kInputTypes) input->addItem(t);
  const QString inputType = jsonText(attribute, "input_type");
  input->setCurrentText(inputType.isEmpty() ? "select" : inputType);
  connect(input, &QComboBox::currentTextChanged, this, [this] {
    if (!loading_) emit attributesChanged();
  });
  setCellWidget(row, kInput, input);
  auto* mutableItem = new QTableWidgetItem;
  mutableItem->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
  const auto isMutable = attribute.find("mutable");
  mutableItem->setCheckState(isMutable != attribute.end() && isMutable->is_boolean() && isMutable->get<bool>() ? Qt::Checked : Qt::Unchecked);
  setItem(row, kMutable, mutableItem);
  setItem(row, kValues, new QTableWidgetItem(valueLine(attribute.contains("values") ? attribute["values"] : Json::array())));
  setItem(row, kDefault, new QTableWidgetItem(jsonText(attribute, "default_value")));
  loading_ = wasLoading;
}

Json AttributeTable::attributes() const {
  Json out = Json::array();
  for (int r = 0; r < rowCount(); ++r) {
    auto cell = [&](int column) { return item(r, column) ? item(r, column)->text().trimmed() : QString(); };
    Json a = r < static_cast<int>(shown_.size()) ? shown_[static_cast<std::size_t>(r)] : Json::object();
    a["name"] = cell(kName).toStdString();
    a["mutable"] = item(r, kMutable) && item(r, kMutable)->checkState() == Qt::Checked;
    const auto* input = qobject_cast<QComboBox*>(cellWidget(r, kInput));
    a["input_type"] = input ? input->currentText().toStdString() : std::string("select");
    a["default_value"] = cell(kDefault).toStdString();
    a["values"] = valueList(cell(kValues));
    out.push_back(std::move(a));
  }
  return out;
}

void AttributeTable::addAttribute() {
  addRow(Json{{"name", tr("attribute %1").arg(rowCount() + 1).toStdString()}, {"input_type", "select"}, {"mutable", false}});
  emit attributesChanged();
  setCurrentCell(rowCount() - 1, kName);
  editItem(item(rowCount() - 1, kName));
}

void AttributeTable::removeCurrentAttribute() {
  const int row = currentRow();
  if (row < 0) return;
  removeRow(row);
  shown_.erase(shown_.begin() + row);
  emit attributesChanged();
}

}  // namespace labelstation::app

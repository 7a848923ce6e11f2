#include "new_task_dialog.h"

#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "labelstation/io/errors.h"
#include "labelstation/io/label_json.h"
#include "attribute_table.h"
#include "label_json_fields.h"
#include "skeleton_configurator.h"

namespace labelstation::app {

namespace {

using Json = nlohmann::ordered_json;

const char* const kLabelTypes[] = {"any", "cuboid_3d", "rectangle", "polygon", "polyline", "points",
                                   "ellipse", "cuboid", "mask", "tag", "skeleton"};

}  // namespace

struct LabelEditor::Model {
  Json labels = Json::array();
  int row = -1;
  QString problem;
  // Ids for labels and attributes added here: above every id the labels had when the editor
  // opened, so a new label never takes over a removed label's objects.
  int nextLabelId = 1, nextAttributeId = 1;
  // The labels' names and attributes (label id, name) when the editor opened: pasted JSON keeps
  // an id only where it names the same thing, so another task's ids relabel nothing.
  std::map<int, std::string> labelNames;
  std::map<int, std::pair<int, std::string>> attributeNames;
};

LabelEditor::LabelEditor(const LabelSchema& labels, QWidget* parent) : QWidget(parent), model_(std::make_unique<Model>()) {
  model_->labels = Json::parse(io::writeLabelJson(labels));
  for (const Label& l : labels.allLabels()) {
    model_->nextLabelId = std::max(model_->nextLabelId, l.id + 1);
    if (l.parent == kNoLabel) model_->labelNames[l.id] = l.name;
    for (const AttributeSpec& a : l.attributes) {
      model_->nextAttributeId = std::max(model_->nextAttributeId, a.id + 1);
      model_->attributeNames[a.id] = {l.id, a.name};
    }
  }
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  tabs_ = new QTabWidget(this);
  tabs_->setObjectName("labelTabs");
  layout->addWidget(tabs_, 1);
  problem_ = new QLabel(this);
  problem_->setObjectName("labelProblem");
  problem_->setWordWrap(true);
  problem_->setStyleSheet("color: #c03030");
  layout->addWidget(problem_);

  // Constructor: the labels on the left, the selected one's fields and attributes on the right.
  auto* constructor = new QWidget(tabs_);
  auto* split = new QHBoxLayout(constructor);
  auto* left = new QVBoxLayout;
  list_ = new QListWidget(constructor);
  list_->setObjectName("labelList");
  left->addWidget(list_, 1);
  auto* addLabelButton = new QPushButton(tr("Add label"), constructor);
  addLabelButton->setObjectName("addLabel");
  auto* removeLabelButton = new QPushButton(tr("Remove"), constructor);
  removeLabelButton->setObjectName("removeLabel");
  auto* labelButtons = new QHBoxLayout;
  labelButtons->addWidget(addLabelButton);
  labelButtons->addWidget(removeLabelButton);
  left->addLayout(labelButtons);
  split->addLayout(left, 1);

  form_ = new QWidget(constructor);
  auto* form = new QFormLayout(form_);
  name_ = new QLineEdit(form_);
  name_->setObjectName("labelName");
  form->addRow(tr("Name"), name_);
  color_ = new QPushButton(form_);
  color_->setObjectName("labelColor");
  form->addRow(tr("Colour"), color_);
  type_ = new QComboBox(form_);
  type_->setObjectName("labelType");
  for (const char* t : kLabelTypes) type_->addItem(t);
  type_->setToolTip(tr("The shapes the label may draw: any, or one type (cuboid_3d for LiDAR boxes)"));
  form->addRow(tr("Type"), type_);
  attributes_ = new AttributeTable(form_);
  attributes_->setObjectName("attributes");
  form->addRow(attributes_);
  auto* addAttributeButton = new QPushButton(tr("Add attribute"), form_);
  addAttributeButton->setObjectName("addAttribute");
  auto* removeAttributeButton = new QPushButton(tr("Remove attribute"), form_);
  removeAttributeButton->setObjectName("removeAttribute");
  auto* attributeButtons = new QHBoxLayout;
  attributeButtons->addWidget(addAttributeButton);
  attributeButtons->addWidget(removeAttributeButton);
  attributeButtons->addStretch(1);
  form->addRow(attributeButtons);
  skeleton_ = new SkeletonConfigurator(form_);
  skeleton_->setVisible(false);
  form->addRow(skeleton_);
  split->addWidget(form_, 3);
  tabs_->addTab(constructor, tr("Constructor"));

  // Raw: CVAT's label JSON, to copy from or paste into CVAT's own Raw tab.
  auto* rawPage = new QWidget(tabs_);
  auto* rawLayout = new QVBoxLayout(rawPage);
  raw_ = new QPlainTextEdit(rawPage);
  raw_->setObjectName("rawJson");
  raw_->setFont(QFont("monospace"));
  rawLayout->addWidget(raw_, 1);
  auto* loadFile = new QPushButton(tr("Load from a file…"), rawPage);
  loadFile->setObjectName("loadLabelFile");
  rawLayout->addWidget(loadFile, 0, Qt::AlignLeft);
  tabs_->addTab(rawPage, tr("Raw"));

  connect(list_, &QListWidget::currentRowChanged, this, [this](int row) { showLabel(row); });
  connect(addLabelButton, &QPushButton::clicked, this, [this] { addLabel(); });
  connect(removeLabelButton, &QPushButton::clicked, this, [this] { removeLabel(); });
  connect(addAttributeButton, &QPushButton::clicked, attributes_, &AttributeTable::addAttribute);
  connect(removeAttributeButton, &QPushButton::clicked, attributes_, &AttributeTable::removeCurrentAttribute);
  connect(attributes_, &AttributeTable::attributesChanged, this, [this] { storeLabel(); });
  connect(skeleton_, &SkeletonConfigurator::skeletonChanged, this, [this] { storeLabel(); });
  connect(name_, &QLineEdit::textEdited, this, [this] { storeLabel(); });
  connect(type_, &QComboBox::currentTextChanged, this, [this] { storeLabel(); });
  connect(color_, &QPushButton::clicked, this, [this] {
    if (model_->row < 0) return;
    Json& label = model_->labels[static_cast<std::size_t>(model_->row)];
    const QColor chosen = QColorDialog::getColor(QColor(jsonText(label, "color")), this, tr("Label colour"));
    if (!chosen.isValid()) return;
    label["color"] = chosen.name().toStdString();
    paintColorButton(color_, chosen.name());
    check();
  });
  connect(raw_, &QPlainTextEdit::textChanged, this, [this] {
    if (!loading_ && tabs_->currentIndex() == 1) takeRawJson(raw_->toPlainText());
  });
  connect(loadFile, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Labels (CVAT raw label JSON)"), QString(), tr("Label JSON (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    std::ifstream in(path.toStdString(), std::ios::binary);
    raw_->setPlainText(QString::fromStdString(std::string(std::istreambuf_iterator<char>(in), {})));
  });
  connect(tabs_, &QTabWidget::currentChanged, this, [this](int index) {
    if (index == 1) {
      loading_ = true;
      raw_->setPlainText(rawJson());
      loading_ = false;
    } else if (!model_->problem.isEmpty() && !takeRawJson(raw_->toPlainText())) {
      tabs_->setCurrentIndex(1);  // broken JSON: the constructor cannot show it, fix it here first
    } else {
      showLabels();
    }
  });
  showLabels();
  check();
}

LabelEditor::~LabelEditor() = default;

void LabelEditor::showLabels() {
  const int keep = std::max(0, model_->row);
  loading_ = true;
  list_->clear();
  for (const Json& label : model_->labels) list_->addItem(jsonText(label, "name"));
  loading_ = false;
  const int row = model_->labels.empty() ? -1 : std::min(keep, static_cast<int>(model_->labels.size()) - 1);
  model_->row = -1;
  list_->setCurrentRow(row);
  showLabel(row);
}

void LabelEditor::showLabel(int row) {
  if (loading_) return;
  model_->row = row;
  form_->setEnabled(row >= 0);
  loading_ = true;
  if (row < 0) {
    name_->clear();
    paintColorButton(color_, QString());
    attributes_->setAttributes(Json::array());
    skeleton_->setSkeleton(Json::array(), {});
  } else {
    const Json& label = model_->labels[static_cast<std::size_t>(row)];
    name_->setText(jsonText(label, "name"));
    paintColorButton(color_, jsonText(label, "color"));
    const QString type = jsonText(label, "type");
    type_->setCurrentText(type.isEmpty() ? "any" : type);
    attributes_->setAttributes(label.contains("attributes") ? label["attributes"] : Json::array());
    skeleton_->setSkeleton(label.contains("sublabels") ? label["sublabels"] : Json::array(), jsonText(label, "svg").toStdString());
  }
  skeleton_->setVisible(type_->currentText() == "skeleton" && row >= 0);
  loading_ = false;
}

void LabelEditor::storeLabel() {
  if (loading_ || model_->row < 0) return;
  Json& label = model_->labels[static_cast<std::size_t>(model_->row)];
  label["name"] = name_->text().trimmed().toStdString();
  label["type"] = type_->currentText().toStdString();
  // Attributes keep their ids: objects' values stay with them.
  label["attributes"] = attributes_->attributes();
  // Only a skeleton has points; the drawing stays in the configurator while the label is shown,
  // so changing the type there and back keeps it.
  const bool skeleton = label["type"] == "skeleton";
  skeleton_->setVisible(skeleton);
  if (skeleton) {
    label["sublabels"] = skeleton_->sublabels();
    label["svg"] = skeleton_->svg();
  } else {
    label.erase("sublabels");
    label.erase("svg");
  }
  if (QListWidgetItem* item = list_->item(model_->row)) item->setText(name_->text().trimmed());
  check();
}

void LabelEditor::addLabel() {
  std::size_t n = model_->labels.size() + 1;
  auto taken = [&](const std::string& name) {
    for (const Json& l : model_->labels)
      if (jsonText(l, "name").toStdString() == name) return true;
    return false;
  };
  while (taken("label " + std::to_string(n))) ++n;
  model_->labels.push_back(Json{{"name", "label " + std::to_string(n)},
                                {"color", defaultLabelColor(model_->labels.size())},
                                {"type", "any"},
                                {"attributes", Json::array()}});
  model_->row = static_cast<int>(model_->labels.size()) - 1;
  showLabels();
  check();
  name_->setFocus();
  name_->selectAll();
}

void LabelEditor::removeLabel() {
  if (model_->row < 0) return;
  model_->labels.erase(static_cast<std::size_t>(model_->row));
  showLabels();
  check();
}

void LabelEditor::check() {
  QString problem;
  if (model_->labels.empty()) {
    problem = tr("Add at least one label.");
  } else {
    for (const Json& l : model_->labels) {
      if (!l.is_object()) continue;
      if (l.contains("name") && jsonText(l, "name").isEmpty()) problem = tr("Every label needs a name.");
      const bool noPoints = !l.contains("sublabels") || !l["sublabels"].is_array() || l["sublabels"].empty();
      if (problem.isEmpty() && jsonText(l, "type") == "skeleton" && noPoints)
        problem = tr("Skeleton \"%1\" needs at least one point: add its points in the drawing.").arg(jsonText(l, "name"));
    }
    if (problem.isEmpty()) try {
      io::parseLabelJson(model_->labels.dump(), "labels");
    } catch (const std::exception& e) {
      problem = QString::fromStdString(e.what());
    }
  }
  showProblem(problem);
}

void LabelEditor::showProblem(const QString& problem) {
  const bool changed = problem.isEmpty() != model_->problem.isEmpty();
  model_->problem = problem;
  problem_->setText(problem);
  if (changed) emit validityChanged(problem.isEmpty());
}

LabelSchema LabelEditor::labels() const {
  // Labels and attributes new here get ids above any the labels had when the editor opened.
  return io::parseLabelJson(model_->labels.dump(), "labels", model_->nextLabelId, model_->nextAttributeId);
}

QString LabelEditor::rawJson() const { return QString::fromStdString(model_->labels.dump(2)); }

bool LabelEditor::setRawJson(const QString& rawText) { return takeRawJson(rawText) && model_->problem.isEmpty(); }

bool LabelEditor::takeRawJson(const QString& rawText) {
  Json parsed;
  try {
    parsed = Json::parse(rawText.toStdString());
  } catch (const std::exception& e) {
    showProblem(tr("Not JSON: %1").arg(QString::fromStdString(e.what())));
    return false;
  }
  if (!parsed.is_array()) {
    showProblem(tr("The raw label JSON is a list of labels: [{\"name\": \"car\", …}, …]"));
    return false;
  }
  // Ids that name something else here are dropped (the label or attribute is then a new one).
  for (Json& l : parsed) {
    if (!l.is_object()) continue;
    const int id = jsonInt(l, "id");
    const auto known = model_->labelNames.find(id);
    const bool keep = known != model_->labelNames.end() && known->second == jsonText(l, "name").toStdString();
    if (!keep) l.erase("id");
    if (l.contains("attributes") && l["attributes"].is_array())
      for (Json& a : l["attributes"]) {
        if (!a.is_object()) continue;
        const auto attribute = model_->attributeNames.find(jsonInt(a, "id"));
        if (!keep || attribute == model_->attributeNames.end() || attribute->second != std::pair{id, jsonText(a, "name").toStdString()})
          a.erase("id");
      }
  }
  // Taken even when a label is wrong (a duplicate name…): the constructor shows it to be fixed.
  model_->labels = std::move(parsed);
  model_->row = model_->labels.empty() ? -1 : 0;
  if (tabs_->currentIndex() == 1 && raw_->toPlainText() != rawText) {
    loading_ = true;
    raw_->setPlainText(rawText);
    loading_ = false;
  }
  if (tabs_->currentIndex() == 0) showLabels();
  check();
  return true;
}

QString LabelEditor::problem() const { return model_->problem; }

// ---------------------------------------------------------------------------------------------

NewTaskDialog::NewTaskDialog(const LabelSchema& initialLabels, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("New task"));
  auto* layout = new QVBoxLayout(this);
  auto* datasetRow = new QHBoxLayout;
  datasetRow->addWidget(new QLabel(tr("Data"), this));
  dataset_ = new QLineEdit(this);
  dataset_->setObjectName("dataset");
  dataset_->setPlaceholderText(tr("a folder or .zip of point clouds or images, in any layout CVAT accepts"));
  datasetRow->addWidget(dataset_, 1);
  auto* folder = new QPushButton(tr("Folder…"), this);
  auto* zip = new QPushButton(tr("Zip…"), this);
  datasetRow->addWidget(folder);
  datasetRow->addWidget(zip);
  layout->addLayout(datasetRow);
  connect(folder, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getExistingDirectory(this, tr("New task: the dataset folder"));
    if (!path.isEmpty()) dataset_->setText(path);
  });
  connect(zip, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("New task: the dataset zip"), QString(), tr("Zip archives (*.zip)"));
    if (!path.isEmpty()) dataset_->setText(path);
  });
  editor_ = new LabelEditor(initialLabels, this);
  layout->addWidget(editor_, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto refresh = [this, buttons] {
    buttons->button(QDialogButtonBox::Ok)->setEnabled(!dataset_->text().trimmed().isEmpty() && editor_->problem().isEmpty());
  };
  connect(dataset_, &QLineEdit::textChanged, this, refresh);
  connect(editor_, &LabelEditor::validityChanged, this, refresh);
  refresh();
  resize(900, 700);
}

EditLabelsDialog::EditLabelsDialog(const LabelSchema& labels, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Labels"));
  auto* layout = new QVBoxLayout(this);
  editor_ = new LabelEditor(labels, this);
  layout->addWidget(editor_, 1);
  auto* note = new QLabel(tr("Removing a label deletes its objects; removing an attribute drops its values. Rename "
                             "labels and attributes in the constructor: in the Raw tab a label keeps its objects only under "
                             "its name."),
                          this);
  note->setWordWrap(true);
  layout->addWidget(note);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Apply"));
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  auto refresh = [this, buttons] { buttons->button(QDialogButtonBox::Ok)->setEnabled(editor_->problem().isEmpty()); };
  connect(editor_, &LabelEditor::validityChanged, this, refresh);
  refresh();
  resize(900, 700);
}

std::filesystem::path NewTaskDialog::dataset() const { return dataset_->text().trimmed().toStdString(); }

}  // namespace labelstation::app

#pragma once
// File > New task and Edit > Labels. New task: the dataset (a folder or zip in any layout the scanner knows) and its labels,
// defined in a label constructor (name, colour, type, attributes with their input types; the
// points of a skeleton in the skeleton configurator) or as
// CVAT's raw label JSON, pasted or loaded from a file. Both views edit the same labels, as in
// CVAT's constructor and its "Raw" tab.

#include <QDialog>
#include <QWidget>
#include <filesystem>
#include <memory>

#include "labelstation/core/label_schema.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;

namespace labelstation::app {

class AttributeTable;
class SkeletonConfigurator;

class LabelEditor : public QWidget {
  Q_OBJECT
 public:
  explicit LabelEditor(const LabelSchema& labels, QWidget* parent = nullptr);
  ~LabelEditor() override;

  // The labels as defined; throws io::IoError naming the label and field when they are invalid.
  LabelSchema labels() const;
  // CVAT's raw label JSON of the labels as they are now.
  QString rawJson() const;
  // Replaces every label (what editing the Raw tab and leaving it does). False, with the
  // problem shown, when the text is not valid label JSON; the labels then stay as they were.
  bool setRawJson(const QString& text);
  // Why the labels cannot be used (empty when they can): a duplicate name, a bad value list…
  QString problem() const;

 signals:
  void validityChanged(bool valid);

 private:
  void showLabels();       // the list, from the model
  void showLabel(int row);  // the form, from the model
  void storeLabel();        // the form, into the model
  void addLabel();
  void removeLabel();
  void check();
  void showProblem(const QString& problem);
  // Takes the text into the model when it is a JSON list (even with wrong labels, which the
  // problem line then names); false, model unchanged, for anything else.
  bool takeRawJson(const QString& text);

  struct Model;
  std::unique_ptr<Model> model_;
  bool loading_ = false;  // the form is being filled from the model: no stores
  QTabWidget* tabs_ = nullptr;
  QListWidget* list_ = nullptr;
  QLineEdit* name_ = nullptr;
  QPushButton* color_ = nullptr;
  QComboBox* type_ = nullptr;
  AttributeTable* attributes_ = nullptr;
  SkeletonConfigurator* skeleton_ = nullptr;  // shown for skeleton labels
  QPlainTextEdit* raw_ = nullptr;
  QLabel* problem_ = nullptr;
  QWidget* form_ = nullptr;
};

// Task > Edit labels: the task's labels in the same editor. Labels and attributes keep their ids,
// so renaming a label or an attribute keeps the objects' values.
class EditLabelsDialog : public QDialog {
  Q_OBJECT
 public:
  EditLabelsDialog(const LabelSchema& labels, QWidget* parent = nullptr);
  LabelSchema labels() const { return editor_->labels(); }
  LabelEditor* editor() const { return editor_; }

 private:
  LabelEditor* editor_ = nullptr;
};

class NewTaskDialog : public QDialog {
  Q_OBJECT
 public:
  NewTaskDialog(const LabelSchema& initialLabels, QWidget* parent = nullptr);
  std::filesystem::path dataset() const;
  LabelSchema labels() const { return editor_->labels(); }
  LabelEditor* editor() const { return editor_; }

 private:
  QLineEdit* dataset_ = nullptr;
  LabelEditor* editor_ = nullptr;
};

}  // namespace labelstation::app

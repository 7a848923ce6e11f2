#pragma once
// The Labels tab (beside Objects), as CVAT's: each top-level label with its colour, its
// Ctrl+digit key and two switches: hide (every object of the label leaves the view) and lock
// (none can be edited); Edit labels… opens the constructor. A label's digit is remembered by
// its name (QSettings "labelKeys/<name>"), so it follows the label from task to task.

#include <QWidget>
#include <QString>
#include <map>
#include <utility>
#include <vector>

#include "labelstation/core/label_schema.h"

class QAction;
class QTreeWidget;

namespace labelstation::app {

// Each digit's label: the one the annotator gave it, else the n-th top-level label has digit n
// (the tenth 0). A digit belongs to one label.
std::map<int, LabelId> labelKeysOf(const LabelSchema& labels);
// Gives the label this digit (-1: none), taking it from the label that had it; the others keep
// theirs.
void setLabelKeyOf(const LabelSchema& labels, LabelId label, int digit);
// The labels a frame's tag may take (type tag or any), with their names, in the schema's order.
std::vector<std::pair<LabelId, QString>> tagLabelsOf(const LabelSchema& labels);

class LabelsPanel : public QWidget {
  Q_OBJECT
 public:
  // `editLabels`: the action its Edit labels… button triggers.
  explicit LabelsPanel(QAction* editLabels, QWidget* parent = nullptr);

  // Shows the labels, each keeping its hide / lock switches (`sameTask` false: another task's
  // labels, all switches off).
  void showLabels(const LabelSchema& labels, bool sameTask = true);
  QTreeWidget* list() const { return list_; }

 signals:
  // A switch was flipped: hide (else lock) every object of the label, or show (unlock) them.
  void viewStateChanged(labelstation::LabelId label, bool hide, bool on);
  // A key was chosen in the list (the shell stores it and shows the labels again).
  void keyChosen(labelstation::LabelId label, int digit);

 private:
  QTreeWidget* list_ = nullptr;
};

}  // namespace labelstation::app

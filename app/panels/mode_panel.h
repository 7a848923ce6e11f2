#pragma once
// CVAT's annotation modes beside the standard one, as a panel the window docks:
//  - attribute annotation: one object and one attribute at a time, set from the keyboard
//    (Tab / Shift+Tab objects, Up / Down attributes, 0–9 values, Left / Right frames with
//    objects), the canvas zoomed on the object with a margin;
//  - single shape: a prompt, the label and shape type drawn on each frame, skip, next frame
//    after each shape (optionally only empty frames), a fixed number of points, saving when no
//    frame is left;
//  - tag annotation: the frame's tags, a label to add, per-label hotkeys (1–9), next frame after
//    tagging.
// While a mode other than the standard one is on, the panel reads those keys before shortcuts
// (text fields keep theirs).

#include <QWidget>
#include <map>
#include <utility>
#include <vector>

#include "labelstation/core/types.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;
class QStackedWidget;

namespace labelstation::app {

enum class WorkspaceMode { Standard, Attributes, SingleShape, Tags };

class ModePanel : public QWidget {
  Q_OBJECT
 public:
  explicit ModePanel(QWidget* parent = nullptr);
  ~ModePanel() override;
  WorkspaceMode mode() const { return mode_; }
  void setMode(WorkspaceMode mode);

  // Attribute annotation: what is shown (no object: `object` empty).
  struct AttributeView {
    QString object;     // "car #12 (2 of 5)"
    QString attribute;  // "color (1 of 3)"
    QString value;
    QStringList choices;  // values 0–9 choose (select, radio, checkbox); empty: typed
  };
  void showAttribute(const AttributeView& view);
  int zoomMargin() const;  // image pixels around the object

  // Single shape: the labels offered (id, name, the shape types each may draw).
  void setSingleShapeLabels(const std::vector<std::pair<LabelId, QString>>& labels);
  LabelId singleShapeLabel() const;
  void setSingleShapeTypes(const std::vector<ShapeType>& types);
  ShapeType singleShapeType() const;
  void setPrompt(const QString& prompt);
  bool autoNextFrame() const;
  bool emptyFramesOnly() const;
  bool saveWhenDone() const;  // the task is saved when the next frame is asked for and none is left
  int pointCount() const;  // 0: N ends a polygon, polyline or points

  // Tags: the labels tags may have (hotkeys: 1–9 and 0 in order unless the annotator chose
  // others, remembered by label name) and the frame's tags (object id, label name).
  void setTagLabels(const std::vector<std::pair<LabelId, QString>>& labels);
  void setFrameTags(const std::vector<std::pair<ObjectId, QString>>& tags);
  bool tagAutoNextFrame() const;

 signals:
  void modeChanged(labelstation::app::WorkspaceMode mode);
  // Attribute annotation's keys and value field.
  void objectStep(int by);
  void attributeStep(int by);
  void frameStep(int by);
  void valueChosen(int index);
  void valueTyped(const QString& value);
  // Single shape.
  void skipRequested();
  void singleShapeChanged();  // label, type or point count
  // Tags.
  void addTagRequested(labelstation::LabelId label);
  void removeTagRequested(labelstation::ObjectId tag);

 protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

 private:
  QWidget* buildAttributesPage();
  QWidget* buildSingleShapePage();
  QWidget* buildTagsPage();
  bool handleKey(int key, Qt::KeyboardModifiers modifiers);  // true: the mode used it

  WorkspaceMode mode_ = WorkspaceMode::Standard;
  QStackedWidget* pages_ = nullptr;
  QLabel *object_ = nullptr, *attribute_ = nullptr, *choices_ = nullptr;
  QLineEdit* value_ = nullptr;
  QSpinBox* margin_ = nullptr;
  QLabel* prompt_ = nullptr;
  QComboBox *shapeLabel_ = nullptr, *shapeType_ = nullptr;
  QCheckBox *autoNext_ = nullptr, *emptyOnly_ = nullptr, *saveWhenDone_ = nullptr, *fixedPoints_ = nullptr;
  QSpinBox* points_ = nullptr;
  QComboBox* tagLabel_ = nullptr;
  QWidget* tagKeys_ = nullptr;  // a digit list per tag label
  QListWidget* frameTags_ = nullptr;
  QCheckBox* tagAutoNext_ = nullptr;
  std::vector<std::pair<LabelId, QString>> tagLabels_;
  std::map<LabelId, int> tagKeyOf_;  // digit 0–9, or -1: none
  void setTagKey(LabelId label, int key);
};

}  // namespace labelstation::app

#pragma once
// The selected object's attributes, each with the editor its input type calls for (a list for
// select and radio, a check box, a text field, a number field with the attribute's range and
// step). A change is reported as one value; the window turns it into an undoable edit.

#include <QWidget>
#include <map>
#include <string>

#include "labelstation/core/annotation.h"
#include "labelstation/core/label_schema.h"

class QFormLayout;

namespace labelstation::app {

class AttributesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit AttributesPanel(QWidget* parent = nullptr);
  // The label's attributes with their values (missing ones show the attribute's initial value);
  // a null label clears the panel.
  void showAttributes(const Label* label, const AttributeValues& values);

 signals:
  void attributeChanged(labelstation::AttributeId attribute, const std::string& value);

 private:
  QFormLayout* form_ = nullptr;
  bool updating_ = false;
};

}  // namespace labelstation::app

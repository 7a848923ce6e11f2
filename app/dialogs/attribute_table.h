#pragma once
// The attributes of one label as a table (name, input type, mutable, values, default), editing
// CVAT's label JSON "attributes" list: used by the label constructor and by the skeleton
// configurator for each point.

#include <QTableWidget>
#include <nlohmann/json_fwd.hpp>

namespace labelstation::app {

class AttributeTable : public QTableWidget {
  Q_OBJECT
 public:
  explicit AttributeTable(QWidget* parent = nullptr);

  // Shows a label's "attributes" (rows for the objects among them; anything else is skipped).
  void setAttributes(const nlohmann::ordered_json& attributes);
  // The rows as label JSON. An attribute keeps every field it was shown with (its id above all, so
  // objects' values stay with it when it is renamed).
  nlohmann::ordered_json attributes() const;

  // A row named "attribute N", its name being edited.
  void addAttribute();
  void removeCurrentAttribute();

 signals:
  void attributesChanged();

 private:
  void addRow(const nlohmann::ordered_json& attribute);

  // The attributes as shown, by row: their fields beyond the columns survive an edit.
  std::vector<nlohmann::ordered_json> shown_;
  bool loading_ = false;
};

}  // namespace labelstation::app

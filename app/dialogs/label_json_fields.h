#pragma once
// Fields of CVAT's label JSON as the label editors read them (the constructor, the attribute
// table, the skeleton configurator): a field missing or of another type reads as empty, so
// pasted JSON never throws here; the label parser names what is wrong.

#include <QColor>
#include <QObject>
#include <QPushButton>
#include <QString>
#include <nlohmann/json.hpp>

namespace labelstation::app {

using LabelJson = nlohmann::ordered_json;

inline QString jsonText(const LabelJson& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

inline int jsonInt(const LabelJson& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int>() : 0;
}

// A label's colour button: the colour as its text and background ("automatic" when none).
inline void paintColorButton(QPushButton* button, const QString& color) {
  button->setText(color.isEmpty() ? QObject::tr("automatic") : color);
  button->setStyleSheet(color.isEmpty() ? QString()
                                        : QString("QPushButton { background: %1; color: %2 }").arg(color, QColor(color).lightness() > 140 ? "black" : "white"));
}

}  // namespace labelstation::app

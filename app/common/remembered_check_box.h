#pragma once
// A check box whose state the app remembers between runs (QSettings): read when it is made,
// written on every change.

#include <QCheckBox>
#include <QSettings>

namespace labelstation::app {

inline QCheckBox* rememberedCheckBox(const QString& text, const QString& objectName, const QString& settingsKey, bool initial,
                                     QWidget* parent) {
  auto* box = new QCheckBox(text, parent);
  box->setObjectName(objectName);
  box->setChecked(QSettings().value(settingsKey, initial).toBool());
  QObject::connect(box, &QCheckBox::toggled, box, [settingsKey](bool on) { QSettings().setValue(settingsKey, on); });
  return box;
}

}  // namespace labelstation::app

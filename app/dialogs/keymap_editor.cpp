#include "keymap_editor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace labelstation::app {

namespace {

QString plainText(const QString& menuText) {
  QString text = menuText;
  return text.remove('&');
}

QString keysText(const QList<QKeySequence>& keys) {
  QStringList texts;
  for (const QKeySequence& k : keys) texts << k.toString(QKeySequence::NativeText);
  return texts.join(", ");
}

}  // namespace

KeymapEditor::KeymapEditor(const Shortcuts& current, QWidget* parent) : QWidget(parent), shortcuts_(current) {
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  search_ = new QLineEdit(this);
  search_->setObjectName("shortcutSearch");
  search_->setPlaceholderText(tr("Find an action or a key…"));
  search_->setClearButtonEnabled(true);
  top->addWidget(search_, 1);
  auto* reset = new QPushButton(tr("Reset all to defaults"), this);
  reset->setObjectName("resetShortcuts");
  top->addWidget(reset);
  layout->addLayout(top);
  table_ = new QTableWidget(0, 3, this);
  table_->setObjectName("shortcutTable");
  table_->setHorizontalHeaderLabels({tr("Action"), tr("Key (click, then press the keys)"), tr("Also")});
  table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
  table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
  table_->verticalHeader()->hide();
  table_->setSelectionMode(QAbstractItemView::NoSelection);
  layout->addWidget(table_, 1);
  problemLabel_ = new QLabel(this);
  problemLabel_->setObjectName("shortcutProblem");
  problemLabel_->setWordWrap(true);
  problemLabel_->setStyleSheet("color: #c03030");
  layout->addWidget(problemLabel_);
  layout->addWidget(new QLabel(tr("1–9 and 0 choose labels; Shift+arrows and Alt+J/L/U/O/I/K move the camera."), this));

  connect(reset, &QPushButton::clicked, this, [this] { resetToDefaults(); });
  connect(search_, &QLineEdit::textChanged, this, [this](const QString& text) {
    for (int row = 0; row < table_->rowCount(); ++row) {
      const auto* edit = qobject_cast<QKeySequenceEdit*>(table_->cellWidget(row, 1));
      const QString keys = (edit ? edit->keySequence().toString(QKeySequence::NativeText) : QString()) + " " + table_->item(row, 2)->text();
      table_->setRowHidden(row, !text.isEmpty() && !table_->item(row, 0)->text().contains(text, Qt::CaseInsensitive) &&
                                    !keys.contains(text, Qt::CaseInsensitive));
    }
  });
  showShortcuts();
  check();
}

void KeymapEditor::showShortcuts() {
  table_->setRowCount(0);
  for (const KeyBinding& b : keymap()) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, 0, new QTableWidgetItem(plainText(b.text)));
    const QList<QKeySequence>& keys = shortcuts_[b.id];
    auto* edit = new QKeySequenceEdit(keys.value(0), table_);
    edit->setObjectName(QString("key_") + b.name);
    edit->setClearButtonEnabled(true);
    const ActionId id = b.id;
    // One key combination per field: the first one pressed (QKeySequenceEdit would take four).
    connect(edit, &QKeySequenceEdit::editingFinished, this, [this, edit, id] {
      const QKeySequence typed = edit->keySequence();
      setShortcut(id, typed.isEmpty() ? QKeySequence() : QKeySequence(typed[0]));
    });
    connect(edit, &QKeySequenceEdit::keySequenceChanged, this, [this, id](const QKeySequence& typed) {
      if (typed.isEmpty()) setShortcut(id, QKeySequence());  // the clear button
    });
    table_->setCellWidget(row, 1, edit);
    auto* others = new QTableWidgetItem(keysText(keys.mid(1)));
    others->setFlags(Qt::ItemIsEnabled);
    table_->setItem(row, 2, others);
  }
}

void KeymapEditor::setShortcut(ActionId id, const QKeySequence& key) {
  QList<QKeySequence>& keys = shortcuts_[id];
  if (key.isEmpty()) {
    if (!keys.isEmpty()) keys.removeFirst();
  } else if (keys.isEmpty()) {
    keys << key;
  } else {
    keys[0] = key;
  }
  for (int row = 0; row < table_->rowCount(); ++row) {
    if (keymap()[static_cast<std::size_t>(row)].id != id) continue;
    if (auto* edit = qobject_cast<QKeySequenceEdit*>(table_->cellWidget(row, 1))) {
      edit->blockSignals(true);
      edit->setKeySequence(keys.value(0));
      edit->blockSignals(false);
    }
    table_->item(row, 2)->setText(keysText(keys.mid(1)));
  }
  check();
}

void KeymapEditor::resetToDefaults() {
  for (const KeyBinding& b : keymap()) shortcuts_[b.id] = b.keys;
  showShortcuts();
  check();
}

void KeymapEditor::check() {
  QStringList problems;
  for (const KeyConflict& c : conflictsIn(shortcuts_)) {
    QStringList names;
    for (ActionId id : c.actions) names << "\"" + plainText(binding(id).text) + "\"";
    problems << tr("%1 is given to %2").arg(c.key.toString(QKeySequence::NativeText), names.join(tr(" and ")));
  }
  for (const KeyBinding& b : keymap())
    for (const QKeySequence& k : shortcuts_[b.id])
      if (isReservedKey(k, b.id))
        problems << tr("%1 (\"%2\") is kept for the label and camera keys").arg(k.toString(QKeySequence::NativeText), plainText(b.text));
  const QString problem = problems.join("\n");
  const bool changed = problem.isEmpty() != problem_.isEmpty();
  problem_ = problem;
  problemLabel_->setText(problem);
  if (changed) emit validityChanged(problem.isEmpty());
}

}  // namespace labelstation::app

#include "recovery_dialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include "main_window.h"

namespace labelstation::app {

RecoveryDialog::RecoveryDialog(std::vector<io::RecoveryRecord> records, QWidget* parent)
    : QDialog(parent), records_(std::move(records)) {
  setWindowTitle(tr("Recover unsaved work"));
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(new QLabel(tr("Labelstation stopped before this work was saved. Recover it now, discard it, or decide "
                                  "at the next start."),
                               this));
  list_ = new QListWidget(this);
  list_->setObjectName("recoveryList");
  for (const auto& r : records_) list_->addItem(describe(r));
  list_->setCurrentRow(0);
  layout->addWidget(list_);
  auto* buttons = new QDialogButtonBox(this);
  QPushButton* recover = buttons->addButton(tr("&Recover"), QDialogButtonBox::AcceptRole);
  recover->setObjectName("recover");
  QPushButton* discard = buttons->addButton(tr("&Discard…"), QDialogButtonBox::DestructiveRole);
  discard->setObjectName("discard");
  QPushButton* later = buttons->addButton(tr("&Later"), QDialogButtonBox::RejectRole);
  later->setObjectName("later");
  recover->setDefault(true);
  connect(recover, &QPushButton::clicked, this, &QDialog::accept);
  connect(later, &QPushButton::clicked, this, &QDialog::reject);
  connect(discard, &QPushButton::clicked, this, &RecoveryDialog::discardChosen);
  connect(list_, &QListWidget::itemDoubleClicked, this, &QDialog::accept);
  layout->addWidget(buttons);
  resize(640, 280);
}

QString RecoveryDialog::describe(const io::RecoveryRecord& record) {
  const QString when = QDateTime::fromSecsSinceEpoch(record.lastChange).toString("yyyy-MM-dd hh:mm");
  const QString source = QString::fromStdString(record.source == io::kSyntheticSource ? "the synthetic street" : record.source);
  const QString changes = record.untitled ? tr("unsaved task") : tr("%n unsaved change(s)", nullptr, static_cast<int>(record.changes));
  return tr("%1 — %2, last changed %3 (%4)").arg(QString::fromStdString(record.title), changes, when, source);
}

const io::RecoveryRecord* RecoveryDialog::chosen() const {
  const int row = list_->currentRow();
  return row >= 0 && row < static_cast<int>(records_.size()) ? &records_[static_cast<std::size_t>(row)] : nullptr;
}

void RecoveryDialog::discardChosen() {
  const io::RecoveryRecord* record = chosen();
  if (!record) return;
  if (QMessageBox::question(this, tr("Discard unsaved work"),
                            tr("Discard the unsaved work of %1 for good?").arg(QString::fromStdString(record->title)),
                            QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Discard)
    return;
  try {
    io::discardOrphanedWork(*record);
  } catch (const std::exception& e) {
    QMessageBox::warning(this, tr("Cannot discard"), QString::fromStdString(e.what()));
    return;
  }
  const int row = list_->currentRow();
  records_.erase(records_.begin() + row);
  delete list_->takeItem(row);
  if (records_.empty()) reject();
}

void offerRecovery(MainWindow& window) {
  std::vector<io::RecoveryRecord> records = io::findOrphanedWork(MainWindow::recoveryFolder());
  if (records.empty()) return;
  RecoveryDialog dialog(std::move(records), &window);
  if (dialog.exec() == QDialog::Accepted && dialog.chosen()) window.openRecovered(*dialog.chosen());
}

}  // namespace labelstation::app

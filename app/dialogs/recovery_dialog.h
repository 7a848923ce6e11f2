#pragma once
// The start-up offer of work that a session left unsaved (it crashed, was killed, or the machine
// went down): each task with when it was last changed and how much, to recover, discard or keep
// for later.

#include <QDialog>
#include <vector>

#include "labelstation/io/recovery.h"

class QListWidget;

namespace labelstation::app {

class MainWindow;

class RecoveryDialog : public QDialog {
  Q_OBJECT
 public:
  RecoveryDialog(std::vector<io::RecoveryRecord> records, QWidget* parent = nullptr);
  // The task chosen for Recover (the dialog accepted); the others stay for a later start.
  const io::RecoveryRecord* chosen() const;
  // How a registration reads in the list: its title, source and last change.
  static QString describe(const io::RecoveryRecord& record);

 private:
  void discardChosen();
  std::vector<io::RecoveryRecord> records_;
  QListWidget* list_ = nullptr;
};

// Shows the dialog when the recovery folder holds orphaned work, and opens the task chosen for
// recovery in `window`. Does nothing when there is none.
void offerRecovery(MainWindow& window);

}  // namespace labelstation::app

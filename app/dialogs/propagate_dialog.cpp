#include "propagate_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

namespace labelstation::app {

PropagateDialog::PropagateDialog(int frame, int frameCount, QWidget* parent)
    : QDialog(parent), frame_(frame), frameCount_(frameCount) {
  setWindowTitle(tr("Propagate"));
  auto* layout = new QVBoxLayout(this);
  auto* directions = new QHBoxLayout;
  backward_ = new QRadioButton(tr("◀ Backward"), this);
  backward_->setObjectName("propagateBackward");
  forward_ = new QRadioButton(tr("Forward ▶"), this);
  forward_->setObjectName("propagateForward");
  directions->addWidget(backward_);
  directions->addWidget(forward_);
  layout->addLayout(directions);
  auto* form = new QFormLayout;
  copies_ = new QSpinBox(this);
  copies_->setObjectName("propagateCopies");
  form->addRow(tr("Copies"), copies_);
  upTo_ = new QSpinBox(this);
  upTo_->setObjectName("propagateUpTo");
  form->addRow(tr("Up to frame"), upTo_);
  layout->addLayout(form);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Propagate"));
  layout->addWidget(buttons);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

  // A direction with no frames that way cannot be chosen; the last count is remembered.
  const int ahead = frameCount_ - 1 - frame_;
  forward_->setEnabled(ahead > 0);
  backward_->setEnabled(frame_ > 0);
  buttons->button(QDialogButtonBox::Ok)->setEnabled(ahead > 0 || frame_ > 0);
  const bool wasBackward = QSettings().value("propagate/backward", false).toBool();
  if ((wasBackward && frame_ > 0) || ahead <= 0) backward_->setChecked(true);
  else forward_->setChecked(true);
  copies_->setRange(1, std::max(1, std::max(ahead, frame_)));  // before the value, or 99 caps it
  copies_->setValue(QSettings().value("propagate/copies", 5).toInt());
  connect(forward_, &QRadioButton::toggled, this, [this] { directionChanged(); });
  connect(copies_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int copies) {
    if (syncing_) return;
    syncing_ = true;
    upTo_->setValue(forward_->isChecked() ? frame_ + copies : frame_ - copies);
    syncing_ = false;
  });
  connect(upTo_, qOverload<int>(&QSpinBox::valueChanged), this, [this](int upTo) {
    if (syncing_) return;
    syncing_ = true;
    copies_->setValue(std::abs(upTo - frame_));
    syncing_ = false;
  });
  connect(this, &QDialog::accepted, this, [this] {
    QSettings().setValue("propagate/backward", backward_->isChecked());
    QSettings().setValue("propagate/copies", copies_->value());
  });
  directionChanged();
}

void PropagateDialog::directionChanged() {
  const bool forward = forward_->isChecked();
  const int available = forward ? frameCount_ - 1 - frame_ : frame_;
  const int copies = std::clamp(copies_->value(), 1, std::max(1, available));
  syncing_ = true;
  copies_->setRange(1, std::max(1, available));
  copies_->setValue(copies);
  upTo_->setRange(forward ? std::min(frame_ + 1, frameCount_ - 1) : 0, forward ? frameCount_ - 1 : std::max(0, frame_ - 1));
  upTo_->setValue(forward ? frame_ + copies : frame_ - copies);
  syncing_ = false;
}

int PropagateDialog::count() const { return forward_->isChecked() ? copies_->value() : -copies_->value(); }

}  // namespace labelstation::app

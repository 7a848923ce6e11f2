#include "run_actions_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

namespace labelstation::app {

RunActionsDialog::RunActionsDialog(int frame, int frameCount, const QString& filterText, QWidget* parent) : QDialog(parent) {
  setWindowTitle(tr("Run actions"));
  auto* form = new QFormLayout(this);
  action_ = new QComboBox(this);
  action_->setObjectName("action");
  for (int i = 0; i < kShapeActionCount; ++i) action_->addItem(describe(static_cast<ShapeAction>(i)));
  form->addRow(tr("Action"), action_);
  auto* range = new QHBoxLayout;
  first_ = new QSpinBox(this);
  first_->setObjectName("firstFrame");
  last_ = new QSpinBox(this);
  last_->setObjectName("lastFrame");
  for (QSpinBox* box : {first_, last_}) box->setRange(0, std::max(0, frameCount - 1));
  first_->setValue(0);
  last_->setValue(std::max(0, frameCount - 1));
  range->addWidget(new QLabel(tr("from"), this));
  range->addWidget(first_);
  range->addWidget(new QLabel(tr("up to"), this));
  range->addWidget(last_);
  form->addRow(tr("Frames"), range);
  auto* presets = new QHBoxLayout;
  auto* current = new QPushButton(tr("This frame"), this);
  current->setObjectName("currentFrame");
  auto* all = new QPushButton(tr("All frames"), this);
  all->setObjectName("allFrames");
  connect(current, &QPushButton::clicked, this, [this, frame] {
    first_->setValue(frame);
    last_->setValue(frame);
  });
  connect(all, &QPushButton::clicked, this, [this] {
    first_->setValue(0);
    last_->setValue(last_->maximum());
  });
  presets->addWidget(current);
  presets->addWidget(all);
  presets->addStretch();
  form->addRow(QString(), presets);
  connect(first_, &QSpinBox::valueChanged, this, [this](int v) { last_->setValue(std::max(v, last_->value())); });
  connect(last_, &QSpinBox::valueChanged, this, [this](int v) { first_->setValue(std::min(v, first_->value())); });
  auto* scope = new QLabel(filterText.isEmpty() ? tr("No filter: every shape in the range (tracks and tags are left alone).")
                                                : tr("The shapes that match the filter %1 (tracks and tags are left alone).").arg(filterText),
                           this);
  scope->setWordWrap(true);
  form->addRow(scope);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  form->addRow(buttons);
}

ShapeAction RunActionsDialog::action() const { return static_cast<ShapeAction>(action_->currentIndex()); }
int RunActionsDialog::firstFrame() const { return first_->value(); }
int RunActionsDialog::lastFrame() const { return last_->value(); }

}  // namespace labelstation::app

#include "labelstation/core/undo_stack.h"

namespace labelstation {

void UndoStack::push(std::unique_ptr<Command> command) {
  if (!command) return;
  command->apply(document_);
  if (index_ < commands_.size()) {
    commands_.erase(commands_.begin() + static_cast<long>(index_), commands_.end());
    if (cleanIndex_ > static_cast<long>(index_)) cleanIndex_ = -1;  // the clean state is gone
    mergeOpen_ = false;
  }
  if (mergeOpen_ && index_ > 0 && static_cast<long>(index_) != cleanIndex_ &&
      commands_[index_ - 1]->mergeWith(*command)) {
    changed();
    return;
  }
  commands_.push_back(std::move(command));
  index_ = commands_.size();
  mergeOpen_ = true;
  changed();
}

void UndoStack::undo() {
  if (!canUndo()) return;
  commands_[--index_]->revert(document_);
  mergeOpen_ = false;
  changed();
}

void UndoStack::redo() {
  if (!canRedo()) return;
  commands_[index_++]->apply(document_);
  mergeOpen_ = false;
  changed();
}

std::string UndoStack::undoText() const { return canUndo() ? commands_[index_ - 1]->text() : std::string(); }
std::string UndoStack::redoText() const { return canRedo() ? commands_[index_]->text() : std::string(); }

void UndoStack::clear() {
  commands_.clear();
  index_ = 0;
  cleanIndex_ = 0;
  mergeOpen_ = false;
  changed();
}

}  // namespace labelstation

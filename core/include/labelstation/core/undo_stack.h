#pragma once
// The undo stack of one document. A new command clears redo; consecutive mergeable commands
// (the steps of one drag) collapse into one undo step until closeMergeWindow() is called.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "labelstation/core/command.h"

namespace labelstation {

class UndoStack {
 public:
  explicit UndoStack(Document& document) : document_(document) {}

  // Applies the command and records it. Throws what the command throws, leaving the stack as it was.
  void push(std::unique_ptr<Command> command);
  bool canUndo() const { return index_ > 0; }
  bool canRedo() const { return index_ < commands_.size(); }
  void undo();
  void redo();
  std::string undoText() const;
  std::string redoText() const;
  // Ends the current drag: the next mergeable command starts a new undo step.
  void closeMergeWindow() { mergeOpen_ = false; }

  std::size_t count() const { return commands_.size(); }
  std::size_t index() const { return index_; }
  bool isClean() const { return cleanIndex_ == static_cast<long>(index_); }
  void setClean() { cleanIndex_ = static_cast<long>(index_); }
  void clear();

  // Called after every push, undo, redo and clear (to refresh menus, titles).
  void setStateListener(std::function<void()> listener) { listener_ = std::move(listener); }

  Document& document() { return document_; }

 private:
  void changed() {
    if (listener_) listener_();
  }
  Document& document_;
  std::vector<std::unique_ptr<Command>> commands_;
  std::size_t index_ = 0;
  long cleanIndex_ = 0;
  bool mergeOpen_ = false;
  std::function<void()> listener_;
};

}  // namespace labelstation

#pragma once
// Undoable changes. Every edit of a document is a Command pushed on an UndoStack. Most commands
// are ObjectsCommands: whole before/after snapshots of the objects they touch (plus frame
// deletion flags), which makes apply/revert exact by construction.

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "labelstation/core/document.h"

namespace labelstation {

// A request that cannot be carried out (unknown object, wrong label, value out of range…).
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Command {
 public:
  virtual ~Command() = default;
  virtual void apply(Document& document) = 0;
  virtual void revert(Document& document) = 0;
  virtual std::string text() const = 0;
  // Called with the command pushed right after this one (already applied). Returning true
  // absorbs it, so that one undo reverts both (consecutive drags of one object).
  virtual bool mergeWith(const Command& next) { (void)next; return false; }
};

class ObjectsCommand : public Command {
 public:
  explicit ObjectsCommand(std::string text, std::string mergeKey = {});

  // Records that object `id` becomes `after` (nullopt: removed). The state before is read from
  // the document on the first call for an id; later calls for the same id replace `after`.
  void setObject(const Document& document, ObjectId id, std::optional<AnnotationObject> after);
  void setFrameDeleted(const Document& document, int frame, bool deleted);
  // Gives the document a new label schema (the one before is read from the document).
  void setLabels(const Document& document, LabelSchema after);

  // The state this command gives an object, as recorded so far (or the document's).
  std::optional<AnnotationObject> pending(const Document& document, ObjectId id) const;
  bool empty() const { return objects_.empty() && frames_.empty() && !labelsAfter_; }
  // Objects this command creates.
  std::vector<ObjectId> createdObjects() const;

  void apply(Document& document) override;
  void revert(Document& document) override;
  std::string text() const override { return text_; }
  bool mergeWith(const Command& next) override;

 private:
  struct ObjectEdit {
    ObjectId id = 0;
    std::optional<AnnotationObject> before, after;
  };
  struct FrameEdit {
    int frame = 0;
    bool before = false, after = false;
  };
  std::string text_;
  std::string mergeKey_;
  std::vector<ObjectEdit> objects_;
  std::vector<FrameEdit> frames_;
  std::optional<LabelSchema> labelsBefore_, labelsAfter_;
};

}  // namespace labelstation

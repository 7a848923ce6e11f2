#include "labelstation/core/command.h"

#include <algorithm>

namespace labelstation {

ObjectsCommand::ObjectsCommand(std::string text, std::string mergeKey)
    : text_(std::move(text)), mergeKey_(std::move(mergeKey)) {}

void ObjectsCommand::setObject(const Document& document, ObjectId id,
                               std::optional<AnnotationObject> after) {
  if (after) after->id = id;
  for (auto& edit : objects_) {
    if (edit.id == id) {
      edit.after = std::move(after);
      return;
    }
  }
  ObjectEdit edit;
  edit.id = id;
  if (const AnnotationObject* current = document.object(id)) edit.before = *current;
  edit.after = std::move(after);
  objects_.push_back(std::move(edit));
}

void ObjectsCommand::setFrameDeleted(const Document& document, int frame, bool deleted) {
  for (auto& edit : frames_) {
    if (edit.frame == frame) {
      edit.after = deleted;
      return;
    }
  }
  frames_.push_back({frame, document.isFrameDeleted(frame), deleted});
}

void ObjectsCommand::setLabels(const Document& document, LabelSchema after) {
  if (!labelsBefore_) labelsBefore_ = document.labels();
  labelsAfter_ = std::move(after);
}

std::optional<AnnotationObject> ObjectsCommand::pending(const Document& document, ObjectId id) const {
  for (const auto& edit : objects_)
    if (edit.id == id) return edit.after;
  if (const AnnotationObject* current = document.object(id)) return *current;
  return std::nullopt;
}

std::vector<ObjectId> ObjectsCommand::createdObjects() const {
  std::vector<ObjectId> out;
  for (const auto& edit : objects_)
    if (!edit.before && edit.after) out.push_back(edit.id);
  return out;
}

void ObjectsCommand::apply(Document& document) {
  std::vector<Document::Change> changes;
  for (const auto& edit : objects_) changes.push_back({edit.id, edit.after});
  std::vector<std::pair<int, bool>> frames;
  for (const auto& edit : frames_) frames.push_back({edit.frame, edit.after});
  document.applyChanges(changes, frames, labelsAfter_ ? &*labelsAfter_ : nullptr);
}

void ObjectsCommand::revert(Document& document) {
  std::vector<Document::Change> changes;
  for (auto it = objects_.rbegin(); it != objects_.rend(); ++it) changes.push_back({it->id, it->before});
  std::vector<std::pair<int, bool>> frames;
  for (auto it = frames_.rbegin(); it != frames_.rend(); ++it) frames.push_back({it->frame, it->before});
  document.applyChanges(changes, frames, labelsBefore_ ? &*labelsBefore_ : nullptr);
}

bool ObjectsCommand::mergeWith(const Command& next) {
  const auto* other = dynamic_cast<const ObjectsCommand*>(&next);
  if (!other || mergeKey_.empty() || other->mergeKey_ != mergeKey_) return false;
  if (!other->frames_.empty() || other->labelsAfter_ || labelsAfter_ || other->objects_.size() != objects_.size()) return false;
  for (const auto& edit : other->objects_) {
    auto mine = std::find_if(objects_.begin(), objects_.end(), [&](const ObjectEdit& e) { return e.id == edit.id; });
    if (mine == objects_.end()) return false;
  }
  for (const auto& edit : other->objects_) {
    auto mine = std::find_if(objects_.begin(), objects_.end(), [&](const ObjectEdit& e) { return e.id == edit.id; });
    mine->after = edit.after;
  }
  return true;
}

}  // namespace labelstation

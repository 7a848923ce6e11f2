#include "labelstation/core/document.h"

#include <algorithm>

#include "labelstation/core/interpolation.h"

namespace labelstation {

Document::Document(Task task) : task_(std::move(task)) {}

bool Document::isFrameDeleted(int index) const {
  return index >= 0 && index < frameCount() && task_.frames[static_cast<std::size_t>(index)].deleted;
}

const AnnotationObject* Document::object(ObjectId id) const {
  auto it = objects_.find(id);
  return it == objects_.end() ? nullptr : &it->second;
}

std::vector<ObjectId> Document::objectsOnFrame(int frame) const {
  std::vector<ObjectId> out;
  for (const auto& [id, obj] : objects_) {
    if (obj.kind == ObjectKind::Track) {
      auto state = stateAt(obj, frame);
      if (state && !state->outside) out.push_back(id);
    } else if (obj.frame == frame) {
      out.push_back(id);
    }
  }
  return out;
}

ObjectId Document::allocateObjectId() {
  ObjectId maxUsed = 0;
  if (!objects_.empty()) maxUsed = objects_.rbegin()->first;
  nextObjectId_ = std::max(nextObjectId_, maxUsed + 1);
  return nextObjectId_++;
}

int Document::unusedGroupId() const {
  int maxGroup = 0;
  for (const auto& [id, obj] : objects_) maxGroup = std::max(maxGroup, obj.group);
  return maxGroup + 1;
}

ObjectViewState Document::viewState(ObjectId id) const {
  auto it = viewStates_.find(id);
  return it == viewStates_.end() ? ObjectViewState{} : it->second;
}

void Document::setHidden(ObjectId id, bool hidden) { setViewFlag(id, &ObjectViewState::hidden, hidden); }
void Document::setLocked(ObjectId id, bool locked) { setViewFlag(id, &ObjectViewState::locked, locked); }
void Document::setPinned(ObjectId id, bool pinned) { setViewFlag(id, &ObjectViewState::pinned, pinned); }

void Document::setViewFlag(ObjectId id, bool ObjectViewState::*flag, bool value) {
  const AnnotationObject* obj = object(id);
  if (!obj || viewStates_[id].*flag == value) return;
  viewStates_[id].*flag = value;
  auto [first, last] = framesTouched(*obj);
  notify({{ChangeEvent::Type::ViewStateChanged, id, first, last}});
}

int Document::subscribe(Listener listener) {
  const int token = nextListenerToken_++;
  listeners_[token] = std::move(listener);
  return token;
}

void Document::unsubscribe(int token) { listeners_.erase(token); }

std::pair<int, int> Document::framesTouched(const AnnotationObject& object) const {
  const int first = object.firstFrame();
  if (object.kind != ObjectKind::Track) return {first, first};
  // A track's last keyframe may lie beyond the task (after frames were removed): cover it.
  const int lastKey = object.keyframes.empty() ? first : object.keyframes.rbegin()->first;
  return {first, std::max(frameCount() - 1, lastKey)};
}

void Document::applyChanges(const std::vector<Change>& objectChanges,
                            const std::vector<std::pair<int, bool>>& frameDeletions, const LabelSchema* labels) {
  std::vector<ChangeEvent> events;
  if (labels) {
    task_.labels = *labels;
    events.push_back({ChangeEvent::Type::LabelsChanged, 0, 0, std::max(0, frameCount() - 1)});
  }
  for (const auto& change : objectChanges) {
    auto it = objects_.find(change.id);
    const bool existed = it != objects_.end();
    int first = 0, last = -1;
    if (existed) std::tie(first, last) = framesTouched(it->second);
    if (change.after) {
      auto [f, l] = framesTouched(*change.after);
      if (existed) {
        first = std::min(first, f);
        last = std::max(last, l);
        it->second = *change.after;
      } else {
        first = f;
        last = l;
        objects_.emplace(change.id, *change.after);
        nextObjectId_ = std::max(nextObjectId_, change.id + 1);
      }
      events.push_back({existed ? ChangeEvent::Type::ObjectChanged : ChangeEvent::Type::ObjectAdded,
                        change.id, first, last});
    } else if (existed) {
      objects_.erase(it);
      viewStates_.erase(change.id);
      events.push_back({ChangeEvent::Type::ObjectRemoved, change.id, first, last});
    }
  }
  for (const auto& [frame, deleted] : frameDeletions) {
    if (frame < 0 || frame >= frameCount()) continue;
    task_.frames[static_cast<std::size_t>(frame)].deleted = deleted;
    events.push_back({deleted ? ChangeEvent::Type::FrameDeleted : ChangeEvent::Type::FrameRestored, 0,
                      frame, frame});
  }
  if (!events.empty()) notify(events);
}

void Document::notify(const std::vector<ChangeEvent>& events) {
  // Copy: a listener may unsubscribe while being called.
  auto listeners = listeners_;
  for (auto& [token, listener] : listeners) listener(events);
}

}  // namespace labelstation

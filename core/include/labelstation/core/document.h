#pragma once
// The document: a task (frames + label schema) and its annotations, the single source of truth.
// Annotations change only through commands pushed on an UndoStack; observers hear precise events.

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "labelstation/core/annotation.h"
#include "labelstation/core/label_schema.h"

namespace labelstation {

enum class TaskDimension { Image2D, PointCloud3D };

struct FrameInfo {
  std::string name;                       // as shown and as written by exporters
  std::string path;                       // the image or point cloud file
  std::vector<std::string> relatedImages;  // camera images that go with a point cloud
  bool deleted = false;
  int width = 0, height = 0;               // image size in pixels, when known (0: unknown)
};

struct Task {
  std::string name;
  TaskDimension dimension = TaskDimension::Image2D;
  LabelSchema labels;
  std::vector<FrameInfo> frames;
};

struct ChangeEvent {
  enum class Type { ObjectAdded, ObjectChanged, ObjectRemoved, FrameDeleted, FrameRestored, ViewStateChanged, LabelsChanged };
  Type type = Type::ObjectChanged;
  ObjectId object = 0;  // 0 for frame events
  int firstFrame = 0;   // frames whose drawing may differ after the change
  int lastFrame = 0;
};

// Per-object view state: not part of the annotations and not undoable.
struct ObjectViewState {
  bool hidden = false;
  bool locked = false;  // no edits at all
  bool pinned = false;  // no moves; resizing and turning stay possible (CVAT's pin)
};

class Document {
 public:
  using Listener = std::function<void(const std::vector<ChangeEvent>&)>;

  explicit Document(Task task);

  const Task& task() const { return task_; }
  const LabelSchema& labels() const { return task_.labels; }
  int frameCount() const { return static_cast<int>(task_.frames.size()); }
  const FrameInfo& frame(int index) const { return task_.frames.at(static_cast<std::size_t>(index)); }
  bool isFrameDeleted(int index) const;

  const std::map<ObjectId, AnnotationObject>& objects() const { return objects_; }
  const AnnotationObject* object(ObjectId id) const;
  // Objects visible on a frame (tracks interpolated and not outside; shapes and tags there).
  std::vector<ObjectId> objectsOnFrame(int frame) const;
  // A fresh client id, never handed out before in this document.
  ObjectId allocateObjectId();
  // A group id not used by any object.
  int unusedGroupId() const;

  // View state (hide / lock): changes notify listeners but are not commands.
  ObjectViewState viewState(ObjectId id) const;
  void setHidden(ObjectId id, bool hidden);
  void setLocked(ObjectId id, bool locked);
  void setPinned(ObjectId id, bool pinned);

  int subscribe(Listener listener);
  void unsubscribe(int token);

  // --- used by commands only ------------------------------------------------------------
  // Replaces the label schema when `labels` is given (LabelsChanged comes first in the batch),
  // replaces (or inserts, or with nullopt removes) objects and sets frame deletion flags, then
  // sends one batch of events. Callers outside commands bypass undo: do not.
  struct Change {
    ObjectId id = 0;
    std::optional<AnnotationObject> after;
  };
  void applyChanges(const std::vector<Change>& objectChanges,
                    const std::vector<std::pair<int, bool>>& frameDeletions,
                    const LabelSchema* labels = nullptr);

 private:
  std::pair<int, int> framesTouched(const AnnotationObject& object) const;
  void setViewFlag(ObjectId id, bool ObjectViewState::*flag, bool value);
  void notify(const std::vector<ChangeEvent>& events);

  Task task_;
  std::map<ObjectId, AnnotationObject> objects_;
  std::map<ObjectId, ObjectViewState> viewStates_;
  ObjectId nextObjectId_ = 1;
  std::map<int, Listener> listeners_;
  int nextListenerToken_ = 1;
};

}  // namespace labelstation

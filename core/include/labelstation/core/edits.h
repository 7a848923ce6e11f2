#pragma once
// The annotator's edits, each built as an undoable ObjectsCommand from the document's current
// state. Each function checks its request and throws CommandError with a clear reason instead
// of building a command that would corrupt the document. Push the result on the UndoStack.

#include <memory>
#include <vector>

#include "labelstation/core/command.h"

namespace labelstation::edits {

using CommandPtr = std::unique_ptr<ObjectsCommand>;

// New shapes, tracks or tags. Id 0 gets a fresh id; missing attributes get their defaults
// (for tracks immutable ones on the track, mutable ones on every keyframe).
CommandPtr create(Document& document, std::vector<AnnotationObject> objects);
// Imported objects (checked as create does) added to the document's, or replacing all of them:
// one undo step. `labels`: the document's labels with those the import adds (the objects may use
// them); nullptr keeps the labels.
CommandPtr importObjects(Document& document, std::vector<AnnotationObject> objects, bool replace,
                         const LabelSchema* labels = nullptr);
CommandPtr remove(const Document& document, const std::vector<ObjectId>& ids);

// New geometry / per-frame state on `frame`. On a track this makes `frame` a keyframe.
// Consecutive edits of the same object and frame merge into one undo step (a drag).
CommandPtr editShape(const Document& document, ObjectId id, int frame, ShapeState state);
// "Remove underlying pixels": adds to `command` every other mask visible on `frame` (all but
// `except`; locked and hidden ones are left alone) without the pixels of `mask` (CVAT's mask
// points). A mask left empty is deleted (a track ends there: outside from this frame).
void removeUnderlyingPixels(const Document& document, ObjectsCommand& command, int frame,
                            const std::vector<double>& mask, ObjectId except);
CommandPtr setOccluded(const Document& document, ObjectId id, int frame, bool occluded);
// An attribute value; mutable attributes of tracks are set on `frame` (a keyframe then).
CommandPtr setAttribute(const Document& document, ObjectId id, int frame, AttributeId attribute,
                        const std::string& value);
// Replaces the task's labels (one undo step), matching labels and attributes by id. Objects of a
// deleted label are deleted; values of deleted attributes are dropped; values a changed
// attribute no longer accepts, and attributes new to a label, get the attribute's initial
// value; an attribute that became mutable (or immutable) moves onto a track's keyframes (or
// from its first keyframe onto the track). Refused when the labels are invalid or a label's new
// type cannot hold its objects.
CommandPtr editLabels(const Document& document, LabelSchema labels);
// Moves objects to another label; their attributes are reset to the new label's defaults.
CommandPtr changeLabel(const Document& document, const std::vector<ObjectId>& ids, LabelId label);

CommandPtr group(const Document& document, const std::vector<ObjectId>& ids);
CommandPtr ungroup(const Document& document, const std::vector<ObjectId>& ids);

CommandPtr setZOrder(const Document& document, ObjectId id, int frame, int zOrder);
CommandPtr bringToFront(const Document& document, ObjectId id, int frame);
CommandPtr sendToBack(const Document& document, ObjectId id, int frame);

// Copies the object's state on `frame` to the next `count` frames, or with a negative count to
// the previous ones (within the task): new shapes for a shape, keyframes for a track.
CommandPtr propagate(Document& document, ObjectId id, int frame, int count);

// What copy puts aside: each object's state on the frame it was copied from.
struct Clipboard {
  std::vector<AnnotationObject> objects;
  bool empty() const { return objects.empty(); }
};
Clipboard copy(const Document& document, const std::vector<ObjectId>& ids, int frame);
// New objects from the clipboard on `frame` (a track becomes a track with one keyframe there).
CommandPtr paste(Document& document, const Clipboard& clipboard, int frame);

// Joins shapes and tracks of one label and shape type into a new track: shapes become keyframes
// followed by an outside keyframe, tracks bring their keyframes. The originals are removed.
CommandPtr mergeIntoTrack(Document& document, const std::vector<ObjectId>& ids);
// Ends the track on `frame` and starts a new track there with the same shape and attributes.
CommandPtr splitTrack(Document& document, ObjectId id, int frame);

// Makes `frame` a keyframe (with the interpolated state) or turns it back into an interpolated frame.
CommandPtr setKeyframe(const Document& document, ObjectId id, int frame, bool keyframe);
// Hides a track from `frame` on (outside) or shows it again there.
CommandPtr setOutside(const Document& document, ObjectId id, int frame, bool outside);

// Marks a frame deleted (it keeps its annotations but is skipped and not exported) or restores it.
CommandPtr deleteFrame(const Document& document, int frame);
CommandPtr restoreFrame(const Document& document, int frame);

// Removes annotations on frames first..last. Shapes and tags there go; tracks lose their
// keyframes there and, unless `keyframesOnly`, are cut so that nothing shows in the range.
CommandPtr removeAnnotations(const Document& document, int first, int last, bool keyframesOnly);

}  // namespace labelstation::edits

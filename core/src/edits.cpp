#include "labelstation/core/edits.h"

#include <algorithm>
#include <climits>
#include <functional>
#include <set>

#include "labelstation/core/interpolation.h"
#include "labelstation/core/mask.h"

namespace labelstation::edits {
namespace {

std::string idText(ObjectId id) { return "object #" + std::to_string(id); }

const AnnotationObject& requireObject(const Document& document, ObjectId id) {
  const AnnotationObject* obj = document.object(id);
  if (!obj) throw CommandError(idText(id) + " does not exist");
  return *obj;
}

const AnnotationObject& requireTrack(const Document& document, ObjectId id) {
  const AnnotationObject& obj = requireObject(document, id);
  if (obj.kind != ObjectKind::Track) throw CommandError(idText(id) + " is not a track");
  return obj;
}

void requireFrame(const Document& document, int frame) {
  if (frame < 0 || frame >= document.frameCount())
    throw CommandError("frame " + std::to_string(frame) + " is outside the task (0.." +
                       std::to_string(document.frameCount() - 1) + ")");
}

// The state of the object on `frame`, which must be there.
ShapeState requireState(const AnnotationObject& obj, int frame) {
  if (obj.kind == ObjectKind::Tag) throw CommandError(idText(obj.id) + " is a tag and has no shape");
  auto state = stateAt(obj, frame);
  if (!state) throw CommandError(idText(obj.id) + " is not on frame " + std::to_string(frame));
  return *state;
}

void putState(AnnotationObject& obj, int frame, ShapeState state) {
  if (obj.kind == ObjectKind::Track) {
    obj.keyframes[frame] = std::move(state);
  } else {
    obj.shape = std::move(state);
  }
}

// Drops outside keyframes that start a track or repeat an outside keyframe: they change nothing.
void normaliseKeyframes(AnnotationObject& track) {
  bool visibleBefore = false;
  for (auto it = track.keyframes.begin(); it != track.keyframes.end();) {
    if (it->second.outside && !visibleBefore) {
      it = track.keyframes.erase(it);
    } else {
      visibleBefore = !it->second.outside;
      ++it;
    }
  }
}

bool hasVisibleKeyframe(const AnnotationObject& track) {
  return std::any_of(track.keyframes.begin(), track.keyframes.end(),
                     [](const auto& kv) { return !kv.second.outside; });
}

// Fills missing attribute values and checks all of them. A keyframe without a mutable value
// keeps the one of the keyframe before it (as CVAT reads tracks: a value lasts until a keyframe
// changes it); only the first keyframe and shapes take the defaults.
void completeAttributes(const LabelSchema& labels, AnnotationObject& obj) {
  using M = LabelSchema::Mutability;
  auto fill = [&](AttributeValues& values, M which, const AttributeValues* previous) {
    if (previous)
      for (const auto& [id, value] : *previous) values.emplace(id, value);
    for (const auto& [id, value] : labels.defaultAttributes(obj.label, which)) values.emplace(id, value);
    auto problems = labels.checkAttributes(obj.label, values);
    if (!problems.empty()) throw CommandError(idText(obj.id) + ": " + problems.front());
  };
  if (obj.kind == ObjectKind::Track) {
    fill(obj.trackAttributes, M::ImmutableOnly, nullptr);
    const AttributeValues* previous = nullptr;
    for (auto& [frame, state] : obj.keyframes) {
      fill(state.attributes, M::MutableOnly, previous);
      previous = &state.attributes;
    }
  } else {
    fill(obj.shape.attributes, M::All, nullptr);
  }
}

// Geometry of every state of the object, and skeleton points against the skeleton's sub-labels.
void checkShapes(const LabelSchema& labels, const AnnotationObject& obj) {
  if (obj.kind == ObjectKind::Tag) return;
  std::vector<const ShapeState*> states;
  if (obj.kind == ObjectKind::Track) {
    for (const auto& [frame, state] : obj.keyframes) states.push_back(&state);
  } else {
    states.push_back(&obj.shape);
  }
  const Label* label = labels.label(obj.label);
  for (const ShapeState* state : states) {
    const std::string why = checkGeometry(*state);
    if (!why.empty()) throw CommandError(idText(obj.id) + ": " + why);
    if (state->type != ShapeType::Skeleton || !label) continue;
    for (const auto& element : state->elements)
      if (std::find(label->sublabels.begin(), label->sublabels.end(), element.label) == label->sublabels.end())
        throw CommandError(idText(obj.id) + ": a skeleton point is not one of \"" + label->name + "\"'s points");
  }
}

void checkLabelFits(const LabelSchema& labels, const AnnotationObject& obj) {
  const Label* label = labels.label(obj.label);
  if (!label) throw CommandError(idText(obj.id) + " has unknown label id " + std::to_string(obj.label));
  if (label->parent != kNoLabel)
    throw CommandError("label \"" + label->name + "\" is a skeleton point and cannot label an object");
  if (obj.kind == ObjectKind::Tag) {
    if (label->type != LabelType::Tag && label->type != LabelType::Any)
      throw CommandError("label \"" + label->name + "\" cannot be used for tags");
    return;
  }
  if (!labelAllowsShape(label->type, obj.shapeType()))
    throw CommandError("label \"" + label->name + "\" (" + std::string(toString(label->type)) +
                       ") cannot hold a " + std::string(toString(obj.shapeType())));
}

CommandPtr editState(const Document& document, ObjectId id, int frame, const std::string& text,
                     const std::string& mergeKey,
                     const std::function<void(ShapeState&)>& change) {
  const AnnotationObject& obj = requireObject(document, id);
  ShapeState state = requireState(obj, frame);
  change(state);
  AnnotationObject after = obj;
  putState(after, frame, std::move(state));
  auto cmd = std::make_unique<ObjectsCommand>(text, mergeKey);
  cmd->setObject(document, id, std::move(after));
  return cmd;
}

}  // namespace

namespace {

// `labels`: what the objects are checked against (the document's, or those the command gives it).
void addCreated(ObjectsCommand& cmd, Document& document, std::vector<AnnotationObject> objects, const LabelSchema& labels) {
  for (auto& obj : objects) {
    if (obj.id == 0) obj.id = document.allocateObjectId();
    else if (document.object(obj.id)) throw CommandError(idText(obj.id) + " already exists");
    if (obj.kind == ObjectKind::Track) {
      if (!hasVisibleKeyframe(obj)) throw CommandError("a new track needs a visible keyframe");
      for (const auto& [frame, state] : obj.keyframes) {
        requireFrame(document, frame);
        if (state.type != obj.keyframes.begin()->second.type)
          throw CommandError("all keyframes of a track must have one shape type");
      }
      normaliseKeyframes(obj);
    } else {
      requireFrame(document, obj.frame);
    }
    checkLabelFits(labels, obj);
    checkShapes(labels, obj);
    completeAttributes(labels, obj);
    cmd.setObject(document, obj.id, obj);
  }
}

}  // namespace

CommandPtr create(Document& document, std::vector<AnnotationObject> objects) {
  auto cmd = std::make_unique<ObjectsCommand>(objects.size() == 1 ? "Create object" : "Create objects");
  addCreated(*cmd, document, std::move(objects), document.labels());
  return cmd;
}

CommandPtr importObjects(Document& document, std::vector<AnnotationObject> objects, bool replace, const LabelSchema* labels) {
  auto cmd = std::make_unique<ObjectsCommand>(replace ? "Replace annotations by an import" : "Import annotations");
  if (labels) {
    const auto problems = labels->validate();
    if (!problems.empty()) throw CommandError(problems.front());
    for (const Label& existing : document.labels().allLabels())
      if (!labels->label(existing.id)) throw CommandError("an import may add labels, not remove \"" + existing.name + "\"");
    cmd->setLabels(document, *labels);
  }
  if (replace)
    for (const auto& [id, obj] : document.objects()) cmd->setObject(document, id, std::nullopt);
  addCreated(*cmd, document, std::move(objects), labels ? *labels : document.labels());
  return cmd;
}

CommandPtr remove(const Document& document, const std::vector<ObjectId>& ids) {
  auto cmd = std::make_unique<ObjectsCommand>(ids.size() == 1 ? "Delete object" : "Delete objects");
  for (ObjectId id : ids) {
    requireObject(document, id);
    cmd->setObject(document, id, std::nullopt);
  }
  return cmd;
}

CommandPtr editShape(const Document& document, ObjectId id, int frame, ShapeState state) {
  const AnnotationObject& obj = requireObject(document, id);
  const ShapeState current = requireState(obj, frame);
  if (state.type != current.type)
    throw CommandError(idText(id) + " is a " + std::string(toString(current.type)) +
                       "; its shape type cannot change");
  const std::string why = checkGeometry(state);
  if (!why.empty()) throw CommandError(idText(id) + ": " + why);
  if (obj.kind == ObjectKind::Track) state.outside = current.outside;
  const std::string key = "shape:" + std::to_string(id) + ":" + std::to_string(frame);
  return editState(document, id, frame, "Edit shape", key, [&](ShapeState& s) { s = state; });
}

void removeUnderlyingPixels(const Document& document, ObjectsCommand& command, int frame,
                            const std::vector<double>& mask, ObjectId except) {
  const auto removed = decodeMask(mask);
  if (!removed) throw CommandError("the mask's runs do not fill its box");
  for (ObjectId id : document.objectsOnFrame(frame)) {
    if (id == except || document.viewState(id).locked || document.viewState(id).hidden) continue;  // what the annotator protects or cannot see
    const auto obj = command.pending(document, id);
    if (!obj || obj->kind == ObjectKind::Tag) continue;
    auto state = stateAt(*obj, frame);
    if (!state || state->outside || state->type != ShapeType::Mask) continue;
    const auto bitmap = decodeMask(state->points);
    if (!bitmap) continue;
    std::vector<double> rest = encodeMask(subtractMask(*bitmap, *removed));
    if (rest == state->points) continue;
    AnnotationObject after = *obj;
    if (rest.empty() && obj->kind == ObjectKind::Shape) {
      command.setObject(document, id, std::nullopt);
      continue;
    }
    if (rest.empty()) state->outside = true;
    else state->points = std::move(rest);
    putState(after, frame, std::move(*state));
    normaliseKeyframes(after);
    command.setObject(document, id, after.keyframes.empty() && after.isTrack() ? std::nullopt : std::optional(after));
  }
}

CommandPtr setOccluded(const Document& document, ObjectId id, int frame, bool occluded) {
  return editState(document, id, frame, occluded ? "Set occluded" : "Clear occluded", {},
                   [&](ShapeState& s) { s.occluded = occluded; });
}

CommandPtr setAttribute(const Document& document, ObjectId id, int frame, AttributeId attribute,
                        const std::string& value) {
  const AnnotationObject& obj = requireObject(document, id);
  const Label* label = document.labels().label(obj.label);
  const AttributeSpec* spec = label ? label->attribute(attribute) : nullptr;
  if (!spec) throw CommandError(idText(id) + "'s label has no attribute with id " + std::to_string(attribute));
  const std::string why = spec->checkValue(value);
  if (!why.empty()) throw CommandError(why);
  const std::string text = "Set " + spec->name;
  if (obj.kind == ObjectKind::Track && spec->isMutable)
    return editState(document, id, frame, text, {}, [&](ShapeState& s) { s.attributes[attribute] = value; });
  AnnotationObject after = obj;
  if (obj.kind == ObjectKind::Track) after.trackAttributes[attribute] = value;
  else after.shape.attributes[attribute] = value;
  auto cmd = std::make_unique<ObjectsCommand>(text);
  cmd->setObject(document, id, std::move(after));
  return cmd;
}

CommandPtr changeLabel(const Document& document, const std::vector<ObjectId>& ids, LabelId label) {
  auto cmd = std::make_unique<ObjectsCommand>("Change label");
  for (ObjectId id : ids) {
    AnnotationObject after = requireObject(document, id);
    after.label = label;
    checkLabelFits(document.labels(), after);
    after.trackAttributes.clear();
    after.shape.attributes.clear();
    for (auto& [frame, state] : after.keyframes) state.attributes.clear();
    completeAttributes(document.labels(), after);
    cmd->setObject(document, id, std::move(after));
  }
  return cmd;
}

namespace {

// Keeps the values `label` accepts among its attributes of the given mutability, then adds the
// initial value of each one missing.
void conformAttributes(const Label& label, AttributeValues& values, LabelSchema::Mutability which) {
  using M = LabelSchema::Mutability;
  auto wanted = [&](const AttributeSpec& spec) { return which == M::All || spec.isMutable == (which == M::MutableOnly); };
  for (auto it = values.begin(); it != values.end();) {
    const AttributeSpec* spec = label.attribute(it->first);
    const bool keep = spec && wanted(*spec) && spec->checkValue(it->second).empty();
    it = keep ? std::next(it) : values.erase(it);
  }
  for (const AttributeSpec& spec : label.attributes)
    if (wanted(spec)) values.emplace(spec.id, spec.initialValue());
}

}  // namespace

CommandPtr editLabels(const Document& document, LabelSchema labels) {
  const auto problems = labels.validate();
  if (!problems.empty()) throw CommandError(problems.front());
  using M = LabelSchema::Mutability;
  auto cmd = std::make_unique<ObjectsCommand>("Edit labels");
  for (const auto& [id, obj] : document.objects()) {
    const Label* label = labels.label(obj.label);
    if (!label) {  // its label was deleted
      cmd->setObject(document, id, std::nullopt);
      continue;
    }
    AnnotationObject after = obj;
    checkLabelFits(labels, after);
    checkShapes(labels, after);
    if (after.isTrack()) {
      // Values whose attribute changed mutability move between the track and its keyframes.
      for (const AttributeSpec& spec : label->attributes) {
        if (spec.isMutable) {
          const auto held = after.trackAttributes.find(spec.id);
          if (held == after.trackAttributes.end()) continue;
          for (auto& [frame, state] : after.keyframes) state.attributes.emplace(spec.id, held->second);
        } else if (!after.keyframes.empty()) {
          const AttributeValues& first = after.keyframes.begin()->second.attributes;
          if (const auto v = first.find(spec.id); v != first.end()) after.trackAttributes.emplace(spec.id, v->second);
        }
      }
      conformAttributes(*label, after.trackAttributes, M::ImmutableOnly);
      for (auto& [frame, state] : after.keyframes) conformAttributes(*label, state.attributes, M::MutableOnly);
    } else {
      conformAttributes(*label, after.shape.attributes, M::All);
    }
    if (after != obj) cmd->setObject(document, id, std::move(after));
  }
  cmd->setLabels(document, std::move(labels));
  return cmd;
}

CommandPtr group(const Document& document, const std::vector<ObjectId>& ids) {
  if (ids.empty()) throw CommandError("nothing to group");
  const int groupId = document.unusedGroupId();
  auto cmd = std::make_unique<ObjectsCommand>("Group objects");
  for (ObjectId id : ids) {
    AnnotationObject after = requireObject(document, id);
    after.group = groupId;
    cmd->setObject(document, id, std::move(after));
  }
  return cmd;
}

CommandPtr ungroup(const Document& document, const std::vector<ObjectId>& ids) {
  auto cmd = std::make_unique<ObjectsCommand>("Ungroup objects");
  for (ObjectId id : ids) {
    AnnotationObject after = requireObject(document, id);
    after.group = 0;
    cmd->setObject(document, id, std::move(after));
  }
  return cmd;
}

CommandPtr setZOrder(const Document& document, ObjectId id, int frame, int zOrder) {
  return editState(document, id, frame, "Change z-order", {}, [&](ShapeState& s) { s.zOrder = zOrder; });
}

namespace {
std::pair<int, int> zRangeOnFrame(const Document& document, int frame, ObjectId except) {
  int lo = INT_MAX, hi = INT_MIN;
  for (ObjectId other : document.objectsOnFrame(frame)) {
    if (other == except) continue;
    const AnnotationObject& o = *document.object(other);
    if (o.kind == ObjectKind::Tag) continue;
    const int z = stateAt(o, frame)->zOrder;
    lo = std::min(lo, z);
    hi = std::max(hi, z);
  }
  return {lo, hi};
}
}  // namespace

CommandPtr bringToFront(const Document& document, ObjectId id, int frame) {
  const int hi = zRangeOnFrame(document, frame, id).second;
  const int current = requireState(requireObject(document, id), frame).zOrder;
  return setZOrder(document, id, frame, hi == INT_MIN ? current : std::max(current, hi + 1));
}

CommandPtr sendToBack(const Document& document, ObjectId id, int frame) {
  const int lo = zRangeOnFrame(document, frame, id).first;
  const int current = requireState(requireObject(document, id), frame).zOrder;
  return setZOrder(document, id, frame, lo == INT_MAX ? current : std::min(current, lo - 1));
}

CommandPtr propagate(Document& document, ObjectId id, int frame, int count) {
  const AnnotationObject& obj = requireObject(document, id);
  if (obj.kind == ObjectKind::Tag) throw CommandError("tags are not propagated");
  const ShapeState state = requireState(obj, frame);
  if (state.outside) throw CommandError(idText(id) + " is outside on frame " + std::to_string(frame));
  if (count == 0) throw CommandError("propagate needs at least one frame");
  // The frames reached, the source frame included.
  const int first = std::max(0, std::min(frame, frame + count)), last = std::min(document.frameCount() - 1, std::max(frame, frame + count));
  auto cmd = std::make_unique<ObjectsCommand>("Propagate object");
  if (obj.kind == ObjectKind::Track) {
    AnnotationObject after = obj;
    // The source frame becomes a keyframe too, or the new keyframes would move it.
    for (int f = first; f <= last; ++f) after.keyframes[f] = state;
    cmd->setObject(document, id, std::move(after));
    return cmd;
  }
  for (int f = first; f <= last; ++f) {
    if (f == frame) continue;
    AnnotationObject copy = obj;
    copy.id = document.allocateObjectId();
    copy.frame = f;
    cmd->setObject(document, copy.id, std::move(copy));
  }
  return cmd;
}

Clipboard copy(const Document& document, const std::vector<ObjectId>& ids, int frame) {
  Clipboard clipboard;
  for (ObjectId id : ids) {
    AnnotationObject obj = requireObject(document, id);
    if (obj.kind == ObjectKind::Track) {
      auto state = stateAt(obj, frame);
      if (!state || state->outside) continue;
      state->outside = false;
      obj.keyframes = {{0, *state}};
    } else if (obj.frame != frame) {
      continue;
    }
    obj.id = 0;
    obj.group = 0;
    clipboard.objects.push_back(std::move(obj));
  }
  return clipboard;
}

CommandPtr paste(Document& document, const Clipboard& clipboard, int frame) {
  requireFrame(document, frame);
  std::vector<AnnotationObject> objects;
  for (AnnotationObject obj : clipboard.objects) {
    obj.id = 0;
    obj.frame = frame;
    if (obj.kind == ObjectKind::Track) {
      ShapeState state = obj.keyframes.begin()->second;
      obj.keyframes = {{frame, state}};
    }
    objects.push_back(std::move(obj));
  }
  if (objects.empty()) throw CommandError("the clipboard is empty");
  auto cmd = create(document, std::move(objects));
  return cmd;
}

CommandPtr mergeIntoTrack(Document& document, const std::vector<ObjectId>& ids) {
  if (ids.empty()) throw CommandError("select the objects to merge");
  const AnnotationObject& first = requireObject(document, ids.front());
  AnnotationObject track;
  track.kind = ObjectKind::Track;
  track.label = first.label;
  track.group = first.group;
  track.source = first.source;
  std::set<int> shapeFrames;  // frames that hold a real shape, as opposed to an added outside
  auto mutableOnly = [&](const AttributeValues& values) {
    AttributeValues out;
    for (const auto& [id, v] : values) {
      const Label* l = document.labels().label(track.label);
      const AttributeSpec* spec = l ? l->attribute(id) : nullptr;
      if (spec && spec->isMutable) out[id] = v;
    }
    return out;
  };
  for (ObjectId id : ids) {
    const AnnotationObject& obj = requireObject(document, id);
    if (obj.kind == ObjectKind::Tag) throw CommandError("tags cannot be merged into a track");
    if (obj.label != first.label) throw CommandError("merged objects must have one label");
    if (obj.shapeType() != first.shapeType()) throw CommandError("merged objects must have one shape type");
    if (obj.kind == ObjectKind::Shape) {
      if (!shapeFrames.insert(obj.frame).second)
        throw CommandError("two merged objects are on frame " + std::to_string(obj.frame));
      ShapeState state = obj.shape;
      state.attributes = mutableOnly(obj.shape.attributes);
      if (track.trackAttributes.empty()) {
        for (const auto& [aid, v] : obj.shape.attributes)
          if (!state.attributes.count(aid)) track.trackAttributes[aid] = v;
      }
      track.keyframes[obj.frame] = state;
      // Ends the shape's visibility unless another object continues on the next frame.
      if (!track.keyframes.count(obj.frame + 1) && obj.frame + 1 < document.frameCount()) {
        ShapeState hidden = state;
        hidden.outside = true;
        track.keyframes[obj.frame + 1] = hidden;
      }
    } else {
      for (const auto& [f, state] : obj.keyframes) {
        if (shapeFrames.count(f) && !state.outside)
          throw CommandError("two merged objects are on frame " + std::to_string(f));
        if (!state.outside) shapeFrames.insert(f);
        auto existing = track.keyframes.find(f);
        if (existing == track.keyframes.end() || existing->second.outside || !state.outside)
          track.keyframes[f] = state;
      }
      if (track.trackAttributes.empty()) track.trackAttributes = obj.trackAttributes;
    }
  }
  normaliseKeyframes(track);
  track.id = document.allocateObjectId();
  completeAttributes(document.labels(), track);
  auto cmd = std::make_unique<ObjectsCommand>("Merge into track");
  for (ObjectId id : ids) cmd->setObject(document, id, std::nullopt);
  cmd->setObject(document, track.id, std::move(track));
  return cmd;
}

CommandPtr splitTrack(Document& document, ObjectId id, int frame) {
  const AnnotationObject& obj = requireTrack(document, id);
  const ShapeState state = requireState(obj, frame);
  if (state.outside) throw CommandError(idText(id) + " is outside on frame " + std::to_string(frame));
  if (frame <= obj.firstFrame())
    throw CommandError("a track cannot be split on its first frame");
  AnnotationObject head = obj, tail = obj;
  head.keyframes.erase(head.keyframes.lower_bound(frame), head.keyframes.end());
  ShapeState end = state;
  end.outside = true;
  head.keyframes[frame] = end;
  tail.id = document.allocateObjectId();
  tail.keyframes.erase(tail.keyframes.begin(), tail.keyframes.upper_bound(frame));
  tail.keyframes[frame] = state;
  auto cmd = std::make_unique<ObjectsCommand>("Split track");
  cmd->setObject(document, id, std::move(head));
  cmd->setObject(document, tail.id, std::move(tail));
  return cmd;
}

CommandPtr setKeyframe(const Document& document, ObjectId id, int frame, bool keyframe) {
  const AnnotationObject& obj = requireTrack(document, id);
  AnnotationObject after = obj;
  if (keyframe) {
    if (isKeyframe(obj, frame)) throw CommandError("frame " + std::to_string(frame) + " is a keyframe already");
    after.keyframes[frame] = requireState(obj, frame);
  } else {
    if (!isKeyframe(obj, frame)) throw CommandError("frame " + std::to_string(frame) + " is not a keyframe");
    after.keyframes.erase(frame);
    normaliseKeyframes(after);
    if (!hasVisibleKeyframe(after))
      throw CommandError("the last keyframe of a track cannot be removed; delete the track instead");
  }
  auto cmd = std::make_unique<ObjectsCommand>(keyframe ? "Set keyframe" : "Remove keyframe");
  cmd->setObject(document, id, std::move(after));
  return cmd;
}

CommandPtr setOutside(const Document& document, ObjectId id, int frame, bool outside) {
  const AnnotationObject& obj = requireTrack(document, id);
  ShapeState state = requireState(obj, frame);
  if (state.outside == outside)
    throw CommandError(idText(id) + (outside ? " is already outside" : " is already visible") + " on frame " +
                       std::to_string(frame));
  AnnotationObject after = obj;
  state.outside = outside;
  after.keyframes[frame] = state;
  normaliseKeyframes(after);
  if (!hasVisibleKeyframe(after)) throw CommandError("a track cannot be outside on all its frames; delete it instead");
  auto cmd = std::make_unique<ObjectsCommand>(outside ? "Set outside" : "Clear outside");
  cmd->setObject(document, id, std::move(after));
  return cmd;
}

CommandPtr deleteFrame(const Document& document, int frame) {
  requireFrame(document, frame);
  if (document.isFrameDeleted(frame)) throw CommandError("frame " + std::to_string(frame) + " is already deleted");
  auto cmd = std::make_unique<ObjectsCommand>("Delete frame");
  cmd->setFrameDeleted(document, frame, true);
  return cmd;
}

CommandPtr restoreFrame(const Document& document, int frame) {
  requireFrame(document, frame);
  if (!document.isFrameDeleted(frame)) throw CommandError("frame " + std::to_string(frame) + " is not deleted");
  auto cmd = std::make_unique<ObjectsCommand>("Restore frame");
  cmd->setFrameDeleted(document, frame, false);
  return cmd;
}

CommandPtr removeAnnotations(const Document& document, int first, int last, bool keyframesOnly) {
  if (first > last) throw CommandError("the first frame of the range is after the last");
  auto cmd = std::make_unique<ObjectsCommand>("Remove annotations");
  for (const auto& [id, obj] : document.objects()) {
    if (obj.kind != ObjectKind::Track) {
      if (obj.frame >= first && obj.frame <= last) cmd->setObject(document, id, std::nullopt);
      continue;
    }
    AnnotationObject after = obj;
    const auto before = stateAt(obj, first - 1);
    const auto resume = stateAt(obj, last + 1);
    after.keyframes.erase(after.keyframes.lower_bound(first), after.keyframes.upper_bound(last));
    if (!keyframesOnly) {
      if (before && !before->outside) {
        ShapeState end = *before;
        end.outside = true;
        after.keyframes[first] = end;
      }
      if (resume && !resume->outside) after.keyframes[last + 1] = *resume;
    }
    normaliseKeyframes(after);
    if (after == obj) continue;
    if (!hasVisibleKeyframe(after)) cmd->setObject(document, id, std::nullopt);
    else cmd->setObject(document, id, std::move(after));
  }
  return cmd;
}

}  // namespace labelstation::edits

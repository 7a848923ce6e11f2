#pragma once
// A small document for core tests: 20 frames, labels of several types with attributes.

#include <map>

#include "labelstation/core/document.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/undo_stack.h"

namespace labelstation::testing {

struct Fixture {
  Document doc;
  UndoStack undo{doc};
  LabelId car = kNoLabel, person = kNoLabel, box3d = kNoLabel, weather = kNoLabel, skeleton = kNoLabel;
  AttributeId color = 0, speed = 0, parked = 0;  // car: color (immutable select), speed (mutable number), parked (mutable checkbox)

  explicit Fixture(int frames = 20) : doc(makeTask(frames)) {
    const LabelSchema& l = doc.labels();
    car = l.labelByName("car")->id;
    person = l.labelByName("person")->id;
    box3d = l.labelByName("vehicle3d")->id;
    weather = l.labelByName("weather")->id;
    skeleton = l.labelByName("hand")->id;
    color = l.label(car)->attributeByName("color")->id;
    speed = l.label(car)->attributeByName("speed")->id;
    parked = l.label(car)->attributeByName("parked")->id;
  }

  static Task makeTask(int frames) {
    Task task;
    task.name = "test";
    for (int i = 0; i < frames; ++i) task.frames.push_back({"frame_" + std::to_string(i), "", {}, false});
    Label car{kNoLabel, "car", "#ff0000", LabelType::Any, {}, kNoLabel, {}, {}, {}};
    AttributeSpec color{0, "color", AttributeInputType::Select, false, {"red", "blue"}, "red"};
    AttributeSpec speed{0, "speed", AttributeInputType::Number, true, {"0", "100", "5"}, "0"};
    AttributeSpec parked{0, "parked", AttributeInputType::Checkbox, true, {"false"}, "false"};
    car.attributes = {color, speed, parked};
    task.labels.addLabel(car);
    task.labels.addLabel({kNoLabel, "person", "#00ff00", LabelType::Rectangle, {}, kNoLabel, {}, {}, {}});
    task.labels.addLabel({kNoLabel, "vehicle3d", "#0000ff", LabelType::Cuboid3D, {}, kNoLabel, {}, {}, {}});
    task.labels.addLabel({kNoLabel, "weather", "#888888", LabelType::Tag, {}, kNoLabel, {}, {}, {}});
    const LabelId hand = task.labels.addLabel({kNoLabel, "hand", "#aa00aa", LabelType::Skeleton, {}, kNoLabel, {}, {}, {}});
    const LabelId a = task.labels.addSublabel(hand, {kNoLabel, "wrist", "#111111", LabelType::Points, {}, kNoLabel, {}, {}, {}});
    const LabelId b = task.labels.addSublabel(hand, {kNoLabel, "thumb", "#222222", LabelType::Points, {}, kNoLabel, {}, {}, {}});
    task.labels.addEdge(hand, a, b);
    return task;
  }

  static ShapeState rect(double x1, double y1, double x2, double y2) {
    ShapeState s;
    s.type = ShapeType::Rectangle;
    s.points = {x1, y1, x2, y2};
    return s;
  }

  ObjectId addShape(LabelId label, int frame, ShapeState state) {
    AnnotationObject o;
    o.kind = ObjectKind::Shape;
    o.label = label;
    o.frame = frame;
    o.shape = std::move(state);
    return push(edits::create(doc, {o}));
  }

  ObjectId addTrack(LabelId label, std::map<int, ShapeState> keyframes) {
    AnnotationObject o;
    o.kind = ObjectKind::Track;
    o.label = label;
    o.keyframes = std::move(keyframes);
    return push(edits::create(doc, {o}));
  }

  ObjectId addTag(LabelId label, int frame) {
    AnnotationObject o;
    o.kind = ObjectKind::Tag;
    o.label = label;
    o.frame = frame;
    return push(edits::create(doc, {o}));
  }

  // Pushes and returns the first object the command created (0 when none).
  ObjectId push(std::unique_ptr<ObjectsCommand> cmd) {
    auto created = cmd->createdObjects();
    undo.push(std::move(cmd));
    return created.empty() ? 0 : created.front();
  }
};

// Everything undo must restore: objects and frame deletion flags.
// Every field of every label, as text: two schemas are the same when their texts are.
inline std::string describe(const LabelSchema& labels) {
  std::string out;
  for (const Label& l : labels.allLabels()) {
    out += std::to_string(l.id) + " " + l.name + " " + l.color + " " + std::string(toString(l.type)) + " " + std::to_string(l.parent) + ":";
    for (const AttributeSpec& a : l.attributes) {
      out += " [" + std::to_string(a.id) + " " + a.name + " " + std::string(toString(a.inputType)) + (a.isMutable ? " mutable" : "") + " =" + a.defaultValue;
      for (const std::string& v : a.values) out += " " + v;
      out += "]";
    }
    out += "\n";
  }
  return out;
}

struct Snapshot {
  std::map<ObjectId, AnnotationObject> objects;
  std::vector<bool> deleted;
  std::string labels;
  explicit Snapshot(const Document& d) : objects(d.objects()), labels(describe(d.labels())) {
    for (int f = 0; f < d.frameCount(); ++f) deleted.push_back(d.isFrameDeleted(f));
  }
  bool operator==(const Snapshot& o) const { return objects == o.objects && deleted == o.deleted && labels == o.labels; }
};

}  // namespace labelstation::testing

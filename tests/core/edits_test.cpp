// Every edit: what it does, that undo restores the exact previous state and redo the new one.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "labelstation/core/interpolation.h"
#include "test_document.h"

namespace labelstation {
namespace {

using testing::Fixture;
using testing::Snapshot;

// Pushes the command, runs `check` on the new state, then proves undo and redo are exact.
void expectUndoable(Fixture& f, std::unique_ptr<ObjectsCommand> cmd, const std::function<void()>& check) {
  const Snapshot before(f.doc);
  f.undo.push(std::move(cmd));
  check();
  const Snapshot after(f.doc);
  EXPECT_FALSE(before == after) << "the command changed nothing";
  f.undo.undo();
  EXPECT_TRUE(Snapshot(f.doc) == before) << "undo did not restore the previous state";
  f.undo.redo();
  EXPECT_TRUE(Snapshot(f.doc) == after) << "redo did not restore the new state";
  check();
}

TEST(Edits, CreateFillsDefaultsAndUndoRemoves) {
  Fixture f;
  AnnotationObject o;
  o.kind = ObjectKind::Shape;
  o.label = f.car;
  o.frame = 3;
  o.shape = Fixture::rect(0, 0, 10, 10);
  auto cmd = edits::create(f.doc, {o});
  const ObjectId id = cmd->createdObjects().at(0);
  expectUndoable(f, std::move(cmd), [&] {
    const AnnotationObject* obj = f.doc.object(id);
    ASSERT_NE(obj, nullptr);
    EXPECT_EQ(obj->shape.attributes.at(f.color), "red");
    EXPECT_EQ(obj->shape.attributes.at(f.speed), "0");
    EXPECT_EQ(obj->shape.attributes.at(f.parked), "false");
  });
}

TEST(Edits, ImportAddsOrReplacesInOneStep) {
  Fixture f;
  const ObjectId old = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 1, 1)}});
  AnnotationObject o;
  o.kind = ObjectKind::Shape;
  o.label = f.car;
  o.frame = 2;
  o.shape = Fixture::rect(0, 0, 10, 10);
  auto added = edits::importObjects(f.doc, {o, o}, false);
  EXPECT_EQ(added->text(), "Import annotations");
  expectUndoable(f, std::move(added), [&] { EXPECT_EQ(f.doc.objects().size(), 3u); });
  auto replaced = edits::importObjects(f.doc, {o}, true);
  const ObjectId fresh = replaced->createdObjects().at(0);
  expectUndoable(f, std::move(replaced), [&] {
    ASSERT_EQ(f.doc.objects().size(), 1u);
    EXPECT_EQ(f.doc.object(old), nullptr);
    EXPECT_EQ(f.doc.object(fresh)->shape.attributes.at(f.color), "red");  // defaults filled as create does
  });
  o.frame = 99;  // no such frame: nothing changes
  EXPECT_THROW(edits::importObjects(f.doc, {o}, true), CommandError);
}

// An import may bring labels the task lacks: they come with the objects, in the same undo step.
TEST(Edits, ImportAddsLabelsWithItsObjects) {
  Fixture f;
  LabelSchema labels = f.doc.labels();
  const LabelId lane = labels.addLabel({kNoLabel, "lane", "#33ddff", LabelType::Polyline, {}, kNoLabel, {}, {}, {}});
  AnnotationObject o;
  o.label = lane;
  o.frame = 1;
  o.shape.type = ShapeType::Polyline;
  o.shape.points = {0, 0, 10, 10};
  EXPECT_THROW(edits::importObjects(f.doc, {o}, false), CommandError);  // without the label: refused
  expectUndoable(f, edits::importObjects(f.doc, {o}, false, &labels), [&] {
    ASSERT_NE(f.doc.labels().labelByName("lane"), nullptr);
    EXPECT_EQ(f.doc.objects().size(), 1u);
  });
  LabelSchema fewer;  // an import never takes labels away
  EXPECT_THROW(edits::importObjects(f.doc, {}, false, &fewer), CommandError);
}

TEST(Edits, CreateTrackSplitsMutableAndImmutableAttributes) {
  Fixture f;
  const ObjectId id = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 1, 1)}, {5, Fixture::rect(5, 5, 6, 6)}});
  const AnnotationObject& t = *f.doc.object(id);
  EXPECT_EQ(t.trackAttributes.size(), 1u);
  EXPECT_EQ(t.trackAttributes.at(f.color), "red");
  EXPECT_EQ(t.keyframes.at(5).attributes.at(f.speed), "0");
  EXPECT_EQ(t.keyframes.at(5).attributes.count(f.color), 0u);
}

// A keyframe without a mutable value keeps the one before it, as CVAT reads a track (its server
// copies the previous keyframe's attributes into the next one): only the first takes the default.
TEST(Edits, KeyframesWithoutAMutableValueKeepThePreviousOne) {
  Fixture f;
  AnnotationObject t;
  t.kind = ObjectKind::Track;
  t.label = f.car;
  t.keyframes[0] = Fixture::rect(0, 0, 1, 1);
  t.keyframes[4] = Fixture::rect(1, 1, 2, 2);
  t.keyframes[4].attributes[f.speed] = "40";
  t.keyframes[6] = Fixture::rect(2, 2, 3, 3);
  t.keyframes[9] = Fixture::rect(3, 3, 4, 4);
  t.keyframes[9].attributes[f.speed] = "10";
  auto cmd = edits::importObjects(f.doc, {t}, false);
  const ObjectId id = cmd->createdObjects().at(0);
  f.undo.push(std::move(cmd));
  const AnnotationObject& track = *f.doc.object(id);
  EXPECT_EQ(track.keyframes.at(0).attributes.at(f.speed), "0");
  EXPECT_EQ(track.keyframes.at(4).attributes.at(f.speed), "40");
  EXPECT_EQ(track.keyframes.at(6).attributes.at(f.speed), "40");
  EXPECT_EQ(track.keyframes.at(9).attributes.at(f.speed), "10");
}

TEST(Edits, CreateRejectsWrongLabelTypeAndBadValues) {
  Fixture f;
  AnnotationObject o;
  o.label = f.person;  // rectangle only
  o.frame = 0;
  o.shape.type = ShapeType::Polygon;
  o.shape.points = {0, 0, 1, 0, 1, 1};
  EXPECT_THROW(edits::create(f.doc, {o}), CommandError);
  o.label = f.car;
  o.shape.attributes[f.speed] = "101";
  EXPECT_THROW(edits::create(f.doc, {o}), CommandError);
  o.shape.attributes[f.speed] = "7";  // not on the step of 5
  EXPECT_THROW(edits::create(f.doc, {o}), CommandError);
  o.shape.attributes[f.speed] = "10";
  o.frame = 99;
  EXPECT_THROW(edits::create(f.doc, {o}), CommandError);
  AnnotationObject tag;
  tag.kind = ObjectKind::Tag;
  tag.label = f.person;
  EXPECT_THROW(edits::create(f.doc, {tag}), CommandError);
  EXPECT_TRUE(f.doc.objects().empty());
}

TEST(Edits, Delete) {
  Fixture f;
  const ObjectId a = f.addShape(f.car, 1, Fixture::rect(0, 0, 1, 1));
  const ObjectId b = f.addTag(f.weather, 1);
  expectUndoable(f, edits::remove(f.doc, {a, b}), [&] { EXPECT_TRUE(f.doc.objects().empty()); });
  EXPECT_THROW(edits::remove(f.doc, {12345}), CommandError);
}

TEST(Edits, EditShapeOfShapeAndTrack) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 2, Fixture::rect(0, 0, 1, 1));
  expectUndoable(f, edits::editShape(f.doc, s, 2, Fixture::rect(1, 1, 3, 3)),
                 [&] { EXPECT_EQ(f.doc.object(s)->shape.points, (std::vector<double>{1, 1, 3, 3})); });
  const ObjectId t = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 10, 10)}, {10, Fixture::rect(10, 0, 20, 10)}});
  expectUndoable(f, edits::editShape(f.doc, t, 4, Fixture::rect(0, 0, 2, 2)), [&] {
    EXPECT_TRUE(isKeyframe(*f.doc.object(t), 4)) << "editing an interpolated frame makes it a keyframe";
    EXPECT_EQ(stateAt(*f.doc.object(t), 4)->points, (std::vector<double>{0, 0, 2, 2}));
  });
  ShapeState polygon;
  polygon.type = ShapeType::Polygon;
  polygon.points = {0, 0, 1, 0, 1, 1};
  EXPECT_THROW(edits::editShape(f.doc, s, 2, polygon), CommandError);
  EXPECT_THROW(edits::editShape(f.doc, s, 3, Fixture::rect(0, 0, 1, 1)), CommandError) << "shape is on frame 2";
}

TEST(Edits, SetOccluded) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 2, Fixture::rect(0, 0, 1, 1));
  expectUndoable(f, edits::setOccluded(f.doc, s, 2, true), [&] { EXPECT_TRUE(f.doc.object(s)->shape.occluded); });
}

TEST(Edits, SetAttributeMutableOnTrackMakesKeyframe) {
  Fixture f;
  const ObjectId t = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 10, 10)}, {10, Fixture::rect(10, 0, 20, 10)}});
  expectUndoable(f, edits::setAttribute(f.doc, t, 5, f.speed, "50"), [&] {
    const AnnotationObject& obj = *f.doc.object(t);
    EXPECT_EQ(obj.keyframes.at(5).attributes.at(f.speed), "50");
    EXPECT_EQ(stateAt(obj, 7)->attributes.at(f.speed), "50") << "held until the next keyframe";
    EXPECT_EQ(stateAt(obj, 3)->attributes.at(f.speed), "0");
  });
  expectUndoable(f, edits::setAttribute(f.doc, t, 5, f.color, "blue"), [&] {
    EXPECT_EQ(f.doc.object(t)->trackAttributes.at(f.color), "blue");
  });
  EXPECT_THROW(edits::setAttribute(f.doc, t, 5, f.color, "green"), CommandError);
  EXPECT_THROW(edits::setAttribute(f.doc, t, 5, f.parked, "yes"), CommandError);
  EXPECT_THROW(edits::setAttribute(f.doc, t, 5, 999, "x"), CommandError);
}

TEST(Edits, ChangeLabelResetsAttributes) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  f.undo.push(edits::setAttribute(f.doc, s, 0, f.color, "blue"));
  expectUndoable(f, edits::changeLabel(f.doc, {s}, f.person), [&] {
    EXPECT_EQ(f.doc.object(s)->label, f.person);
    EXPECT_TRUE(f.doc.object(s)->shape.attributes.empty());
  });
  EXPECT_THROW(edits::changeLabel(f.doc, {s}, f.box3d), CommandError) << "a rectangle cannot take a cuboid_3d label";
}

// Labels are edited as one undo step: a new colour and label, a deleted label takes its objects
// along, attribute values follow their specs (deleted, narrowed, new, mutability changed).
TEST(Edits, EditLabelsConformsTheObjects) {
  Fixture f;
  const ObjectId shape = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  f.undo.push(edits::setAttribute(f.doc, shape, 0, f.color, "blue"));
  f.undo.push(edits::setAttribute(f.doc, shape, 0, f.speed, "40"));
  const ObjectId track = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 1, 1)}, {5, Fixture::rect(2, 2, 3, 3)}});
  f.undo.push(edits::setAttribute(f.doc, track, 0, f.parked, "true"));
  f.undo.push(edits::setAttribute(f.doc, track, 0, f.color, "blue"));
  const ObjectId person = f.addShape(f.person, 1, Fixture::rect(0, 0, 1, 1));
  const ObjectId weather = f.addTag(f.weather, 2);

  LabelSchema labels = f.doc.labels();
  Label* car = labels.label(f.car);
  car->color = "#123456";
  car->attributes.erase(car->attributes.begin() + 1);  // speed goes
  car->attributes[0].values = {"blue", "green"};       // color: "red" no longer allowed
  car->attributes[0].defaultValue = "green";
  car->attributes[0].isMutable = true;                 // and now per frame
  car->attributes[1].isMutable = false;                // parked: per track now
  AttributeSpec doors{0, "doors", AttributeInputType::Number, false, {"2", "5", "1"}, "4"};
  car->attributes.push_back(doors);
  // Without "person" (deleted) and with a new label.
  LabelSchema edited = labels;
  edited.removeLabel(f.person);
  const LabelId truck = edited.addLabel({kNoLabel, "truck", "#00aaff", LabelType::Rectangle, {}, kNoLabel, {}, {}, {}});

  expectUndoable(f, edits::editLabels(f.doc, edited), [&] {
    EXPECT_EQ(f.doc.labels().label(f.car)->color, "#123456");
    ASSERT_NE(f.doc.labels().labelByName("truck"), nullptr);
    EXPECT_EQ(f.doc.labels().labelByName("truck")->id, truck);
    EXPECT_EQ(f.doc.labels().labelByName("person"), nullptr);
    EXPECT_EQ(f.doc.object(person), nullptr) << "objects of a deleted label go with it";
    EXPECT_NE(f.doc.object(weather), nullptr);
    const AttributeId doorsId = f.doc.labels().label(f.car)->attributeByName("doors")->id;
    // The shape: color blue stays, speed is gone, doors and parked get initial values.
    const AttributeValues& s = f.doc.object(shape)->shape.attributes;
    EXPECT_EQ(s, (AttributeValues{{f.color, "blue"}, {f.parked, "false"}, {doorsId, "4"}}));
    // The track: color moved onto each keyframe, parked from the first keyframe onto the track.
    const AnnotationObject& t = *f.doc.object(track);
    EXPECT_EQ(t.trackAttributes, (AttributeValues{{f.parked, "true"}, {doorsId, "4"}}));
    for (const auto& [frame, state] : t.keyframes) EXPECT_EQ(state.attributes, (AttributeValues{{f.color, "blue"}})) << frame;
  });
  EXPECT_EQ(f.undo.undoText(), "Edit labels");

  // A label's type cannot change under objects it can no longer hold; invalid labels are refused.
  LabelSchema cuboidCars = f.doc.labels();
  cuboidCars.label(f.car)->type = LabelType::Cuboid3D;
  EXPECT_THROW(edits::editLabels(f.doc, cuboidCars), CommandError);
  LabelSchema twoTrucks = f.doc.labels();
  twoTrucks.label(f.car)->name = "truck";
  EXPECT_THROW(edits::editLabels(f.doc, twoTrucks), CommandError);
}

TEST(Edits, GroupAndUngroup) {
  Fixture f;
  const ObjectId a = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  const ObjectId b = f.addShape(f.car, 0, Fixture::rect(2, 2, 3, 3));
  expectUndoable(f, edits::group(f.doc, {a, b}), [&] {
    EXPECT_NE(f.doc.object(a)->group, 0);
    EXPECT_EQ(f.doc.object(a)->group, f.doc.object(b)->group);
  });
  const int first = f.doc.object(a)->group;
  const ObjectId c = f.addShape(f.car, 0, Fixture::rect(4, 4, 5, 5));
  f.undo.push(edits::group(f.doc, {c}));
  EXPECT_NE(f.doc.object(c)->group, first) << "a new group gets a new id";
  expectUndoable(f, edits::ungroup(f.doc, {a}), [&] { EXPECT_EQ(f.doc.object(a)->group, 0); });
}

TEST(Edits, ZOrder) {
  Fixture f;
  const ObjectId a = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  const ObjectId b = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  f.undo.push(edits::setZOrder(f.doc, b, 0, 3));
  expectUndoable(f, edits::bringToFront(f.doc, a, 0), [&] { EXPECT_EQ(f.doc.object(a)->shape.zOrder, 4); });
  expectUndoable(f, edits::sendToBack(f.doc, a, 0), [&] { EXPECT_EQ(f.doc.object(a)->shape.zOrder, 2); });
  f.undo.push(edits::setZOrder(f.doc, a, 0, -2));
  EXPECT_EQ(f.doc.object(a)->shape.zOrder, -2);
  EXPECT_EQ(f.doc.object(b)->shape.zOrder, 3);
}

TEST(Edits, PropagateShapeAndTrack) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 17, Fixture::rect(0, 0, 1, 1));
  expectUndoable(f, edits::propagate(f.doc, s, 17, 5), [&] {
    EXPECT_EQ(f.doc.objects().size(), 3u) << "only frames 18 and 19 exist";
    for (int frame : {18, 19}) EXPECT_EQ(f.doc.objectsOnFrame(frame).size(), 1u);
  });
  Fixture g;
  const ObjectId t = g.addTrack(g.car, {{0, Fixture::rect(0, 0, 10, 10)}, {10, Fixture::rect(10, 0, 20, 10)}});
  expectUndoable(g, edits::propagate(g.doc, t, 2, 2), [&] {
    const AnnotationObject& obj = *g.doc.object(t);
    EXPECT_TRUE(isKeyframe(obj, 2));
    EXPECT_TRUE(isKeyframe(obj, 3));
    EXPECT_TRUE(isKeyframe(obj, 4));
    EXPECT_EQ(obj.keyframes.at(4).points, stateAt(obj, 2)->points);
  });
  // Backward: the previous frames (down to the first), a track's start moves back with them.
  Fixture h;
  const ObjectId back = h.addShape(h.car, 2, Fixture::rect(0, 0, 1, 1));
  expectUndoable(h, edits::propagate(h.doc, back, 2, -5), [&] {
    EXPECT_EQ(h.doc.objects().size(), 3u) << "only frames 0 and 1 come before";
    for (int frame : {0, 1}) EXPECT_EQ(h.doc.objectsOnFrame(frame).size(), 1u);
    EXPECT_TRUE(h.doc.objectsOnFrame(3).empty());
  });
  const ObjectId late = h.addTrack(h.car, {{6, Fixture::rect(0, 0, 10, 10)}, {10, Fixture::rect(10, 0, 20, 10)}});
  expectUndoable(h, edits::propagate(h.doc, late, 6, -2), [&] {
    const AnnotationObject& obj = *h.doc.object(late);
    EXPECT_EQ(obj.firstFrame(), 4);
    EXPECT_TRUE(isKeyframe(obj, 5));
    EXPECT_EQ(obj.keyframes.at(4).points, obj.keyframes.at(6).points);
  });
  EXPECT_THROW(edits::propagate(h.doc, late, 6, 0), CommandError);
}

TEST(Edits, CopyPaste) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  const ObjectId t = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 10, 10)}, {10, Fixture::rect(10, 0, 20, 10)}});
  f.undo.push(edits::group(f.doc, {s, t}));
  const edits::Clipboard clip = edits::copy(f.doc, {s, t}, 5);
  ASSERT_EQ(clip.objects.size(), 1u) << "the shape is not on frame 5";
  auto cmd = edits::paste(f.doc, clip, 8);
  const ObjectId pasted = cmd->createdObjects().at(0);
  expectUndoable(f, std::move(cmd), [&] {
    const AnnotationObject& obj = *f.doc.object(pasted);
    EXPECT_EQ(obj.kind, ObjectKind::Track);
    EXPECT_EQ(obj.keyframes.size(), 1u);
    EXPECT_EQ(obj.keyframes.at(8).points, (std::vector<double>{5, 0, 15, 10}));
    EXPECT_EQ(obj.group, 0);
  });
  EXPECT_THROW(edits::paste(f.doc, edits::Clipboard{}, 1), CommandError);
}

TEST(Edits, MergeShapesAndTracksIntoOneTrack) {
  Fixture f;
  const ObjectId a = f.addShape(f.car, 2, Fixture::rect(0, 0, 1, 1));
  const ObjectId b = f.addTrack(f.car, {{6, Fixture::rect(6, 0, 7, 1)}, {9, Fixture::rect(9, 0, 10, 1)}});
  const ObjectId c = f.addShape(f.car, 14, Fixture::rect(14, 0, 15, 1));
  auto cmd = edits::mergeIntoTrack(f.doc, {a, b, c});
  const ObjectId merged = cmd->createdObjects().at(0);
  expectUndoable(f, std::move(cmd), [&] {
    ASSERT_EQ(f.doc.objects().size(), 1u);
    const AnnotationObject& t = *f.doc.object(merged);
    EXPECT_EQ(t.kind, ObjectKind::Track);
    EXPECT_TRUE(isVisibleAt(t, 2));
    EXPECT_FALSE(isVisibleAt(t, 3)) << "a merged shape is followed by an outside keyframe";
    EXPECT_FALSE(isVisibleAt(t, 5));
    EXPECT_TRUE(isVisibleAt(t, 7));
    EXPECT_TRUE(isVisibleAt(t, 12)) << "the track's last keyframe holds until the next object";
    EXPECT_TRUE(isVisibleAt(t, 14));
    EXPECT_FALSE(isVisibleAt(t, 15));
    EXPECT_EQ(t.trackAttributes.at(f.color), "red");
  });
  const ObjectId other = f.addShape(f.person, 3, Fixture::rect(0, 0, 1, 1));
  EXPECT_THROW(edits::mergeIntoTrack(f.doc, {merged, other}), CommandError) << "labels differ";
  const ObjectId same = f.addShape(f.car, 2, Fixture::rect(0, 0, 1, 1));
  EXPECT_THROW(edits::mergeIntoTrack(f.doc, {merged, same}), CommandError) << "both are on frame 2";
}

TEST(Edits, SplitTrack) {
  Fixture f;
  const ObjectId t = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 10, 10)}, {10, Fixture::rect(10, 0, 20, 10)}});
  auto cmd = edits::splitTrack(f.doc, t, 4);
  const ObjectId tail = cmd->createdObjects().at(0);
  expectUndoable(f, std::move(cmd), [&] {
    const AnnotationObject& head = *f.doc.object(t);
    const AnnotationObject& rest = *f.doc.object(tail);
    EXPECT_TRUE(isVisibleAt(head, 3));
    EXPECT_FALSE(isVisibleAt(head, 4));
    EXPECT_FALSE(isVisibleAt(rest, 3));
    EXPECT_EQ(stateAt(rest, 4)->points, (std::vector<double>{4, 0, 14, 10}));
    EXPECT_EQ(stateAt(rest, 10)->points, (std::vector<double>{10, 0, 20, 10}));
  });
  EXPECT_THROW(edits::splitTrack(f.doc, t, 0), CommandError);
  const ObjectId s = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  EXPECT_THROW(edits::splitTrack(f.doc, s, 0), CommandError) << "not a track";
}

TEST(Edits, SetAndRemoveKeyframe) {
  Fixture f;
  const ObjectId t = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 10, 10)}, {10, Fixture::rect(10, 0, 20, 10)}});
  expectUndoable(f, edits::setKeyframe(f.doc, t, 5, true), [&] {
    EXPECT_TRUE(isKeyframe(*f.doc.object(t), 5));
    EXPECT_EQ(f.doc.object(t)->keyframes.at(5).points, (std::vector<double>{5, 0, 15, 10}));
  });
  expectUndoable(f, edits::setKeyframe(f.doc, t, 10, false), [&] {
    EXPECT_FALSE(isKeyframe(*f.doc.object(t), 10));
    EXPECT_EQ(stateAt(*f.doc.object(t), 12)->points, (std::vector<double>{5, 0, 15, 10}));
  });
  EXPECT_THROW(edits::setKeyframe(f.doc, t, 5, true), CommandError) << "already a keyframe";
  f.undo.push(edits::setKeyframe(f.doc, t, 5, false));
  EXPECT_THROW(edits::setKeyframe(f.doc, t, 0, false), CommandError) << "the last keyframe stays";
}

TEST(Edits, SetAndClearOutside) {
  Fixture f;
  const ObjectId t = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 10, 10)}, {10, Fixture::rect(10, 0, 20, 10)}});
  expectUndoable(f, edits::setOutside(f.doc, t, 6, true), [&] {
    const AnnotationObject& obj = *f.doc.object(t);
    EXPECT_TRUE(isVisibleAt(obj, 5));
    EXPECT_FALSE(isVisibleAt(obj, 6));
    EXPECT_FALSE(isVisibleAt(obj, 9));
    EXPECT_TRUE(isVisibleAt(obj, 10));
  });
  expectUndoable(f, edits::setOutside(f.doc, t, 8, false), [&] {
    const AnnotationObject& obj = *f.doc.object(t);
    EXPECT_FALSE(isVisibleAt(obj, 7));
    EXPECT_TRUE(isVisibleAt(obj, 8));
  });
  const ObjectId single = f.addTrack(f.car, {{3, Fixture::rect(0, 0, 1, 1)}});
  EXPECT_THROW(edits::setOutside(f.doc, single, 3, true), CommandError) << "a track must stay visible somewhere";
  EXPECT_THROW(edits::setOutside(f.doc, single, 1, true), CommandError) << "not there before its first keyframe";
}

TEST(Edits, DeleteAndRestoreFrame) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 4, Fixture::rect(0, 0, 1, 1));
  expectUndoable(f, edits::deleteFrame(f.doc, 4), [&] {
    EXPECT_TRUE(f.doc.isFrameDeleted(4));
    EXPECT_NE(f.doc.object(s), nullptr) << "annotations stay with a deleted frame";
  });
  EXPECT_THROW(edits::deleteFrame(f.doc, 4), CommandError);
  expectUndoable(f, edits::restoreFrame(f.doc, 4), [&] { EXPECT_FALSE(f.doc.isFrameDeleted(4)); });
  EXPECT_THROW(edits::restoreFrame(f.doc, 4), CommandError);
  EXPECT_THROW(edits::deleteFrame(f.doc, 20), CommandError);
}

TEST(Edits, RemoveAnnotationsInRangeCutsTracks) {
  Fixture f;
  const ObjectId inside = f.addShape(f.car, 5, Fixture::rect(0, 0, 1, 1));
  const ObjectId outside = f.addShape(f.car, 12, Fixture::rect(0, 0, 1, 1));
  const ObjectId tag = f.addTag(f.weather, 6);
  const ObjectId t = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 10, 10)}, {6, Fixture::rect(6, 0, 16, 10)},
                                        {10, Fixture::rect(10, 0, 20, 10)}});
  const ObjectId within = f.addTrack(f.car, {{5, Fixture::rect(0, 0, 1, 1)}, {7, Fixture::rect(0, 0, 1, 1)}});
  f.undo.push(edits::setOutside(f.doc, within, 8, true));
  expectUndoable(f, edits::removeAnnotations(f.doc, 4, 8, false), [&] {
    EXPECT_EQ(f.doc.object(inside), nullptr);
    EXPECT_EQ(f.doc.object(tag), nullptr);
    EXPECT_NE(f.doc.object(outside), nullptr);
    EXPECT_EQ(f.doc.object(within), nullptr) << "a track wholly in the range goes";
    const AnnotationObject& obj = *f.doc.object(t);
    EXPECT_TRUE(isVisibleAt(obj, 3));
    for (int frame = 4; frame <= 8; ++frame) EXPECT_FALSE(isVisibleAt(obj, frame)) << frame;
    EXPECT_EQ(stateAt(obj, 9)->points, (std::vector<double>{9, 0, 19, 10})) << "resumes where it was";
  });
}

TEST(Edits, RemoveOnlyKeyframesInRange) {
  Fixture f;
  const ObjectId t = f.addTrack(f.car, {{0, Fixture::rect(0, 0, 10, 10)}, {6, Fixture::rect(0, 0, 99, 99)},
                                        {10, Fixture::rect(10, 0, 20, 10)}});
  expectUndoable(f, edits::removeAnnotations(f.doc, 4, 8, true), [&] {
    const AnnotationObject& obj = *f.doc.object(t);
    EXPECT_FALSE(isKeyframe(obj, 6));
    EXPECT_TRUE(isVisibleAt(obj, 6));
    EXPECT_EQ(stateAt(obj, 5)->points, (std::vector<double>{5, 0, 15, 10}));
  });
}

TEST(Edits, ViewStateIsNotUndoable) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  const std::size_t steps = f.undo.count();
  int events = 0;
  f.doc.subscribe([&](const std::vector<ChangeEvent>& e) {
    events += 1;
    EXPECT_EQ(e.front().type, ChangeEvent::Type::ViewStateChanged);
  });
  f.doc.setHidden(s, true);
  f.doc.setLocked(s, true);
  f.doc.setPinned(s, true);
  EXPECT_TRUE(f.doc.viewState(s).hidden);
  EXPECT_TRUE(f.doc.viewState(s).locked);
  EXPECT_TRUE(f.doc.viewState(s).pinned);
  EXPECT_EQ(f.undo.count(), steps);
  EXPECT_EQ(events, 3);
}

TEST(Edits, ObserversReceivePreciseEvents) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 3, Fixture::rect(0, 0, 1, 1));
  const ObjectId t = f.addTrack(f.car, {{5, Fixture::rect(0, 0, 10, 10)}, {10, Fixture::rect(10, 0, 20, 10)}});
  std::vector<ChangeEvent> seen;
  const int token = f.doc.subscribe([&](const std::vector<ChangeEvent>& e) { seen.insert(seen.end(), e.begin(), e.end()); });
  f.undo.push(edits::editShape(f.doc, s, 3, Fixture::rect(1, 1, 2, 2)));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].type, ChangeEvent::Type::ObjectChanged);
  EXPECT_EQ(seen[0].object, s);
  EXPECT_EQ(seen[0].firstFrame, 3);
  EXPECT_EQ(seen[0].lastFrame, 3);
  seen.clear();
  f.undo.push(edits::remove(f.doc, {t}));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].type, ChangeEvent::Type::ObjectRemoved);
  EXPECT_EQ(seen[0].firstFrame, 5);
  EXPECT_EQ(seen[0].lastFrame, 19) << "a track's last keyframe holds to the end of the task";
  seen.clear();
  f.undo.undo();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].type, ChangeEvent::Type::ObjectAdded);
  f.doc.unsubscribe(token);
  seen.clear();
  f.undo.redo();
  EXPECT_TRUE(seen.empty());
}

TEST(Edits, GeometryIsCheckedOnCreateAndEdit) {
  Fixture f;
  AnnotationObject o;
  o.label = f.car;
  o.frame = 0;
  o.shape = Fixture::rect(0, 0, 1, 1);
  o.shape.points.pop_back();
  EXPECT_THROW(edits::create(f.doc, {o}), CommandError) << "a rectangle needs 4 numbers";
  o.shape.type = ShapeType::Polygon;
  o.shape.points = {0, 0, 1, 1};
  EXPECT_THROW(edits::create(f.doc, {o}), CommandError) << "a polygon needs 3 points";
  o.shape.points = {0, 0, 1, 1, 2, std::nan("")};
  EXPECT_THROW(edits::create(f.doc, {o}), CommandError) << "NaN";
  o.label = f.box3d;
  o.shape.type = ShapeType::Cuboid3D;
  o.shape.points = {0, 0, 0, 0, 0, 0, 4, 0, 1.5};
  EXPECT_THROW(edits::create(f.doc, {o}), CommandError) << "zero width";
  o.shape.points[7] = 2;
  EXPECT_NO_THROW(edits::create(f.doc, {o}));
  o.label = f.car;
  o.shape.type = ShapeType::Mask;
  o.shape.points = {1, 2, 3, 0, 0, 1, 1};  // 6 pixels of runs for a 2 x 2 box
  EXPECT_THROW(edits::create(f.doc, {o}), CommandError) << "runs overflow the box";
  o.label = f.skeleton;
  o.shape.type = ShapeType::Skeleton;
  o.shape.points.clear();
  o.shape.elements = {{f.car, {1, 1}, false, false, {}}};
  EXPECT_THROW(edits::create(f.doc, {o}), CommandError) << "car is not a point of the hand";
  const Label* hand = f.doc.labels().label(f.skeleton);
  o.shape.elements = {{hand->sublabels[0], {1, 1}, false, false, {}}, {hand->sublabels[1], {2, 2}, false, true, {}}};
  EXPECT_NO_THROW(edits::create(f.doc, {o}));

  const ObjectId s = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  EXPECT_THROW(edits::editShape(f.doc, s, 0, Fixture::rect(0, 0, 1, INFINITY)), CommandError);
}

}  // namespace
}  // namespace labelstation

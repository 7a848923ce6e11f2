#pragma once
// Hand-built annotation sets for format and project tests: every 2D shape type, tags, tracks with
// keyframes, outside and mutable / immutable attributes.
// sampleCuboidSet: 3D cuboid shapes and tracks for the point cloud formats.

#include <cmath>

#include "labelstation/core/mask.h"
#include "labelstation/io/annotation_set.h"

namespace labelstation::io::testing {

inline AttributeSpec attribute(const std::string& name, AttributeInputType type, std::vector<std::string> values,
                               bool isMutable = false, std::string defaultValue = {}) {
  AttributeSpec a;
  a.name = name;
  a.inputType = type;
  a.values = std::move(values);
  a.isMutable = isMutable;
  a.defaultValue = std::move(defaultValue);
  return a;
}

inline LabelSchema sampleLabels2D() {
  LabelSchema s;
  Label car;
  car.name = "car";
  car.color = "#fa3253";
  car.type = LabelType::Any;
  car.attributes = {attribute("model", AttributeInputType::Select, {"sedan", "van", "truck"}),
                    attribute("parked", AttributeInputType::Checkbox, {"false"}),
                    attribute("speed", AttributeInputType::Number, {"0", "200", "0.5"}, true),
                    attribute("plate", AttributeInputType::Text, {}, true, "unknown"),
                    attribute("colour", AttributeInputType::Radio, {"red", "blue & white"}, true)};
  s.addLabel(car);
  Label person;
  person.name = "person";
  person.color = "#33ddff";
  s.addLabel(person);
  Label scene;
  scene.name = "night";
  scene.color = "#34d1b7";
  scene.type = LabelType::Tag;
  scene.attributes = {attribute("light", AttributeInputType::Select, {"street", "none"})};
  s.addLabel(scene);
  Label body;
  body.name = "body";
  body.color = "#ff6037";
  body.type = LabelType::Skeleton;
  const LabelId bodyId = s.addLabel(body);
  LabelId ids[3];
  const char* names[3] = {"head", "left hand", "right hand"};
  for (int i = 0; i < 3; ++i) {
    Label point;
    point.name = names[i];
    point.color = "#b83df5";
    point.type = LabelType::Points;
    if (i == 0) point.attributes = {attribute("visible", AttributeInputType::Checkbox, {"true"})};
    ids[i] = s.addSublabel(bodyId, point);
  }
  s.addEdge(bodyId, ids[0], ids[1]);
  s.addEdge(bodyId, ids[0], ids[2]);
  Label* b = s.label(bodyId);
  b->nodePositions = {{ids[0], {50, 10}}, {ids[1], {20, 60}}, {ids[2], {80, 60}}};
  return s;
}

inline AttributeValues values(const LabelSchema& s, const std::string& label, std::map<std::string, std::string> byName) {
  AttributeValues out;
  const Label* l = s.labelByName(label);
  for (const auto& [name, value] : byName) out[l->attributeByName(name)->id] = value;
  return out;
}

inline ShapeState shapeOf(ShapeType type, std::vector<double> points, double rotation = 0.0) {
  ShapeState s;
  s.type = type;
  s.points = std::move(points);
  s.rotation = rotation;
  return s;
}

// Four frames (frame 2 empty); one of each 2D shape type, a tag, a skeleton, a rectangle track
// with an outside keyframe and a polygon track.
inline AnnotationSet sampleImageSet() {
  AnnotationSet set;
  set.task.name = "street & co";
  set.task.dimension = TaskDimension::Image2D;
  set.task.labels = sampleLabels2D();
  const LabelSchema& L = set.task.labels;
  for (int i = 0; i < 4; ++i) {
    FrameInfo f;
    f.name = "cam0/frame_" + std::to_string(i) + ".jpg";
    f.width = 640;
    f.height = 480;
    set.task.frames.push_back(f);
  }
  const LabelId car = L.labelByName("car")->id, person = L.labelByName("person")->id;
  ObjectId id = 1;
  auto add = [&](int frame, LabelId label, ShapeState state) -> AnnotationObject& {
    AnnotationObject o;
    o.id = id++;
    o.kind = ObjectKind::Shape;
    o.label = label;
    o.frame = frame;
    o.shape = std::move(state);
    set.objects.push_back(std::move(o));
    return set.objects.back();
  };
  ShapeState box = shapeOf(ShapeType::Rectangle, {10.5, 20.25, 110.125, 90.0625}, 33.333333);
  box.occluded = true;
  box.zOrder = 3;
  box.attributes = values(L, "car", {{"model", "van"}, {"parked", "true"}, {"speed", "12.5"}, {"plate", "AB <12> & \"x\""}, {"colour", "blue & white"}});
  add(0, car, box).group = 4;
  add(0, person, shapeOf(ShapeType::Polygon, {1, 2, 30.5, 4, 20, 40.75})).source = Source::Auto;
  add(0, person, shapeOf(ShapeType::Polyline, {5, 5, 50, 60, 70.000001, 80}));
  add(1, person, shapeOf(ShapeType::Points, {3, 4, 5.5, 6.5}));
  add(1, person, shapeOf(ShapeType::Ellipse, {100, 100, 140, 80}, 15)).source = Source::SemiAuto;
  std::vector<double> cuboid;
  for (int i = 0; i < 16; ++i) cuboid.push_back(10 + i * 3.25);
  add(1, car, shapeOf(ShapeType::Cuboid2D, cuboid)).shape.attributes = values(L, "car", {{"model", "truck"}});
  MaskBitmap mask;
  mask.left = 200;
  mask.top = 150;
  mask.width = 5;
  mask.height = 3;
  mask.pixels = {1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1};
  add(3, person, shapeOf(ShapeType::Mask, encodeMask(mask)));
  ShapeState skeleton;
  skeleton.type = ShapeType::Skeleton;
  const Label* body = L.labelByName("body");
  for (std::size_t i = 0; i < body->sublabels.size(); ++i) {
    SkeletonElement e;
    e.label = body->sublabels[i];
    e.points = {100.0 + 10 * static_cast<double>(i), 200.0 - 5 * static_cast<double>(i)};
    e.outside = i == 2;
    e.occluded = i == 1;
    if (i == 0) e.attributes = {{L.label(e.label)->attributes[0].id, "false"}};
    skeleton.elements.push_back(e);
  }
  add(3, body->id, skeleton);
  AnnotationObject tag;
  tag.id = id++;
  tag.kind = ObjectKind::Tag;
  tag.label = L.labelByName("night")->id;
  tag.frame = 1;
  tag.shape.attributes = values(L, "night", {{"light", "none"}});
  set.objects.push_back(tag);

  AnnotationObject track;
  track.id = id++;
  track.kind = ObjectKind::Track;
  track.label = car;
  track.trackAttributes = values(L, "car", {{"model", "sedan"}, {"parked", "false"}});
  ShapeState k0 = shapeOf(ShapeType::Rectangle, {0, 0, 100, 50});
  k0.attributes = values(L, "car", {{"speed", "10"}, {"plate", "P1"}, {"colour", "red"}});
  ShapeState k2 = shapeOf(ShapeType::Rectangle, {40, 20, 140, 70}, 10);
  k2.attributes = values(L, "car", {{"speed", "20"}, {"plate", "P1"}, {"colour", "red"}});
  k2.occluded = true;
  ShapeState k3 = k2;
  k3.outside = true;
  track.keyframes = {{0, k0}, {2, k2}, {3, k3}};
  set.objects.push_back(track);

  AnnotationObject polygonTrack;
  polygonTrack.id = id++;
  polygonTrack.kind = ObjectKind::Track;
  polygonTrack.label = person;
  polygonTrack.source = Source::Auto;
  polygonTrack.keyframes = {{1, shapeOf(ShapeType::Polygon, {0, 0, 10, 0, 10, 10, 0, 10})},
                            {3, shapeOf(ShapeType::Polygon, {20, 20, 40, 20, 40, 40, 20, 40})}};
  set.objects.push_back(polygonTrack);
  return set;
}

inline ShapeState cuboidState(std::vector<double> points, bool occluded = false, AttributeValues attributes = {}) {
  ShapeState s = shapeOf(ShapeType::Cuboid3D, std::move(points));
  s.occluded = occluded;
  s.attributes = std::move(attributes);
  return s;
}

// A point cloud task: six frames "pointcloud/frame<i>.pcd" (frame 5 empty); labels car (select /
// number / checkbox / text attributes) and pedestrian (a mutable select). Objects, in this order:
// an occluded car shape on frame 0 whose note holds XML and JSON specials and non-ASCII text; a
// car track with track attributes, keyframes 0 and 2 (occluded, size 4 → 4.4) and outside from 3;
// a pedestrian track with keyframes 1 and 4 and outside from 5; a pedestrian shape on frame 4.
// No groups.
inline AnnotationSet sampleCuboidSet() {
  AnnotationSet set;
  set.task.dimension = TaskDimension::PointCloud3D;
  for (int i = 0; i < 6; ++i) set.task.frames.push_back(FrameInfo{"pointcloud/frame" + std::to_string(i) + ".pcd", "", {}, false, 0, 0});
  Label car{kNoLabel, "car", "#ff0000", LabelType::Cuboid3D, {}};
  car.attributes = {attribute("color", AttributeInputType::Select, {"red", "blue"}),
                    attribute("count", AttributeInputType::Number, {"0", "10", "1"}, true),
                    attribute("parked", AttributeInputType::Checkbox, {"false"}, true),
                    attribute("note", AttributeInputType::Text, {})};
  const LabelId carId = set.task.labels.addLabel(car);
  Label pedestrian{kNoLabel, "pedestrian", "#00ff00", LabelType::Cuboid3D, {}};
  pedestrian.attributes = {attribute("pose", AttributeInputType::Select, {"standing", "walking"}, true)};
  const LabelId pedestrianId = set.task.labels.addLabel(pedestrian);
  const Label& c = *set.task.labels.label(carId);
  const AttributeId color = c.attributes[0].id, count = c.attributes[1].id, parked = c.attributes[2].id,
                    note = c.attributes[3].id;
  const AttributeId pose = set.task.labels.label(pedestrianId)->attributes[0].id;

  AnnotationObject shape;
  shape.id = 1;
  shape.label = carId;
  shape.frame = 0;
  shape.shape = cuboidState({1.5, -2.25, 0.75, 0.1, -0.2, 1.25, 4.5, 1.8, 1.6}, true,
                            {{color, "red"}, {count, "3"}, {parked, "true"}, {note, "a <quoted> & \"ünïcode\" note"}});
  set.objects.push_back(shape);

  AnnotationObject track;
  track.id = 2;
  track.kind = ObjectKind::Track;
  track.label = carId;
  track.trackAttributes = {{color, "blue"}, {note, "keep"}};
  track.keyframes[0] = cuboidState({10, 5, 0.5, 0, 0, 0.3, 4, 2, 1.5}, false, {{count, "1"}, {parked, "false"}});
  track.keyframes[2] = cuboidState({14, 6, 0.5, 0, 0, 0.5, 4.4, 2, 1.5}, true, {{count, "2"}, {parked, "true"}});
  track.keyframes[3] = track.keyframes[2];
  track.keyframes[3].outside = true;
  set.objects.push_back(track);

  AnnotationObject walker;
  walker.id = 3;
  walker.kind = ObjectKind::Track;
  walker.label = pedestrianId;
  walker.keyframes[1] = cuboidState({-3, 7, 0.9, 0, 0, -1.5, 0.6, 0.7, 1.8}, false, {{pose, "walking"}});
  walker.keyframes[4] = cuboidState({-1, 9, 0.9, 0, 0, -1.2, 0.6, 0.7, 1.8}, false, {{pose, "standing"}});
  walker.keyframes[5] = walker.keyframes[4];
  walker.keyframes[5].outside = true;
  set.objects.push_back(walker);

  AnnotationObject person;
  person.id = 4;
  person.label = pedestrianId;
  person.frame = 4;
  person.shape = cuboidState({2, 2, 1, 0, 0, 0, 0.5, 0.5, 1.7}, false, {{pose, "standing"}});
  set.objects.push_back(person);
  return set;
}

}  // namespace labelstation::io::testing

#include <gtest/gtest.h>

#include "labelstation/core/label_schema.h"

namespace labelstation {
namespace {

Label named(const std::string& name, LabelType type = LabelType::Any) {
  Label l;
  l.name = name;
  l.type = type;
  l.color = "#123456";
  return l;
}

AttributeSpec attr(const std::string& name, AttributeInputType type, std::vector<std::string> values,
                   std::string def = {}) {
  AttributeSpec a;
  a.name = name;
  a.inputType = type;
  a.values = std::move(values);
  a.defaultValue = std::move(def);
  return a;
}

// Labels loaded from a file carry ids of their own: they are matched to the task's by name, then
// by id for a rename; new labels never take an id the task used.
TEST(LabelSchema, MatchLabelIdsByNameThenId) {
  LabelSchema current;
  Label car = named("car");
  car.attributes = {attr("parked", AttributeInputType::Checkbox, {"false"})};
  const LabelId carId = current.addLabel(car);
  const LabelId truckId = current.addLabel(named("truck"));
  const LabelId skeletonId = current.addLabel(named("body", LabelType::Skeleton));
  const LabelId headId = current.addSublabel(skeletonId, named("head"));
  const LabelId handId = current.addSublabel(skeletonId, named("hand"));
  current.addEdge(skeletonId, headId, handId);

  LabelSchema loaded;  // same names, other ids, another order, and a new label on an old id
  Label bus = named("bus");
  bus.id = truckId;
  loaded.addLabel(bus);
  Label truck = named("truck");
  truck.id = 40;
  loaded.addLabel(truck);
  Label car2 = named("car");
  car2.id = 41;
  car2.attributes = {attr("color", AttributeInputType::Text, {""}), attr("parked", AttributeInputType::Checkbox, {"false"})};
  loaded.addLabel(car2);
  Label body = named("body", LabelType::Skeleton);
  body.id = 50;
  const LabelId loadedBody = loaded.addLabel(body);
  const LabelId loadedHand = loaded.addSublabel(loadedBody, named("hand"));
  const LabelId loadedFoot = loaded.addSublabel(loadedBody, named("foot"));
  loaded.addEdge(loadedBody, loadedHand, loadedFoot);

  const LabelSchema matched = matchLabelIds(current, loaded);
  EXPECT_TRUE(matched.validate().empty());
  EXPECT_EQ(matched.labelByName("car")->id, carId);
  EXPECT_EQ(matched.labelByName("truck")->id, truckId);
  EXPECT_GT(matched.labelByName("bus")->id, handId) << "a new label never takes an id the task used";
  EXPECT_EQ(matched.labelByName("car")->attributeByName("parked")->id, current.label(carId)->attributeByName("parked")->id);
  EXPECT_NE(matched.labelByName("car")->attributeByName("color")->id, current.label(carId)->attributeByName("parked")->id);
  EXPECT_EQ(matched.labelByName("body")->id, skeletonId);
  EXPECT_EQ(matched.labelByName("hand", skeletonId)->id, handId);
  EXPECT_GT(matched.labelByName("foot", skeletonId)->id, handId);
  EXPECT_EQ(matched.label(skeletonId)->edges.size(), 1u);

  LabelSchema renamed;  // the constructor keeps ids: a renamed label keeps its id
  Label automobile = named("automobile");
  automobile.id = carId;
  renamed.addLabel(automobile);
  Label sameTruck = named("truck");
  sameTruck.id = truckId;
  renamed.addLabel(sameTruck);
  const LabelSchema kept = matchLabelIds(current, renamed);
  EXPECT_EQ(kept.labelByName("automobile")->id, carId);
  EXPECT_EQ(kept.labelByName("truck")->id, truckId);
}

TEST(LabelSchema, AssignsIdsAndFindsLabels) {
  LabelSchema s;
  Label car = named("car");
  car.attributes = {attr("color", AttributeInputType::Select, {"red", "blue"})};
  const LabelId id = s.addLabel(car);
  EXPECT_GT(id, 0);
  EXPECT_EQ(s.labelByName("car")->id, id);
  EXPECT_GT(s.label(id)->attributes[0].id, 0);
  EXPECT_EQ(s.labelByName("bus"), nullptr);
}

TEST(LabelSchema, RejectsDuplicateNames) {
  LabelSchema s;
  s.addLabel(named("car"));
  try {
    s.addLabel(named("car"));
    FAIL() << "a duplicate name was accepted";
  } catch (const SchemaError& e) {
    EXPECT_NE(std::string(e.what()).find("duplicate label name \"car\""), std::string::npos) << e.what();
  }
  Label dupAttr = named("bus");
  dupAttr.attributes = {attr("a", AttributeInputType::Text, {}), attr("a", AttributeInputType::Text, {})};
  EXPECT_THROW(s.addLabel(dupAttr), SchemaError);
  EXPECT_EQ(s.allLabels().size(), 1u) << "a rejected label is not kept";
}

TEST(LabelSchema, RejectsBadAttributeSpecs) {
  LabelSchema s;
  Label l = named("a");
  l.attributes = {attr("x", AttributeInputType::Select, {})};
  EXPECT_THROW(s.addLabel(l), SchemaError) << "select without options";
  l.attributes = {attr("x", AttributeInputType::Number, {"10", "0", "1"})};
  EXPECT_THROW(s.addLabel(l), SchemaError) << "min > max";
  l.attributes = {attr("x", AttributeInputType::Number, {"0", "10"})};
  EXPECT_THROW(s.addLabel(l), SchemaError) << "no step";
  l.attributes = {attr("x", AttributeInputType::Select, {"a", "b"}, "c")};
  EXPECT_THROW(s.addLabel(l), SchemaError) << "default not among options";
  l.attributes = {attr("x", AttributeInputType::Number, {"0", "10", "2"}, "11")};
  EXPECT_THROW(s.addLabel(l), SchemaError) << "default out of range";
  l.attributes = {};
  l.color = "red";
  EXPECT_THROW(s.addLabel(l), SchemaError) << "colour is not #rrggbb";
}

TEST(LabelSchema, CheckValueSaysWhy) {
  const auto sel = attr("color", AttributeInputType::Select, {"red", "blue"});
  EXPECT_EQ(sel.checkValue("red"), "");
  EXPECT_NE(sel.checkValue("green").find("not one of its options"), std::string::npos);
  const auto num = attr("speed", AttributeInputType::Number, {"0", "100", "5"});
  EXPECT_EQ(num.checkValue("15"), "");
  EXPECT_NE(num.checkValue("101").find("outside its range [0, 100]"), std::string::npos) << num.checkValue("101");
  EXPECT_NE(num.checkValue("12").find("step"), std::string::npos);
  EXPECT_NE(num.checkValue("abc").find("not a number"), std::string::npos);
  const auto box = attr("parked", AttributeInputType::Checkbox, {"false"});
  EXPECT_EQ(box.checkValue("true"), "");
  EXPECT_NE(box.checkValue("1"), "");
  EXPECT_EQ(attr("note", AttributeInputType::Text, {}).checkValue("anything"), "");
}

TEST(LabelSchema, DefaultsAndMutability) {
  LabelSchema s;
  Label l = named("car");
  auto a = attr("color", AttributeInputType::Radio, {"red", "blue"});
  auto b = attr("speed", AttributeInputType::Number, {"0", "100", "5"}, "50");
  b.isMutable = true;
  auto c = attr("parked", AttributeInputType::Checkbox, {"true"});
  l.attributes = {a, b, c};
  const LabelId id = s.addLabel(l);
  const Label* car = s.label(id);
  auto all = s.defaultAttributes(id);
  EXPECT_EQ(all.at(car->attributeByName("color")->id), "red");
  EXPECT_EQ(all.at(car->attributeByName("speed")->id), "50");
  EXPECT_EQ(all.at(car->attributeByName("parked")->id), "true");
  EXPECT_EQ(s.defaultAttributes(id, LabelSchema::Mutability::MutableOnly).size(), 1u);
  EXPECT_EQ(s.defaultAttributes(id, LabelSchema::Mutability::ImmutableOnly).size(), 2u);
}

TEST(LabelSchema, SkeletonSublabelsAndEdges) {
  LabelSchema s;
  const LabelId hand = s.addLabel(named("hand", LabelType::Skeleton));
  const LabelId wrist = s.addSublabel(hand, named("wrist"));
  const LabelId thumb = s.addSublabel(hand, named("thumb"));
  s.addEdge(hand, wrist, thumb);
  EXPECT_EQ(s.label(wrist)->type, LabelType::Points);
  EXPECT_EQ(s.label(hand)->sublabels, (std::vector<LabelId>{wrist, thumb}));
  EXPECT_EQ(s.label(hand)->edges.size(), 1u);
  EXPECT_EQ(s.topLevelLabels().size(), 1u);
  EXPECT_THROW(s.addSublabel(hand, named("wrist")), SchemaError) << "duplicate point name";
  EXPECT_THROW(s.addEdge(hand, wrist, wrist), SchemaError);
  const LabelId car = s.addLabel(named("car"));
  EXPECT_THROW(s.addSublabel(car, named("x")), SchemaError) << "not a skeleton";
  EXPECT_NO_THROW(s.addSublabel(hand, named("car"))) << "point names are per skeleton";
}

TEST(LabelTypes, NamesRoundTripAndShapeRules) {
  for (auto t : {LabelType::Any, LabelType::Rectangle, LabelType::Cuboid2D, LabelType::Cuboid3D, LabelType::Skeleton,
                 LabelType::Mask, LabelType::Tag})
    EXPECT_EQ(labelTypeFromString(toString(t)), t);
  EXPECT_EQ(labelTypeFromString("bbox"), LabelType::Rectangle);
  EXPECT_EQ(shapeTypeFromString("box"), ShapeType::Rectangle);
  EXPECT_EQ(toString(ShapeType::Cuboid3D), "cuboid_3d");
  EXPECT_TRUE(labelAllowsShape(LabelType::Any, ShapeType::Polygon));
  EXPECT_FALSE(labelAllowsShape(LabelType::Any, ShapeType::Skeleton));
  EXPECT_FALSE(labelAllowsShape(LabelType::Rectangle, ShapeType::Polygon));
  EXPECT_EQ(sourceFromString("semi-auto"), Source::SemiAuto);
}

}  // namespace
}  // namespace labelstation

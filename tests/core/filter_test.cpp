// The object filter language: properties, operators, precedence, literals, attributes, errors
// with their positions, and the filter-aware frame search of the player.

#include "labelstation/core/filter.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "labelstation/core/document.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/core/undo_stack.h"

namespace labelstation {
namespace {

ShapeState rect(double x1, double y1, double x2, double y2) {
  ShapeState s;
  s.type = ShapeType::Rectangle;
  s.points = {x1, y1, x2, y2};
  return s;
}

ShapeState shapeOf(ShapeType type, std::vector<double> points) {
  ShapeState s;
  s.type = type;
  s.points = std::move(points);
  return s;
}

ShapeState outside(ShapeState s) {
  s.outside = true;
  return s;
}

// A document with labels of several kinds:
//  car (any shape): color (immutable select), speed (mutable number, -100..100 step 0.5),
//                   parked (mutable checkbox), "license plate" (immutable text), note (text)
//  person (rectangle), vehicle3d (cuboid_3d), blob (mask), weather (tag), hand (skeleton)
class FilterDoc : public ::testing::Test {
 protected:
  Document doc{makeTask(20)};
  LabelId car = doc.labels().labelByName("car")->id;
  LabelId person = doc.labels().labelByName("person")->id;
  LabelId vehicle3d = doc.labels().labelByName("vehicle3d")->id;
  LabelId blob = doc.labels().labelByName("blob")->id;
  LabelId weather = doc.labels().labelByName("weather")->id;
  LabelId hand = doc.labels().labelByName("hand")->id;

  static Task makeTask(int frames) {
    Task task;
    task.frames.resize(static_cast<std::size_t>(frames));
    Label car;
    car.name = "car";
    car.color = "#ff0000";
    car.attributes = {
        {0, "color", AttributeInputType::Select, false, {"red", "blue"}, ""},
        {0, "speed", AttributeInputType::Number, true, {"-100", "100", "0.5"}, "0"},
        {0, "parked", AttributeInputType::Checkbox, true, {"false"}, ""},
        {0, "license plate", AttributeInputType::Text, false, {}, ""},
        {0, "note", AttributeInputType::Text, false, {}, ""},
    };
    task.labels.addLabel(car);
    auto simple = [&](const std::string& name, LabelType type) {
      Label l;
      l.name = name;
      l.color = "#00ff00";
      l.type = type;
      return task.labels.addLabel(l);
    };
    simple("person", LabelType::Rectangle);
    simple("vehicle3d", LabelType::Cuboid3D);
    simple("blob", LabelType::Mask);
    simple("weather", LabelType::Tag);
    const LabelId hand = simple("hand", LabelType::Skeleton);
    Label wrist;
    wrist.name = "wrist";
    Label thumb;
    thumb.name = "thumb";
    task.labels.addSublabel(hand, wrist);
    task.labels.addSublabel(hand, thumb);
    return task;
  }

  AttributeId attr(LabelId label, const std::string& name) const {
    return doc.labels().label(label)->attributeByName(name)->id;
  }

  ObjectId add(AnnotationObject object) {
    auto command = edits::create(doc, {std::move(object)});
    const ObjectId id = command->createdObjects().front();
    command->apply(doc);
    return id;
  }

  ObjectId addShape(LabelId label, int frame, ShapeState state) {
    AnnotationObject o;
    o.kind = ObjectKind::Shape;
    o.label = label;
    o.frame = frame;
    o.shape = std::move(state);
    return add(std::move(o));
  }

  ObjectId addTrack(LabelId label, std::map<int, ShapeState> keyframes, AttributeValues trackAttributes = {}) {
    AnnotationObject o;
    o.kind = ObjectKind::Track;
    o.label = label;
    o.keyframes = std::move(keyframes);
    o.trackAttributes = std::move(trackAttributes);
    return add(std::move(o));
  }

  ObjectId addTag(LabelId label, int frame) {
    AnnotationObject o;
    o.kind = ObjectKind::Tag;
    o.label = label;
    o.frame = frame;
    return add(std::move(o));
  }

  void deleteFrame(int frame) { edits::deleteFrame(doc, frame)->apply(doc); }

  bool match(const std::string& expression, ObjectId id, int frame) const {
    return Filter::parse(expression).matches(doc, *doc.object(id), frame);
  }

  std::optional<int> find(const std::string& expression, int from, int direction) const {
    const Filter filter = Filter::parse(expression);
    return findFrameWithMatch(doc, &filter, from, direction);
  }
};

// ---- properties ------------------------------------------------------------------------------

TEST_F(FilterDoc, LabelProperty) {
  const ObjectId c = addShape(car, 0, rect(0, 0, 10, 10));
  const ObjectId p = addShape(person, 0, rect(0, 0, 10, 10));
  EXPECT_TRUE(match("label == \"car\"", c, 0));
  EXPECT_FALSE(match("label == \"car\"", p, 0));
  EXPECT_TRUE(match("\"car\" == label", c, 0));
  EXPECT_TRUE(match("label != 'person'", c, 0));
  EXPECT_FALSE(match("label == 'Car'", c, 0));  // values are case-sensitive
  EXPECT_TRUE(match("LABEL == 'car'", c, 0));   // property names are not
}

TEST_F(FilterDoc, TypeProperty) {
  const ObjectId shape = addShape(car, 1, rect(0, 0, 10, 10));
  const ObjectId track = addTrack(car, {{1, rect(0, 0, 10, 10)}});
  const ObjectId tag = addTag(weather, 1);
  EXPECT_TRUE(match("type == 'shape'", shape, 1));
  EXPECT_TRUE(match("type == 'track'", track, 1));
  EXPECT_TRUE(match("type == 'tag'", tag, 1));
  EXPECT_FALSE(match("type == 'shape'", track, 1));
  EXPECT_TRUE(match("Type != 'tag'", shape, 1));
}

TEST_F(FilterDoc, ShapeProperty) {
  const ObjectId r = addShape(car, 0, rect(0, 0, 10, 10));
  const ObjectId poly = addShape(car, 0, shapeOf(ShapeType::Polygon, {0, 0, 10, 0, 5, 5}));
  const ObjectId cube = addShape(vehicle3d, 0, shapeOf(ShapeType::Cuboid3D, {0, 0, 0, 0, 0, 0, 4, 2, 1.5}));
  const ObjectId mask = addShape(blob, 0, shapeOf(ShapeType::Mask, {0, 6, 2, 3, 4, 4}));
  const ObjectId tag = addTag(weather, 0);
  EXPECT_TRUE(match("shape == 'rectangle'", r, 0));
  EXPECT_TRUE(match("shape == 'polygon'", poly, 0));
  EXPECT_TRUE(match("shape == 'cuboid_3d'", cube, 0));
  EXPECT_TRUE(match("shape == 'mask'", mask, 0));
  EXPECT_FALSE(match("shape == 'rectangle'", poly, 0));
  // Tags have no shape: no comparison with it holds.
  EXPECT_FALSE(match("shape == 'rectangle'", tag, 0));
  EXPECT_FALSE(match("shape != 'rectangle'", tag, 0));
}

TEST_F(FilterDoc, OccludedProperty) {
  ShapeState hidden = rect(0, 0, 10, 10);
  hidden.occluded = true;
  const ObjectId a = addShape(car, 0, hidden);
  const ObjectId b = addShape(car, 0, rect(0, 0, 10, 10));
  const ObjectId tag = addTag(weather, 0);
  EXPECT_TRUE(match("occluded == true", a, 0));
  EXPECT_FALSE(match("occluded == true", b, 0));
  EXPECT_TRUE(match("occluded != true", b, 0));
  EXPECT_TRUE(match("false == occluded", b, 0));
  EXPECT_TRUE(match("occluded == TRUE", a, 0));
  EXPECT_FALSE(match("occluded == false", tag, 0));
  EXPECT_FALSE(match("occluded != false", tag, 0));
}

TEST_F(FilterDoc, ObjectIdPropertyAndAliases) {
  const ObjectId a = addShape(car, 0, rect(0, 0, 10, 10));
  const std::string id = std::to_string(a);
  EXPECT_TRUE(match("objectID == " + id, a, 0));
  EXPECT_TRUE(match("id == " + id, a, 0));
  EXPECT_TRUE(match("object_id == " + id, a, 0));
  EXPECT_TRUE(match("OBJECTID >= " + id, a, 0));
  EXPECT_FALSE(match("objectid != " + id, a, 0));
  EXPECT_TRUE(match("id < " + std::to_string(a + 1), a, 0));
}

TEST_F(FilterDoc, ServerIdIsAlwaysMissing) {
  const ObjectId a = addShape(car, 0, rect(0, 0, 10, 10));
  EXPECT_FALSE(match("serverID == 0", a, 0));
  EXPECT_FALSE(match("serverID != 0", a, 0));
  EXPECT_FALSE(match("server_id >= 0", a, 0));
  EXPECT_TRUE(match("!(serverID == 0)", a, 0));
}

TEST_F(FilterDoc, WidthAndHeightOfShapes) {
  const ObjectId r = addShape(car, 0, rect(30, 40, 10, 15));  // corners in any order
  const ObjectId poly = addShape(car, 0, shapeOf(ShapeType::Polygon, {5, 5, 25, 8, 12, 35}));
  const ObjectId cube = addShape(vehicle3d, 0, shapeOf(ShapeType::Cuboid3D, {1, 2, 3, 0.1, 0.2, 0.3, 4, 2, 1.5}));
  // Mask: runs, then left, top, right, bottom inclusive: 3 x 2 pixels.
  const ObjectId mask = addShape(blob, 0, shapeOf(ShapeType::Mask, {0, 6, 10, 20, 12, 21}));
  const ObjectId ellipse = addShape(car, 0, shapeOf(ShapeType::Ellipse, {50, 50, 60, 45}));
  AnnotationObject skeleton;
  skeleton.kind = ObjectKind::Shape;
  skeleton.label = hand;
  skeleton.shape.type = ShapeType::Skeleton;
  const auto& sub = doc.labels().label(hand)->sublabels;
  skeleton.shape.elements = {{sub[0], {10, 10}, false, false, {}}, {sub[1], {17, 30}, false, false, {}}};
  const ObjectId skel = add(skeleton);
  const ObjectId tag = addTag(weather, 0);

  EXPECT_TRUE(match("width == 20 && height == 25", r, 0));
  EXPECT_TRUE(match("width == 20 && height == 30", poly, 0));
  EXPECT_TRUE(match("width == 4 && height == 1.5", cube, 0));  // scale x and scale z
  EXPECT_TRUE(match("width == 3 && height == 2", mask, 0));
  EXPECT_TRUE(match("width == 20 && height == 10", ellipse, 0));
  EXPECT_TRUE(match("width == 7 && height == 20", skel, 0));
  EXPECT_FALSE(match("width > 0", tag, 0));
  EXPECT_FALSE(match("width != 0", tag, 0));
  EXPECT_FALSE(match("height <= 0", tag, 0));
}

TEST_F(FilterDoc, WidthOfTrackIsInterpolated) {
  const ObjectId t = addTrack(car, {{0, rect(0, 0, 10, 10)}, {4, rect(0, 0, 30, 10)}});
  EXPECT_TRUE(match("width == 10", t, 0));
  EXPECT_TRUE(match("width == 20", t, 2));
  EXPECT_TRUE(match("width == 30", t, 4));
  EXPECT_TRUE(match("width == 30", t, 15));  // the last keyframe is held
}

TEST_F(FilterDoc, PropertyAgainstProperty) {
  const ObjectId wide = addShape(car, 0, rect(0, 0, 40, 10));
  const ObjectId tall = addShape(car, 0, rect(0, 0, 10, 40));
  EXPECT_TRUE(match("width > height", wide, 0));
  EXPECT_FALSE(match("width > height", tall, 0));
  EXPECT_TRUE(match("height >= width", tall, 0));
  EXPECT_TRUE(match("label == label", wide, 0));
  EXPECT_FALSE(match("label == shape", wide, 0));
}

// ---- operators and grammar -----------------------------------------------------------------

TEST_F(FilterDoc, NumberOperators) {
  const ObjectId r = addShape(car, 0, rect(0, 0, 20, 10));
  EXPECT_TRUE(match("width == 20", r, 0));
  EXPECT_FALSE(match("width == 21", r, 0));
  EXPECT_TRUE(match("width != 21", r, 0));
  EXPECT_FALSE(match("width != 20", r, 0));
  EXPECT_TRUE(match("width < 21", r, 0));
  EXPECT_FALSE(match("width < 20", r, 0));
  EXPECT_TRUE(match("width <= 20", r, 0));
  EXPECT_FALSE(match("width <= 19.5", r, 0));
  EXPECT_TRUE(match("width > 19", r, 0));
  EXPECT_FALSE(match("width > 20", r, 0));
  EXPECT_TRUE(match("width >= 20", r, 0));
  EXPECT_FALSE(match("width >= 20.5", r, 0));
  EXPECT_TRUE(match("30 > width", r, 0));  // literal first
  EXPECT_TRUE(match("width==20&&height<=10", r, 0));  // no spaces needed
}

TEST_F(FilterDoc, StringOperatorsAreLexical) {
  const ObjectId c = addShape(car, 0, rect(0, 0, 10, 10));
  EXPECT_TRUE(match("label < 'cat'", c, 0));
  EXPECT_TRUE(match("label <= 'car'", c, 0));
  EXPECT_TRUE(match("label > 'bus'", c, 0));
  EXPECT_TRUE(match("label >= 'car'", c, 0));
  EXPECT_FALSE(match("label > 'car'", c, 0));
  EXPECT_TRUE(match("'bus' < label", c, 0));
}

TEST_F(FilterDoc, BoolsOnlyCompareForEquality) {
  const ObjectId c = addShape(car, 0, rect(0, 0, 10, 10));
  EXPECT_TRUE(match("occluded == false", c, 0));
  EXPECT_FALSE(match("occluded < true", c, 0));
  EXPECT_FALSE(match("occluded >= false", c, 0));
  EXPECT_TRUE(match("true == true", c, 0));
}

TEST_F(FilterDoc, DifferentTypesNeverCompareEqualOrUnequal) {
  const ObjectId c = addShape(car, 0, rect(0, 0, 10, 10));
  EXPECT_FALSE(match("label == 1", c, 0));
  EXPECT_FALSE(match("label != 1", c, 0));
  EXPECT_FALSE(match("occluded == 'false'", c, 0));
  EXPECT_FALSE(match("occluded != 0", c, 0));
  EXPECT_FALSE(match("attr.speed == '0'", c, 0));
}

TEST_F(FilterDoc, AndBindsTighterThanOr) {
  const ObjectId c = addShape(car, 0, rect(0, 0, 10, 10));
  // true || false && false: true when && binds tighter, false if || did.
  EXPECT_TRUE(match("label == 'car' || label == 'x' && width == 99", c, 0));
  EXPECT_TRUE(match("label == 'x' && width == 99 || label == 'car'", c, 0));
  EXPECT_FALSE(match("label == 'x' && (width == 99 || label == 'car')", c, 0));
  EXPECT_TRUE(match("width == 1 || width == 2 || width == 10", c, 0));
  EXPECT_FALSE(match("width == 10 && height == 10 && label == 'x'", c, 0));
}

TEST_F(FilterDoc, ParenthesesGroup) {
  const ObjectId c = addShape(car, 0, rect(0, 0, 10, 10));
  EXPECT_FALSE(match("(label == 'car' || label == 'x') && width == 99", c, 0));
  EXPECT_TRUE(match("((label == 'car'))", c, 0));
  EXPECT_TRUE(match(" ( label=='x' || ( width == 10 && height == 10 ) ) ", c, 0));
}

TEST_F(FilterDoc, NotNegates) {
  const ObjectId c = addShape(car, 0, rect(0, 0, 10, 10));
  EXPECT_FALSE(match("!label == 'car'", c, 0));  // ! applies to the comparison
  EXPECT_TRUE(match("!label == 'x'", c, 0));
  EXPECT_TRUE(match("!!label == 'car'", c, 0));
  EXPECT_TRUE(match("!(label == 'x' || width == 99)", c, 0));
  EXPECT_FALSE(match("! (label == 'car') && width == 10", c, 0));  // ! binds tighter than &&
  EXPECT_TRUE(match("!(width > 0)", addTag(weather, 0), 0));  // a missing value negated
}

TEST_F(FilterDoc, StringQuotesAndEscapes) {
  AnnotationObject o;
  o.label = car;
  o.shape = rect(0, 0, 10, 10);
  o.shape.attributes[attr(car, "note")] = "it's \"quoted\" \\ ok";
  const ObjectId c = add(o);
  EXPECT_TRUE(match("label == \"car\"", c, 0));
  EXPECT_TRUE(match("label == 'car'", c, 0));
  EXPECT_TRUE(match(R"(attr.note == 'it\'s "quoted" \\ ok')", c, 0));
  EXPECT_TRUE(match(R"(attr.note == "it's \"quoted\" \\ ok")", c, 0));
  EXPECT_FALSE(match(R"(attr.note == "it's \"quoted\" \\ ok ")", c, 0));
  EXPECT_TRUE(match("label != ''", c, 0));
}

TEST_F(FilterDoc, NumberLiterals) {
  AnnotationObject o;
  o.label = car;
  o.shape = rect(0, 0, 1000, 0.5);
  o.shape.attributes[attr(car, "speed")] = "-3.5";
  const ObjectId c = add(o);
  EXPECT_TRUE(match("attr.speed == -3.5", c, 0));
  EXPECT_TRUE(match("attr.speed < -3", c, 0));
  EXPECT_TRUE(match("attr.speed > -4", c, 0));
  EXPECT_TRUE(match("-3.5 == attr.speed", c, 0));
  EXPECT_TRUE(match("width == 1e3", c, 0));
  EXPECT_TRUE(match("width == 1000.0", c, 0));
  EXPECT_TRUE(match("width == 10E2", c, 0));
  EXPECT_TRUE(match("height == 0.5 && height == .5 && height == 5e-1", c, 0));
  EXPECT_TRUE(match("height < +1", c, 0));
  EXPECT_TRUE(match("width > 999", c, 0));
}

// ---- attributes ----------------------------------------------------------------------------

TEST_F(FilterDoc, AttributesByDotAndBracket) {
  AnnotationObject o;
  o.label = car;
  o.shape = rect(0, 0, 10, 10);
  o.shape.attributes[attr(car, "color")] = "blue";
  o.shape.attributes[attr(car, "speed")] = "40";
  o.shape.attributes[attr(car, "parked")] = "true";
  o.shape.attributes[attr(car, "license plate")] = "AB 123";
  const ObjectId c = add(o);
  const ObjectId p = addShape(person, 0, rect(0, 0, 10, 10));
  EXPECT_TRUE(match("attr.color == 'blue'", c, 0));
  EXPECT_TRUE(match("attr[\"color\"] == 'blue'", c, 0));
  EXPECT_TRUE(match("attr[ 'color' ] != 'red'", c, 0));
  EXPECT_TRUE(match("ATTR.color == 'blue'", c, 0));
  EXPECT_FALSE(match("attr.Color == 'blue'", c, 0));  // attribute names are case-sensitive
  EXPECT_TRUE(match("attr[\"license plate\"] == 'AB 123'", c, 0));
  EXPECT_TRUE(match("attr.speed > 39.5 && attr.speed <= 40", c, 0));  // number attribute: a number
  EXPECT_TRUE(match("attr.parked == true", c, 0));                    // checkbox: a bool
  EXPECT_FALSE(match("attr.parked == 'true'", c, 0));
  // Missing: an attribute the label does not have, or a label without attributes.
  EXPECT_FALSE(match("attr.wheels == 4", c, 0));
  EXPECT_FALSE(match("attr.wheels != 4", c, 0));
  EXPECT_FALSE(match("attr.color != 'blue'", p, 0));
  EXPECT_FALSE(match("attr.color == 'blue'", p, 0));
}

TEST_F(FilterDoc, TrackAttributesMutableChangeBetweenKeyframes) {
  const AttributeId speed = attr(car, "speed");
  const AttributeId parked = attr(car, "parked");
  ShapeState k0 = rect(0, 0, 10, 10);
  k0.attributes = {{speed, "10"}, {parked, "false"}};
  ShapeState k5 = rect(0, 0, 10, 10);
  k5.attributes = {{speed, "50"}, {parked, "true"}};
  const ObjectId t = addTrack(car, {{0, k0}, {5, k5}, {10, outside(k5)}}, {{attr(car, "color"), "blue"}});
  EXPECT_TRUE(match("attr.speed == 10", t, 0));
  EXPECT_TRUE(match("attr.speed == 10 && attr.parked == false", t, 4));  // held from keyframe 0
  EXPECT_TRUE(match("attr.speed == 50 && attr.parked == true", t, 5));
  EXPECT_TRUE(match("attr.speed == 50", t, 9));
  EXPECT_TRUE(match("attr.color == 'blue'", t, 2));  // immutable: from the track
  EXPECT_TRUE(match("attr['color'] == 'blue'", t, 7));
  // Outside from frame 10: nothing matches there, not even a negation.
  EXPECT_FALSE(match("attr.color == 'blue'", t, 10));
  EXPECT_FALSE(match("!(label == 'x')", t, 12));
}

TEST_F(FilterDoc, TagAttributes) {
  AnnotationObject o;
  o.kind = ObjectKind::Tag;
  o.label = car;  // an "any" label may tag frames
  o.frame = 3;
  o.shape.attributes[attr(car, "color")] = "blue";
  const ObjectId tag = add(o);
  EXPECT_TRUE(match("type == 'tag' && attr.color == 'blue'", tag, 3));
}

TEST_F(FilterDoc, ObjectsOffTheFrameNeverMatch) {
  const ObjectId c = addShape(car, 2, rect(0, 0, 10, 10));
  const ObjectId t = addTrack(car, {{5, rect(0, 0, 10, 10)}});
  EXPECT_TRUE(match("label == 'car'", c, 2));
  EXPECT_FALSE(match("label == 'car'", c, 3));
  EXPECT_FALSE(match("!(label == 'x')", c, 3));
  EXPECT_FALSE(match("label == 'car'", t, 4));  // before the first keyframe
  EXPECT_TRUE(match("label == 'car'", t, 5));
}

TEST_F(FilterDoc, MatchesWithAHeldState) {
  const ObjectId t = addTrack(car, {{0, rect(0, 0, 10, 10)}});
  const Filter filter = Filter::parse("width == 10");
  EXPECT_TRUE(filter.matches(doc, *doc.object(t), rect(0, 0, 10, 10)));
  EXPECT_FALSE(filter.matches(doc, *doc.object(t), outside(rect(0, 0, 10, 10))));
}

TEST(FilterParse, KeepsExpressionAndCopies) {
  const Filter a = Filter::parse("  label == 'car' ");
  const Filter b = a;  // shares the tree
  EXPECT_EQ(b.expression(), "  label == 'car' ");
}

// ---- errors ----------------------------------------------------------------------------------

struct ErrorCase {
  std::string expression;
  std::size_t position;
  std::string message;  // the exact what()
};

TEST(FilterParse, ErrorsNameTheProblemAndPosition) {
  const std::vector<ErrorCase> cases = {
      {"", 0, "empty expression at position 0"},
      {"   ", 0, "empty expression at position 0"},
      {"colour == 'red'", 0, "unknown property \"colour\" at position 0"},
      {"label x", 6, "expected an operator (==, !=, <, <=, >, >=) after label at position 6"},
      {"label == 'car", 9, "unterminated string at position 9"},
      {"label == \"car\\\"", 9, "unterminated string at position 9"},
      {"(label == 'car' x", 16, "expected ')' at position 16"},
      {"(label == 'car'", 15, "unexpected end of the expression: expected ')' at position 15"},
      {"label ==", 8,
       "unexpected end of the expression: expected a property or a value after == at position 8"},
      {"label", 5,
       "unexpected end of the expression: expected an operator (==, !=, <, <=, >, >=) after label at "
       "position 5"},
      {"label == 'car' width", 15, "expected '&&', '||' or the end of the expression at position 15"},
      {"label == 'car')", 14, "unmatched ')' at position 14"},
      {"label = 'car'", 6, "use '==' instead of '=' at position 6"},
      {"label == 'a' & width > 1", 13, "use '&&' instead of '&' at position 13"},
      {"label == 'a' | width > 1", 13, "use '||' instead of '|' at position 13"},
      {"label == 'a' &&", 15, "unexpected end of the expression: expected a property or a value at position 15"},
      {"== 3", 0, "expected a property or a value at position 0"},
      {"()", 1, "expected a property or a value at position 1"},
      {"label == #", 9, "unexpected character '#' at position 9"},
      {"width > 3px", 8, "invalid number \"3px\" at position 8"},
      {"width > 1.2.3", 8, "invalid number \"1.2.3\" at position 8"},
      {"width > 1e", 8, "invalid number \"1e\" at position 8"},
      {"label == 'a\\q'", 11, "unknown escape \\q (only \\\", \\' and \\\\ are allowed) at position 11"},
      {"attr == 1", 4,
       "expected an attribute name after attr: attr.NAME or attr[\"NAME\"] at position 4"},
      {"attr. == 1", 5,
       "expected an attribute name after attr: attr.NAME or attr[\"NAME\"] at position 5"},
      {"attr[color] == 1", 5, "expected a quoted attribute name at position 5"},
      {"attr['color' == 1", 13, "expected ']' at position 13"},
      {"attr[''] == 1", 5, "empty attribute name at position 5"},
      {"width < 'big'", 8, "width is a number and cannot be compared with a string using < at position 8"},
      {"'big' >= height", 0, "height is a number and cannot be compared with a string using >= at position 0"},
      {"objectID > true", 11, "objectID is a number and cannot be compared with true or false using > at position 11"},
      {"!", 1, "unexpected end of the expression: expected a property or a value at position 1"},
      {"width > 1e999", 8, "number \"1e999\" is out of range at position 8"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.expression);
    try {
      Filter::parse(c.expression);
      ADD_FAILURE() << "parsed without error";
    } catch (const FilterError& e) {
      EXPECT_EQ(e.position(), c.position);
      EXPECT_EQ(std::string(e.what()), c.message);
    }
  }
}

TEST(FilterParse, NumericPropertiesMayBeOrderedAgainstNumbersAndEqualityWithStringsParses) {
  EXPECT_NO_THROW(Filter::parse("width < 3"));
  EXPECT_NO_THROW(Filter::parse("width == 'big'"));  // parses; simply never true
  EXPECT_NO_THROW(Filter::parse("label < 3"));       // a string property: false at match time
  EXPECT_NO_THROW(Filter::parse("attr.x > 'a'"));    // attribute types depend on the label
}

TEST(FilterParse, DeepNestingIsRejectedNotACrash) {
  const std::string deep = std::string(10000, '(') + "label == 'a'" + std::string(10000, ')');
  try {
    Filter::parse(deep);
    ADD_FAILURE() << "parsed without error";
  } catch (const FilterError& e) {
    EXPECT_EQ(e.position(), 200u);
    EXPECT_STREQ(e.what(), "the expression is nested too deeply at position 200");
  }
  EXPECT_NO_THROW(Filter::parse(std::string(150, '(') + "label == 'a'" + std::string(150, ')')));
  std::string negations(10000, '!');
  EXPECT_THROW(Filter::parse(negations + "label == 'a'"), FilterError);
  // Long flat chains are fine: they are not nested.
  std::string chain = "label == 'a'";
  for (int i = 0; i < 5000; ++i) chain += " || label == 'a'";
  EXPECT_NO_THROW(Filter::parse(chain));
}

// ---- frame search ----------------------------------------------------------------------------
TEST_F(FilterDoc, FindEmptyFrames) {
  addShape(car, 1, rect(0, 0, 10, 10));
  addTag(weather, 2);
  // A track visible on 4..5, outside from 6, visible again from 9 to the end.
  ShapeState hidden = rect(0, 0, 10, 10);
  hidden.outside = true;
  addTrack(car, {{4, rect(0, 0, 10, 10)}, {6, hidden}, {9, rect(0, 0, 10, 10)}});
  EXPECT_EQ(findEmptyFrame(doc, 0, +1), 3);
  EXPECT_EQ(findEmptyFrame(doc, 3, +1), 6);
  EXPECT_EQ(findEmptyFrame(doc, 8, +1), std::nullopt);  // the track holds to the end
  EXPECT_EQ(findEmptyFrame(doc, 6, -1), 3);
  EXPECT_EQ(findEmptyFrame(doc, 3, -1), 0);
  UndoStack(doc).push(edits::deleteFrame(doc, 7));
  EXPECT_EQ(findEmptyFrame(doc, 6, +1), 8);  // deleted frames are skipped
}


TEST_F(FilterDoc, FindFrameWithoutFilter) {
  addShape(car, 3, rect(0, 0, 10, 10));
  addShape(person, 8, rect(0, 0, 10, 10));
  addTag(weather, 15);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 0, +1), 3);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 3, +1), 8);  // strictly after `from`
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 8, +1), 15);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 15, +1), std::nullopt);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 19, -1), 15);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 8, -1), 3);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 3, -1), std::nullopt);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, -5, +1), 3);  // from outside the task
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 100, -1), 15);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 5, 0), std::nullopt);
}

TEST_F(FilterDoc, FindFrameWithFilter) {
  addShape(car, 3, rect(0, 0, 10, 10));
  addShape(person, 8, rect(0, 0, 10, 10));
  addShape(car, 12, rect(0, 0, 50, 10));
  EXPECT_EQ(find("label == 'person'", 0, +1), 8);
  EXPECT_EQ(find("label == 'car'", 3, +1), 12);
  EXPECT_EQ(find("label == 'car' && width > 20", 0, +1), 12);
  EXPECT_EQ(find("label == 'car'", 12, -1), 3);
  EXPECT_EQ(find("label == 'person'", 7, -1), std::nullopt);
  EXPECT_EQ(find("label == 'bus'", 0, +1), std::nullopt);
}

TEST_F(FilterDoc, FindFrameSkipsDeletedFrames) {
  addShape(car, 3, rect(0, 0, 10, 10));
  addShape(car, 6, rect(0, 0, 10, 10));
  addTrack(person, {{10, rect(0, 0, 10, 10)}, {13, outside(rect(0, 0, 10, 10))}});
  deleteFrame(3);
  deleteFrame(10);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 0, +1), 6);
  EXPECT_EQ(find("label == 'car'", 0, +1), 6);
  EXPECT_EQ(find("label == 'car'", 6, -1), std::nullopt);
  EXPECT_EQ(find("label == 'person'", 0, +1), 11);  // the track's first frame is deleted
  EXPECT_EQ(find("label == 'person' && width == 10", 0, +1), 11);  // per-frame path too
}

TEST_F(FilterDoc, FindFrameWithTrackOutsideOnSomeFrames) {
  // Visible 2..4, outside 5..7, visible again 8..19 (held to the end).
  const ShapeState r = rect(0, 0, 10, 10);
  addTrack(car, {{2, r}, {5, outside(r)}, {8, r}});
  EXPECT_EQ(find("label == 'car'", 0, +1), 2);
  EXPECT_EQ(find("label == 'car'", 2, +1), 3);
  EXPECT_EQ(find("label == 'car'", 4, +1), 8);
  EXPECT_EQ(find("label == 'car'", 8, -1), 4);
  EXPECT_EQ(find("label == 'car'", 19, -1), 18);
  EXPECT_EQ(find("label == 'car'", 2, -1), std::nullopt);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 5, +1), 8);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 7, -1), 4);
  EXPECT_EQ(find("label == 'car' && height == 10", 4, +1), 8);  // per-frame path
  EXPECT_EQ(find("label == 'car' && height == 10", 8, -1), 4);
}

TEST_F(FilterDoc, FindFrameFollowsInterpolatedGeometryAndMutableAttributes) {
  const AttributeId speed = attr(car, "speed");
  ShapeState k0 = rect(0, 0, 10, 10);
  k0.attributes[speed] = "10";
  ShapeState k10 = rect(0, 0, 110, 10);
  k10.attributes[speed] = "50";
  addTrack(car, {{0, k0}, {10, k10}, {15, outside(k10)}});
  EXPECT_EQ(find("width >= 60", 0, +1), 5);
  EXPECT_EQ(find("width < 60", 19, -1), 4);
  EXPECT_EQ(find("width >= 60", 19, -1), 14);
  EXPECT_EQ(find("attr.speed == 50", 0, +1), 10);
  EXPECT_EQ(find("attr.speed == 10", 19, -1), 9);
  deleteFrame(5);
  deleteFrame(10);
  EXPECT_EQ(find("width >= 60", 0, +1), 6);
  EXPECT_EQ(find("attr.speed == 50", 0, +1), 11);
}

TEST_F(FilterDoc, FindFrameNearestAcrossManyObjects) {
  // Later objects nearer than earlier ones, in both directions.
  addShape(car, 15, rect(0, 0, 10, 10));
  addShape(car, 9, rect(0, 0, 10, 10));
  addTrack(car, {{12, rect(0, 0, 10, 10)}});
  addShape(car, 1, rect(0, 0, 10, 10));
  addShape(car, 4, rect(0, 0, 10, 10));
  EXPECT_EQ(find("label == 'car'", 5, +1), 9);
  EXPECT_EQ(find("label == 'car'", 9, +1), 12);
  EXPECT_EQ(find("label == 'car'", 9, -1), 4);
  EXPECT_EQ(find("label == 'car'", 19, -1), 18);
}

// The per-keyframe-segment shortcut must agree with a plain frame-by-frame scan.
TEST_F(FilterDoc, FindFrameAgreesWithAFrameByFrameScan) {
  std::mt19937 random(12345);
  auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
  const AttributeId speed = attr(car, "speed");
  const AttributeId parked = attr(car, "parked");
  auto randomState = [&] {
    ShapeState s = rect(0, 0, 5 + pick(60), 5 + pick(60));
    s.occluded = pick(3) == 0;
    s.attributes = {{speed, std::to_string(10 * pick(10))}, {parked, pick(2) ? "true" : "false"}};
    return s;
  };
  const std::vector<std::string> expressions = {
      "label == 'car'", "width > 30", "attr.speed >= 50", "occluded == true || width < 20",
      "!(attr.parked == true)", "type == 'tag'", "type == 'track' && height <= 25"};
  int found = 0, missing = 0;
  for (int round = 0; round < 20; ++round) {
    doc = Document(makeTask(20));  // same labels and ids every round
    for (int i = 0; i < 5; ++i) {
      const LabelId label = pick(2) ? car : person;
      ShapeState s = randomState();
      if (label == person) s.attributes.clear();
      addShape(label, pick(20), s);
    }
    addTag(weather, pick(20));
    for (int i = 0; i < 4; ++i) {
      std::map<int, ShapeState> keys{{pick(10), randomState()}};
      for (int k = pick(4); k > 0; --k) {
        ShapeState s = randomState();
        s.outside = pick(3) == 0;
        keys.emplace(pick(20), s);
      }
      addTrack(car, keys);
    }
    for (int i = 0; i < 4; ++i) {
      const int frame = pick(20);
      if (!doc.isFrameDeleted(frame)) deleteFrame(frame);
    }
    for (const auto& expression : expressions) {
      const Filter filter = Filter::parse(expression);
      for (const Filter* f : {&filter, static_cast<const Filter*>(nullptr)}) {
        for (int direction : {-1, +1}) {
          for (int from = -2; from <= 21; ++from) {
            std::optional<int> expected;
            for (int distance = 1; distance <= 25 && !expected; ++distance) {
              const int frame = from + direction * distance;
              if (frame < 0 || frame >= 20 || doc.isFrameDeleted(frame)) continue;
              for (const auto& [id, object] : doc.objects()) {
                if (f ? f->matches(doc, object, frame) : isVisibleAt(object, frame)) expected = frame;
              }
            }
            ++(expected ? found : missing);
            ASSERT_EQ(findFrameWithMatch(doc, f, from, direction), expected)
                << "round " << round << ": " << (f ? expression : "no filter") << " from " << from
                << " direction " << direction;
          }
        }
      }
    }
  }
  // Both outcomes were exercised plenty.
  EXPECT_GT(found, 1000);
  EXPECT_GT(missing, 1000);
}

TEST(FilterFrames, LargeDocumentIsSearchedPerKeyframeSegment) {
  // 10,000 frames and 1,000 tracks spanning them: a search that finds nothing must not
  // evaluate the filter on every frame of every track.
  Task task;
  task.frames.resize(10000);
  Label label;
  label.name = "car";
  const LabelId car = task.labels.addLabel(label);
  Document doc(std::move(task));
  std::vector<AnnotationObject> objects;
  for (int i = 0; i < 1000; ++i) {
    AnnotationObject o;
    o.kind = ObjectKind::Track;
    o.label = car;
    o.keyframes = {{i, rect(0, 0, 10, 10)}, {5000 + i, rect(5, 5, 20, 20)}};
    objects.push_back(o);
  }
  edits::create(doc, objects)->apply(doc);
  const Filter none = Filter::parse("label == 'bus'");
  EXPECT_EQ(findFrameWithMatch(doc, &none, 0, +1), std::nullopt);
  EXPECT_EQ(findFrameWithMatch(doc, &none, 9999, -1), std::nullopt);
  const Filter any = Filter::parse("label == 'car' && occluded == false");
  EXPECT_EQ(findFrameWithMatch(doc, &any, 0, +1), 1);
  EXPECT_EQ(findFrameWithMatch(doc, &any, 9999, -1), 9998);
  EXPECT_EQ(findFrameWithMatch(doc, nullptr, 4000, +1), 4001);
}

}  // namespace
}  // namespace labelstation

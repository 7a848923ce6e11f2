#include <gtest/gtest.h>

#include <filesystem>

#include "labelstation/io/errors.h"
#include "labelstation/io/label_json.h"

namespace labelstation::io {
namespace {

const std::string kFixtures = std::string(LABELSTATION_SOURCE_DIR) + "/tests/fixtures/";

std::string errorOf(const std::string& text) {
  try {
    parseLabelJson(text, "labels.json");
  } catch (const IoError& e) {
    return e.what();
  }
  return "no error";
}

TEST(LabelJson, ReadsCvatRawLabelsWithSkeleton) {
  const LabelSchema s = readLabelJsonFile(kFixtures + "labels_skeleton.json");
  ASSERT_EQ(s.topLevelLabels().size(), 3u);
  const Label* car = s.labelByName("car");
  ASSERT_NE(car, nullptr);
  EXPECT_EQ(car->color, "#fa3253");
  EXPECT_EQ(car->type, LabelType::Any);
  ASSERT_EQ(car->attributes.size(), 4u);
  EXPECT_EQ(car->attributes[0].inputType, AttributeInputType::Select);
  EXPECT_EQ(car->attributes[0].defaultValue, "white");
  EXPECT_FALSE(car->attributes[0].isMutable);
  EXPECT_TRUE(car->attributes[1].isMutable);
  EXPECT_EQ(car->attributes[1].numberRange()->max, 200);
  EXPECT_EQ(s.labelByName("weather")->type, LabelType::Tag);
  const Label* person = s.labelByName("person");
  ASSERT_EQ(person->sublabels.size(), 3u);
  const LabelId head = s.labelByName("head", person->id)->id;
  const LabelId left = s.labelByName("left hand", person->id)->id;
  const LabelId right = s.labelByName("right hand", person->id)->id;
  EXPECT_EQ(person->edges, (std::vector<SkeletonEdge>{{head, left}, {head, right}}));
  EXPECT_EQ(person->nodePositions.at(left), (std::pair<double, double>{30, 60}));
}

TEST(LabelJson, WriteThenReadKeepsEverything) {
  const LabelSchema original = readLabelJsonFile(kFixtures + "labels_skeleton.json");
  const std::string text = writeLabelJson(original);
  const LabelSchema again = parseLabelJson(text);
  ASSERT_EQ(again.allLabels().size(), original.allLabels().size());
  for (const Label& l : original.allLabels()) {
    const Label* m = again.labelByName(l.name, l.parent == kNoLabel ? kNoLabel : again.labelByName(original.label(l.parent)->name)->id);
    ASSERT_NE(m, nullptr) << l.name;
    EXPECT_EQ(m->color, l.color);
    EXPECT_EQ(m->type, l.type);
    ASSERT_EQ(m->attributes.size(), l.attributes.size());
    for (std::size_t i = 0; i < l.attributes.size(); ++i) {
      EXPECT_EQ(m->attributes[i].name, l.attributes[i].name);
      EXPECT_EQ(m->attributes[i].inputType, l.attributes[i].inputType);
      EXPECT_EQ(m->attributes[i].isMutable, l.attributes[i].isMutable);
      EXPECT_EQ(m->attributes[i].values, l.attributes[i].values);
      EXPECT_EQ(m->attributes[i].defaultValue, l.attributes[i].defaultValue);
    }
    EXPECT_EQ(m->edges.size(), l.edges.size());
    EXPECT_EQ(m->nodePositions.size(), l.nodePositions.size());
  }
  EXPECT_EQ(writeLabelJson(again), text) << "writing is stable";
  // CVAT's constructor needs these keys on every label.
  EXPECT_NE(text.find("\"input_type\": \"number\""), std::string::npos);
  EXPECT_NE(text.find("data-node-from=\\\"1\\\""), std::string::npos);
}

TEST(LabelJson, NodesByNameFromBackupsAndByOrderAsLastResort) {
  const std::string byName = R"([{"name": "s", "type": "skeleton", "sublabels": [{"name": "a"}, {"name": "b"}],
    "svg": "<line data-node-from=\"2\" data-node-to=\"1\"></line><circle data-node-id=\"1\" data-label-name=\"b\" cx=\"1\" cy=\"2\"></circle><circle data-node-id=\"2\" data-label-name=\"a\" cx=\"3\" cy=\"4\"></circle>"}])";
  const LabelSchema s = parseLabelJson(byName);
  const Label* sk = s.labelByName("s");
  const LabelId a = s.labelByName("a", sk->id)->id, b = s.labelByName("b", sk->id)->id;
  EXPECT_EQ(sk->edges, (std::vector<SkeletonEdge>{{a, b}}));
  const std::string byOrder = R"([{"name": "s", "type": "skeleton", "sublabels": [{"name": "a"}, {"name": "b"}],
    "svg": "<line data-node-from=\"1\" data-node-to=\"2\"></line><circle data-node-id=\"1\"></circle><circle data-node-id=\"2\"></circle>"}])";
  const LabelSchema o = parseLabelJson(byOrder);
  EXPECT_EQ(o.labelByName("s")->edges.size(), 1u);
}

TEST(LabelJson, ClearErrorsNameTheFileAndTheProblem) {
  EXPECT_NE(errorOf("[{").find("labels.json: not valid JSON"), std::string::npos) << errorOf("[{");
  EXPECT_NE(errorOf("{\"a\": 1}").find("expected a JSON list of labels"), std::string::npos);
  EXPECT_NE(errorOf("[{\"color\": \"#ffffff\"}]").find("label #1: missing \"name\""), std::string::npos);
  EXPECT_NE(errorOf(R"([{"name": "car", "type": "boat"}])").find("label \"car\": unknown type \"boat\""), std::string::npos);
  EXPECT_NE(errorOf(R"([{"name": "car", "attributes": [{"name": "x", "input_type": "slider"}]}])").find("unknown input_type \"slider\""),
            std::string::npos);
  EXPECT_NE(errorOf(R"([{"name": "car"}, {"name": "car"}])").find("duplicate label name \"car\""), std::string::npos);
  EXPECT_NE(errorOf(R"([{"name": "car", "attributes": [{"name": "n", "input_type": "number", "values": ["0", "10", "1"], "default_value": "11"}]}])")
                .find("outside its range"),
            std::string::npos);
  EXPECT_NE(errorOf(R"([{"name": "car", "attributes": [{"name": "x", "input_type": "select", "values": "a"}]}])").find("\"values\" must be a list"),
            std::string::npos);
  EXPECT_NE(errorOf(R"([{"name": "car", "sublabels": [{"name": "head"}]}])").find("only skeleton labels have sublabels"), std::string::npos);
  EXPECT_EQ(parseLabelJson(R"([{"name": "car", "sublabels": []}])").topLevelLabels().size(), 1u) << "CVAT writes empty lists on every label";
}

TEST(LabelJson, MissingFileIsAClearError) {
  try {
    readLabelJsonFile("/nonexistent/labels.json");
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/labels.json: cannot open"), std::string::npos) << e.what();
  }
  EXPECT_THROW(readLabelJsonFile(kFixtures + "labels_malformed.json"), IoError);
}

// A project's objects refer to label and attribute ids: written ids come back as they were (gaps
// left by removed labels included); labels and attributes without one get ids above them all.
TEST(LabelJson, KeepsWrittenIdsAndGivesFreshOnesAboveThem) {
  const LabelSchema s = parseLabelJson(
      "[{\"name\": \"new\", \"attributes\": [{\"name\": \"a\", \"input_type\": \"text\"}]},"
      " {\"id\": 5, \"name\": \"car\", \"attributes\": [{\"id\": 9, \"name\": \"b\", \"input_type\": \"text\"}]},"
      " {\"id\": 2, \"name\": \"bus\"}]");
  EXPECT_EQ(s.labelByName("car")->id, 5);
  EXPECT_EQ(s.labelByName("bus")->id, 2);
  EXPECT_EQ(s.labelByName("new")->id, 6);
  EXPECT_EQ(s.labelByName("car")->attributes[0].id, 9);
  EXPECT_EQ(s.labelByName("new")->attributes[0].id, 10);
  const LabelSchema again = parseLabelJson(writeLabelJson(s));
  for (const Label& l : s.allLabels()) EXPECT_EQ(again.labelByName(l.name)->id, l.id) << l.name;
  EXPECT_NE(errorOf("[{\"id\": 3, \"name\": \"a\"}, {\"id\": 3, \"name\": \"b\"}]").find("label id 3"), std::string::npos);
}

TEST(LabelJson, AcceptsATaskBodyWithLabels) {
  const LabelSchema s = parseLabelJson(R"({"name": "task", "labels": [{"name": "car", "color": "#000000"}]})");
  EXPECT_NE(s.labelByName("car"), nullptr);
}

}  // namespace
}  // namespace labelstation::io

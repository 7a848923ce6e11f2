// Datumaro 3D 1.0: round trips, the fixtures datumaro ships and writes, bad input.
//
// What the format loses (the round trip compares only what it keeps):
//  - attribute types and mutability: datumaro lists attribute names only; values come back as
//    text, except true/false (checkbox); an attribute that changes inside a track is mutable;
//  - label colours, sources and z order; interpolated track frames are written (as CVAT does) and
//    read back as derived, so a track keeps exactly its keyframes and outside ranges.
// It keeps groups, occlusion, tracks (track_id + keyframe) and their attributes.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "format_test_support.h"
#include "sample_sets.h"

namespace labelstation::io {
namespace {

namespace fs = std::filesystem;
using namespace labelstation::io::testing;

const fs::path kWithPcd = externalFixture("cvat-ai-datumaro/tests/assets/datumaro_dataset/with_pcd");
const fs::path kWritten = externalFixture("datumaro-written/from_kitti_raw/datumaro_3d");

struct Datumaro3d : FormatFolderTest {
  Datumaro3d() : FormatFolderTest("datumaro_3d") {}
};

// The shared cuboid set with the car shape and the car track in group 2: this format keeps groups.
AnnotationSet groupedSet() {
  AnnotationSet set = sampleCuboidSet();
  set.objects[0].group = 2;
  set.objects[1].group = 2;
  return set;
}

// Keys and value types of a JSON document; the free-form "attributes" dicts of annotations and
// label lists are reduced to their type, since they hold the data itself.
std::string jsonStructure(const Json& j, const std::string& key = "") {
  if (j.is_object()) {
    if (key == "attributes") return "{attributes}";
    std::string out = "{";
    for (const auto& [k, v] : j.items()) out += k + ":" + jsonStructure(v, k) + ",";
    return out + "}";
  }
  if (j.is_array()) {
    if (key == "attributes") return "[attribute names]";
    std::string out = "[";
    for (const auto& v : j) out += jsonStructure(v, key) + ",";
    return out + "]";
  }
  if (j.is_number()) return "number";
  return j.type_name();
}

// ---------------------------------------------------------------------------------------------

TEST_F(Datumaro3d, RoundTripKeepsShapesTracksGroupsAndAttributes) {
  const AnnotationSet original = groupedSet();
  exportSet(original, dir_ / "out");
  ASSERT_TRUE(fs::exists(dir_ / "out/annotations/default.json"));
  const AnnotationSet back = importSet(dir_ / "out");
  ASSERT_EQ(back.task.frames.size(), 6u);
  EXPECT_EQ(back.task.frames[0].name, "frame0");  // item ids drop the folder and extension, as CVAT's do
  EXPECT_EQ(back.task.frames[5].name, "frame5");
  testing::expectSameObjects(original, back, 1e-6);
  const Label* car = back.task.labels.labelByName("car");
  ASSERT_NE(car, nullptr);
  EXPECT_TRUE(car->attributeByName("parked")->isMutable);
  EXPECT_FALSE(car->attributeByName("note")->isMutable);
  EXPECT_EQ(car->attributeByName("parked")->inputType, AttributeInputType::Checkbox);
}

TEST_F(Datumaro3d, RoundTripThroughZip) {
  const AnnotationSet original = groupedSet();
  exportSet(original, dir_ / "out.zip");
  const AnnotationSet back = importSet(dir_ / "out.zip");
  testing::expectSameObjects(original, back, 1e-6);
  EXPECT_EQ(back.task.frames.size(), 6u);
}

TEST_F(Datumaro3d, WritesTracksAsCvatDoes) {
  exportSet(groupedSet(), dir_ / "out");
  const Json doc = readJson(dir_ / "out/annotations/default.json");
  EXPECT_EQ(doc["categories"]["label"]["attributes"], Json::array({"occluded"}));
  EXPECT_EQ(doc["categories"]["label"]["labels"][0]["attributes"], Json({"color", "count", "note", "parked"}));
  const Json& items = doc["items"];
  ASSERT_EQ(items.size(), 6u);
  EXPECT_EQ(items[1]["attr"]["frame"], 1);
  EXPECT_EQ(items[1]["point_cloud"]["path"], "frame1.pcd");
  EXPECT_TRUE(items[5]["annotations"].empty());
  // Frame 1: the car track interpolated (keyframe false) and the pedestrian track's first keyframe.
  const Json& frame1 = items[1]["annotations"];
  ASSERT_EQ(frame1.size(), 2u);
  EXPECT_EQ(frame1[0]["attributes"]["track_id"], 2);
  EXPECT_EQ(frame1[0]["attributes"]["keyframe"], false);
  EXPECT_EQ(frame1[0]["attributes"]["count"], 1);       // number attribute as a JSON number
  EXPECT_EQ(frame1[0]["attributes"]["parked"], false);  // checkbox as a bool
  EXPECT_EQ(frame1[0]["attributes"]["color"], "blue");  // immutable value on every frame
  EXPECT_EQ(frame1[0]["group"], 2);
  EXPECT_DOUBLE_EQ(frame1[0]["position"][0].get<double>(), 12.0);
  EXPECT_DOUBLE_EQ(frame1[0]["scale"][0].get<double>(), 4.2);
  EXPECT_EQ(frame1[1]["attributes"]["keyframe"], true);
  // The shape: no track attributes, occluded, label index 0.
  const Json& shape = items[0]["annotations"][0];
  EXPECT_EQ(shape["type"], "cuboid_3d");
  EXPECT_EQ(shape["label_id"], 0);
  EXPECT_EQ(shape["attributes"]["occluded"], true);
  EXPECT_FALSE(shape["attributes"].contains("track_id"));
  // Outside from frame 3: the car track is not written there.
  for (const Json& a : items[3]["annotations"]) EXPECT_NE(a["attributes"]["track_id"], 2);
}

TEST_F(Datumaro3d, DeletedFramesAndOnlyKeyframesAreRespected) {
  AnnotationSet set = groupedSet();
  set.task.frames[4].deleted = true;
  ExportOptions options;
  options.onlyKeyframes = true;
  exportSet(set, dir_ / "out", options);
  const Json doc = readJson(dir_ / "out/annotations/default.json");
  std::vector<std::string> ids;
  int carTrackFrames = 0;
  for (const Json& item : doc["items"]) {
    ids.push_back(item["id"]);
    for (const Json& a : item["annotations"]) carTrackFrames += a["attributes"].value("track_id", 0) == 2 ? 1 : 0;
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"frame0", "frame1", "frame2", "frame3", "frame5"}));
  EXPECT_EQ(carTrackFrames, 2);  // keyframes 0 and 2 only
}

TEST_F(Datumaro3d, SaveMediaWritesCloudsAndRenamedRelatedImages) {
  REQUIRE_FIXTURE(kittiRawFixture());
  const AnnotationSet set = importAs("kitti_raw", kittiRawFixture());
  exportSet(set, dir_ / "media", withMedia());
  EXPECT_TRUE(fs::is_regular_file(dir_ / "media/point_clouds/default/0000000000.pcd"));
  EXPECT_TRUE(fs::is_regular_file(dir_ / "media/related_images/default/0000000002/image_0.png"));
  const AnnotationSet back = importSet(dir_ / "media");
  ASSERT_EQ(back.task.frames.size(), 3u);
  EXPECT_NE(back.task.frames[2].path.find("point_clouds/default/0000000002.pcd"), std::string::npos);
  ASSERT_EQ(back.task.frames[2].relatedImages.size(), 1u);
  testing::expectSameObjects(set, back, 1e-9);
}

// ---------------------------------------------------------------------------------------------
// datumaro's fixtures and what datumaro writes

TEST_F(Datumaro3d, CvatFixtureImportsWithDatumaroCounts) {
  REQUIRE_FIXTURE(kWithPcd);
  const AnnotationSet set = importSet(kWithPcd);
  // SOURCES.md: 3 items / 1 cuboid.
  ASSERT_EQ(set.task.frames.size(), 3u);
  EXPECT_EQ(visibleCuboids(set), 1);
  ASSERT_EQ(set.objects.size(), 1u);
  EXPECT_EQ(set.task.frames[1].name, "0000000001");  // empty item, still a frame
  EXPECT_NE(set.task.frames[0].path.find("point_clouds/default/0000000000.pcd"), std::string::npos);
  const AnnotationObject& cat = set.objects[0];
  EXPECT_EQ(testing::labelName(set.task.labels, cat.label), "cat");
  EXPECT_EQ(cat.kind, ObjectKind::Shape);
  EXPECT_EQ(cat.frame, 0);
  EXPECT_EQ(cat.shape.points, (std::vector<double>{0.84, -0.22, 0.64, 0, 0, 0, 1, 1, 1}));
  EXPECT_FALSE(cat.shape.occluded);
  EXPECT_TRUE(cat.shape.attributes.empty());
}

TEST_F(Datumaro3d, DatumaroWrittenExportImportsAsShapes) {
  REQUIRE_FIXTURE(kWritten);
  const AnnotationSet set = importSet(kWritten);
  ASSERT_EQ(set.task.frames.size(), 3u);
  EXPECT_EQ(visibleCuboids(set), 4);
  // track_id without keyframe: CVAT makes shapes of these, and so do we.
  ASSERT_EQ(set.objects.size(), 4u);
  for (const auto& o : set.objects) EXPECT_EQ(o.kind, ObjectKind::Shape);
  EXPECT_EQ(testing::labelName(set.task.labels, set.objects[0].label), "car");  // label_id 1 of [bus, car]
  EXPECT_EQ(set.objects[0].shape.points[7], 3.62);                              // scale y -3.62, absolute value
  EXPECT_TRUE(set.objects[2].shape.occluded);
  EXPECT_EQ(set.objects[2].shape.points[5], 3.0);
  ASSERT_EQ(set.task.frames[0].relatedImages.size(), 1u);
  EXPECT_NE(set.task.frames[0].relatedImages[0].find("related_images/default/0000000000/image_0.png"), std::string::npos);
  for (const auto& o : set.objects) EXPECT_EQ(attributeNamed(set, o, "track_id"), "<none>");
}

TEST_F(Datumaro3d, OurExportOfTheKittiFixtureHasDatumarosStructure) {
  REQUIRE_FIXTURE(kWritten);
  REQUIRE_FIXTURE(kittiRawFixture());
  const AnnotationSet set = importAs("kitti_raw", kittiRawFixture());
  exportSet(set, dir_ / "out", withMedia());
  EXPECT_EQ(filesBelow(dir_ / "out"), filesBelow(kWritten));
  const Json ours = readJson(dir_ / "out/annotations/default.json");
  const Json theirs = readJson(kWritten / "annotations/default.json");
  EXPECT_EQ(jsonStructure(ours), jsonStructure(theirs));
  EXPECT_EQ(ours["categories"], theirs["categories"]);
  // Same attribute keys, except that our bus track says which poses are keyframes.
  for (std::size_t i = 0; i < theirs["items"].size(); ++i)
    for (std::size_t k = 0; k < theirs["items"][i]["annotations"].size(); ++k) {
      const Json& a = ours["items"][i]["annotations"][k]["attributes"];
      const Json& b = theirs["items"][i]["annotations"][k]["attributes"];
      EXPECT_EQ(a["occluded"], b["occluded"]);
      EXPECT_EQ(a.contains("track_id"), b["track_id"] == 2) << "only the bus is a track of ours";
    }
}

// ---------------------------------------------------------------------------------------------
// Bad input

const char* kGood = R"({"info": {}, "categories": {"label": {"labels": [{"name": "car", "parent": "", "attributes": ["color"]}],
  "attributes": ["occluded"]}}, "items": [{"id": "f0", "annotations": [{"id": 1, "type": "cuboid_3d",
  "attributes": {"occluded": false, "color": "red"}, "group": 0, "label_id": 0, "position": [1, 2, 3],
  "rotation": [0, 0, 0.5], "scale": [2, 3, 4]}], "attr": {"frame": 0}, "point_cloud": {"path": "f0.pcd"}}]})";

TEST_F(Datumaro3d, HandWrittenFileReads) {
  write(dir_ / "ok/annotations/default.json", kGood);
  const AnnotationSet set = importSet(dir_ / "ok");
  ASSERT_EQ(set.objects.size(), 1u);
  EXPECT_EQ(set.objects[0].shape.points[5], 0.5);
  EXPECT_EQ(attributeNamed(set, set.objects[0], "color"), "red");
  // The annotation file itself is accepted too.
  EXPECT_EQ(importSet(dir_ / "ok/annotations/default.json").objects.size(), 1u);
}

TEST_F(Datumaro3d, BadInputThrowsIoErrorNamingTheFile) {
  const fs::path file = dir_ / "bad/annotations/default.json";
  struct Case {
    std::string what, text, expect;
  };
  const std::vector<Case> cases = {
      {"malformed", replaced(kGood, "}}]}", "}}]"), "malformed JSON"},
      {"not an object", "[1, 2]", "categories"},
      {"no items", replaced(kGood, "\"items\"", "\"things\""), "items"},
      {"undeclared label", replaced(kGood, "\"label_id\": 0", "\"label_id\": 3"), "label_id 3"},
      {"no label", replaced(kGood, "\"label_id\": 0", "\"label_id\": null"), "no label_id"},
      {"position not numbers", replaced(kGood, "[1, 2, 3]", "\"1 2 3\""), "position"},
      {"short scale", replaced(kGood, "[2, 3, 4]", "[2, 3]"), "scale"},
      {"negative zero size", replaced(kGood, "[2, 3, 4]", "[2, 0, 4]"), "zero size"},
      {"item without id", replaced(kGood, "\"id\": \"f0\"", "\"name\": \"f0\""), "\"id\""},
      {"frame not integer", replaced(kGood, "{\"frame\": 0}", "{\"frame\": \"zero\"}"), "attr.frame"},
      {"attributes not object", replaced(kGood, "{\"occluded\": false, \"color\": \"red\"}", "[1]"), "attributes"},
  };
  for (const Case& c : cases) {
    write(file, c.text);
    const std::string message = importError(dir_ / "bad");
    EXPECT_NE(message.find(file.string()), std::string::npos) << c.what << ": " << message;
    EXPECT_NE(message.find(c.expect), std::string::npos) << c.what << ": " << message;
  }
}

TEST_F(Datumaro3d, MissingInputThrows) {
  EXPECT_NE(importError(dir_ / "nothing-here").find("nothing-here"), std::string::npos);
  write(dir_ / "bare/default.json", kGood);  // datumaro finds only annotations/*.json
  EXPECT_NE(importError(dir_ / "bare").find("annotations"), std::string::npos);
}

}  // namespace
}  // namespace labelstation::io

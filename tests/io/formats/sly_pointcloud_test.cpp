// Sly Point Cloud Format 1.0: round trips, the fixtures datumaro ships and writes, bad input.
//
// What the format loses (the round trip compares only what it keeps):
//  - attribute types: tags are any_string / any_number, so select options and number ranges are
//    gone (values come back as text, true/false as checkbox); mutability is inferred (an
//    attribute that changes inside a track is mutable);
//  - groups, sources, z order; frame-level tags (read with a warning, not kept);
//  - tracks survive only through CVAT's "keyframe" field on figures (datumaro reads it back as
//    track_id + keyframe); interpolated frames are written and read back as derived.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "format_test_support.h"
#include "sample_sets.h"

namespace labelstation::io {
namespace {

namespace fs = std::filesystem;
using namespace labelstation::io::testing;

const fs::path kFixture = externalFixture("cvat-ai-datumaro/tests/assets/sly_pointcloud_dataset");
const fs::path kWritten = externalFixture("datumaro-written/from_kitti_raw/sly_pointcloud");

struct SlyPointcloud : FormatFolderTest {
  SlyPointcloud() : FormatFolderTest("sly_pointcloud") {}
};

void writeJson(const fs::path& file, const Json& j) { std::ofstream(file) << j.dump(2); }

const AnnotationObject* objectAt(const AnnotationSet& set, double x) {
  for (const auto& o : set.objects)
    if (!o.isTrack() && std::abs(o.shape.points[0] - x) < 1e-9) return &o;
  return nullptr;
}

// Keys and value types; UUID-like keys (random on every export) are replaced by "<key>", and
// the "keyframe" field CVAT adds to tracked figures is left out.
std::string jsonStructure(const Json& j) {
  static const std::regex uuid("[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");
  if (j.is_object()) {
    std::string out = "{";
    for (const auto& [k, v] : j.items())
      if (k != "keyframe") out += (std::regex_match(k, uuid) ? "<key>" : k) + ":" + jsonStructure(v) + ",";
    return out + "}";
  }
  if (j.is_array()) {
    std::string out = "[";
    for (const auto& v : j) out += jsonStructure(v) + ",";
    return out + "]";
  }
  return j.is_number() ? "number" : j.type_name();
}

// ---------------------------------------------------------------------------------------------

TEST_F(SlyPointcloud, RoundTripKeepsShapesTracksAndAttributes) {
  const AnnotationSet original = sampleCuboidSet();
  exportSet(original, dir_ / "out");
  for (const char* file : {"meta.json", "key_id_map.json", "ds0/ann/frame0.pcd.json", "ds0/ann/frame5.pcd.json"})
    EXPECT_TRUE(fs::is_regular_file(dir_ / "out" / file)) << file;
  const AnnotationSet back = importSet(dir_ / "out");
  ASSERT_EQ(back.task.frames.size(), 6u);
  EXPECT_EQ(back.task.frames[0].name, "frame0");
  EXPECT_EQ(back.task.frames[5].name, "frame5");
  testing::expectSameObjects(original, back, 1e-6);
  const Label* car = back.task.labels.labelByName("car");
  ASSERT_NE(car, nullptr);
  EXPECT_EQ(car->color, "#ff0000");
  EXPECT_TRUE(car->attributeByName("count")->isMutable);
  EXPECT_FALSE(car->attributeByName("color")->isMutable);
  EXPECT_EQ(car->attributeByName("parked")->inputType, AttributeInputType::Checkbox);
}

TEST_F(SlyPointcloud, RoundTripThroughZip) {
  const AnnotationSet original = sampleCuboidSet();
  exportSet(original, dir_ / "out.zip");
  const AnnotationSet back = importSet(dir_ / "out.zip");
  testing::expectSameObjects(original, back, 1e-6);
}

TEST_F(SlyPointcloud, WritesTagsKeysAndKeyframesAsDatumaro) {
  exportSet(sampleCuboidSet(), dir_ / "out");
  const Json meta = readJson(dir_ / "out/meta.json");
  EXPECT_EQ(meta["projectType"], "point_clouds");
  ASSERT_EQ(meta["classes"].size(), 2u);
  EXPECT_EQ(meta["classes"][1]["title"], "pedestrian");
  EXPECT_EQ(meta["classes"][1]["shape"], "cuboid_3d");
  std::map<std::string, Json> tags;
  for (const Json& t : meta["tags"]) tags[t["name"]] = t;
  EXPECT_EQ(tags["occluded"]["applicable_type"], "objectsOnly");
  EXPECT_EQ(tags["count"]["value_type"], "any_number");
  EXPECT_EQ(tags["pose"]["classes"], Json::array({"pedestrian"}));
  const Json keyIds = readJson(dir_ / "out/key_id_map.json");
  EXPECT_EQ(keyIds["videos"].size(), 6u);
  EXPECT_EQ(keyIds["objects"].size(), 4u);  // 2 shapes + 2 tracks, one key each
  const Json frame1 = readJson(dir_ / "out/ds0/ann/frame1.pcd.json");
  EXPECT_EQ(keyIds["videos"][frame1["key"].get<std::string>()], 1);
  ASSERT_EQ(frame1["figures"].size(), 2u);
  EXPECT_EQ(frame1["figures"][0]["keyframe"], false);  // the car track, interpolated
  EXPECT_DOUBLE_EQ(frame1["figures"][0]["geometry"]["dimensions"]["x"].get<double>(), 4.2);
  EXPECT_EQ(frame1["figures"][1]["keyframe"], true);
  const Json& carObject = frame1["objects"][0];
  EXPECT_EQ(carObject["classTitle"], "car");
  std::map<std::string, Json> values;
  for (const Json& t : carObject["tags"]) values[t["name"]] = t["value"];
  EXPECT_EQ(values["count"], 1);
  EXPECT_EQ(values["parked"], "false");
  EXPECT_EQ(values["color"], "blue");
  EXPECT_EQ(values["occluded"], "false");
  // The same track keeps its object key from frame to frame.
  const Json frame0 = readJson(dir_ / "out/ds0/ann/frame0.pcd.json");
  EXPECT_EQ(frame0["figures"][1]["objectKey"], frame1["figures"][0]["objectKey"]);
  EXPECT_TRUE(readJson(dir_ / "out/ds0/ann/frame5.pcd.json")["figures"].empty());
}

TEST_F(SlyPointcloud, SaveMediaWritesCloudsAndRelatedImages) {
  REQUIRE_FIXTURE(kFixture);
  const AnnotationSet set = importSet(kFixture);
  exportSet(set, dir_ / "media", withMedia());
  EXPECT_TRUE(fs::is_regular_file(dir_ / "media/ds0/pointcloud/frame1.pcd"));
  EXPECT_TRUE(fs::is_regular_file(dir_ / "media/ds0/related_images/frame1_pcd/img2.png"));
  const Json image = readJson(dir_ / "media/ds0/related_images/frame1_pcd/img2.png.json");
  EXPECT_EQ(image["name"], "img2.png");
  EXPECT_EQ(image["meta"]["sensorsData"]["extrinsicMatrix"].size(), 12u);
  const AnnotationSet back = importSet(dir_ / "media");
  ASSERT_EQ(back.task.frames[1].relatedImages.size(), 1u);
  testing::expectSameObjects(set, back, 1e-9);
}

// ---------------------------------------------------------------------------------------------
// datumaro's fixture and what datumaro writes

TEST_F(SlyPointcloud, DatumaroFixtureImportsWithDatumaroCounts) {
  REQUIRE_FIXTURE(kFixture);
  const AnnotationSet set = importSet(kFixture);
  // SOURCES.md: 2 items / 3 cuboids.
  ASSERT_EQ(set.task.frames.size(), 2u);
  EXPECT_EQ(visibleCuboids(set), 3);
  ASSERT_EQ(set.objects.size(), 3u);
  EXPECT_EQ(set.task.frames[0].name, "frame1");  // videos: frame1 → 0, frame2 → 1
  EXPECT_EQ(set.task.frames[1].name, "frame2");
  EXPECT_NE(set.task.frames[0].path.find("ds0/pointcloud/frame1.pcd"), std::string::npos);
  ASSERT_EQ(set.task.frames[1].relatedImages.size(), 1u);
  EXPECT_NE(set.task.frames[1].relatedImages[0].find("frame2_pcd/img1.png"), std::string::npos);
  // Classes in file order with their colours.
  ASSERT_EQ(set.task.labels.topLevelLabels().size(), 2u);
  EXPECT_EQ(set.task.labels.topLevelLabels()[0]->name, "car");
  EXPECT_EQ(set.task.labels.topLevelLabels()[0]->color, "#fa3253");

  const AnnotationObject* tagged = objectAt(set, 0.47322101780194115);
  ASSERT_NE(tagged, nullptr);
  EXPECT_EQ(testing::labelName(set.task.labels, tagged->label), "car");
  EXPECT_EQ(tagged->frame, 0);
  EXPECT_DOUBLE_EQ(tagged->shape.points[2], 0.7857368231792693);
  EXPECT_DOUBLE_EQ(tagged->shape.points[8], 0.01);
  EXPECT_EQ(attributeNamed(set, *tagged, "tag3"), "4s");
  EXPECT_EQ(attributeNamed(set, *tagged, "tag1"), "fd");
  const AnnotationObject* other = objectAt(set, 0.36073632206016004);
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(attributeNamed(set, *other, "tag1"), "v12");
  EXPECT_EQ(attributeNamed(set, *other, "tag3"), "");  // missing any_string tag: datumaro's default
  const AnnotationObject* bus = objectAt(set, 0.59);
  ASSERT_NE(bus, nullptr);
  EXPECT_EQ(testing::labelName(set.task.labels, bus->label), "bus");
  EXPECT_EQ(bus->frame, 1);
  EXPECT_EQ(bus->shape.points, (std::vector<double>{0.59, 14.41, -0.61, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(bus->kind, ObjectKind::Shape);  // no "keyframe" on the figure
  // tag2 is imagesOnly (a frame tag): reported, not kept.
  EXPECT_FALSE(set.warnings.empty());
  EXPECT_EQ(set.task.labels.labelByName("car")->attributeByName("tag2"), nullptr);
}

TEST_F(SlyPointcloud, DatumaroWrittenExportImports) {
  REQUIRE_FIXTURE(kWritten);
  const AnnotationSet set = importSet(kWritten);
  ASSERT_EQ(set.task.frames.size(), 3u);
  EXPECT_EQ(visibleCuboids(set), 4);
  for (const auto& o : set.objects) EXPECT_EQ(o.kind, ObjectKind::Shape);
  const AnnotationObject* occludedBus = objectAt(set, 0.0);
  ASSERT_NE(occludedBus, nullptr);
  EXPECT_TRUE(occludedBus->shape.occluded);  // the "occluded" tag "true" is our occlusion flag
  EXPECT_EQ(occludedBus->frame, 1);
  EXPECT_EQ(occludedBus->shape.points[5], 3.0);
  EXPECT_EQ(attributeNamed(set, *occludedBus, "occluded"), "<none>");
}

TEST_F(SlyPointcloud, OurExportOfTheKittiFixtureHasDatumarosStructure) {
  REQUIRE_FIXTURE(kWritten);
  REQUIRE_FIXTURE(kittiRawFixture());
  const AnnotationSet set = importAs("kitti_raw", kittiRawFixture());
  exportSet(set, dir_ / "out");
  EXPECT_EQ(filesBelow(dir_ / "out"), filesBelow(kWritten));
  for (const std::string& file : filesBelow(kWritten))
    EXPECT_EQ(jsonStructure(readJson(dir_ / "out" / file)), jsonStructure(readJson(kWritten / file))) << file;
  EXPECT_EQ(readJson(dir_ / "out/meta.json"), readJson(kWritten / "meta.json"));
  // Only the bus track's figures carry CVAT's keyframe flag.
  const Json frame0 = readJson(dir_ / "out/ds0/ann/0000000000.pcd.json");
  EXPECT_FALSE(frame0["figures"][0].contains("keyframe"));
  EXPECT_EQ(frame0["figures"][1]["keyframe"], true);
}

// ---------------------------------------------------------------------------------------------
// Bad input

TEST_F(SlyPointcloud, BadInputThrowsIoErrorNamingTheFile) {
  REQUIRE_FIXTURE(kFixture);
  struct Case {
    std::string what, file;
    std::function<void(Json&)> change;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {"undeclared class", "ds0/ann/frame2.pcd.json", [](Json& j) { j["objects"][1]["classTitle"] = "truck"; },
       "'truck' is not declared"},
      {"frame key unknown", "ds0/ann/frame2.pcd.json", [](Json& j) { j["key"] = "nope"; }, "videos"},
      {"position not a number", "ds0/ann/frame2.pcd.json", [](Json& j) { j["figures"][0]["geometry"]["position"]["x"] = "0.59"; },
       "position.x"},
      {"negative and zero size", "ds0/ann/frame2.pcd.json", [](Json& j) { j["figures"][0]["geometry"]["dimensions"]["y"] = 0; },
       "zero size"},
      {"figure of unknown object", "ds0/ann/frame2.pcd.json", [](Json& j) { j["figures"][0]["objectKey"] = "ghost"; }, "ghost"},
      {"objects not an array", "ds0/ann/frame1.pcd.json", [](Json& j) { j["objects"] = 5; }, "objects"},
      {"tag for unknown class", "meta.json", [](Json& j) { j["tags"][0]["classes"] = Json::array({"truck"}); }, "truck"},
      {"duplicate class", "meta.json", [](Json& j) { j["classes"][1]["title"] = "car"; }, "twice"},
      {"object id not integer", "key_id_map.json", [](Json& j) { j["objects"]["95001e75-b37d-4d8e-95aa-066b639ccb3b"] = "35"; },
       "not an integer"},
  };
  for (const Case& c : cases) {
    const fs::path copy = dir_ / "copy";
    fs::remove_all(copy);
    fs::copy(kFixture, copy, fs::copy_options::recursive);
    Json j = readJson(copy / c.file);
    c.change(j);
    writeJson(copy / c.file, j);
    const std::string message = importError(copy);
    EXPECT_NE(message.find((copy / c.file).string()), std::string::npos) << c.what << ": " << message;
    EXPECT_NE(message.find(c.expect), std::string::npos) << c.what << ": " << message;
  }
}

TEST_F(SlyPointcloud, MalformedAndMissingFilesThrow) {
  REQUIRE_FIXTURE(kFixture);
  EXPECT_NE(importError(dir_ / "nothing-here").find("nothing-here"), std::string::npos);
  fs::copy(kFixture, dir_ / "copy", fs::copy_options::recursive);
  std::ofstream(dir_ / "copy/ds0/ann/frame1.pcd.json") << "{\"key\": ";
  std::string message = importError(dir_ / "copy");
  EXPECT_NE(message.find("frame1.pcd.json"), std::string::npos) << message;
  EXPECT_NE(message.find("malformed JSON"), std::string::npos) << message;
  fs::remove(dir_ / "copy/key_id_map.json");
  message = importError(dir_ / "copy");
  EXPECT_NE(message.find("key_id_map.json"), std::string::npos) << message;
  fs::copy_file(kFixture / "key_id_map.json", dir_ / "copy/key_id_map.json");
  std::ofstream(dir_ / "copy/meta.json") << "[]";
  EXPECT_NE(importError(dir_ / "copy/meta.json").find("meta.json"), std::string::npos);
}

}  // namespace
}  // namespace labelstation::io

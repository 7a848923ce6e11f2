// CVAT task backup: round trips (2D, 3D), the structure CVAT's restore reads, bad input.
//
// What the format keeps: labels (colours, types, attributes with their input types, mutability
// and values, skeleton sub-labels and edges), frames (order, names, deleted flags; media copied
// along), every object with group, source, z order, rotation and attributes. Attribute defaults
// come back as the value a new object gets (CVAT stores one for every attribute).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "labelstation/io/annotation_formats.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"
#include "labelstation/io/pcd.h"
#include "sample_sets.h"
#include "set_compare.h"

namespace labelstation::io {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::set<std::string> keysOf(const Json& object) {
  std::set<std::string> keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.insert(it.key());
  return keys;
}

Json readJson(const fs::path& file) {
  std::ifstream in(file);
  return Json::parse(in);
}

void writeJson(const fs::path& file, const Json& json) { std::ofstream(file) << json.dump(); }

std::vector<Json> readJsonLines(const fs::path& file) {
  std::ifstream in(file);
  std::vector<Json> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(Json::parse(line));
  return lines;
}

class CvatBackup : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "cvat-backup-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path writePng(const std::string& name, int width, int height) {
    Image image;
    image.width = width;
    image.height = height;
    image.rgb.assign(static_cast<std::size_t>(width * height * 3), 90);
    const fs::path path = dir_ / "media" / name;
    fs::create_directories(path.parent_path());
    writeImage(path, image);
    return path;
  }

  fs::path writeCloud(const std::string& name, float offset) {
    PointCloud cloud;
    for (int i = 0; i < 5; ++i) cloud.addPoint(offset + static_cast<float>(i), 1.0f, -0.5f);
    const fs::path path = dir_ / "media" / name;
    fs::create_directories(path.parent_path());
    writePcd(path, cloud, PcdEncoding::Binary);
    return path;
  }

  // The sample 2D set with a PNG per frame, frame 2 deleted (kept, with its objects dropped by
  // selectForExport) and a skeleton track, whose points CVAT keeps as element tracks.
  AnnotationSet imageSet() {
    AnnotationSet set = testing::sampleImageSet();
    for (std::size_t i = 0; i < set.task.frames.size(); ++i)
      set.task.frames[i].path = writePng("frame_" + std::to_string(i) + ".png", 640, 480).string();
    set.task.frames[2].deleted = true;
    const Label* body = set.task.labels.labelByName("body");
    AnnotationObject skeleton;
    skeleton.id = 100;
    skeleton.kind = ObjectKind::Track;
    skeleton.label = body->id;
    skeleton.group = 7;
    for (int frame : {0, 3}) {
      ShapeState s;
      s.type = ShapeType::Skeleton;
      s.zOrder = 1;
      for (std::size_t i = 0; i < body->sublabels.size(); ++i) {
        SkeletonElement e;
        e.label = body->sublabels[i];
        e.points = {10.0 * static_cast<double>(i) + frame, 20.5 + frame};
        e.occluded = frame == 3 && i == 1;
        if (i == 0) e.attributes = {{set.task.labels.label(e.label)->attributes[0].id, "false"}};  // immutable
        s.elements.push_back(e);
      }
      skeleton.keyframes[frame] = s;
    }
    set.objects.push_back(skeleton);
    return set;
  }

  // Three clouds named so they sort in frame order, one with a related image; a cuboid shape and
  // a cuboid track that goes outside.
  AnnotationSet cloudSet() {
    AnnotationSet set;
    set.task.name = "lidar";
    set.task.dimension = TaskDimension::PointCloud3D;
    for (int i = 0; i < 3; ++i) {
      FrameInfo f;
      f.name = "00000" + std::to_string(i);
      f.path = writeCloud(f.name + ".pcd", static_cast<float>(i)).string();
      set.task.frames.push_back(f);
    }
    set.task.frames[1].relatedImages = {writePng("camera/front.png", 8, 6).string()};
    Label car;
    car.name = "car";
    car.color = "#fa3253";
    car.type = LabelType::Cuboid3D;
    car.attributes = {testing::attribute("make", AttributeInputType::Select, {"vw", "fiat"}),
                      testing::attribute("moving", AttributeInputType::Checkbox, {"false"}, true)};
    set.task.labels.addLabel(car);
    const Label& c = *set.task.labels.labelByName("car");
    const AttributeId make = c.attributes[0].id, moving = c.attributes[1].id;
    AnnotationObject shape;
    shape.id = 1;
    shape.label = c.id;
    shape.frame = 1;
    shape.shape = testing::shapeOf(ShapeType::Cuboid3D, {1.5, -2.25, 0.75, 0.1, -0.2, 1.25, 4.5, 1.8, 1.6});
    shape.shape.attributes = {{make, "fiat"}, {moving, "true"}};
    set.objects.push_back(shape);
    AnnotationObject track;
    track.id = 2;
    track.kind = ObjectKind::Track;
    track.label = c.id;
    track.source = Source::Auto;
    track.trackAttributes = {{make, "vw"}};
    track.keyframes[0] = testing::shapeOf(ShapeType::Cuboid3D, {10, 5, 0.5, 0, 0, 0.3, 4, 2, 1.5});
    track.keyframes[0].attributes = {{moving, "false"}};
    track.keyframes[2] = testing::shapeOf(ShapeType::Cuboid3D, {14, 6, 0.5, 0, 0, 0.5, 4.4, 2, 1.5});
    track.keyframes[2].attributes = {{moving, "true"}};
    track.keyframes[2].outside = true;
    set.objects.push_back(track);
    return set;
  }

  std::string errorOf(const std::function<void()>& action) {
    try {
      action();
    } catch (const IoError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no IoError";
    return {};
  }

  fs::path dir_;
};

const AnnotationFormat& backupFormat(bool is3D = false) { return *findAnnotationFormat(is3D ? "cvat_backup_3d" : "cvat_backup"); }
AnnotationSet importBackup(const fs::path& path) { return backupFormat().importer(path, {}); }
void exportBackup(const AnnotationSet& set, const fs::path& path) {
  exportAnnotations(backupFormat(set.task.dimension == TaskDimension::PointCloud3D), set, path, {});
}

void expectSameLabels(const LabelSchema& a, const LabelSchema& b) {
  ASSERT_EQ(a.allLabels().size(), b.allLabels().size());
  for (const Label& x : a.allLabels()) {
    const Label* parent = a.label(x.parent);
    const Label* bParent = parent ? b.labelByName(parent->name) : nullptr;
    const Label* y = b.labelByName(x.name, bParent ? bParent->id : kNoLabel);
    ASSERT_NE(y, nullptr) << x.name;
    EXPECT_EQ(x.color, y->color) << x.name;
    EXPECT_EQ(x.type, y->type) << x.name;
    ASSERT_EQ(x.attributes.size(), y->attributes.size()) << x.name;
    for (std::size_t i = 0; i < x.attributes.size(); ++i) {
      const AttributeSpec &s = x.attributes[i], &t = y->attributes[i];
      EXPECT_EQ(s.name, t.name);
      EXPECT_EQ(s.inputType, t.inputType) << s.name;
      EXPECT_EQ(s.isMutable, t.isMutable) << s.name;
      EXPECT_EQ(s.values, t.values) << s.name;
      EXPECT_EQ(s.initialValue(), t.initialValue()) << s.name;
    }
    ASSERT_EQ(x.sublabels.size(), y->sublabels.size()) << x.name;
    ASSERT_EQ(x.edges.size(), y->edges.size()) << x.name;
    for (std::size_t i = 0; i < x.edges.size(); ++i) {
      EXPECT_EQ(a.label(x.edges[i].from)->name, b.label(y->edges[i].from)->name);
      EXPECT_EQ(a.label(x.edges[i].to)->name, b.label(y->edges[i].to)->name);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Round trips

TEST_F(CvatBackup, ImageTaskRoundTripsThroughZipAndFolder) {
  const AnnotationSet set = imageSet();
  const AnnotationSet expected = selectForExport(set, {});  // what the exporter is given
  for (const fs::path& out : {dir_ / "task.zip", dir_ / "task_folder"}) {
    SCOPED_TRACE(out.string());
    exportBackup(set, out);
    const AnnotationSet back = importBackup(out);
    EXPECT_EQ(back.task.name, set.task.name);
    EXPECT_EQ(back.task.dimension, TaskDimension::Image2D);
    ASSERT_EQ(back.task.frames.size(), set.task.frames.size());
    for (std::size_t i = 0; i < set.task.frames.size(); ++i) {
      EXPECT_EQ(back.task.frames[i].name, set.task.frames[i].name);
      EXPECT_EQ(back.task.frames[i].deleted, i == 2);
      // A zip's files vanish after the import; a folder's stay where they are.
      EXPECT_EQ(back.task.frames[i].path.empty(), out.extension() == ".zip");
    }
    expectSameLabels(set.task.labels, back.task.labels);
    testing::expectSameObjects(expected, back, 1e-6);
    EXPECT_TRUE(back.warnings.empty()) << back.warnings.front();
  }
}

TEST_F(CvatBackup, PointCloudTaskRoundTripsWithRelatedImages) {
  const AnnotationSet set = cloudSet();
  for (const fs::path& out : {dir_ / "lidar.zip", dir_ / "lidar_folder"}) {
    SCOPED_TRACE(out.string());
    exportBackup(set, out);
    const AnnotationSet back = importBackup(out);
    EXPECT_EQ(back.task.dimension, TaskDimension::PointCloud3D);
    ASSERT_EQ(back.task.frames.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(back.task.frames[i].name, "pointcloud/" + set.task.frames[i].name);
    expectSameLabels(set.task.labels, back.task.labels);
    testing::expectSameObjects(set, back, 1e-6);
  }
  const AnnotationSet fromFolder = importBackup(dir_ / "lidar_folder");
  ASSERT_EQ(fromFolder.task.frames[1].relatedImages.size(), 1u);
  EXPECT_TRUE(fs::is_regular_file(fromFolder.task.frames[1].relatedImages[0]));
  EXPECT_TRUE(fromFolder.task.frames[0].relatedImages.empty());
}

TEST_F(CvatBackup, CloudsWhoseNamesDoNotSortInFrameOrderKeepTheirOrder) {
  AnnotationSet set = cloudSet();
  set.task.frames[0].name = "zeta";  // "zeta" would sort last: CVAT would restore it as frame 2
  exportBackup(set, dir_ / "out");
  EXPECT_TRUE(fs::is_regular_file(dir_ / "out/data/pointcloud/000000_zeta.pcd"));
  const AnnotationSet back = importBackup(dir_ / "out");
  ASSERT_EQ(back.task.frames.size(), 3u);
  EXPECT_EQ(back.task.frames[0].name, "pointcloud/000000_zeta");
  EXPECT_EQ(back.task.frames[2].name, "pointcloud/000002_000002");
  testing::expectSameObjects(set, back, 1e-6);
}

TEST_F(CvatBackup, SkeletonElementTracksWithTheirOwnKeyframesAreMerged) {
  exportBackup(imageSet(), dir_ / "out");
  Json jobs = readJson(dir_ / "out/annotations.json");
  Json& body = jobs[0]["tracks"][2];
  body["elements"][1]["shapes"][1]["frame"] = 1;  // "left hand" moves its second keyframe from 3 to 1
  writeJson(dir_ / "out/annotations.json", jobs);
  const AnnotationSet back = importBackup(dir_ / "out");
  const AnnotationObject* skeleton = nullptr;
  for (const AnnotationObject& o : back.objects)
    if (o.isTrack() && testing::labelName(back.task.labels, o.label) == "body") skeleton = &o;
  ASSERT_NE(skeleton, nullptr);
  ASSERT_EQ(skeleton->keyframes.size(), 3u);  // 0, 1 (an element's), 3 (the skeleton's)
  const ShapeState& at1 = skeleton->keyframes.at(1);
  ASSERT_EQ(at1.elements.size(), 3u);
  EXPECT_NEAR(at1.elements[0].points[0], 1.0, 1e-9);  // head: a third of the way from frame 0 to 3
  EXPECT_NEAR(at1.elements[0].points[1], 21.5, 1e-9);
  EXPECT_EQ(at1.elements[1].points, (std::vector<double>{13, 23.5}));  // left hand: its own keyframe
  EXPECT_TRUE(at1.elements[1].occluded);
  EXPECT_EQ(skeleton->keyframes.at(3).elements[1].points, (std::vector<double>{13, 23.5}));  // held
  EXPECT_EQ(at1.zOrder, 1);
  EXPECT_EQ(skeleton->group, 7);
}

TEST_F(CvatBackup, FrameRangeFilterAndDeletedFramesOfTheTaskAreApplied) {
  exportBackup(imageSet(), dir_ / "out");
  Json task = readJson(dir_ / "out/task.json");
  task["data"]["start_frame"] = 1;
  task["data"]["stop_frame"] = 3;
  // Blanks around "=" as CVAT allows them; a long run of them once overflowed the stack (a regex).
  task["data"]["frame_filter"] = "step" + std::string(200000, ' ') + "=x, step = 2";
  task["data"]["deleted_frames"] = Json::array({1});
  writeJson(dir_ / "out/task.json", task);
  Json jobs = Json::array({{{"version", 0}, {"tags", Json::array()}, {"shapes", Json::array()}, {"tracks", Json::array()}}});
  jobs[0]["tags"].push_back(
      {{"frame", 1}, {"label", "night"}, {"group", 0}, {"source", "manual"}, {"attributes", Json::array()}});
  writeJson(dir_ / "out/annotations.json", jobs);
  const AnnotationSet back = importBackup(dir_ / "out");
  ASSERT_EQ(back.task.frames.size(), 2u);  // frames 1 and 3 of data/
  EXPECT_EQ(back.task.frames[0].name, "cam0/frame_1.jpg");
  EXPECT_EQ(back.task.frames[1].name, "cam0/frame_3.jpg");
  EXPECT_FALSE(back.task.frames[0].deleted);
  EXPECT_TRUE(back.task.frames[1].deleted);
  ASSERT_EQ(back.objects.size(), 1u);
  EXPECT_EQ(back.objects[0].frame, 1);
}

// ---------------------------------------------------------------------------------------------
// Structure: what CVAT's restore (backup.py, task.py, serializers.py) reads

TEST_F(CvatBackup, TaskJsonHasTheKeysCvatRestoreReads) {
  exportBackup(imageSet(), dir_ / "out");
  const Json task = readJson(dir_ / "out/task.json");
  EXPECT_EQ(keysOf(task),
            (std::set<std::string>{"name", "bug_tracker", "status", "subset", "labels", "version", "data", "jobs"}));
  EXPECT_EQ(task["version"], "1.0");
  EXPECT_EQ(task["name"], "street & co");
  EXPECT_TRUE(task["bug_tracker"].is_string() && task["subset"].is_string());
  EXPECT_EQ(task["status"], "annotation");

  const Json& data = task["data"];
  EXPECT_EQ(keysOf(data), (std::set<std::string>{"chunk_size", "image_quality", "start_frame", "stop_frame", "chunk_type",
                                                 "storage_method", "storage", "sorting_method", "deleted_frames"}));
  EXPECT_TRUE(data["chunk_size"].is_number_integer() && data["chunk_size"].get<int>() > 0);
  EXPECT_TRUE(data["image_quality"].is_number_integer());
  EXPECT_EQ(data["start_frame"], 0);
  EXPECT_EQ(data["stop_frame"], 3);
  EXPECT_EQ(data["chunk_type"], "imageset");
  EXPECT_EQ(data["storage_method"], "cache");
  EXPECT_EQ(data["storage"], "local");
  EXPECT_EQ(data["sorting_method"], "predefined");
  EXPECT_EQ(data["deleted_frames"], Json::array({2}));

  ASSERT_EQ(task["jobs"].size(), 1u);
  EXPECT_EQ(task["jobs"][0], (Json{{"start_frame", 0}, {"stop_frame", 3}, {"status", "annotation"}, {"type", "annotation"}}));

  const std::set<std::string> attributeKeys{"name", "mutable", "input_type", "default_value", "values"};
  ASSERT_EQ(task["labels"].size(), 4u);
  for (const Json& label : task["labels"]) {
    EXPECT_EQ(keysOf(label), (std::set<std::string>{"name", "color", "attributes", "type", "svg", "sublabels"})) << label.dump();
    for (const Json& a : label["attributes"]) {
      EXPECT_EQ(keysOf(a), attributeKeys);
      EXPECT_TRUE(a["mutable"].is_boolean() && a["input_type"].is_string() && a["default_value"].is_string() &&
                  a["values"].is_array());
    }
    for (const Json& sub : label["sublabels"])
      EXPECT_EQ(keysOf(sub), (std::set<std::string>{"name", "color", "attributes", "type"}));
  }
  const Json& body = task["labels"][3];
  EXPECT_EQ(body["type"], "skeleton");
  ASSERT_EQ(body["sublabels"].size(), 3u);
  EXPECT_EQ(body["sublabels"][1]["name"], "left hand");
  const std::string svg = body["svg"];
  EXPECT_NE(svg.find("data-label-name=\"left hand\""), std::string::npos);
  EXPECT_EQ(svg.find("data-label-id"), std::string::npos);  // the restore turns names into fresh ids
  EXPECT_EQ(task["labels"][0]["attributes"][2]["values"], Json::array({"0", "200", "0.5"}));
}

TEST_F(CvatBackup, AnnotationsJsonHoldsOneJobInCvatsLayout) {
  exportBackup(imageSet(), dir_ / "out");
  const Json jobs = readJson(dir_ / "out/annotations.json");
  ASSERT_TRUE(jobs.is_array());
  ASSERT_EQ(jobs.size(), 1u);
  const Json& job = jobs[0];
  EXPECT_EQ(keysOf(job), (std::set<std::string>{"version", "tags", "shapes", "tracks"}));
  EXPECT_EQ(job["version"], 0);
  const std::set<std::string> shapeKeys{"type",  "occluded", "outside", "z_order",    "rotation", "points",
                                        "frame", "group",    "source",  "attributes", "label"};
  std::map<std::string, Json> byType;
  for (const Json& shape : job["shapes"]) {
    std::set<std::string> expected = shapeKeys;
    if (shape["type"] == "skeleton") expected.insert("elements");
    EXPECT_EQ(keysOf(shape), expected) << shape.dump();
    byType[shape["type"]] = shape;
  }
  const Json& box = byType["rectangle"];
  EXPECT_EQ(box["label"], "car");
  EXPECT_EQ(box["group"], 4);
  EXPECT_EQ(box["z_order"], 3);
  EXPECT_EQ(box["occluded"], true);
  EXPECT_EQ(box["source"], "manual");
  EXPECT_EQ(box["points"], Json::array({10.5, 20.25, 110.125, 90.0625}));
  EXPECT_DOUBLE_EQ(box["rotation"].get<double>(), 33.333333);
  EXPECT_EQ(box["attributes"][0], (Json{{"name", "model"}, {"value", "van"}}));
  EXPECT_EQ(byType["polygon"]["source"], "auto");
  const Json& skeleton = byType["skeleton"];
  EXPECT_EQ(skeleton["points"], Json::array());
  ASSERT_EQ(skeleton["elements"].size(), 3u);
  EXPECT_EQ(skeleton["elements"][1]["label"], "left hand");
  EXPECT_EQ(skeleton["elements"][1]["type"], "points");
  EXPECT_EQ(skeleton["elements"][2]["outside"], true);

  ASSERT_EQ(job["tags"].size(), 1u);
  EXPECT_EQ(job["tags"][0], (Json{{"frame", 1},
                                  {"label", "night"},
                                  {"group", 0},
                                  {"source", "manual"},
                                  {"attributes", Json::array({{{"name", "light"}, {"value", "none"}}})}}));

  ASSERT_EQ(job["tracks"].size(), 3u);
  const Json& car = job["tracks"][0];
  EXPECT_EQ(keysOf(car), (std::set<std::string>{"frame", "label", "group", "source", "attributes", "shapes"}));
  EXPECT_EQ(car["attributes"].size(), 2u);  // immutable: model, parked
  // Frame 2 is deleted: its keyframe is left out; the outside keyframe on frame 3 stays.
  ASSERT_EQ(car["shapes"].size(), 2u);
  EXPECT_EQ(keysOf(car["shapes"][1]),
            (std::set<std::string>{"type", "occluded", "outside", "z_order", "rotation", "points", "frame", "attributes"}));
  EXPECT_EQ(car["shapes"][1]["frame"], 3);
  EXPECT_EQ(car["shapes"][1]["outside"], true);
  EXPECT_EQ(car["shapes"][0]["attributes"].size(), 3u);  // mutable: speed, plate, colour
  const Json& body = job["tracks"][2];
  EXPECT_EQ(body["label"], "body");
  EXPECT_EQ(body["shapes"][0]["type"], "skeleton");
  ASSERT_EQ(body["elements"].size(), 3u);
  EXPECT_EQ(body["elements"][0]["label"], "head");
  EXPECT_EQ(body["elements"][0]["shapes"].size(), 2u);
}

TEST_F(CvatBackup, DataHoldsTheMediaAndAManifestInFrameOrder) {
  exportBackup(imageSet(), dir_ / "out");
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(fs::is_regular_file(dir_ / ("out/data/cam0/frame_" + std::to_string(i) + ".jpg")));
  const std::vector<Json> manifest = readJsonLines(dir_ / "out/data/manifest.jsonl");
  ASSERT_EQ(manifest.size(), 6u);
  EXPECT_EQ(manifest[0], (Json{{"version", "1.1"}}));
  EXPECT_EQ(manifest[1], (Json{{"type", "images"}}));
  EXPECT_EQ(manifest[2], (Json{{"name", "cam0/frame_0"}, {"extension", ".jpg"}, {"width", 640}, {"height", 480}}));
  EXPECT_EQ(manifest[5]["name"], "cam0/frame_3");
}

TEST_F(CvatBackup, PointCloudBackupUsesCvatsPointcloudLayout) {
  exportBackup(cloudSet(), dir_ / "out");
  EXPECT_TRUE(fs::is_regular_file(dir_ / "out/data/pointcloud/000000.pcd"));
  EXPECT_TRUE(fs::is_regular_file(dir_ / "out/data/related_images/000001_pcd/front.png"));
  const Json task = readJson(dir_ / "out/task.json");
  EXPECT_EQ(task["data"]["sorting_method"], "lexicographical");
  EXPECT_EQ(task["labels"][0]["type"], "cuboid_3d");
  const std::vector<Json> manifest = readJsonLines(dir_ / "out/data/manifest.jsonl");
  ASSERT_EQ(manifest.size(), 5u);
  EXPECT_EQ(manifest[3], (Json{{"name", "pointcloud/000001"},
                               {"extension", ".pcd"},
                               {"meta", {{"related_images", Json::array({"related_images/000001_pcd/front.png"})}}}}));
  const Json job = readJson(dir_ / "out/annotations.json")[0];
  const Json& cuboid = job["shapes"][0];
  EXPECT_EQ(cuboid["type"], "cuboid");
  EXPECT_EQ(cuboid["points"], Json::array({1.5, -2.25, 0.75, 0.1, -0.2, 1.25, 4.5, 1.8, 1.6, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(job["tracks"][0]["source"], "auto");
  EXPECT_EQ(job["tracks"][0]["shapes"][1]["points"].size(), 16u);
}

// ---------------------------------------------------------------------------------------------
// Bad input

TEST_F(CvatBackup, MissingTaskJsonIsAnError) {
  fs::create_directories(dir_ / "broken");
  writeJson(dir_ / "broken/annotations.json", Json::array());
  const std::string message = errorOf([&] { importBackup(dir_ / "broken"); });
  EXPECT_NE(message.find("broken"), std::string::npos) << message;
  EXPECT_NE(message.find("no task.json"), std::string::npos) << message;
}

TEST_F(CvatBackup, MalformedJsonIsAnErrorNamingTheFile) {
  exportBackup(imageSet(), dir_ / "out");
  std::ofstream(dir_ / "out/task.json") << "{\"name\": ";
  std::string message = errorOf([&] { importBackup(dir_ / "out"); });
  EXPECT_NE(message.find("task.json"), std::string::npos) << message;
  EXPECT_NE(message.find("malformed JSON"), std::string::npos) << message;

  exportBackup(imageSet(), dir_ / "out");
  std::ofstream(dir_ / "out/annotations.json") << "[{]";
  message = errorOf([&] { importBackup(dir_ / "out"); });
  EXPECT_NE(message.find("annotations.json: malformed JSON"), std::string::npos) << message;
}

TEST_F(CvatBackup, UndeclaredLabelIsAnError) {
  exportBackup(imageSet(), dir_ / "out");
  Json jobs = readJson(dir_ / "out/annotations.json");
  jobs[0]["shapes"][1]["label"] = "ghost";
  writeJson(dir_ / "out/annotations.json", jobs);
  const std::string message = errorOf([&] { importBackup(dir_ / "out"); });
  EXPECT_NE(message.find("annotations.json"), std::string::npos) << message;
  EXPECT_NE(message.find("shape 2"), std::string::npos) << message;
  EXPECT_NE(message.find("label 'ghost' is not declared in task.json"), std::string::npos) << message;
}

TEST_F(CvatBackup, AnnotationBeyondTheDataIsAnError) {
  exportBackup(imageSet(), dir_ / "out");
  Json jobs = readJson(dir_ / "out/annotations.json");
  jobs[0]["tracks"][0]["shapes"][1]["frame"] = 4;  // four images in data/
  writeJson(dir_ / "out/annotations.json", jobs);
  const std::string message = errorOf([&] { importBackup(dir_ / "out"); });
  EXPECT_NE(message.find("annotations.json"), std::string::npos) << message;
  EXPECT_NE(message.find("frame 4 is beyond the data (4 frames in data/)"), std::string::npos) << message;
}

TEST_F(CvatBackup, MissingMediaFileOnExportIsAnError) {
  AnnotationSet set = imageSet();
  set.task.frames[1].path = (dir_ / "media/gone.png").string();
  const std::string message = errorOf([&] { exportBackup(set, dir_ / "out.zip"); });
  EXPECT_NE(message.find("gone.png"), std::string::npos) << message;
  EXPECT_NE(message.find("cam0/frame_1.jpg"), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir_ / "out.zip"));
}

}  // namespace
}  // namespace labelstation::io

// Kitti Raw Format 1.0: round trips, the fixtures datumaro ships and writes, bad input.
//
// What the format loses (the round trip compares only what it keeps):
//  - attribute types: everything comes back as text, except true/false values (checkbox);
//    mutability is inferred (an attribute that changes inside a track is mutable);
//  - a track with a gap or a size change is cut into several tracklets, so it comes back as
//    several tracks; a track never changes size in this format;
//  - groups, sources, z order, label colours; occlusion "fully" reads back as occluded;
//  - negative sizes (datumaro's fixture has them) come back as their absolute values.
#include <gtest/gtest.h>
#include <tinyxml2.h>
#include <unistd.h>
#include <zip.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "labelstation/core/interpolation.h"
#include "labelstation/io/annotation_formats.h"
#include "labelstation/io/errors.h"
#include "set_compare.h"

namespace labelstation::io {
namespace {

namespace fs = std::filesystem;

fs::path external(const std::string& path) { return fs::path(LABELSTATION_SHARED_DIR) / "fixtures/external" / path; }
const fs::path kFixture = external("cvat-ai-datumaro/tests/assets/kitti_dataset/kitti_raw");
const fs::path kWritten = external("datumaro-written/from_kitti_raw");

#define REQUIRE_FIXTURE(p) \
  if (!fs::exists(p)) GTEST_SKIP() << "shared fixtures not present: " << (p)

class KittiRaw : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "kitti-raw-test-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
  // The IoError message for importing `path`; fails the test when nothing is thrown.
  std::string importError(const fs::path& path) {
    try {
      findAnnotationFormat("kitti_raw")->importer(path, {});
    } catch (const IoError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no IoError for " << path;
    return {};
  }
  fs::path dir_;
};

AnnotationSet importKitti(const fs::path& path) { return findAnnotationFormat("kitti_raw")->importer(path, {}); }
void exportKitti(const AnnotationSet& set, const fs::path& path, ExportOptions options = {}) {
  exportAnnotations(*findAnnotationFormat("kitti_raw"), set, path, options);
}
ExportOptions withMedia() {
  ExportOptions options;
  options.saveMedia = true;
  return options;
}

ShapeState cuboid(std::vector<double> p, bool occluded = false, AttributeValues attributes = {}) {
  ShapeState s;
  s.type = ShapeType::Cuboid3D;
  s.points = std::move(p);
  s.occluded = occluded;
  s.attributes = std::move(attributes);
  return s;
}

AttributeSpec spec(const std::string& name, AttributeInputType type, std::vector<std::string> values, bool isMutable) {
  AttributeSpec a;
  a.name = name;
  a.inputType = type;
  a.values = std::move(values);
  a.isMutable = isMutable;
  return a;
}

// Two labels with select / number / checkbox / text attributes, six frames (frame 5 empty),
// two shapes and two tracks, each ending with an outside keyframe.
AnnotationSet handMadeSet() {
  AnnotationSet set;
  set.task.dimension = TaskDimension::PointCloud3D;
  for (int i = 0; i < 6; ++i) set.task.frames.push_back(FrameInfo{"000000000" + std::to_string(i), "", {}, false, 0, 0});
  Label car{kNoLabel, "car", "#ff0000", LabelType::Cuboid3D, {}};
  car.attributes = {spec("color", AttributeInputType::Select, {"red", "blue"}, false),
                    spec("count", AttributeInputType::Number, {"0", "10", "1"}, true),
                    spec("parked", AttributeInputType::Checkbox, {"false"}, true),
                    spec("note", AttributeInputType::Text, {}, false)};
  const LabelId carId = set.task.labels.addLabel(car);
  Label pedestrian{kNoLabel, "pedestrian", "#00ff00", LabelType::Cuboid3D, {}};
  pedestrian.attributes = {spec("pose", AttributeInputType::Select, {"standing", "walking"}, true)};
  const LabelId pedestrianId = set.task.labels.addLabel(pedestrian);
  const Label& c = *set.task.labels.label(carId);
  const AttributeId color = c.attributes[0].id, count = c.attributes[1].id, parked = c.attributes[2].id,
                    note = c.attributes[3].id;
  const AttributeId pose = set.task.labels.label(pedestrianId)->attributes[0].id;

  AnnotationObject shape;
  shape.id = 1;
  shape.label = carId;
  shape.frame = 0;
  shape.shape = cuboid({1.5, -2.25, 0.75, 0.1, -0.2, 1.25, 4.5, 1.8, 1.6}, true,
                       {{color, "red"}, {count, "3"}, {parked, "true"}, {note, "a <quoted> & note"}});
  set.objects.push_back(shape);

  AnnotationObject track;
  track.id = 2;
  track.kind = ObjectKind::Track;
  track.label = carId;
  track.trackAttributes = {{color, "blue"}, {note, "keep"}};
  track.keyframes[0] = cuboid({10, 5, 0.5, 0, 0, 0.3, 4, 2, 1.5}, false, {{count, "1"}, {parked, "false"}});
  track.keyframes[2] = cuboid({14, 6, 0.5, 0, 0, 0.5, 4, 2, 1.5}, true, {{count, "2"}, {parked, "true"}});
  ShapeState end = track.keyframes[2];
  end.outside = true;
  track.keyframes[3] = end;
  set.objects.push_back(track);

  AnnotationObject walker;
  walker.id = 3;
  walker.kind = ObjectKind::Track;
  walker.label = pedestrianId;
  walker.keyframes[1] = cuboid({-3, 7, 0.9, 0, 0, -1.5, 0.6, 0.7, 1.8}, false, {{pose, "walking"}});
  walker.keyframes[4] = cuboid({-1, 9, 0.9, 0, 0, -1.2, 0.6, 0.7, 1.8}, false, {{pose, "standing"}});
  walker.keyframes[5] = walker.keyframes[4];
  walker.keyframes[5].outside = true;
  set.objects.push_back(walker);

  AnnotationObject person;
  person.id = 4;
  person.label = pedestrianId;
  person.frame = 4;
  person.shape = cuboid({2, 2, 1, 0, 0, 0, 0.5, 0.5, 1.7}, false, {{pose, "standing"}});
  set.objects.push_back(person);
  return set;
}

// Cuboids drawn on each frame (shapes plus visible track frames), as datumaro counts annotations.
int visibleCuboids(const AnnotationSet& set) {
  int n = 0;
  for (const auto& o : set.objects)
    for (int f = 0; f < static_cast<int>(set.task.frames.size()); ++f) n += isVisibleAt(o, f) ? 1 : 0;
  return n;
}

std::string attributeNamed(const AnnotationSet& set, const AnnotationObject& o, const AttributeValues& values,
                           const std::string& name) {
  const Label* label = set.task.labels.label(o.label);
  const AttributeSpec* s = label ? label->attributeByName(name) : nullptr;
  if (!s || !values.count(s->id)) return "<none>";
  return values.at(s->id);
}

// The element structure of an XML file: tags, nesting and attributes (names and values), no text.
std::string xmlStructure(const fs::path& file) {
  tinyxml2::XMLDocument doc;
  EXPECT_EQ(doc.LoadFile(file.c_str()), tinyxml2::XML_SUCCESS) << file;
  std::ostringstream out;
  std::function<void(const tinyxml2::XMLElement*, int)> walk = [&](const tinyxml2::XMLElement* e, int depth) {
    out << std::string(static_cast<std::size_t>(depth) * 2, ' ') << e->Name();
    for (auto* a = e->FirstAttribute(); a; a = a->Next()) out << " " << a->Name() << "=" << a->Value();
    out << "\n";
    for (auto* c = e->FirstChildElement(); c; c = c->NextSiblingElement()) walk(c, depth + 1);
  };
  if (doc.RootElement()) walk(doc.RootElement(), 0);
  return out.str();
}

std::string readText(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// ---------------------------------------------------------------------------------------------

TEST_F(KittiRaw, RoundTripKeepsShapesTracksAndAttributes) {
  const AnnotationSet original = handMadeSet();
  exportKitti(original, dir_ / "out");
  ASSERT_TRUE(fs::exists(dir_ / "out/tracklet_labels.xml"));
  EXPECT_EQ(readText(dir_ / "out/frame_list.txt"),
            "0 0000000000\n1 0000000001\n2 0000000002\n3 0000000003\n4 0000000004\n5 0000000005\n");
  const AnnotationSet back = importKitti(dir_ / "out");
  ASSERT_EQ(back.task.frames.size(), 6u);  // frame_list.txt keeps the empty last frame
  EXPECT_EQ(back.task.frames[5].name, "0000000005");
  EXPECT_EQ(back.task.dimension, TaskDimension::PointCloud3D);
  testing::expectSameObjects(original, back, 1e-6);
  // Mutability is inferred from the tracks: count changes along the track, color does not.
  const Label* car = back.task.labels.labelByName("car");
  ASSERT_NE(car, nullptr);
  EXPECT_TRUE(car->attributeByName("count")->isMutable);
  EXPECT_FALSE(car->attributeByName("color")->isMutable);
  EXPECT_EQ(car->attributeByName("parked")->inputType, AttributeInputType::Checkbox);
  EXPECT_EQ(car->attributeByName("count")->inputType, AttributeInputType::Text);
}

TEST_F(KittiRaw, RoundTripThroughZip) {
  const AnnotationSet original = handMadeSet();
  exportKitti(original, dir_ / "out.zip");
  ASSERT_TRUE(fs::is_regular_file(dir_ / "out.zip"));
  const AnnotationSet back = importKitti(dir_ / "out.zip");
  testing::expectSameObjects(original, back, 1e-6);
  // Nothing of the temporary extraction is kept in the frames.
  for (const auto& f : back.task.frames) EXPECT_TRUE(f.path.empty()) << f.name;
}

TEST_F(KittiRaw, WritesDatumaroLayoutWithInterpolatedPoses) {
  exportKitti(handMadeSet(), dir_ / "out");
  tinyxml2::XMLDocument doc;
  ASSERT_EQ(doc.LoadFile((dir_ / "out/tracklet_labels.xml").c_str()), tinyxml2::XML_SUCCESS);
  const auto* tracklets = doc.RootElement()->FirstChildElement("tracklets");
  EXPECT_STREQ(tracklets->FirstChildElement("count")->GetText(), "4");
  // Object order: the shape, the car track (frames 0-2: 3 poses, frame 1 interpolated), …
  const auto* shape = tracklets->FirstChildElement("item");
  EXPECT_STREQ(shape->Attribute("class_id"), "1");
  EXPECT_STREQ(shape->FirstChildElement("objectType")->GetText(), "car");
  EXPECT_STREQ(shape->FirstChildElement("w")->GetText(), "4.5");  // x extent
  EXPECT_STREQ(shape->FirstChildElement("h")->GetText(), "1.8");  // y extent
  EXPECT_STREQ(shape->FirstChildElement("l")->GetText(), "1.6");  // z extent
  const auto* pose = shape->FirstChildElement("poses")->FirstChildElement("item");
  EXPECT_STREQ(pose->FirstChildElement("tx")->GetText(), "1.5");  // the box centre, as datumaro
  EXPECT_STREQ(pose->FirstChildElement("tz")->GetText(), "0.75");
  EXPECT_STREQ(pose->FirstChildElement("occlusion")->GetText(), "1");
  EXPECT_STREQ(pose->FirstChildElement("occlusion_kf")->GetText(), "0");
  const auto* track = shape->NextSiblingElement("item");
  EXPECT_EQ(track->Attribute("class_id"), nullptr) << "class header on the first tracklet only";
  EXPECT_STREQ(track->FirstChildElement("first_frame")->GetText(), "0");
  const auto* poses = track->FirstChildElement("poses");
  EXPECT_EQ(poses->Attribute("class_id"), nullptr);
  EXPECT_STREQ(poses->FirstChildElement("count")->GetText(), "3");
  const auto* middle = poses->FirstChildElement("item")->NextSiblingElement("item");
  EXPECT_STREQ(middle->FirstChildElement("state")->GetText(), "1");  // interpolated
  EXPECT_STREQ(middle->FirstChildElement("tx")->GetText(), "12.0");
  EXPECT_STREQ(middle->FirstChildElement("occlusion_kf")->GetText(), "0");
  EXPECT_STREQ(poses->LastChildElement("item")->FirstChildElement("occlusion_kf")->GetText(), "1");
  const std::string text = readText(dir_ / "out/tracklet_labels.xml");
  EXPECT_EQ(text.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<!DOCTYPE boost_serialization>\n", 0), 0u);
  EXPECT_NE(text.find("<name>note</name><value>a &lt;quoted&gt; &amp; note</value>"), std::string::npos);
}

TEST_F(KittiRaw, TrackWithGapIsWrittenAsTwoTracklets) {
  // datumaro's reader misplaces poses after a gap-filling pose, so gaps split the tracklet.
  AnnotationSet set = handMadeSet();
  AnnotationObject& track = set.objects[1];
  track.keyframes.erase(3);
  track.keyframes[1] = track.keyframes[0];
  track.keyframes[1].outside = true;
  exportKitti(set, dir_ / "out");
  const AnnotationSet back = importKitti(dir_ / "out");
  std::set<std::pair<int, int>> carRanges;  // first and last visible frame of each car track
  for (const auto& o : back.objects)
    if (o.isTrack() && testing::labelName(back.task.labels, o.label) == "car")
      carRanges.insert({o.firstFrame(), o.lastVisibleFrame(5)});
  EXPECT_EQ(carRanges, (std::set<std::pair<int, int>>{{0, 0}, {2, 5}}));
  EXPECT_EQ(visibleCuboids(back), visibleCuboids(set));
}

TEST_F(KittiRaw, SaveMediaCopiesCloudsAndImages) {
  REQUIRE_FIXTURE(kFixture);
  AnnotationSet set = importKitti(kFixture);
  ASSERT_FALSE(set.task.frames[1].path.empty());
  exportKitti(set, dir_ / "media", withMedia());
  EXPECT_TRUE(fs::is_regular_file(dir_ / "media/velodyne_points/data/0000000001.pcd"));
  EXPECT_EQ(fs::file_size(dir_ / "media/velodyne_points/data/0000000001.pcd"),
            fs::file_size(kFixture / "velodyne_points/data/0000000001.pcd"));
  EXPECT_TRUE(fs::is_regular_file(dir_ / "media/image_00/data/0000000002.png"));
  // A frame without its cloud is an error naming it.
  set.task.frames[2].path.clear();
  try {
    exportKitti(set, dir_ / "media2", withMedia());
    ADD_FAILURE() << "no IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("0000000002"), std::string::npos) << e.what();
  }
}

// ---------------------------------------------------------------------------------------------
// datumaro's fixture and what datumaro writes from it

TEST_F(KittiRaw, DatumaroFixtureImportsWithDatumaroCounts) {
  REQUIRE_FIXTURE(kFixture);
  const AnnotationSet set = importKitti(kFixture);
  // SOURCES.md: 3 items / 4 cuboids (top <count> says 4 tracklets, the file holds 3).
  ASSERT_EQ(set.task.frames.size(), 3u);
  EXPECT_EQ(visibleCuboids(set), 4);
  ASSERT_EQ(set.objects.size(), 3u);
  EXPECT_EQ(set.task.frames[0].name, "0000000000");
  EXPECT_EQ(set.task.frames[2].name, "0000000002");
  ASSERT_EQ(set.task.frames[0].relatedImages.size(), 1u);  // IMAGE_00, upper case
  EXPECT_NE(set.task.frames[0].relatedImages[0].find("IMAGE_00"), std::string::npos);
  EXPECT_NE(set.task.frames[1].path.find("velodyne_points/data/0000000001.pcd"), std::string::npos);
  // Labels sorted by name, as datumaro does.
  ASSERT_EQ(set.task.labels.topLevelLabels().size(), 2u);
  EXPECT_EQ(set.task.labels.topLevelLabels()[0]->name, "bus");

  // Tracklet 1: car, w 7.95 h -3.62 l -1.03 at (1, 2, 3): scale (7.95, 3.62, 1.03).
  const AnnotationObject& car = set.objects[0];
  EXPECT_EQ(testing::labelName(set.task.labels, car.label), "car");
  EXPECT_EQ(car.kind, ObjectKind::Shape);
  EXPECT_EQ(car.frame, 0);
  EXPECT_EQ(car.shape.points, (std::vector<double>{1, 2, 3, 0, 0, 0, 7.95, 3.62, 1.03}));
  EXPECT_FALSE(car.shape.occluded);
  // Tracklet 2: bus, two poses → a track with keyframes 0 and 1, outside on 2.
  const AnnotationObject& bus = set.objects[1];
  EXPECT_EQ(testing::labelName(set.task.labels, bus.label), "bus");
  ASSERT_EQ(bus.kind, ObjectKind::Track);
  ASSERT_EQ(bus.keyframes.size(), 3u);
  EXPECT_EQ(bus.keyframes.at(1).points, (std::vector<double>{0, 1, 0, 1, 1, 3, 8.34, 23.01, 0.76}));
  EXPECT_TRUE(bus.keyframes.at(1).occluded);   // <occlusion>1</occlusion>
  EXPECT_FALSE(bus.keyframes.at(0).occluded);  // <occlusion>-1</occlusion>, no keyframe before
  EXPECT_TRUE(bus.keyframes.at(2).outside);
  // Tracklet 3 starts on frame 2.
  EXPECT_EQ(set.objects[2].frame, 2);
  EXPECT_EQ(set.objects[2].shape.points[6], 9.41);
  // The negative sizes are reported.
  EXPECT_GE(set.warnings.size(), 3u);
}

TEST_F(KittiRaw, CvatStyleExportOfTheFixtureReadsAsShapes) {
  REQUIRE_FIXTURE(kWritten / "kitti_raw_as_cvat_exports");
  const AnnotationSet set = importKitti(kWritten / "kitti_raw_as_cvat_exports");
  ASSERT_EQ(set.task.frames.size(), 3u);
  ASSERT_EQ(set.objects.size(), 4u);  // one-pose tracklets, reversed: shapes
  for (const auto& o : set.objects) EXPECT_EQ(o.kind, ObjectKind::Shape);
  EXPECT_EQ(set.objects[0].frame, 2);
  EXPECT_EQ(set.objects[1].frame, 1);
  EXPECT_TRUE(set.objects[1].shape.occluded);
  EXPECT_EQ(set.objects[1].shape.points[5], 3.0);  // rz
  EXPECT_EQ(set.objects[3].shape.points[6], 7.95);
}

TEST_F(KittiRaw, DatumaroTracksExportReadsBackAsTheFixture) {
  REQUIRE_FIXTURE(kWritten / "kitti_raw_tracks");
  REQUIRE_FIXTURE(kFixture);
  const AnnotationSet written = importKitti(kWritten / "kitti_raw_tracks");
  testing::expectSameObjects(importKitti(kFixture), written, 1e-9);
}

TEST_F(KittiRaw, OurExportOfTheFixtureHasDatumarosStructure) {
  REQUIRE_FIXTURE(kWritten / "kitti_raw_tracks");
  exportKitti(importKitti(kFixture), dir_ / "out");
  // Same files, same elements, attributes and nesting as datumaro's allow_attrs export.
  std::set<std::string> ours, theirs;
  for (const auto& e : fs::directory_iterator(dir_ / "out")) ours.insert(e.path().filename().string());
  for (const auto& e : fs::directory_iterator(kWritten / "kitti_raw_tracks")) theirs.insert(e.path().filename().string());
  EXPECT_EQ(ours, theirs);
  EXPECT_EQ(xmlStructure(dir_ / "out/tracklet_labels.xml"), xmlStructure(kWritten / "kitti_raw_tracks/tracklet_labels.xml"));
  EXPECT_EQ(readText(dir_ / "out/frame_list.txt"), readText(kWritten / "kitti_raw_tracks/frame_list.txt"));
  // Values datumaro writes the same way (Python float text).
  const std::string text = readText(dir_ / "out/tracklet_labels.xml");
  EXPECT_NE(text.find("<w>8.34</w>"), std::string::npos);
  EXPECT_NE(text.find("<rz>3.0</rz>"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Bad input

const char* kGoodXml = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE boost_serialization>
<boost_serialization version="9" signature="serialization::archive">
<tracklets version="0" tracking_level="0" class_id="0">
  <count>1</count>
  <item_version>1</item_version>
  <item>
    <objectType>car</objectType>
    <h>1.0</h><w>2.0</w><l>3.0</l>
    <first_frame>0</first_frame>
    <poses>
      <count>1</count>
      <item_version>0</item_version>
      <item>
        <tx>1.0</tx><ty>2.0</ty><tz>3.0</tz><rx>0.0</rx><ry>0.0</ry><rz>0.5</rz>
        <state>2</state><occlusion>0</occlusion><occlusion_kf>0</occlusion_kf><truncation>0</truncation>
        <attributes><attribute><name>color</name><value>red</value></attribute></attributes>
      </item>
    </poses>
    <finished>1</finished>
  </item>
</tracklets>
</boost_serialization>
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

TEST_F(KittiRaw, HandWrittenFileReads) {
  write(dir_ / "ok/tracklet_labels.xml", kGoodXml);
  const AnnotationSet set = importKitti(dir_ / "ok/tracklet_labels.xml");
  ASSERT_EQ(set.objects.size(), 1u);
  EXPECT_EQ(set.objects[0].shape.points[5], 0.5);
  EXPECT_EQ(attributeNamed(set, set.objects[0], set.objects[0].shape.attributes, "color"), "red");
}

TEST_F(KittiRaw, BadInputThrowsIoErrorNamingTheFile) {
  const fs::path file = dir_ / "bad/tracklet_labels.xml";
  struct Case {
    std::string what, text, expect;
  };
  const std::vector<Case> cases = {
      {"malformed", replaced(kGoodXml, "</poses>", ""), "malformed XML"},
      {"no root", "<tracklets/>", "boost_serialization"},
      {"missing size", replaced(kGoodXml, "<h>1.0</h>", ""), "<h>"},
      {"not a number", replaced(kGoodXml, "<tx>1.0</tx>", "<tx>one</tx>"), "<tx>"},
      {"NaN size", replaced(kGoodXml, "<w>2.0</w>", "<w>nan</w>"), "<w>"},
      {"zero size", replaced(kGoodXml, "<w>2.0</w>", "<w>0.0</w>"), "zero size"},
      {"count mismatch", replaced(kGoodXml, "<count>1</count>\n      <item_version>", "<count>2</count>\n      <item_version>"),
       "holds 1 poses"},
      {"bad occlusion", replaced(kGoodXml, "<occlusion>0</occlusion>", "<occlusion>7</occlusion>"), "occlusion"},
      {"no label", replaced(kGoodXml, "<objectType>car</objectType>", "<objectType></objectType>"), "objectType"},
      {"unnamed attribute", replaced(kGoodXml, "<name>color</name>", "<name></name>"), "no name"},
  };
  for (const Case& c : cases) {
    write(file, c.text);
    const std::string message = importError(file);
    EXPECT_NE(message.find(file.string()), std::string::npos) << c.what << ": " << message;
    EXPECT_NE(message.find(c.expect), std::string::npos) << c.what << ": " << message;
  }
}

TEST_F(KittiRaw, MissingInputAndBadFrameListThrow) {
  EXPECT_NE(importError(dir_ / "nothing-here").find("nothing-here"), std::string::npos);
  fs::create_directories(dir_ / "empty");
  EXPECT_NE(importError(dir_ / "empty").find("tracklet_labels.xml"), std::string::npos);
  write(dir_ / "list/tracklet_labels.xml", kGoodXml);
  write(dir_ / "list/frame_list.txt", "0 ../../etc/passwd\n");
  const std::string message = importError(dir_ / "list");
  EXPECT_NE(message.find("frame_list.txt"), std::string::npos) << message;
  write(dir_ / "list/frame_list.txt", "zero 0000000000\n");
  EXPECT_NE(importError(dir_ / "list").find("frame_list.txt"), std::string::npos);
}

TEST_F(KittiRaw, ZipWithParentPathIsRefused) {
  const fs::path zipPath = dir_ / "evil.zip";
  int code = 0;
  zip_t* archive = zip_open(zipPath.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  ASSERT_NE(archive, nullptr);
  const std::string body = kGoodXml;
  zip_source_t* source = zip_source_buffer(archive, body.data(), body.size(), 0);
  ASSERT_GE(zip_file_add(archive, "../tracklet_labels.xml", source, ZIP_FL_ENC_UTF_8), 0);
  ASSERT_EQ(zip_close(archive), 0);
  const std::string message = importError(zipPath);
  EXPECT_NE(message.find(zipPath.string()), std::string::npos) << message;
  EXPECT_FALSE(fs::exists(dir_.parent_path() / "tracklet_labels.xml"));
}

TEST_F(KittiRaw, ErrorInsideZipNamesTheZipAndTheEntry) {
  write(dir_ / "src/tracklet_labels.xml", replaced(kGoodXml, "<tx>1.0</tx>", "<tx>x</tx>"));
  // Pack by hand: our exporter would not write a bad file.
  const fs::path zipPath = dir_ / "bad.zip";
  int code = 0;
  zip_t* archive = zip_open(zipPath.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  ASSERT_NE(archive, nullptr);
  zip_source_t* source = zip_source_file(archive, (dir_ / "src/tracklet_labels.xml").c_str(), 0, -1);
  ASSERT_GE(zip_file_add(archive, "tracklet_labels.xml", source, ZIP_FL_ENC_UTF_8), 0);
  ASSERT_EQ(zip_close(archive), 0);
  const std::string message = importError(zipPath);
  EXPECT_NE(message.find(zipPath.string()), std::string::npos) << message;
  EXPECT_NE(message.find("tracklet_labels.xml"), std::string::npos) << message;
}

}  // namespace
}  // namespace labelstation::io

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
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include "format_test_support.h"
#include "sample_sets.h"

namespace labelstation::io {
namespace {

namespace fs = std::filesystem;
using namespace labelstation::io::testing;

const fs::path kFixture = kittiRawFixture();
const fs::path kWritten = externalFixture("datumaro-written/from_kitti_raw");

struct KittiRaw : FormatFolderTest {
  KittiRaw() : FormatFolderTest("kitti_raw") {}
};

// The shared cuboid set with the car track kept at one size: this format has one size per
// tracklet, so a size change would cut the track in two.
AnnotationSet constantSizeSet() {
  AnnotationSet set = sampleCuboidSet();
  for (auto& [frame, state] : set.objects[1].keyframes) state.points[6] = 4;
  return set;
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
  const AnnotationSet original = constantSizeSet();
  exportSet(original, dir_ / "out");
  ASSERT_TRUE(fs::exists(dir_ / "out/tracklet_labels.xml"));
  EXPECT_EQ(readText(dir_ / "out/frame_list.txt"), "0 frame0\n1 frame1\n2 frame2\n3 frame3\n4 frame4\n5 frame5\n");
  const AnnotationSet back = importSet(dir_ / "out");
  ASSERT_EQ(back.task.frames.size(), 6u);  // frame_list.txt keeps the empty last frame
  EXPECT_EQ(back.task.frames[5].name, "frame5");
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
  const AnnotationSet original = constantSizeSet();
  exportSet(original, dir_ / "out.zip");
  ASSERT_TRUE(fs::is_regular_file(dir_ / "out.zip"));
  const AnnotationSet back = importSet(dir_ / "out.zip");
  testing::expectSameObjects(original, back, 1e-6);
  // Nothing of the temporary extraction is kept in the frames.
  for (const auto& f : back.task.frames) EXPECT_TRUE(f.path.empty()) << f.name;
}

TEST_F(KittiRaw, WritesDatumaroLayoutWithInterpolatedPoses) {
  exportSet(constantSizeSet(), dir_ / "out");
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
  EXPECT_NE(text.find("<name>note</name><value>a &lt;quoted&gt; &amp; \"ünïcode\" note</value>"), std::string::npos);
}

TEST_F(KittiRaw, TrackWithGapIsWrittenAsTwoTracklets) {
  // datumaro's reader misplaces poses after a gap-filling pose, so gaps split the tracklet.
  AnnotationSet set = constantSizeSet();
  AnnotationObject& track = set.objects[1];
  track.keyframes.erase(3);
  track.keyframes[1] = track.keyframes[0];
  track.keyframes[1].outside = true;
  exportSet(set, dir_ / "out");
  const AnnotationSet back = importSet(dir_ / "out");
  std::set<std::pair<int, int>> carRanges;  // first and last visible frame of each car track
  for (const auto& o : back.objects)
    if (o.isTrack() && testing::labelName(back.task.labels, o.label) == "car")
      carRanges.insert({o.firstFrame(), o.lastVisibleFrame(5)});
  EXPECT_EQ(carRanges, (std::set<std::pair<int, int>>{{0, 0}, {2, 5}}));
  EXPECT_EQ(visibleCuboids(back), visibleCuboids(set));
}

TEST_F(KittiRaw, SaveMediaCopiesCloudsAndImages) {
  REQUIRE_FIXTURE(kFixture);
  AnnotationSet set = importSet(kFixture);
  ASSERT_FALSE(set.task.frames[1].path.empty());
  exportSet(set, dir_ / "media", withMedia());
  EXPECT_TRUE(fs::is_regular_file(dir_ / "media/velodyne_points/data/0000000001.pcd"));
  EXPECT_EQ(fs::file_size(dir_ / "media/velodyne_points/data/0000000001.pcd"),
            fs::file_size(kFixture / "velodyne_points/data/0000000001.pcd"));
  EXPECT_TRUE(fs::is_regular_file(dir_ / "media/image_00/data/0000000002.png"));
  // A frame without its cloud is an error naming it.
  set.task.frames[2].path.clear();
  try {
    exportSet(set, dir_ / "media2", withMedia());
    ADD_FAILURE() << "no IoError";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("0000000002"), std::string::npos) << e.what();
  }
}

TEST_F(KittiRaw, ProgressCountsFramesAndCancelLeavesNoZip) {
  REQUIRE_FIXTURE(kFixture);
  const AnnotationSet set = importSet(kFixture);
  ExportOptions options = withMedia();
  std::vector<std::pair<std::size_t, std::size_t>> calls;
  options.progress = [&](std::size_t done, std::size_t total) {
    calls.emplace_back(done, total);
    return true;
  };
  exportSet(set, dir_ / "whole.zip", options);
  ASSERT_EQ(calls.size(), set.task.frames.size());
  for (std::size_t i = 0; i < calls.size(); ++i) EXPECT_EQ(calls[i], std::make_pair(i, set.task.frames.size()));
  // Cancelled after the first frame: an ExportCancelled, and no zip under the final name.
  options.progress = [](std::size_t done, std::size_t) { return done < 1; };
  EXPECT_THROW(exportSet(set, dir_ / "cancelled.zip", options), ExportCancelled);
  EXPECT_FALSE(fs::exists(dir_ / "cancelled.zip"));
}

// ---------------------------------------------------------------------------------------------
// datumaro's fixture and what datumaro writes from it

TEST_F(KittiRaw, DatumaroFixtureImportsWithDatumaroCounts) {
  REQUIRE_FIXTURE(kFixture);
  const AnnotationSet set = importSet(kFixture);
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
  const AnnotationSet set = importSet(kWritten / "kitti_raw_as_cvat_exports");
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
  const AnnotationSet written = importSet(kWritten / "kitti_raw_tracks");
  testing::expectSameObjects(importSet(kFixture), written, 1e-9);
}

TEST_F(KittiRaw, OurExportOfTheFixtureHasDatumarosStructure) {
  REQUIRE_FIXTURE(kWritten / "kitti_raw_tracks");
  exportSet(importSet(kFixture), dir_ / "out");
  // Same files, same elements, attributes and nesting as datumaro's allow_attrs export.
  EXPECT_EQ(filesBelow(dir_ / "out"), filesBelow(kWritten / "kitti_raw_tracks"));
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

TEST_F(KittiRaw, HandWrittenFileReads) {
  write(dir_ / "ok/tracklet_labels.xml", kGoodXml);
  const AnnotationSet set = importSet(dir_ / "ok/tracklet_labels.xml");
  ASSERT_EQ(set.objects.size(), 1u);
  EXPECT_EQ(set.objects[0].shape.points[5], 0.5);
  EXPECT_EQ(attributeNamed(set, set.objects[0], "color"), "red");
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

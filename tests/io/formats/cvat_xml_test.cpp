#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>

#include "labelstation/core/interpolation.h"
#include "labelstation/io/annotation_formats.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"
#include "sample_sets.h"
#include "set_compare.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;
using testing::expectSameObjects;
using testing::sampleImageSet;

class CvatXml : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("labelstation_cvat_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!std::getenv("LABELSTATION_KEEP_TEST_FILES")) fs::remove_all(dir_);
  }

  static const AnnotationFormat& images() { return *findAnnotationFormat("CVAT for images 1.1"); }
  static const AnnotationFormat& video() { return *findAnnotationFormat("cvat_video"); }

  AnnotationSet roundTrip(const AnnotationFormat& format, const AnnotationSet& set, const std::string& file, ExportOptions options = {}) {
    exportAnnotations(format, set, dir_ / file, options);
    return format.importer(dir_ / file, {});
  }

  static AnnotationSet without(AnnotationSet set, ObjectKind kind) {
    set.objects.erase(std::remove_if(set.objects.begin(), set.objects.end(), [&](const AnnotationObject& o) { return o.kind == kind; }),
                      set.objects.end());
    return set;
  }

  fs::path dir_;
};

void expectSameLabels(const LabelSchema& a, const LabelSchema& b) {
  ASSERT_EQ(a.allLabels().size(), b.allLabels().size());
  for (const Label& la : a.allLabels()) {
    const Label* parent = a.label(la.parent);
    const Label* lb = b.labelByName(la.name, parent ? b.labelByName(parent->name)->id : kNoLabel);
    ASSERT_NE(lb, nullptr) << la.name;
    EXPECT_EQ(la.color, lb->color) << la.name;
    EXPECT_EQ(la.type, lb->type) << la.name;
    ASSERT_EQ(la.attributes.size(), lb->attributes.size()) << la.name;
    for (std::size_t i = 0; i < la.attributes.size(); ++i) {
      EXPECT_EQ(la.attributes[i].name, lb->attributes[i].name);
      EXPECT_EQ(la.attributes[i].inputType, lb->attributes[i].inputType) << la.attributes[i].name;
      EXPECT_EQ(la.attributes[i].isMutable, lb->attributes[i].isMutable) << la.attributes[i].name;
      EXPECT_EQ(la.attributes[i].values, lb->attributes[i].values) << la.attributes[i].name;
      EXPECT_EQ(la.attributes[i].initialValue(), lb->attributes[i].initialValue()) << la.attributes[i].name;
    }
    EXPECT_EQ(la.sublabels.size(), lb->sublabels.size()) << la.name;
    EXPECT_EQ(la.edges.size(), lb->edges.size()) << la.name;
    for (const auto& [node, position] : la.nodePositions) {
      const Label* sb = b.labelByName(a.label(node)->name, lb->id);
      ASSERT_NE(sb, nullptr);
      EXPECT_NEAR(lb->nodePositions.at(sb->id).first, position.first, 1e-6);
      EXPECT_NEAR(lb->nodePositions.at(sb->id).second, position.second, 1e-6);
    }
  }
}

TEST_F(CvatXml, ImagesRoundTripKeepsEveryShapeTypeAndTag) {
  const AnnotationSet set = without(sampleImageSet(), ObjectKind::Track);
  for (const char* file : {"a.xml", "a.zip", "folder"}) {
    SCOPED_TRACE(file);
    const AnnotationSet back = roundTrip(images(), set, file);
    EXPECT_EQ(back.task.name, set.task.name);
    ASSERT_EQ(back.task.frames.size(), 4u) << "the empty frame is written too";
    EXPECT_EQ(back.task.frames[2].name, "cam0/frame_2.jpg");
    EXPECT_EQ(back.task.frames[2].width, 640);
    expectSameLabels(set.task.labels, back.task.labels);
    expectSameObjects(set, back);
    EXPECT_TRUE(back.warnings.empty()) << back.warnings.front();
  }
}

TEST_F(CvatXml, ImagesModeSplitsTracksIntoShapesPerVisibleFrame) {
  AnnotationSet set = sampleImageSet();
  const AnnotationSet back = roundTrip(images(), set, "split.xml");
  const AnnotationObject* track = nullptr;
  for (const auto& o : set.objects)
    if (o.isTrack() && o.shapeType() == ShapeType::Rectangle) track = &o;
  // The rectangle track is visible on frames 0, 1 (interpolated) and 2; outside from 3.
  int boxesOfTrack = 0;
  for (const auto& o : back.objects) {
    EXPECT_NE(o.kind, ObjectKind::Track);
    if (o.kind == ObjectKind::Shape && o.shape.type == ShapeType::Rectangle && o.shape.points[0] != 10.5) {
      ++boxesOfTrack;
      const ShapeState expected = *stateAt(*track, o.frame);
      for (std::size_t i = 0; i < 4; ++i) EXPECT_NEAR(o.shape.points[i], expected.points[i], 1e-6) << "frame " << o.frame;
      EXPECT_NEAR(o.shape.rotation, expected.rotation, 1e-6);
      // Track attributes (immutable) and the keyframe's mutable ones both land on the shape.
      EXPECT_EQ(testing::namedAttributes(back.task.labels, o.label, o.shape.attributes).at("model"), "sedan");
      EXPECT_EQ(testing::namedAttributes(back.task.labels, o.label, o.shape.attributes).at("plate"), "P1");
    }
  }
  EXPECT_EQ(boxesOfTrack, 3);
  ExportOptions keyframes;
  keyframes.onlyKeyframes = true;
  const AnnotationSet onlyKeys = roundTrip(images(), set, "keys.xml", keyframes);
  EXPECT_EQ(onlyKeys.objects.size(), back.objects.size() - 1 - 1) << "frame 1 of the box track and frame 2 of the polygon track go";
}

TEST_F(CvatXml, VideoRoundTripKeepsTracksAndShapes) {
  const AnnotationSet set = without(sampleImageSet(), ObjectKind::Tag);  // video mode has no tags, as in CVAT
  for (const char* file : {"v.xml", "v.zip"}) {
    SCOPED_TRACE(file);
    const AnnotationSet back = roundTrip(video(), set, file);
    ASSERT_EQ(back.task.frames.size(), 4u);
    EXPECT_EQ(back.task.frames[0].width, 640);
    expectSameLabels(set.task.labels, back.task.labels);
    expectSameObjects(set, back);
  }
}

TEST_F(CvatXml, VideoWritesInterpolatedRowsAsCvatDoes) {
  const AnnotationSet set = sampleImageSet();
  const ExportWarnings losses = exportAnnotations(video(), set, dir_ / "v.xml", {});
  ASSERT_EQ(losses.size(), 1u);
  EXPECT_EQ(losses[0], "1 tag was not written: CVAT for video has no tags (export as CVAT for images to keep them)");
  EXPECT_TRUE(exportAnnotations(images(), set, dir_ / "i.xml", {}).empty());
  const std::string xml = readWholeFile(dir_ / "v.xml");
  // Track 0 (the box track): keyframe, interpolated frame 1, keyframe, outside keyframe.
  EXPECT_NE(xml.find("<track id=\"0\" label=\"car\" source=\"manual\">\n"
                     "    <box frame=\"0\" keyframe=\"1\" outside=\"0\" occluded=\"0\" xtl=\"0.00\" ytl=\"0.00\" xbr=\"100.00\" ybr=\"50.00\" z_order=\"0\">\n"
                     "      <attribute name=\"speed\">10</attribute>\n"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<box frame=\"1\" keyframe=\"0\" outside=\"0\" occluded=\"0\" xtl=\"20.00\" ytl=\"10.00\" xbr=\"120.00\" ybr=\"60.00\" rotation=\"5.00\""),
            std::string::npos);
  EXPECT_NE(xml.find("<box frame=\"3\" keyframe=\"1\" outside=\"1\""), std::string::npos);
  // Immutable attributes repeated on every row (CVAT's importer keeps the last one it reads).
  std::size_t rows = 0;
  for (std::size_t at = xml.find("<attribute name=\"model\">sedan</attribute>"); at != std::string::npos;
       at = xml.find("<attribute name=\"model\">sedan</attribute>", at + 1))
    ++rows;
  EXPECT_EQ(rows, 4u);
  // A plain shape is a one-frame track: a keyframe and an outside keyframe on the next frame.
  EXPECT_NE(xml.find("<points frame=\"1\" keyframe=\"1\" outside=\"0\" occluded=\"0\" points=\"3.00,4.00;5.50,6.50\" z_order=\"0\">"), std::string::npos);
  EXPECT_NE(xml.find("<points frame=\"2\" keyframe=\"1\" outside=\"1\" occluded=\"0\" points=\"3.00,4.00;5.50,6.50\" z_order=\"0\">"), std::string::npos);
  EXPECT_EQ(xml.find("<tag"), std::string::npos) << "CVAT for video has no tags";
  ExportOptions keyframes;
  keyframes.onlyKeyframes = true;
  exportAnnotations(video(), set, dir_ / "k.xml", keyframes);
  EXPECT_EQ(readWholeFile(dir_ / "k.xml").find("keyframe=\"0\""), std::string::npos);
}

// A skeleton shape before the last frame (a track that CVAT ends with an all-points-outside row)
// comes back as the one shape, export after export.
TEST_F(CvatXml, VideoKeepsASkeletonShapeAShape) {
  AnnotationSet set = without(sampleImageSet(), ObjectKind::Tag);
  for (AnnotationObject& o : set.objects)
    if (o.kind == ObjectKind::Shape && o.shape.type == ShapeType::Skeleton) o.frame = 1;
  const AnnotationSet once = roundTrip(video(), set, "s1.xml");
  const AnnotationSet twice = roundTrip(video(), once, "s2.xml");
  for (const AnnotationSet* back : {&once, &twice}) {
    const auto skeletons = std::count_if(back->objects.begin(), back->objects.end(),
                                         [](const AnnotationObject& o) { return o.shapeType() == ShapeType::Skeleton; });
    EXPECT_EQ(skeletons, 1);
    expectSameObjects(set, *back);
  }
}

// CVAT keyframes a skeleton's points one by one: a row that is no keyframe may carry a point's
// keyframe, and points outside are left out of rows. Both are kept; a skeleton is outside when
// all its points are, which ends the track.
TEST_F(CvatXml, ReadsSkeletonTracksWithPointKeyframes) {
  const AnnotationSet set = sampleImageSet();
  std::string xml = readWholeFile([&] {
    exportAnnotations(video(), set, dir_ / "base.xml", {});
    return dir_ / "base.xml";
  }());
  const std::size_t tracks = xml.find("</annotations>");
  const std::string track =
      "  <track id=\"99\" label=\"body\" source=\"manual\">\n"
      "    <skeleton frame=\"0\" keyframe=\"1\" z_order=\"0\">\n"
      "      <points label=\"head\" keyframe=\"1\" outside=\"0\" occluded=\"0\" points=\"10.00,10.00\"></points>\n"
      "      <points label=\"left hand\" keyframe=\"1\" outside=\"0\" occluded=\"0\" points=\"20.00,20.00\"></points>\n"
      "      <points label=\"right hand\" keyframe=\"1\" outside=\"0\" occluded=\"0\" points=\"30.00,30.00\"></points>\n"
      "    </skeleton>\n"
      "    <skeleton frame=\"2\" keyframe=\"0\" z_order=\"0\">\n"
      "      <points label=\"head\" keyframe=\"1\" outside=\"0\" occluded=\"0\" points=\"14.00,10.00\"></points>\n"
      "      <points label=\"left hand\" keyframe=\"0\" outside=\"0\" occluded=\"0\" points=\"20.00,20.00\"></points>\n"
      "    </skeleton>\n"
      "    <skeleton frame=\"3\" keyframe=\"1\" z_order=\"0\">\n"
      "      <points label=\"head\" keyframe=\"1\" outside=\"1\" occluded=\"0\" points=\"14.00,10.00\"></points>\n"
      "      <points label=\"left hand\" keyframe=\"1\" outside=\"1\" occluded=\"0\" points=\"20.00,20.00\"></points>\n"
      "      <points label=\"right hand\" keyframe=\"1\" outside=\"1\" occluded=\"0\" points=\"30.00,30.00\"></points>\n"
      "    </skeleton>\n"
      "  </track>\n";
  xml.insert(tracks, track);
  writeFileAtomically(dir_ / "points.xml", xml);
  const AnnotationSet back = video().importer(dir_ / "points.xml", {});
  const Label* body = back.task.labels.labelByName("body");
  ASSERT_NE(body, nullptr);
  const AnnotationObject* skeleton = nullptr;
  for (const AnnotationObject& o : back.objects)
    if (o.isTrack() && o.label == body->id && o.keyframes.count(2)) skeleton = &o;
  ASSERT_NE(skeleton, nullptr);
  const ShapeState& two = skeleton->keyframes.at(2);
  ASSERT_EQ(two.elements.size(), 3u);
  EXPECT_FALSE(two.outside);
  EXPECT_EQ(two.elements[0].points, (std::vector<double>{14, 10}));
  EXPECT_TRUE(two.elements[2].outside) << "left out of the row: outside";
  EXPECT_EQ(two.elements[2].points, (std::vector<double>{30, 30}));
  EXPECT_TRUE(skeleton->keyframes.at(3).outside) << "every point outside";
  EXPECT_FALSE(isVisibleAt(*skeleton, 3));
}

// A set of the sample's frames and labels holding one "car" track of these rectangles
// (x1, y1, x2, y2; outside when said) by frame.
AnnotationSet carTrack(const std::map<int, std::pair<std::vector<double>, bool>>& keyframes) {
  AnnotationSet set = sampleImageSet();
  set.objects.clear();
  AnnotationObject track;
  track.id = 1;
  track.kind = ObjectKind::Track;
  track.label = set.task.labels.labelByName("car")->id;
  for (const auto& [frame, box] : keyframes) {
    ShapeState s;
    s.type = ShapeType::Rectangle;
    s.points = box.first;
    s.outside = box.second;
    track.keyframes[frame] = s;
  }
  set.objects.push_back(track);
  return set;
}

// A track that crosses an outside keyframe: the frames before it move towards its geometry and
// are written as visible rows; nothing is written after it until the next keyframe.
TEST_F(CvatXml, VideoTracksInterpolateTowardsAnOutsideKeyframe) {
  const AnnotationSet set = carTrack({{0, {{0, 0, 10, 10}, false}}, {3, {{30, 30, 40, 40}, true}}});
  exportAnnotations(video(), set, dir_ / "out.xml", {});
  const std::string xml = readWholeFile(dir_ / "out.xml");
  EXPECT_NE(xml.find("<box frame=\"2\" keyframe=\"0\" outside=\"0\" occluded=\"0\" xtl=\"20.00\" ytl=\"20.00\" xbr=\"30.00\" ybr=\"30.00\""),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("<box frame=\"3\" keyframe=\"1\" outside=\"1\""), std::string::npos);
  const AnnotationSet back = video().importer(dir_ / "out.xml", {});
  ASSERT_EQ(back.objects.size(), 1u);
  EXPECT_EQ(stateAt(back.objects[0], 1)->points, (std::vector<double>{10, 10, 20, 20}));
}

// Deleted frames are left out entirely, as CVAT exports them: a keyframe on one is dropped before
// interpolating (the frames around it bridge over), a shape on one is not written.
TEST_F(CvatXml, KeyframesOnDeletedFramesAreBridgedOver) {
  AnnotationSet set = carTrack({{0, {{0, 0, 10, 10}, false}}, {1, {{500, 500, 510, 510}, false}}, {2, {{20, 20, 30, 30}, false}}});
  ASSERT_GE(set.task.frames.size(), 3u);
  AnnotationObject shape;
  shape.id = 2;
  shape.kind = ObjectKind::Shape;
  shape.label = set.objects[0].label;
  shape.frame = 1;
  shape.shape = set.objects[0].keyframes.at(0);
  set.objects.push_back(shape);
  set.task.frames[1].deleted = true;
  exportAnnotations(video(), set, dir_ / "video.xml", {});
  const std::string xml = readWholeFile(dir_ / "video.xml");
  EXPECT_EQ(xml.find("<box frame=\"1\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("500"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<box frame=\"2\" keyframe=\"1\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find("<track id=\"1\""), std::string::npos) << "the shape on the deleted frame is not written";
  // Images mode: the frame is not there, the frame after it shows the keyframe.
  exportAnnotations(images(), set, dir_ / "images.xml", {});
  const std::string images = readWholeFile(dir_ / "images.xml");
  EXPECT_EQ(images.find("500"), std::string::npos) << images;
  EXPECT_EQ(images.find("<image id=\"1\""), std::string::npos);
}

// The layout CVAT's own writer produces (formats.md §1): declaration, two-space indentation,
// CVAT's attribute order, elements closed on their own line, escaped values, 2-decimal coordinates
// for values drawn at that precision.
TEST_F(CvatXml, ImagesLayoutMatchesCvatsWriter) {
  const AnnotationSet set = sampleImageSet();
  exportAnnotations(images(), set, dir_ / "a.xml", {});
  const std::string xml = readWholeFile(dir_ / "a.xml");
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<annotations>\n  <version>1.1</version>\n  <meta>\n    <task>\n", 0), 0u);
  EXPECT_NE(xml.find("  <image id=\"0\" name=\"cam0/frame_0.jpg\" width=\"640\" height=\"480\">\n"), std::string::npos);
  EXPECT_NE(xml.find("<box label=\"car\" source=\"manual\" occluded=\"1\" xtl=\"10.50\" ytl=\"20.25\" xbr=\"110.125\" ybr=\"90.0625\" "
                     "rotation=\"33.333333\" z_order=\"3\" group_id=\"4\">\n"),
            std::string::npos);
  EXPECT_NE(xml.find("<attribute name=\"plate\">AB &lt;12&gt; &amp; &quot;x&quot;</attribute>"), std::string::npos);
  EXPECT_NE(xml.find("<polygon label=\"person\" source=\"auto\" occluded=\"0\" points=\"1.00,2.00;30.50,4.00;20.00,40.75\" z_order=\"0\">\n    </polygon>"),
            std::string::npos);
  EXPECT_NE(xml.find("<ellipse label=\"person\" source=\"semi-auto\" occluded=\"0\" cx=\"100.00\" cy=\"100.00\" rx=\"40.00\" ry=\"20.00\" rotation=\"15.00\""),
            std::string::npos);
  EXPECT_NE(xml.find("<mask label=\"person\" source=\"manual\" occluded=\"0\" rle=\"0, 2, 2, 1, 1, 3, 3, 3\" left=\"200\" top=\"150\" width=\"5\" height=\"3\" z_order=\"0\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<skeleton label=\"body\" source=\"manual\" z_order=\"0\">\n      <points label=\"head\" source=\"manual\" outside=\"0\" occluded=\"0\" points=\"100.00,200.00\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<tag label=\"night\" source=\"manual\">\n      <attribute name=\"light\">none</attribute>\n    </tag>"), std::string::npos);
  EXPECT_NE(xml.find("<values>red\nblue &amp; white</values>"), std::string::npos) << "option lists are newline-separated";
  EXPECT_NE(xml.find("<mutable>True</mutable>"), std::string::npos);
  EXPECT_NE(xml.find("<parent>body</parent>"), std::string::npos);
  EXPECT_NE(xml.find("data-label-name=&quot;left hand&quot;"), std::string::npos) << "the skeleton svg is escaped text";
  EXPECT_EQ(xml.find("/>"), std::string::npos) << "never self-closing";
}

// ---- files written by CVAT and datumaro ----

fs::path external(const std::string& path) { return fs::path(LABELSTATION_SHARED_DIR) / "fixtures/external" / path; }

#define REQUIRE_FIXTURE(p) \
  if (!fs::exists(p)) GTEST_SKIP() << "shared fixtures not present: " << (p)

std::map<std::string, int> countByType(const AnnotationSet& set) {
  std::map<std::string, int> n;
  for (const auto& o : set.objects) ++n[o.kind == ObjectKind::Tag ? "tag" : o.kind == ObjectKind::Track ? "track " + std::string(toString(o.shapeType())) : std::string(toString(o.shape.type))];
  return n;
}

TEST_F(CvatXml, ReadsDatumarosImagesFixture) {
  const fs::path file = external("cvat-ai-datumaro/tests/assets/cvat_dataset/for_images/train.xml");
  REQUIRE_FIXTURE(file);
  const AnnotationSet set = images().importer(file, {});
  ASSERT_EQ(set.task.frames.size(), 2u);
  EXPECT_EQ(set.task.frames[1].name, "img1.jpg");
  EXPECT_EQ(set.task.frames[1].width, 10);
  // Six annotations in the file; the polyline and polygon with label="" are left out with a
  // warning each, as CVAT's importer drops shapes without a known label.
  EXPECT_EQ(countByType(set), (std::map<std::string, int>{{"rectangle", 1}, {"points", 1}, {"skeleton", 2}}));
  EXPECT_EQ(std::count_if(set.warnings.begin(), set.warnings.end(), [](const std::string& w) { return w.find("without a label") != std::string::npos; }), 2);
  const AnnotationObject& box = set.objects.front();
  EXPECT_EQ(box.shape.type, ShapeType::Rectangle);
  EXPECT_TRUE(box.shape.occluded);
  EXPECT_EQ(box.shape.zOrder, 1);
  EXPECT_EQ(box.shape.points, (std::vector<double>{0, 2, 4, 4}));
  const auto attrs = testing::namedAttributes(set.task.labels, box.label, box.shape.attributes);
  EXPECT_EQ(attrs, (std::map<std::string, std::string>{{"a1", "true"}, {"a2", "v3"}, {"a3", "0003"}, {"a4", "2.4"}}));
  const Label* skeleton = set.task.labels.labelByName("skeleton");
  ASSERT_NE(skeleton, nullptr);
  EXPECT_EQ(skeleton->sublabels.size(), 4u);
  EXPECT_EQ(skeleton->edges.size(), 2u);
  const AnnotationObject& first = set.objects[1];
  ASSERT_EQ(first.shape.type, ShapeType::Skeleton);
  ASSERT_EQ(first.shape.elements.size(), 4u);
  EXPECT_TRUE(first.shape.elements[0].outside);
  EXPECT_EQ(first.shape.elements[3].points, (std::vector<double>{4, 4}));
}

TEST_F(CvatXml, ReadsDatumarosVideoFixtureWithOldSkeletonTracks) {
  const fs::path file = external("cvat-ai-datumaro/tests/assets/cvat_dataset/for_video/annotations.xml");
  REQUIRE_FIXTURE(file);
  const AnnotationSet set = video().importer(file, {});
  // start_frame 10, step 3, size 4: frames 10, 13, 16, 19.
  ASSERT_EQ(set.task.frames.size(), 4u);
  EXPECT_EQ(set.task.frames[1].name, "frame_000013");
  EXPECT_EQ(set.task.frames[0].width, 25);
  ASSERT_EQ(set.objects.size(), 4u);
  // Track 0: keyframes at 10 (visible), 13 and 16 (outside).
  const AnnotationObject& box = set.objects[0];
  ASSERT_TRUE(box.isTrack());
  EXPECT_EQ(box.keyframes.size(), 3u);
  EXPECT_TRUE(box.keyframes.at(0).occluded);
  EXPECT_TRUE(box.keyframes.at(1).outside);
  EXPECT_EQ(box.keyframes.at(0).points, (std::vector<double>{3, 4, 10, 5}));
  // Track 1: visible on frame 10 only (outside from 13): read back as a shape.
  EXPECT_EQ(set.objects[1].kind, ObjectKind::Shape);
  EXPECT_EQ(set.objects[1].shape.type, ShapeType::Points);
  EXPECT_EQ(set.objects[1].shape.points.size(), 6u);
  // Track 3: the skeleton, elements from nested element tracks.
  const AnnotationObject& skeleton = set.objects[3];
  ASSERT_TRUE(skeleton.isTrack());
  ASSERT_EQ(skeleton.keyframes.count(0), 1u);
  ASSERT_EQ(skeleton.keyframes.at(0).elements.size(), 4u);
  EXPECT_EQ(skeleton.keyframes.at(0).elements[0].points, (std::vector<double>{48.80, 111.77}));
}

TEST_F(CvatXml, ReadsCvatProjectAndTaskExports) {
  const fs::path project = external("openvinotoolkit-datumaro/tests/assets/cvat_dataset/for_images/export_project/annotations.xml");
  REQUIRE_FIXTURE(project);
  const AnnotationSet p = images().importer(project.parent_path(), {});  // the folder
  // Three subsets (Test, Train, Validation) of two images each: six frames, named by subset.
  ASSERT_EQ(p.task.frames.size(), 6u);
  EXPECT_EQ(p.task.frames[0].name, "Test/img0.jpg");
  EXPECT_EQ(p.objects.size(), 12u);
  const AnnotationSet t = images().importer(external("openvinotoolkit-datumaro/tests/assets/cvat_dataset/for_images/export_task/train.xml"), {});
  EXPECT_EQ(t.task.frames.size(), 2u);
  EXPECT_EQ(t.objects.size(), 2u) << "four shapes, two of them with label=\"\" (left out with a warning)";
  EXPECT_EQ(std::count_if(t.warnings.begin(), t.warnings.end(), [](const std::string& w) { return w.find("without a label") != std::string::npos; }), 2) << t.warnings.front();
  const AnnotationSet v = video().importer(external("openvinotoolkit-datumaro/tests/assets/cvat_dataset/for_video/annotations.xml"), {});
  // Frames 10, 13, 16, 19; a box track (visible on 10, outside from 13), and two tracks visible on
  // one frame each, read back as shapes: points on frame 10, a polyline on frame 13.
  ASSERT_EQ(v.task.frames.size(), 4u);
  ASSERT_EQ(v.objects.size(), 3u);
  EXPECT_EQ(v.objects[0].kind, ObjectKind::Track);
  EXPECT_EQ(v.objects[0].keyframes.size(), 3u);
  EXPECT_EQ(v.objects[0].keyframes.at(0).points, (std::vector<double>{3, 4, 10, 5}));
  EXPECT_EQ(v.objects[1].shape.type, ShapeType::Points);
  EXPECT_EQ(v.objects[1].frame, 0);
  EXPECT_EQ(v.objects[2].shape.type, ShapeType::Polyline);
  EXPECT_EQ(v.objects[2].frame, 1);
  EXPECT_EQ(v.objects[2].shape.points, (std::vector<double>{7.85, 13.88, 3.50, 6.67, 15.90, 2.00, 13.31, 7.21}));
}

// ---- bad input ----

void expectIoError(const std::function<void()>& f, const std::string& file, const std::string& needle) {
  try {
    f();
    FAIL() << "no error; expected: " << needle;
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find(file), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST_F(CvatXml, BadInputNamesTheFileAndTheProblem) {
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  };
  const std::string head = R"(<annotations><version>1.1</version><meta><task><labels><label><name>car</name></label></labels></task></meta>)";
  const auto importer = images().importer;
  std::string f = write("malformed.xml", head + R"(<image id="0" name="a.jpg"><box label="car")");
  expectIoError([&] { importer(f, {}); }, f, "malformed XML");
  f = write("root.xml", "<html></html>");
  expectIoError([&] { importer(f, {}); }, f, "not a CVAT XML file");
  f = write("nan.xml", head + "<image id=\"0\" name=\"a.jpg\">\n" + R"(<box label="car" xtl="x" ytl="0" xbr="1" ybr="1"></box></image></annotations>)");
  expectIoError([&] { importer(f, {}); }, f, R"(line 2: <box> xtl="x" is not a number)");
  f = write("missing.xml", head + R"(<image id="0" name="a.jpg"><box label="car" xtl="0" ytl="0" xbr="1"></box></image></annotations>)");
  expectIoError([&] { importer(f, {}); }, f, "<box> has no ybr");
  f = write("frame.xml", R"(<annotations><meta><task><size>2</size><labels><label><name>car</name></label></labels></task></meta>)"
                         R"(<track id="0" label="car"><box frame="7" keyframe="1" outside="0" occluded="0" xtl="0" ytl="0" xbr="1" ybr="1"></box></track></annotations>)");
  // Frames run as far as the tracks go, so frame 7 exists in a video file with size 2 …
  EXPECT_EQ(video().importer(f, {}).task.frames.size(), 8u);
  // … but not where <image> elements list the frames.
  f = write("frame2.xml", R"(<annotations><meta><task><size>2</size><labels><label><name>car</name></label></labels></task></meta>)"
                          R"(<image id="0" name="a.jpg"></image>)"
                          R"(<track id="0" label="car"><box frame="7" keyframe="1" outside="0" occluded="0" xtl="0" ytl="0" xbr="1" ybr="1"></box></track></annotations>)");
  expectIoError([&] { importer(f, {}); }, f, "frame 7 is not a frame of the task");
  f = write("points.xml", head + R"(<image id="0" name="a.jpg"><polygon label="car" points="1,2;3"></polygon></image></annotations>)");
  expectIoError([&] { importer(f, {}); }, f, "odd number of values");
  f = write("geometry.xml", head + R"(<image id="0" name="a.jpg"><polygon label="car" points="1,2;3,4"></polygon></image></annotations>)");
  expectIoError([&] { importer(f, {}); }, f, "<polygon>");
  f = write("keyframe.xml", head + R"(<track id="0" label="car"><box frame="0" xtl="0" ytl="0" xbr="1" ybr="1"></box></track></annotations>)");
  expectIoError([&] { importer(f, {}); }, f, "has no keyframe attribute");
  expectIoError([&] { importer(dir_ / "absent.xml", {}); }, (dir_ / "absent.xml").string(), "");
  fs::create_directories(dir_ / "empty");
  expectIoError([&] { importer(dir_ / "empty", {}); }, (dir_ / "empty").string(), "holds no annotations.xml");
}

TEST_F(CvatXml, UndeclaredLabelsAndAttributesAreReported) {
  std::ofstream(dir_ / "a.xml") << R"(<annotations><meta><task><labels><label><name>car</name></label></labels></task></meta>)"
                                   R"(<image id="0" name="a.jpg" width="4" height="4">)"
                                   R"(<box label="truck" xtl="0" ytl="0" xbr="1" ybr="1"><attribute name="x">1</attribute></box>)"
                                   R"(<box label="car" xtl="0" ytl="0" xbr="1" ybr="1"><attribute name="colour">red</attribute></box>)"
                                   R"(</image></annotations>)";
  const AnnotationSet set = images().importer(dir_ / "a.xml", {});
  EXPECT_EQ(set.objects.size(), 2u);
  ASSERT_NE(set.task.labels.labelByName("truck"), nullptr) << "created, with a warning";
  std::string all;
  for (const auto& w : set.warnings) all += w + "\n";
  EXPECT_NE(all.find("label 'truck' is not declared"), std::string::npos) << all;
  EXPECT_NE(all.find("attribute 'colour' is not defined for label 'car'"), std::string::npos) << all;
}

}  // namespace
}  // namespace labelstation::io

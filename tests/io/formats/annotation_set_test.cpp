#include "labelstation/io/annotation_set.h"

#include <gtest/gtest.h>

#include "labelstation/core/geometry.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/core/mask.h"
#include "labelstation/io/annotation_formats.h"
#include "sample_sets.h"
#include "set_compare.h"

namespace labelstation::io {
namespace {
using testing::sampleImageSet;

// The set without the objects of one label (and the label itself).
AnnotationSet without(AnnotationSet set, const std::string& label) {
  const LabelId id = set.task.labels.labelByName(label)->id;
  set.objects.erase(std::remove_if(set.objects.begin(), set.objects.end(), [&](const AnnotationObject& o) { return o.label == id; }),
                    set.objects.end());
  return set;
}

TEST(AnnotationFormats, RegistryListsCvatsNames) {
  std::vector<std::string> names;
  for (const auto& f : annotationFormats()) names.push_back(f.name);
  for (const char* name : {"CVAT for images 1.1", "CVAT for video 1.1", "Kitti Raw Format 1.0", "Sly Point Cloud Format 1.0", "Datumaro 3D 1.0"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  EXPECT_EQ(findAnnotationFormat("cvat for IMAGES 1.1"), findAnnotationFormat("cvat_images"));
  EXPECT_EQ(findAnnotationFormat("nope"), nullptr);
  EXPECT_EQ(findAnnotationFormat("kitti_raw")->dimension, TaskDimension::PointCloud3D);
}

TEST(SelectForExport, FrameRangeRenumbersAndCutsTracks) {
  const AnnotationSet set = sampleImageSet();
  ExportOptions options;
  options.firstFrame = 1;
  options.lastFrame = 2;
  const AnnotationSet out = selectForExport(set, options);
  ASSERT_EQ(out.task.frames.size(), 2u);
  EXPECT_EQ(out.task.frames[0].name, "cam0/frame_1.jpg");
  for (const auto& o : out.objects) {
    if (o.isTrack()) {
      EXPECT_EQ(o.keyframes.begin()->first, 0);
      EXPECT_LE(o.keyframes.rbegin()->first, 1);
    } else {
      EXPECT_EQ(o.frame, 0) << "only frame 1 had shapes in the range; it is frame 0 now";
    }
  }
  // The box track started on frame 0: it gets a keyframe at the range start with its state there.
  const AnnotationObject* original = nullptr;
  for (const auto& o : set.objects)
    if (o.isTrack() && o.shapeType() == ShapeType::Rectangle) original = &o;
  bool found = false;
  for (const auto& o : out.objects)
    if (o.isTrack() && o.shapeType() == ShapeType::Rectangle) {
      found = true;
      EXPECT_EQ(o.keyframes.at(0).points, stateAt(*original, 1)->points);
      EXPECT_EQ(o.keyframes.at(1).points, original->keyframes.at(2).points);
    }
  EXPECT_TRUE(found);
}

TEST(SelectForExport, DeletedFramesAreSkippedUnlessAsked) {
  AnnotationSet set = sampleImageSet();
  set.task.frames[1].deleted = true;
  const AnnotationSet out = selectForExport(set, {});
  EXPECT_TRUE(out.task.frames[1].deleted);
  for (const auto& o : out.objects) {
    if (o.isTrack()) EXPECT_EQ(o.keyframes.count(1), 0u);
    else EXPECT_NE(o.frame, 1);
  }
  ExportOptions keep;
  keep.skipDeletedFrames = false;
  const AnnotationSet all = selectForExport(set, keep);
  EXPECT_FALSE(all.task.frames[1].deleted);
  EXPECT_EQ(all.objects.size(), set.objects.size());
}

Task targetTask() {
  Task t;
  t.dimension = TaskDimension::Image2D;
  t.labels = testing::sampleLabels2D();
  for (int i = 0; i < 4; ++i) {
    FrameInfo f;
    f.name = "cam0/frame_" + std::to_string(i) + ".png";  // other extension: matched without it
    t.frames.push_back(f);
  }
  return t;
}

TEST(PlanImport, MapsLabelsAttributesAndFramesByName) {
  const AnnotationSet set = sampleImageSet();
  Task target = targetTask();
  std::swap(target.frames[0], target.frames[3]);  // order differs: names decide
  const ImportPlan plan = planImport(set, target, {});
  ASSERT_TRUE(plan.errors.empty()) << plan.errors.front();
  ASSERT_EQ(plan.objects.size(), set.objects.size());
  for (std::size_t i = 0; i < set.objects.size(); ++i) {
    const AnnotationObject &from = set.objects[i], &to = plan.objects[i];
    EXPECT_EQ(to.id, 0);
    EXPECT_EQ(plan.labels.label(to.label)->name, set.task.labels.label(from.label)->name);
    if (!from.isTrack()) {
      const int expected = from.frame == 0 ? 3 : from.frame == 3 ? 0 : from.frame;
      EXPECT_EQ(to.frame, expected);
      EXPECT_EQ(testing::namedAttributes(plan.labels, to.label, to.shape.attributes),
                testing::namedAttributes(set.task.labels, from.label, from.shape.attributes));
    }
  }
}

TEST(PlanImport, UnknownLabelsAreErrorsUnlessCreated) {
  const AnnotationSet set = sampleImageSet();
  Task target = targetTask();
  target.labels = LabelSchema();
  Label car;
  car.name = "car";
  car.color = "#000000";
  target.labels.addLabel(car);
  const ImportPlan refused = planImport(set, target, {});
  ASSERT_EQ(refused.errors.size(), 3u);  // person, night, body: one error each, not one per object
  EXPECT_NE(refused.errors[0].find("label 'person' is not in the task's labels"), std::string::npos) << refused.errors[0];
  // The car attributes the target lacks are dropped with warnings.
  EXPECT_FALSE(refused.warnings.empty());

  ImportOptions create;
  create.createMissingLabels = true;
  const ImportPlan plan = planImport(set, target, create);
  EXPECT_TRUE(plan.errors.empty());
  EXPECT_EQ(plan.createdLabels, (std::vector<std::string>{"person", "night", "body"}));
  const Label* body = plan.labels.labelByName("body");
  ASSERT_NE(body, nullptr);
  EXPECT_EQ(body->sublabels.size(), 3u);
  EXPECT_EQ(body->edges.size(), 2u);
  EXPECT_TRUE(plan.labels.validate().empty());
  for (const auto& o : plan.objects)
    if (o.shape.type == ShapeType::Skeleton)
      for (const auto& e : o.shape.elements) EXPECT_EQ(plan.labels.label(e.label)->parent, body->id);
}

// Labels match by name exactly first, then in any case when only one label matches ("Car" from a
// KITTI file into a task with "car"); two candidates are no match.
TEST(PlanImport, LabelsMatchInAnyCaseWhenUnique) {
  const AnnotationSet set = sampleImageSet();
  Task target = targetTask();
  LabelSchema upper;
  for (const Label& l : target.labels.allLabels()) {
    if (l.parent != kNoLabel) continue;
    Label copy = l;
    copy.id = kNoLabel;
    copy.sublabels.clear();
    copy.edges.clear();
    copy.nodePositions.clear();
    if (copy.name == "car") copy.name = "CAR";
    upper.addLabel(copy);
  }
  target.labels = upper;
  const ImportPlan plan = planImport(without(set, "body"), target, {});
  EXPECT_TRUE(plan.errors.empty()) << (plan.errors.empty() ? "" : plan.errors.front());
  EXPECT_TRUE(plan.createdLabels.empty());
  const LabelId car = plan.labels.labelByName("CAR")->id;
  EXPECT_TRUE(std::any_of(plan.objects.begin(), plan.objects.end(), [&](const AnnotationObject& o) { return o.label == car; }));

  Label second;
  second.name = "Car";
  target.labels.addLabel(second);
  const ImportPlan ambiguous = planImport(without(set, "body"), target, {});
  ASSERT_FALSE(ambiguous.errors.empty());
  EXPECT_NE(ambiguous.errors.front().find("label 'car' is not in the task's labels"), std::string::npos) << ambiguous.errors.front();
}

TEST(PlanImport, BadValuesMissingFramesAndWrongDimensionAreReported) {
  AnnotationSet set = sampleImageSet();
  const Label* car = set.task.labels.labelByName("car");
  set.objects[0].shape.attributes[car->attributeByName("model")->id] = "spaceship";
  FrameInfo extra;
  extra.name = "elsewhere/other.jpg";
  set.task.frames.push_back(extra);
  set.objects[1].frame = 4;
  Task target = targetTask();
  target.frames.resize(3);  // frame_3 is gone, and frame 4 has no counterpart either
  const ImportPlan plan = planImport(set, target, {});
  std::string errors;
  for (const auto& e : plan.errors) errors += e + "\n";
  EXPECT_NE(errors.find("frame 'elsewhere/other.jpg' (1 object) is not in the task"), std::string::npos) << errors;
  EXPECT_NE(errors.find("frame 'cam0/frame_3.jpg'"), std::string::npos) << errors;
  bool warned = false;
  for (const auto& w : plan.warnings) warned = warned || w.find("'model'") != std::string::npos;
  EXPECT_TRUE(warned);
  target.dimension = TaskDimension::PointCloud3D;
  EXPECT_NE(planImport(set, target, {}).errors.front().find("2D (image) task but this task is 3D"), std::string::npos);
}

TEST(PlanImport, MasksBecomePolygonsOnRequest) {
  AnnotationSet set = sampleImageSet();
  // A second mask of two separate blobs (3×2 and 2×2 pixels, two columns apart).
  MaskBitmap blobs;
  blobs.left = 10;
  blobs.top = 20;
  blobs.width = 7;
  blobs.height = 2;
  blobs.pixels = {1, 1, 1, 0, 0, 1, 1,
                  1, 1, 1, 0, 0, 1, 1};
  AnnotationObject two;
  two.id = 100;
  two.label = set.task.labels.labelByName("person")->id;
  two.frame = 2;
  two.shape = testing::shapeOf(ShapeType::Mask, encodeMask(blobs));
  set.objects.push_back(two);
  const Task target = targetTask();
  const ImportPlan kept = planImport(set, target, {});
  ImportOptions options;
  options.masksToPolygons = true;
  const ImportPlan plan = planImport(set, target, options);
  ASSERT_TRUE(plan.errors.empty());
  EXPECT_EQ(plan.objects.size(), kept.objects.size() + 1) << "the two-blob mask gives two polygons";
  std::vector<const AnnotationObject*> polygonsOnFrame2, polygonsOnFrame3;
  for (const auto& o : plan.objects) {
    EXPECT_NE(o.shape.type, ShapeType::Mask);
    if (o.kind != ObjectKind::Shape || o.shape.type != ShapeType::Polygon) continue;
    if (o.frame == 2) polygonsOnFrame2.push_back(&o);
    if (o.frame == 3) polygonsOnFrame3.push_back(&o);
  }
  ASSERT_EQ(polygonsOnFrame2.size(), 2u);
  // Largest first: the 3×2 blob's outline spans x 10..12, y 20..21.
  const BoundingBox2D big = boundsOf(polygonsOnFrame2[0]->shape.points), small = boundsOf(polygonsOnFrame2[1]->shape.points);
  EXPECT_EQ(big.xmin, 10);
  EXPECT_EQ(big.xmax, 12);
  EXPECT_EQ(big.ymin, 20);
  EXPECT_EQ(big.ymax, 21);
  EXPECT_EQ(small.xmin, 15);
  EXPECT_EQ(small.xmax, 16);
  ASSERT_EQ(polygonsOnFrame3.size(), 1u) << "the sample's mask is one 8-connected blob";
  const BoundingBox2D outline = boundsOf(polygonsOnFrame3[0]->shape.points);
  EXPECT_EQ(outline.xmin, 200);
  EXPECT_EQ(outline.xmax, 204);
  EXPECT_EQ(outline.ymax, 152);
}

}  // namespace
}  // namespace labelstation::io

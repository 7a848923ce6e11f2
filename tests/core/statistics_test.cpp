#include <gtest/gtest.h>

#include "labelstation/core/mask.h"
#include "labelstation/core/statistics.h"
#include "test_document.h"

namespace labelstation {
namespace {

using testing::Fixture;

TEST(Statistics, CountsShapesTracksTagsManualAndInterpolated) {
  Fixture f(10);
  f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  f.addShape(f.person, 1, Fixture::rect(0, 0, 1, 1));
  f.addTag(f.weather, 2);
  const ObjectId t = f.addTrack(f.car, {{2, Fixture::rect(0, 0, 1, 1)}, {6, Fixture::rect(4, 0, 5, 1)}});
  f.undo.push(edits::setOutside(f.doc, t, 8, true));  // visible on 2..7: keyframes 2, 6
  const AnnotationStatistics stats = computeStatistics(f.doc);
  const LabelStatistics& car = stats.labels[0];
  EXPECT_EQ(car.name, "car");
  EXPECT_EQ(car.byType.at(ShapeType::Rectangle).shapes, 1);
  EXPECT_EQ(car.byType.at(ShapeType::Rectangle).tracks, 1);
  EXPECT_EQ(car.manual, 3);        // the shape and two visible keyframes
  EXPECT_EQ(car.interpolated, 4);  // frames 3, 4, 5, 7
  EXPECT_EQ(car.total(), 7);
  EXPECT_EQ(stats.labels[3].tags, 1);
  EXPECT_EQ(stats.total.tags, 1);
  EXPECT_EQ(stats.total.byType.at(ShapeType::Rectangle).shapes, 2);
  EXPECT_EQ(stats.total.manual, 5);
  EXPECT_EQ(stats.labels.size(), 5u) << "skeleton points are not rows";
}

TEST(Statistics, DeletedFramesAreNotCounted) {
  Fixture f(10);
  f.addShape(f.car, 4, Fixture::rect(0, 0, 1, 1));
  f.addTrack(f.car, {{0, Fixture::rect(0, 0, 1, 1)}, {9, Fixture::rect(0, 0, 1, 1)}});
  f.undo.push(edits::deleteFrame(f.doc, 4));
  const auto stats = computeStatistics(f.doc);
  EXPECT_EQ(stats.total.manual, 2);
  EXPECT_EQ(stats.total.interpolated, 7);
  EXPECT_EQ(stats.total.byType.at(ShapeType::Rectangle).shapes, 0);
}

TEST(Mask, CvatDocExampleDecodesAndReencodes) {
  // The run lengths of CVAT's documented 13 x 15 blob, with its box.
  std::vector<double> points{3, 5, 7, 7, 5, 9, 3, 11, 2, 11, 2, 12, 1, 12, 1, 26, 1, 12, 1, 12, 2, 11, 3, 9, 5, 7, 7, 5, 3};
  points.insert(points.end(), {707, 888, 707 + 12, 888 + 14});
  const auto bitmap = decodeMask(points);
  ASSERT_TRUE(bitmap);
  EXPECT_EQ(bitmap->width, 13);
  EXPECT_EQ(bitmap->height, 15);
  std::string firstRow;
  for (int x = 0; x < 13; ++x) firstRow += bitmap->pixels[static_cast<std::size_t>(x)] ? '#' : '.';
  EXPECT_EQ(firstRow, "...#####.....");
  EXPECT_EQ(encodeMask(*bitmap), points);
}

TEST(Mask, LeadingSetPixelStartsWithZeroRunAndBadRunsAreRejected) {
  MaskBitmap m{10, 20, 2, 2, {1, 0, 0, 1}};
  const auto points = encodeMask(m);
  EXPECT_EQ(points, (std::vector<double>{0, 1, 2, 1, 10, 20, 11, 21}));
  std::vector<double> bad{0, 1, 2, 5, 10, 20, 11, 21};  // runs overflow the 2 x 2 box
  EXPECT_FALSE(decodeMask(bad));
  EXPECT_TRUE(encodeMask(MaskBitmap{0, 0, 2, 1, {0, 0}}).empty());
}

}  // namespace
}  // namespace labelstation

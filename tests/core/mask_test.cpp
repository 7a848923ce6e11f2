// Mask bitmaps: CVAT's run-length points, polygon rasterising, subtraction and union, and the
// "remove underlying pixels" edit.

#include <gtest/gtest.h>

#include "labelstation/core/interpolation.h"
#include "labelstation/core/mask.h"
#include "labelstation/core/slicing.h"
#include "test_document.h"

namespace labelstation {
namespace {

using testing::Fixture;

MaskBitmap box(int left, int top, int width, int height) {
  MaskBitmap m{left, top, width, height, {}};
  m.pixels.assign(static_cast<std::size_t>(width * height), 1);
  return m;
}

ShapeState maskState(const MaskBitmap& m) {
  ShapeState s;
  s.type = ShapeType::Mask;
  s.points = encodeMask(m);
  return s;
}

TEST(Mask, EncodeDecodeRoundTripCropsToSetPixels) {
  MaskBitmap m{10, 20, 4, 3, {0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0}};
  const auto points = encodeMask(m);
  // Cropped to x 11..12, y 21..22: rows "11", "10" → runs 0,3,1 then the box.
  EXPECT_EQ(points, (std::vector<double>{0, 3, 1, 11, 21, 12, 22}));
  const auto back = decodeMask(points);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->count(), 3u);
  EXPECT_TRUE(back->at(11, 21) && back->at(12, 21) && back->at(11, 22));
  EXPECT_FALSE(back->at(12, 22));
  EXPECT_FALSE(decodeMask({0, 5, 0, 0, 1, 1}));  // 5 pixels in a 2×2 box
}

TEST(Mask, PolygonRasterisingTakesPixelsWhoseCentresAreInside) {
  // A square from (2, 2) to (6, 5): pixel centres 2.5..5.5 in x, 2.5..4.5 in y.
  const MaskBitmap m = rasterizePolygon({2, 2, 6, 2, 6, 5, 2, 5}, 100, 100);
  EXPECT_EQ(m.count(), 4u * 3u);
  EXPECT_TRUE(m.at(2, 2) && m.at(5, 4));
  EXPECT_FALSE(m.at(6, 2) || m.at(2, 5) || m.at(1, 3));
  // A triangle: a pixel inside, one outside its slanted side.
  const MaskBitmap t = rasterizePolygon({0, 0, 10, 0, 0, 10}, 100, 100);
  EXPECT_TRUE(t.at(1, 1));
  EXPECT_FALSE(t.at(8, 8));
  // Clipped to the image.
  const MaskBitmap clipped = rasterizePolygon({-5, -5, 3, -5, 3, 3, -5, 3}, 100, 100);
  EXPECT_EQ(clipped.left, 0);
  EXPECT_EQ(clipped.count(), 9u);
  EXPECT_EQ(rasterizePolygon({0, 0, 1, 1}, 10, 10).count(), 0u);  // not a polygon
}

TEST(Mask, SubtractAndUnite) {
  const MaskBitmap a = box(0, 0, 4, 4), b = box(2, 2, 4, 4);
  const MaskBitmap rest = subtractMask(a, b);
  EXPECT_EQ(rest.count(), 12u);
  EXPECT_FALSE(rest.at(3, 3));
  const MaskBitmap both = uniteMasks(a, b);
  EXPECT_EQ(both.left, 0);
  EXPECT_EQ(both.width, 6);
  EXPECT_EQ(both.count(), 16u + 16u - 4u);
  EXPECT_EQ(uniteMasks(MaskBitmap{}, b).count(), 16u);
}

TEST(Mask, RemoveUnderlyingPixelsEditsOtherMasksInOneStep) {
  Fixture f;
  const ObjectId under = f.addShape(f.car, 2, maskState(box(0, 0, 10, 10)));
  const ObjectId covered = f.addShape(f.car, 2, maskState(box(20, 20, 3, 3)));
  const ObjectId elsewhere = f.addShape(f.car, 3, maskState(box(0, 0, 10, 10)));
  const auto before = f.doc.objects();
  AnnotationObject top;
  top.label = f.car;
  top.frame = 2;
  top.shape = maskState(uniteMasks(box(5, 5, 10, 10), box(20, 20, 3, 3)));
  auto cmd = edits::create(f.doc, {top});
  edits::removeUnderlyingPixels(f.doc, *cmd, 2, top.shape.points, 0);
  f.undo.push(std::move(cmd));
  const auto rest = decodeMask(f.doc.object(under)->shape.points);
  ASSERT_TRUE(rest);
  EXPECT_EQ(rest->count(), 100u - 25u);
  EXPECT_FALSE(rest->at(7, 7));
  EXPECT_TRUE(rest->at(2, 2));
  EXPECT_EQ(f.doc.object(covered), nullptr) << "a mask left empty is deleted";
  EXPECT_EQ(f.doc.object(elsewhere)->shape, before.at(elsewhere).shape) << "other frames are untouched";
  f.undo.undo();
  EXPECT_EQ(f.doc.objects(), before);
}

TEST(Mask, RemoveUnderlyingPixelsEndsAnEmptiedTrackOnThatFrame) {
  Fixture f;
  const ObjectId id = f.addTrack(f.car, {{0, maskState(box(0, 0, 4, 4))}});
  auto cmd = std::make_unique<ObjectsCommand>("Remove underlying pixels");
  edits::removeUnderlyingPixels(f.doc, *cmd, 5, encodeMask(box(0, 0, 10, 10)), 0);
  f.undo.push(std::move(cmd));
  EXPECT_TRUE(stateAt(*f.doc.object(id), 4).has_value() && !stateAt(*f.doc.object(id), 4)->outside);
  EXPECT_TRUE(stateAt(*f.doc.object(id), 5)->outside);
}

// A square cut straight down the middle: two halves; a cut that does not cross: nothing.
TEST(Slice, PolygonAcrossTwoEdges) {
  const std::vector<double> square = {0, 0, 10, 0, 10, 10, 0, 10};
  const auto parts = slicePolygon(square, {5, -1, 5, 5, 5, 11});  // ends moved onto the edges
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->first, (std::vector<double>{5, 0, 5, 5, 5, 10, 0, 10, 0, 0}));
  EXPECT_EQ(parts->second, (std::vector<double>{5, 10, 5, 5, 5, 0, 10, 0, 10, 10}));
  // A pocket: both ends on the top edge.
  const auto pocket = slicePolygon(square, {2, 0, 5, 4, 8, 0});
  ASSERT_TRUE(pocket);
  EXPECT_EQ(pocket->first, (std::vector<double>{2, 0, 5, 4, 8, 0}));
  EXPECT_EQ(pocket->second, (std::vector<double>{10, 0, 10, 10, 0, 10, 0, 0, 2, 0, 5, 4, 8, 0}));
  EXPECT_FALSE(slicePolygon(square, {0, 0, 0, 0}));  // from a corner to itself
  // A slanted cut from outside to outside: cut where it crosses the edges, not where its ends
  // are nearest them.
  const auto slanted = slicePolygon(square, {2, -4, 8, 14});
  ASSERT_TRUE(slanted);
  EXPECT_NEAR(slanted->first[0], 2 + 6 * 4.0 / 18, 1e-9);  // enters the top edge at y = 0
  EXPECT_NEAR(slanted->first[1], 0, 1e-9);
  EXPECT_NEAR(slanted->first[2], 2 + 6 * 14.0 / 18, 1e-9);  // leaves the bottom edge at y = 10
  EXPECT_NEAR(slanted->first[3], 10, 1e-9);
}

TEST(Slice, MaskAcrossAStroke) {
  const MaskBitmap m = box(10, 10, 20, 10);
  const auto parts = sliceMask(m, {20, 5, 20, 25});  // a vertical cut at x = 20
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->first.count() + parts->second.count(), 200u);
  const bool leftFirst = parts->first.at(12, 15);
  const MaskBitmap& left = leftFirst ? parts->first : parts->second;
  EXPECT_EQ(left.count(), 100u);
  EXPECT_FALSE(left.at(25, 15));
  EXPECT_FALSE(sliceMask(m, {0, 0, 5, 0}));  // beside the mask: one side empty
}

TEST(Slice, RectangleConversions) {
  EXPECT_EQ(rectangleToPolygon({0, 0, 4, 2}, 0), (std::vector<double>{0, 0, 4, 0, 4, 2, 0, 2}));
  const auto turned = rectangleToPolygon({0, 0, 4, 2}, 90);
  EXPECT_NEAR(turned[0], 3, 1e-9);  // the top-left corner turned about (2, 1)
  EXPECT_NEAR(turned[1], -1, 1e-9);
  EXPECT_EQ(boundingRectangle({3, 4, 1, 8, 5, 6}), (std::vector<double>{1, 4, 5, 8}));
  EXPECT_EQ(maskBoundingRectangle(box(2, 3, 4, 5)), (std::vector<double>{2, 3, 6, 8}));
}

}  // namespace
}  // namespace labelstation

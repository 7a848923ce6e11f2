#include <gtest/gtest.h>

#include <cmath>

#include "labelstation/core/geometry.h"
#include "labelstation/core/interpolation.h"

namespace labelstation {
namespace {

ShapeState shape(ShapeType type, std::vector<double> points, double rotation = 0) {
  ShapeState s;
  s.type = type;
  s.points = std::move(points);
  s.rotation = rotation;
  return s;
}

AnnotationObject track(std::map<int, ShapeState> keyframes) {
  AnnotationObject t;
  t.kind = ObjectKind::Track;
  t.keyframes = std::move(keyframes);
  return t;
}

void expectNear(const std::vector<double>& a, const std::vector<double>& b, double tol = 1e-9) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], tol) << "index " << i;
}

TEST(Interpolation, RectangleIsLinearAndRotationTakesShortestArc) {
  auto t = track({{0, shape(ShapeType::Rectangle, {0, 0, 10, 10}, 350)},
                  {10, shape(ShapeType::Rectangle, {10, 20, 30, 40}, 10)}});
  auto mid = stateAt(t, 5);
  ASSERT_TRUE(mid);
  expectNear(mid->points, {5, 10, 20, 25});
  EXPECT_NEAR(mid->rotation, 0.0, 1e-9) << "350° → 10° passes through 0°, not 180°";
  EXPECT_NEAR(stateAt(t, 2)->rotation, 354.0, 1e-9);
}

TEST(Interpolation, NothingBeforeFirstKeyframeAndLastKeyframeIsHeld) {
  auto t = track({{3, shape(ShapeType::Points, {1, 1})}, {6, shape(ShapeType::Points, {4, 4})}});
  EXPECT_FALSE(stateAt(t, 2));
  expectNear(stateAt(t, 4)->points, {2, 2});
  expectNear(stateAt(t, 100)->points, {4, 4});
  EXPECT_FALSE(stateAt(t, 100)->outside);
}

TEST(Interpolation, Cuboid3DYawWrapsWithoutSpinning) {
  const double deg = M_PI / 180.0;
  Cuboid3D a, b;
  a.position = {0, 0, 0};
  a.rotation = {0, 0, 359 * deg};
  a.scale = {4, 2, 1.5};
  b.position = {10, -2, 1};
  b.rotation = {0, 0, 1 * deg};
  b.scale = {4.4, 2, 1.5};
  auto t = track({{0, shape(ShapeType::Cuboid3D, a.toPoints())}, {2, shape(ShapeType::Cuboid3D, b.toPoints())}});
  const Cuboid3D mid = Cuboid3D::fromPoints(stateAt(t, 1)->points);
  EXPECT_NEAR(mid.position.x(), 5, 1e-9);
  EXPECT_NEAR(mid.position.y(), -1, 1e-9);
  EXPECT_NEAR(mid.scale.x(), 4.2, 1e-9);
  EXPECT_NEAR(std::abs(wrapAngle(mid.rotation.z())), 0.0, 1e-9) << "359° → 1° passes through 0°";
  // A quarter of the way: 359.5°, i.e. -0.5°.
  auto t4 = track({{0, shape(ShapeType::Cuboid3D, a.toPoints())}, {4, shape(ShapeType::Cuboid3D, b.toPoints())}});
  EXPECT_NEAR(Cuboid3D::fromPoints(stateAt(t4, 1)->points).rotation.z(), -0.5 * deg, 1e-9);
}

TEST(Interpolation, Cuboid3DAllAxesWrap) {
  const double deg = M_PI / 180.0;
  Cuboid3D a, b;
  a.rotation = {170 * deg, -170 * deg, 0};
  b.rotation = {-170 * deg, 170 * deg, 90 * deg};
  auto t = track({{0, shape(ShapeType::Cuboid3D, a.toPoints())}, {2, shape(ShapeType::Cuboid3D, b.toPoints())}});
  const Cuboid3D mid = Cuboid3D::fromPoints(stateAt(t, 1)->points);
  EXPECT_NEAR(std::abs(mid.rotation.x()), M_PI, 1e-9);
  EXPECT_NEAR(std::abs(mid.rotation.y()), M_PI, 1e-9);
  EXPECT_NEAR(mid.rotation.z(), 45 * deg, 1e-9);
}

TEST(Interpolation, OutsideEndsAndRestartsVisibility) {
  auto hidden = shape(ShapeType::Rectangle, {10, 10, 20, 20});
  hidden.outside = true;
  auto t = track({{0, shape(ShapeType::Rectangle, {0, 0, 10, 10})},
                  {4, hidden},
                  {8, shape(ShapeType::Rectangle, {80, 80, 90, 90})},
                  {12, shape(ShapeType::Rectangle, {120, 80, 130, 90})}});
  EXPECT_TRUE(isVisibleAt(t, 3));
  // Towards the outside keyframe's geometry, visible until it (CVAT's server and UI).
  expectNear(stateAt(t, 2)->points, {5, 5, 15, 15});
  expectNear(stateAt(t, 3)->points, {7.5, 7.5, 17.5, 17.5});
  for (int f = 4; f < 8; ++f) EXPECT_FALSE(isVisibleAt(t, f)) << f;
  EXPECT_TRUE(isVisibleAt(t, 8));
  expectNear(stateAt(t, 10)->points, {100, 80, 110, 90});
}

// A set of several points is held until its next keyframe; a single point moves (CVAT's
// points_interpolation and PointsTrack).
TEST(Interpolation, PointSetsAreHeldSinglePointsMove) {
  auto t = track({{0, shape(ShapeType::Points, {0, 0, 10, 0})}, {4, shape(ShapeType::Points, {4, 4, 14, 4})}});
  expectNear(stateAt(t, 2)->points, {0, 0, 10, 0});
  auto one = track({{0, shape(ShapeType::Points, {0, 0})}, {4, shape(ShapeType::Points, {4, 8})}});
  expectNear(stateAt(one, 1)->points, {1, 2});
}

// A skeleton's point moves towards where its next keyframe has it even when it is outside there.
TEST(Interpolation, SkeletonPointsMoveTowardsAnOutsideKeyframe) {
  ShapeState a, b;
  a.type = b.type = ShapeType::Skeleton;
  a.elements = {{1, {0, 0}, false, false, {}}};
  b.elements = {{1, {10, 20}, true, false, {}}};
  auto t = track({{0, a}, {10, b}});
  auto mid = stateAt(t, 5);
  EXPECT_FALSE(mid->elements[0].outside);
  expectNear(mid->elements[0].points, {5, 10});
}

// Polygons and polylines between keyframes are CVAT's (its server's interpolate_position, which its
// UI repeats): vertices paired by their share of the curve's length, blended, then thinned. The
// expected values were worked out with a transcription of CVAT's Python.
TEST(Interpolation, PolygonsMorphAsInCvat) {
  auto square = shape(ShapeType::Polygon, {0, 0, 10, 0, 10, 10, 0, 10});
  auto hexagon = shape(ShapeType::Polygon, {1, 0, 11, 0, 12, 5, 11, 10, 1, 10, 0, 5});
  auto t = track({{0, square}, {4, hexagon}, {8, square}});
  expectNear(stateAt(t, 0)->points, square.points);  // keyframes are exact
  expectNear(stateAt(t, 4)->points, hexagon.points);
  expectNear(stateAt(t, 2)->points, {0.5, 0, 10.5, 0, 11, 2.5, 10.5, 10, 0.5, 10, 0, 7.5});
  expectNear(stateAt(t, 5)->points, {0.75, 0, 10.75, 0, 11.5, 3.75, 10.75, 10, 0.75, 10, 0, 6.25});
  // An unchanged polygon stays as it is.
  auto still = track({{0, square}, {2, square}});
  expectNear(stateAt(still, 1)->points, square.points);
}

TEST(Interpolation, PolygonsAreNotRealignedAsInCvat) {
  // The same square listed from another corner in the other direction: CVAT pairs by length
  // share, not by position, and so does a copy of its export.
  auto a = shape(ShapeType::Polygon, {0, 0, 10, 0, 10, 10, 0, 10});
  auto b = shape(ShapeType::Polygon, {10, 10, 10, 0, 0, 0, 0, 10});
  auto t = track({{0, a}, {2, b}});
  expectNear(stateAt(t, 1)->points, {5, 5, 10, 0, 5, 5, 0, 10});
}

TEST(Interpolation, PolylinesMorphAsInCvat) {
  auto t = track({{0, shape(ShapeType::Polyline, {0, 0, 10, 0})}, {2, shape(ShapeType::Polyline, {0, 10, 5, 12, 10, 10})}});
  // The middle vertex of the second line ties between both ends of the first: the lower index
  // takes it.
  expectNear(stateAt(t, 1)->points, {0, 5, 2.5, 6, 10, 5});
  // A line of no length pairs everything with its first vertex (where CVAT divides by zero).
  auto dot = track({{0, shape(ShapeType::Polyline, {3, 3, 3, 3})}, {2, shape(ShapeType::Polyline, {0, 0, 10, 0})}});
  const auto mid = stateAt(dot, 1)->points;
  ASSERT_GE(mid.size(), 4u);
  for (double v : mid) EXPECT_TRUE(std::isfinite(v));
}

TEST(Interpolation, SkeletonElementsInterpolateAndKeepOutside) {
  ShapeState a, b;
  a.type = b.type = ShapeType::Skeleton;
  a.elements = {{1, {0, 0}, false, false, {}}, {2, {10, 10}, false, true, {}}};
  b.elements = {{1, {10, 0}, false, false, {}}, {2, {20, 20}, false, false, {}}};
  auto t = track({{0, a}, {10, b}});
  auto mid = stateAt(t, 5);
  expectNear(mid->elements[0].points, {5, 0});
  EXPECT_TRUE(mid->elements[1].outside);
  expectNear(mid->elements[1].points, {10, 10});
}

TEST(Interpolation, MutableAttributesComeFromThePreviousKeyframe) {
  auto a = shape(ShapeType::Rectangle, {0, 0, 1, 1});
  auto b = shape(ShapeType::Rectangle, {1, 1, 2, 2});
  a.attributes[7] = "slow";
  b.attributes[7] = "fast";
  a.occluded = true;
  auto t = track({{0, a}, {10, b}});
  EXPECT_EQ(stateAt(t, 9)->attributes.at(7), "slow");
  EXPECT_TRUE(stateAt(t, 9)->occluded);
  EXPECT_EQ(stateAt(t, 10)->attributes.at(7), "fast");
}

TEST(Interpolation, KeyframeNavigation) {
  auto t = track({{2, shape(ShapeType::Points, {0, 0})}, {5, shape(ShapeType::Points, {0, 0})},
                  {9, shape(ShapeType::Points, {0, 0})}});
  EXPECT_EQ(previousKeyframe(t, 5), 2);
  EXPECT_EQ(previousKeyframe(t, 7), 5);
  EXPECT_FALSE(previousKeyframe(t, 2));
  EXPECT_EQ(nextKeyframe(t, 5), 9);
  EXPECT_EQ(nextKeyframe(t, 0), 2);
  EXPECT_FALSE(nextKeyframe(t, 9));
  EXPECT_TRUE(isKeyframe(t, 5));
  EXPECT_FALSE(isKeyframe(t, 6));
}

TEST(Interpolation, ShapesExistOnlyOnTheirFrame) {
  AnnotationObject s;
  s.kind = ObjectKind::Shape;
  s.frame = 4;
  s.shape = shape(ShapeType::Ellipse, {5, 5, 8, 3});
  EXPECT_TRUE(stateAt(s, 4));
  EXPECT_FALSE(stateAt(s, 5));
}

TEST(Geometry, AngleHelpers) {
  EXPECT_NEAR(wrapAngle(3 * M_PI), M_PI, 1e-12);
  EXPECT_NEAR(wrapAngle(-M_PI), M_PI, 1e-12);
  EXPECT_NEAR(wrapDegrees(-10), 350, 1e-12);
  EXPECT_NEAR(lerpDegrees(10, 350, 0.5), 0, 1e-12);
  EXPECT_NEAR(lerpAngle(0.1, -0.1, 0.5), 0, 1e-12);
}

TEST(Geometry, CuboidCornersContainsAndHeading) {
  Cuboid3D c;
  c.position = {1, 2, 3};
  c.rotation = {0, 0, M_PI / 2};
  c.scale = {4, 2, 1};
  EXPECT_NEAR(c.heading().y(), 1.0, 1e-12) << "yaw 90° heads along +y";
  EXPECT_TRUE(c.contains({1, 3.9, 3}));
  EXPECT_FALSE(c.contains({2.5, 2, 3})) << "only 1 m wide across the heading";
  const auto corners = c.corners();
  EXPECT_NEAR(corners[0].x(), 2, 1e-12);   // -x,-y,-z local → rotated
  EXPECT_NEAR(corners[0].y(), 0, 1e-12);
  EXPECT_NEAR(corners[0].z(), 2.5, 1e-12);
  const auto b = boundsOf({3, 4, -1, 8, 2, 0});
  EXPECT_EQ(b.width(), 4);
  EXPECT_EQ(b.height(), 8);
}

}  // namespace
}  // namespace labelstation

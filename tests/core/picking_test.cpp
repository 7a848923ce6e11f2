// Picking under the cursor: the visible point along a ray, the ground beneath, boxes hit.

#include <gtest/gtest.h>

#include <cmath>

#include "labelstation/core/picking.h"

namespace labelstation {
namespace {

Ray rayFrom(Eigen::Vector3d origin, Eigen::Vector3d towards) { return {origin, (towards - origin).normalized()}; }

TEST(Picking, NearestVisiblePointAlongTheRay) {
  PointCloud cloud;
  cloud.addPoint(10, 0, 0);    // on the ray, far
  cloud.addPoint(5, 0.01f, 0);  // on the ray (within the tolerance), nearer: the visible one
  cloud.addPoint(3, 2, 0);     // far off the ray
  cloud.addPoint(-4, 0, 0);    // behind the origin
  const Ray ray = rayFrom({0, 0, 0}, {1, 0, 0});
  const auto hit = pickPoint(cloud, ray, {0, 0.005});
  ASSERT_TRUE(hit);
  EXPECT_NEAR(hit->x(), 5, 1e-6);
  // The tolerance grows with depth: at 10 m a point 4 cm off is within 0.005·10 m…
  PointCloud far;
  far.addPoint(10, 0.04f, 0);
  EXPECT_TRUE(pickPoint(far, ray, {0, 0.005}));
  // … and at 2 m the same offset is not.
  PointCloud near;
  near.addPoint(2, 0.04f, 0);
  EXPECT_FALSE(pickPoint(near, ray, {0, 0.005}));
  EXPECT_TRUE(pickPoint(near, ray, {0.05, 0}));  // orthographic: a constant radius
  EXPECT_FALSE(pickPoint(PointCloud{}, ray, {}));
  // Geo-referenced clouds store points relative to their origin: picks come back in world terms.
  PointCloud geo;
  geo.origin = {500000, 4000000, 100};
  geo.addPoint(5, 0, 0);
  const auto world = pickPoint(geo, rayFrom({500000, 4000000, 100}, {500001, 4000000, 100}), {0, 0.005});
  ASSERT_TRUE(world);
  EXPECT_NEAR(world->x(), 500005, 1e-6);
}

TEST(Picking, GroundPlaneAndGroundHeight) {
  const auto hit = hitHorizontalPlane(rayFrom({0, 0, 10}, {5, 0, 0}), 0);
  ASSERT_TRUE(hit);
  EXPECT_NEAR(hit->x(), 5, 1e-9);
  EXPECT_FALSE(hitHorizontalPlane(rayFrom({0, 0, 10}, {5, 0, 20}), 0));  // looking up
  PointCloud cloud;
  for (int i = 0; i < 100; ++i) cloud.addPoint(static_cast<float>(i % 10) * 0.1f, static_cast<float>(i / 10) * 0.1f, -1.7f);
  for (int i = 0; i < 50; ++i) cloud.addPoint(0.5f, 0.5f, -1.7f + 0.03f * static_cast<float>(i));  // a pole
  cloud.addPoint(0.5f, 0.5f, -9);  // one stray point below the ground: ignored
  const auto ground = groundHeightNear(cloud, 0.5, 0.5, 2);
  ASSERT_TRUE(ground);
  EXPECT_NEAR(*ground, -1.7, 1e-5);
  EXPECT_FALSE(groundHeightNear(cloud, 50, 50, 2));
  cloud.origin = {1000, 0, 50};
  EXPECT_NEAR(*groundHeightNear(cloud, 1000.5, 0.5, 2), 48.3, 1e-4);
}

TEST(Picking, RayThroughTurnedCuboids) {
  Cuboid3D a;
  a.position = {10, 0, 0};
  a.scale = {4, 2, 1.5};
  a.rotation = {0, 0, M_PI / 2};  // now 2 m along x, 4 m along y
  Cuboid3D b = a;
  b.position = {20, 0, 0};
  const Ray ray = rayFrom({0, 0, 0}, {1, 0, 0});
  const auto t = rayEntersCuboid(ray, a);
  ASSERT_TRUE(t);
  EXPECT_NEAR(*t, 9, 1e-9);
  EXPECT_EQ(firstCuboidHit(ray, {b, a}), std::optional<std::size_t>(1));
  EXPECT_TRUE(rayEntersCuboid(rayFrom({0, 1.9, 0}, {1, 1.9, 0}), a));   // within the turned box's 4 m width
  EXPECT_FALSE(rayEntersCuboid(rayFrom({0, 2.1, 0}, {1, 2.1, 0}), a));
  EXPECT_EQ(*rayEntersCuboid(rayFrom({10, 0, 0}, {11, 0, 0}), a), 0);  // from inside
  EXPECT_FALSE(rayEntersCuboid(rayFrom({0, 0, 0}, {-1, 0, 0}), a));      // behind
}

// (Geometry used by the projections' rotation handles.) Euler angles back from a matrix.
TEST(Geometry, RotationMatrixAtNinetyDegreesPitch) {
  for (double yaw : {0.0, 0.7, -2.0}) {
    Cuboid3D box;
    box.rotation = {0, M_PI / 2, yaw};
    const Eigen::Matrix3d m = box.rotationMatrix();
    Cuboid3D back;
    back.setRotationMatrix(m);
    EXPECT_TRUE(back.rotationMatrix().isApprox(m, 1e-9)) << yaw;
  }
}

TEST(Geometry, RotationMatrixRoundTrip) {
  Cuboid3D box;
  for (const Eigen::Vector3d r : {Eigen::Vector3d(0, 0, 2.5), Eigen::Vector3d(0.1, -0.2, -3), Eigen::Vector3d(-0.4, 0.3, 1)}) {
    box.rotation = r;
    const Eigen::Matrix3d m = box.rotationMatrix();
    Cuboid3D back;
    back.setRotationMatrix(m);
    EXPECT_LT((back.rotationMatrix() - m).norm(), 1e-12);
    EXPECT_LT((back.rotation - r).norm(), 1e-12) << r.transpose();
  }
}

}  // namespace
}  // namespace labelstation

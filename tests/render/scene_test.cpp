// Renders a known cloud and cuboid offscreen (under Xvfb) and checks pixels: the cuboid's edge
// colour where its edges project, the background where nothing is, the cloud where points are.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "labelstation/render/colormap.h"
#include "labelstation/render/scene.h"

namespace labelstation::render {
namespace {

constexpr int kWidth = 400, kHeight = 300;

bool near(const Rgb& a, const Rgb& b, int tol = 40) {
  return std::abs(a.r - b.r) <= tol && std::abs(a.g - b.g) <= tol && std::abs(a.b - b.b) <= tol;
}

// Whether any pixel within `radius` of (x, y) has the colour.
bool colourNear(const Image& img, double x, double y, const Rgb& colour, int radius = 2) {
  for (int dy = -radius; dy <= radius; ++dy)
    for (int dx = -radius; dx <= radius; ++dx) {
      const int px = static_cast<int>(std::lround(x)) + dx, py = static_cast<int>(std::lround(y)) + dy;
      if (px >= 0 && py >= 0 && px < img.width && py < img.height && near(img.at(px, py), colour)) return true;
    }
  return false;
}

class SceneRender : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::getenv("DISPLAY")) GTEST_SKIP() << "needs an X display (scripts/test runs under xvfb-run)";
  }
  // A black scene without faces, seen from above-left of an 8 × 4 × 2 m magenta box at the origin.
  static void boxOnBlack(Scene& scene, SceneCuboid& c) {
    scene.setBackground({0, 0, 0});
    scene.setCuboidFaces(false);
    c.box.scale = {8, 4, 2};
    c.color = {255, 0, 255};
    scene.camera().focus = {0, 0, 0};
    scene.camera().distance = 20;
    scene.camera().azimuth = -60;
    scene.camera().elevation = 40;
  }
};

TEST_F(SceneRender, CuboidEdgesAndBackground) {
  Scene scene;
  scene.setBackground({0, 0, 0});
  SceneCuboid c;
  c.box.position = {0, 0, 0};
  c.box.scale = {4, 2, 1.5};
  c.box.rotation = {0, 0, 0.3};
  c.color = {255, 0, 255};
  scene.setCuboids({c});
  scene.camera().focus = {0, 0, 0};
  scene.camera().distance = 12;
  scene.camera().azimuth = -60;
  scene.camera().elevation = 40;
  const Image img = scene.renderOffscreen(kWidth, kHeight);
  ASSERT_EQ(img.width, kWidth);
  ASSERT_EQ(img.height, kHeight);

  // Midpoints of the top four edges project onto magenta pixels.
  const auto corners = c.box.corners();
  int hits = 0;
  for (auto [a, b] : {std::pair{4, 5}, std::pair{6, 7}, std::pair{4, 6}, std::pair{5, 7}}) {
    const Eigen::Vector3d mid = (corners[a] + corners[b]) / 2;
    const auto px = scene.worldToPixel(mid.x(), mid.y(), mid.z(), kWidth, kHeight);
    ASSERT_GT(px[0], 0);
    ASSERT_LT(px[0], kWidth);
    hits += colourNear(img, px[0], px[1], c.color) ? 1 : 0;
  }
  EXPECT_EQ(hits, 4) << "every top edge is drawn in the label colour";
  // Corners of the image are background.
  for (auto [x, y] : {std::pair{2, 2}, std::pair{kWidth - 3, 2}, std::pair{2, kHeight - 3}, std::pair{kWidth - 3, kHeight - 3}})
    EXPECT_TRUE(near(img.at(x, y), {0, 0, 0}, 2)) << x << "," << y;
  // The heading arrow tip (front face centre) is drawn too.
  const Eigen::Vector3d tip = c.box.position + c.box.heading() * 2.0;
  const auto tipPx = scene.worldToPixel(tip.x(), tip.y(), tip.z(), kWidth, kHeight);
  EXPECT_TRUE(colourNear(img, tipPx[0], tipPx[1], c.color, 3));
}

// Outlined borders: the edges take the outline colour, the faces keep the label's.
TEST_F(SceneRender, OutlineColoursTheEdges) {
  Scene scene;
  SceneCuboid c;
  boxOnBlack(scene, c);
  c.outline = Rgb{255, 255, 0};
  scene.setCuboids({c});
  const Image img = scene.renderOffscreen(kWidth, kHeight);
  const auto corners = c.box.corners();
  const Eigen::Vector3d mid = (corners[4] + corners[5]) / 2;
  const auto px = scene.worldToPixel(mid.x(), mid.y(), mid.z(), kWidth, kHeight);
  EXPECT_TRUE(colourNear(img, px[0], px[1], {255, 255, 0}, 1));
  EXPECT_FALSE(colourNear(img, px[0], px[1], c.color, 1));
}

// Occluded boxes have dashed edges; orientation arrows show the box's axes in red, green, blue.
TEST_F(SceneRender, OccludedDashesAndOrientationArrows) {
  Scene scene;
  SceneCuboid c;
  boxOnBlack(scene, c);
  const auto corners = c.box.corners();
  // Points along the top edge from corner 4 to 5: in the dash gaps (3/16, 11/16) and on dashes (1/16, 9/16).
  auto drawnAt = [&](const Image& img, double t) {
    const Eigen::Vector3d p = corners[4] + (corners[5] - corners[4]) * t;
    const auto px = scene.worldToPixel(p.x(), p.y(), p.z(), kWidth, kHeight);
    return colourNear(img, px[0], px[1], c.color, 1);
  };
  scene.setCuboids({c});
  const Image solid = scene.renderOffscreen(kWidth, kHeight);
  EXPECT_TRUE(drawnAt(solid, 3.0 / 16) && drawnAt(solid, 11.0 / 16));
  c.occluded = true;
  scene.setCuboids({c});
  const Image dashed = scene.renderOffscreen(kWidth, kHeight);
  EXPECT_TRUE(drawnAt(dashed, 1.0 / 16) && drawnAt(dashed, 9.0 / 16));
  EXPECT_FALSE(drawnAt(dashed, 3.0 / 16) || drawnAt(dashed, 11.0 / 16)) << "occluded edges have gaps";

  scene.setOrientationArrows(true);
  const Image arrows = scene.renderOffscreen(kWidth, kHeight);
  // Beyond the box, along its y and z axes: the green and blue arrows.
  const auto y = scene.worldToPixel(0, 2.4, 0, kWidth, kHeight);
  const auto z = scene.worldToPixel(0, 0, 1.4, kWidth, kHeight);
  EXPECT_TRUE(colourNear(arrows, y[0], y[1], {40, 200, 60}, 2));
  EXPECT_TRUE(colourNear(arrows, z[0], z[1], {60, 110, 255}, 2));
  EXPECT_FALSE(colourNear(dashed, y[0], y[1], {40, 200, 60}, 2));
}

TEST_F(SceneRender, CloudIsColouredByHeight) {
  Scene scene;
  scene.setBackground({0, 0, 0});
  scene.setPointSize(5);
  PointCloud cloud;
  for (int i = -10; i <= 10; ++i) {
    cloud.addPoint(static_cast<float>(i) * 0.5f, 0.0f, 0.0f);  // a low row
    cloud.addPoint(static_cast<float>(i) * 0.5f, 0.0f, 4.0f);  // a high row
  }
  scene.setPointCloud(cloud);
  scene.camera().focus = {0, 0, 2};
  scene.camera().distance = 15;
  scene.camera().azimuth = -90;
  scene.camera().elevation = 0;
  const Image img = scene.renderOffscreen(kWidth, kHeight);
  std::uint8_t low[3], high[3];
  heightRamp(0.0f, low);
  heightRamp(1.0f, high);
  const auto lowPx = scene.worldToPixel(0, 0, 0, kWidth, kHeight);
  const auto highPx = scene.worldToPixel(0, 0, 4, kWidth, kHeight);
  EXPECT_TRUE(colourNear(img, lowPx[0], lowPx[1], {low[0], low[1], low[2]}, 2));
  EXPECT_TRUE(colourNear(img, highPx[0], highPx[1], {high[0], high[1], high[2]}, 2));
  EXPECT_LT(highPx[1], lowPx[1]) << "z is up on screen";
  const auto gapPx = scene.worldToPixel(0, 0, 2, kWidth, kHeight);
  EXPECT_TRUE(near(img.at(static_cast<int>(gapPx[0]), static_cast<int>(gapPx[1])), {0, 0, 0}, 2)) << "nothing between the rows";
}

// Two rows at the same height: the left one dim and red, the right one bright and green. Each
// colouring mode shows what it says, switching recolours the cloud in place, and a mode whose
// channel the cloud lacks falls back to height.
TEST_F(SceneRender, PointColoringModes) {
  Scene scene;
  scene.setBackground({0, 0, 0});
  scene.setPointSize(6);
  PointCloud cloud;
  for (int i = 0; i < 10; ++i) {
    cloud.addPoint(-3.0f + 0.2f * static_cast<float>(i), 0.0f, static_cast<float>(i % 2));  // left: intensity 0
    cloud.intensity.push_back(0.0f);
    cloud.rgb.push_back(0xff0000);
    cloud.addPoint(1.0f + 0.2f * static_cast<float>(i), 0.0f, static_cast<float>(i % 2));   // right: intensity 100
    cloud.intensity.push_back(100.0f);
    cloud.rgb.push_back(0x00ff00);
  }
  scene.setPointCloud(cloud);
  scene.camera().focus = {0, 0, 0.5};
  scene.camera().distance = 12;
  scene.camera().azimuth = -90;
  scene.camera().elevation = 0;
  const auto left = scene.worldToPixel(-2.2, 0, 0, kWidth, kHeight), right = scene.worldToPixel(1.8, 0, 0, kWidth, kHeight);
  std::uint8_t lowRamp[3], highRamp[3];
  heightRamp(0.0f, lowRamp);
  heightRamp(1.0f, highRamp);

  scene.setPointColoring(PointColoring::Intensity);
  EXPECT_EQ(scene.effectiveColoring(), PointColoring::Intensity);
  Image img = scene.renderOffscreen(kWidth, kHeight);
  EXPECT_TRUE(colourNear(img, left[0], left[1], {lowRamp[0], lowRamp[1], lowRamp[2]}, 3));
  EXPECT_TRUE(colourNear(img, right[0], right[1], {highRamp[0], highRamp[1], highRamp[2]}, 3));

  scene.setPointColoring(PointColoring::Rgb);
  img = scene.renderOffscreen(kWidth, kHeight);
  EXPECT_TRUE(colourNear(img, left[0], left[1], {255, 0, 0}, 3));
  EXPECT_TRUE(colourNear(img, right[0], right[1], {0, 255, 0}, 3));

  scene.setPointColoring(PointColoring::Single, {255, 255, 255});
  img = scene.renderOffscreen(kWidth, kHeight);
  EXPECT_TRUE(colourNear(img, left[0], left[1], {255, 255, 255}, 3));
  EXPECT_TRUE(colourNear(img, right[0], right[1], {255, 255, 255}, 3));

  // A cloud without intensity or colour: coloured by height whatever the mode.
  PointCloud plain;
  plain.addPoint(0, 0, 0);
  plain.addPoint(0, 0, 1);
  scene.setPointColoring(PointColoring::Rgb);
  scene.setPointCloud(plain);
  EXPECT_EQ(scene.pointColoring(), PointColoring::Rgb);
  EXPECT_EQ(scene.effectiveColoring(), PointColoring::Height);
}

// The guides: the LiDAR's x axis red and y axis green at the origin, and the ground grid's lines
// (5 m apart at the low points' height) grey where no point is.
TEST_F(SceneRender, GroundGridAndAxes) {
  Scene scene;
  scene.setBackground({0, 0, 0});
  PointCloud cloud;
  for (int i = 0; i <= 20; ++i) cloud.addPoint(-10.0f + static_cast<float>(i), 12.0f, 0.0f);  // a row on the ground, away from the axes
  scene.setPointCloud(cloud);
  scene.setGuides(true, true);
  scene.camera().focus = {0, 5, 0};
  scene.camera().distance = 30;
  scene.camera().azimuth = -90;
  scene.camera().elevation = 60;
  const Image img = scene.renderOffscreen(kWidth, kHeight);
  const auto xAxis = scene.worldToPixel(1.5, 0, 0, kWidth, kHeight), yAxis = scene.worldToPixel(0, 1.5, 0, kWidth, kHeight);
  EXPECT_TRUE(colourNear(img, xAxis[0], xAxis[1], {230, 40, 40}, 2));
  EXPECT_TRUE(colourNear(img, yAxis[0], yAxis[1], {40, 210, 60}, 2));
  const auto grid = scene.worldToPixel(-5, 14, 0, kWidth, kHeight);  // on the x = -5 line (the grid spans y 10..15)
  EXPECT_TRUE(colourNear(img, grid[0], grid[1], {70, 74, 86}, 2));
  const auto inside = scene.worldToPixel(-2.5, 14, 0, kWidth, kHeight);  // inside a grid square
  EXPECT_TRUE(near(img.at(static_cast<int>(inside[0]), static_cast<int>(inside[1])), {0, 0, 0}, 2));
  scene.setGuides(false, false);
  const Image off = scene.renderOffscreen(kWidth, kHeight);
  EXPECT_FALSE(colourNear(off, xAxis[0], xAxis[1], {230, 40, 40}, 2));
}

// Level of detail: while the camera moves a big cloud is drawn with at most 250,000 points,
// spread over all of it; at rest, with every point.
TEST(SceneLevelOfDetail, MovingCameraDrawsAPointBudget) {
  Scene scene;
  PointCloud cloud;
  for (int i = 0; i < 600000; ++i) cloud.addPoint(static_cast<float>(i % 1000), static_cast<float>(i / 1000), 0.0f);
  scene.setPointCloud(cloud);
  EXPECT_EQ(scene.drawnPoints(), 600000u);
  scene.setMoving(true);
  EXPECT_LE(scene.drawnPoints(), 250000u);
  EXPECT_GE(scene.drawnPoints(), 200000u);
  scene.setPointCloud(cloud);  // a new frame while moving keeps the budget
  EXPECT_LE(scene.drawnPoints(), 250000u);
  scene.setMoving(false);
  EXPECT_EQ(scene.drawnPoints(), 600000u);
}

// Object texts: each cuboid's text above it in its colour when on, nothing there when off.
TEST_F(SceneRender, CuboidTexts) {
  Scene scene;
  scene.setBackground({0, 0, 0});
  SceneCuboid c;
  c.box.scale = {4, 2, 1.5};
  c.color = {255, 255, 0};
  c.text = "7 car";
  scene.setCuboids({c});
  scene.setCuboidFaces(false);
  scene.camera().focus = {0, 0, 1};
  scene.camera().distance = 14;
  scene.camera().azimuth = -90;
  scene.camera().elevation = 10;
  auto yellowAbove = [&](const Image& img) {
    const auto at = scene.worldToPixel(0, 0, 0.75 + 0.3, kWidth, kHeight);
    int n = 0;
    for (int dy = -25; dy <= 5; ++dy)
      for (int dx = -30; dx <= 30; ++dx) {
        const int x = static_cast<int>(at[0]) + dx, y = static_cast<int>(at[1]) + dy;
        if (x >= 0 && y >= 0 && x < img.width && y < img.height && near(img.at(x, y), {255, 255, 0}, 90)) ++n;
      }
    return n;
  };
  const int off = yellowAbove(scene.renderOffscreen(kWidth, kHeight));  // the box's own top edge
  scene.setCuboidTexts(true);
  const int on = yellowAbove(scene.renderOffscreen(kWidth, kHeight));
  EXPECT_GT(on, off + 20) << "text pixels: " << on << " with, " << off << " without";
}

TEST_F(SceneRender, SavesPng) {
  Scene scene;
  PointCloud cloud;
  cloud.addPoint(0, 0, 0);
  scene.setPointCloud(cloud);
  scene.resetCamera();
  const Image img = scene.renderOffscreen(64, 48);
  const std::string path = ::testing::TempDir() + "/scene.png";
  EXPECT_TRUE(img.savePng(path));
}

TEST(Colormap, RampEndsAndClamping) {
  std::uint8_t rgb[6];
  const float z[2] = {-100.0f, 100.0f};
  colorByHeight(z, 2, 0.0f, 1.0f, rgb);
  std::uint8_t low[3], high[3];
  heightRamp(0, low);
  heightRamp(1, high);
  EXPECT_EQ(rgb[0], low[0]);
  EXPECT_EQ(rgb[3], high[0]);
  EXPECT_EQ(parseColor("#fa3253"), (Rgb{0xfa, 0x32, 0x53}));
  EXPECT_EQ(parseColor("bad"), (Rgb{255, 255, 255}));
}

TEST(OrbitCamera, OrbitPanZoomFit) {
  OrbitCamera cam;
  cam.elevation = 80;
  cam.orbit(10, 30);
  EXPECT_LE(cam.elevation, 89.0) << "never flips over the pole";
  const double d = cam.distance;
  cam.zoom(2);
  EXPECT_NEAR(cam.distance, d / 2, 1e-9);
  cam.fit({-1, -1, -1, 1, 1, 1});
  EXPECT_NEAR(cam.focus[0], 0, 1e-9);
  const auto before = cam.focus;
  cam.pan(0.1, 0);
  EXPECT_NE(cam.focus, before);
  EXPECT_NEAR(cam.focus[2], before[2], 1e-9) << "a horizontal pan stays level";
}

// The cursor's ray goes through what worldToPixel put under it, in both projections.
TEST(ScenePicking, PixelRayInvertsWorldToPixel) {
  Scene scene;
  scene.camera().focus = {12, -3, 1};
  scene.camera().distance = 40;
  for (bool ortho : {false, true}) {
    scene.camera().orthographic = ortho;
    for (const Eigen::Vector3d p : {Eigen::Vector3d(12, -3, 1), Eigen::Vector3d(20, 4, -1.5), Eigen::Vector3d(5, -9, 2)}) {
      const auto pixel = scene.worldToPixel(p.x(), p.y(), p.z(), 800, 600);
      const Ray ray = scene.pixelRay(pixel[0], pixel[1], 800, 600);
      const Eigen::Vector3d toPoint = p - ray.origin;
      const double off = (toPoint - toPoint.dot(ray.direction) * ray.direction).norm();
      EXPECT_LT(off, 1e-6) << (ortho ? "orthographic " : "perspective ") << p.transpose();
      EXPECT_GT(toPoint.dot(ray.direction), 0);
    }
  }
  // A 3-pixel tolerance at the focus is about 3 pixels' worth of metres there.
  scene.camera().orthographic = false;
  const PickTolerance t = scene.pixelTolerance(3, 600);
  const double metresPerPixel = 2 * 40 * std::tan(45.0 / 2 * M_PI / 180) / 600;
  EXPECT_NEAR(t.perMetre * 40, 3 * metresPerPixel, 1e-9);
}

}  // namespace
}  // namespace labelstation::render

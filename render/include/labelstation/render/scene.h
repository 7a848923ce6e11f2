#pragma once
// The 3D scene: a point cloud coloured by height and cuboids drawn as wireframes with
// translucent faces and a heading arrow. Wireframes are drawn in an overlay layer so the points
// on an object's surface never hide its box. VTK stays behind a pimpl so including this header
// costs nothing; the scene renders into any VTK render window (the GUI's) or offscreen.

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "labelstation/core/geometry.h"
#include "labelstation/core/picking.h"
#include "labelstation/core/point_cloud.h"
#include "labelstation/core/types.h"

class vtkRenderWindow;

namespace labelstation::render {

struct Rgb {
  std::uint8_t r = 255, g = 255, b = 255;
  bool operator==(const Rgb& o) const { return r == o.r && g == o.g && b == o.b; }
};
// "#rrggbb" → colour; white when malformed.
Rgb parseColor(const std::string& hex);

struct SceneCuboid {
  ObjectId id = 0;
  Cuboid3D box;
  Rgb color;
  bool selected = false;
  bool hovered = false;   // under the cursor: brighter
  bool occluded = false;  // dashed edges, as CVAT draws occluded objects
  bool locked = false;    // nearly clear faces: locked objects stay out of the way
  bool handle = false;    // a grip (the projections' rotation handle): solid, no heading marker
  std::optional<Rgb> outline;  // edges in this colour instead of `color` (faces keep `color`)
  std::string text;  // drawn above the box, facing the camera, when object texts are on ("2 car")
};

// An RGB image read back from a render, rows top to bottom.
struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;
  Rgb at(int x, int y) const;
  bool savePng(const std::string& path) const;
};

// Orbit camera around a focal point, z up (LiDAR convention). Angles in degrees.
struct OrbitCamera {
  std::array<double, 3> focus{0, 0, 0};
  double distance = 30;
  double azimuth = -135;   // around z, from +x
  double elevation = 35;   // above the xy plane
  double viewAngle = 45;   // vertical field of view
  // Projection panes: a parallel projection showing `halfHeight` metres above and below the
  // focus, with `up` as the screen's up direction (z, or the heading when looking straight down).
  bool orthographic = false;
  double halfHeight = 5;
  std::array<double, 3> up{0, 0, 1};
  std::array<double, 3> position() const;
  void orbit(double dAzimuth, double dElevation);
  // Moves the focus in the view plane by a fraction of the visible height.
  void pan(double dxFraction, double dyFraction);
  void zoom(double factor);  // > 1 moves closer (orthographic: shows less)
  // Frames an axis-aligned box {xmin, ymin, zmin, xmax, ymax, zmax}.
  void fit(const std::array<float, 6>& bounds);
};

// What the points' colours show. CVAT shows white points only; annotators ask for the rest.
enum class PointColoring {
  Height,     // a blue-to-red ramp over where most points' z lies
  Intensity,  // the same ramp over the 1st–99th percentile of intensity
  Rgb,        // the points' own colours
  Single,     // one colour (setPointColoring's `single`)
};

class Scene {
 public:
  Scene();
  ~Scene();
  Scene(const Scene&) = delete;
  Scene& operator=(const Scene&) = delete;

  void setPointCloud(const PointCloud& cloud);
  void setCuboids(const std::vector<SceneCuboid>& cuboids);
  const std::vector<SceneCuboid>& cuboids() const { return cuboids_; }
  void setBackground(Rgb color);
  Rgb background() const;
  void setPointSize(float pixels);
  float pointSize() const;
  // The cuboids' translucent faces (on by default); the projections show outlines only, so the
  // points on a box's sides stay visible.
  void setCuboidFaces(bool visible);
  // Orientation guides: a ground grid (5 m squares at the height most low points lie, over where
  // the cloud is) and the LiDAR's axes at its origin (x red, y green, z blue, 2 m long).
  void setGuides(bool groundGrid, bool axes);
  // Level of detail: while the camera moves, at most 250,000 evenly spread points are drawn, so
  // a multi-million-point frame stays fluid; all of them again when it stops.
  void setMoving(bool moving);
  // Each cuboid's text above it (off by default).
  void setCuboidTexts(bool visible);
  // The texts' font size (the selected one's a little larger) and place: above the box or at its centre.
  void setTextStyle(int fontSize, bool centred);
  // Each cuboid's own axes from its centre: x red, y green, z blue (CVAT's "orientation arrows").
  void setOrientationArrows(bool visible);
  // How opaque the faces are, 0–1: every cuboid's and the selected one's (CVAT's appearance
  // settings "opacity" and "selected opacity").
  void setFaceOpacity(double normal, double selected);
  std::size_t drawnPoints() const;
  // Recolours the current cloud too. A cloud without the channel a mode needs (no intensity, no
  // rgb) is coloured by height; effectiveColoring() tells which applies.
  void setPointColoring(PointColoring coloring, Rgb single = {255, 255, 255});
  PointColoring pointColoring() const { return coloring_; }
  PointColoring effectiveColoring() const;

  OrbitCamera& camera() { return camera_; }
  // Frames where most of the cloud's points are (or the cuboids when there is no cloud).
  void resetCamera();
  // Pushes the orbit camera to VTK; call before each render.
  void applyCamera(int viewportWidth, int viewportHeight);

  // Adds the scene's renderers (the 3D layer and the wireframe overlay) to a window, or takes
  // them out again.
  void attach(vtkRenderWindow* window);
  void detach(vtkRenderWindow* window);
  // Pixel (x right, y down, pixel centres at integers) of a world point in a width x height view.
  std::array<double, 2> worldToPixel(double x, double y, double z, int width, int height);

  // The view ray through a pixel (same convention as worldToPixel): what the cursor points at.
  Ray pixelRay(double px, double py, int width, int height);
  // A pick radius of `pixels` pixels in a view `height` pixels high, for pickPoint.
  PickTolerance pixelTolerance(double pixels, int height) const;

  // Renders into an offscreen window of the given size (needs an X display or Xvfb).
  Image renderOffscreen(int width, int height);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  OrbitCamera camera_;
  std::array<float, 6> viewBounds_{0, 0, 0, 0, 0, 0};  // where most points are
  bool hasCloud_ = false;
  std::vector<SceneCuboid> cuboids_;
  PointColoring coloring_ = PointColoring::Height;
  Rgb singleColor_;
  void recolor();
  void rebuildGuides();
  void rebuildTexts();
};

}  // namespace labelstation::render

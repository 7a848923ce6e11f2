#include "labelstation/render/scene.h"

#include <vtkActor.h>
#include <vtkBillboardTextActor3D.h>
#include <vtkTextProperty.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkMatrix4x4.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowToImageFilter.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "labelstation/render/colormap.h"

namespace labelstation::render {
namespace {

constexpr vtkIdType kMovingPointBudget = 250000;

constexpr double kDegToRad = M_PI / 180.0;

vtkSmartPointer<vtkActor> makeActor(vtkPolyData* data) {
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputData(data);
  mapper->SetScalarModeToDefault();
  mapper->SetColorModeToDirectScalars();
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  return actor;
}

// Edges of a cuboid as index pairs into Cuboid3D::corners() (bit 0: +x, bit 1: +y, bit 2: +z).
constexpr int kEdges[12][2] = {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3},
                               {4, 6}, {5, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};
constexpr int kFaces[6][4] = {{0, 2, 6, 4}, {1, 3, 7, 5}, {0, 1, 5, 4},
                              {2, 3, 7, 6}, {0, 1, 3, 2}, {4, 5, 7, 6}};

// The box holding the middle 90% of the points along each axis: a few far returns (birds,
// reflections) must not push the starting camera away from where the annotator works.
std::array<float, 6> robustBounds(const PointCloud& cloud) {
  if (cloud.empty()) return {0, 0, 0, 0, 0, 0};
  const std::size_t step = std::max<std::size_t>(1, cloud.size() / 20000);
  std::array<float, 6> out{};
  const FloatChannel* axes[3] = {&cloud.x, &cloud.y, &cloud.z};
  for (int a = 0; a < 3; ++a) {
    std::vector<float> sample;
    for (std::size_t i = 0; i < cloud.size(); i += step) sample.push_back((*axes[a])[i]);
    const auto lo = sample.begin() + static_cast<long>(sample.size() * 5 / 100);
    const auto hi = sample.begin() + static_cast<long>(sample.size() * 95 / 100);
    std::nth_element(sample.begin(), lo, sample.end());
    out[static_cast<std::size_t>(a)] = *lo;
    std::nth_element(sample.begin(), hi, sample.end());
    out[static_cast<std::size_t>(a) + 3] = *hi;
  }
  return out;
}

}  // namespace

Rgb parseColor(const std::string& hex) {
  if (hex.size() != 7 || hex[0] != '#') return {};
  try {
    const unsigned long v = std::stoul(hex.substr(1), nullptr, 16);
    return {static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v)};
  } catch (...) {
    return {};
  }
}

Rgb Image::at(int x, int y) const {
  const std::size_t i = 3 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x));
  return {rgb[i], rgb[i + 1], rgb[i + 2]};
}

bool Image::savePng(const std::string& path) const {
  vtkNew<vtkImageData> image;
  image->SetDimensions(width, height, 1);
  image->AllocateScalars(VTK_UNSIGNED_CHAR, 3);
  auto* dst = static_cast<std::uint8_t*>(image->GetScalarPointer());
  // VTK images run bottom to top.
  const std::size_t row = 3 * static_cast<std::size_t>(width);
  for (int y = 0; y < height; ++y)
    std::copy_n(rgb.data() + row * static_cast<std::size_t>(height - 1 - y), row, dst + row * static_cast<std::size_t>(y));
  vtkNew<vtkPNGWriter> writer;
  writer->SetFileName(path.c_str());
  writer->SetInputData(image);
  writer->Write();
  return writer->GetErrorCode() == 0;
}

std::array<double, 3> OrbitCamera::position() const {
  const double az = azimuth * kDegToRad, el = elevation * kDegToRad;
  return {focus[0] + distance * std::cos(el) * std::cos(az), focus[1] + distance * std::cos(el) * std::sin(az),
          focus[2] + distance * std::sin(el)};
}

void OrbitCamera::orbit(double dAzimuth, double dElevation) {
  azimuth = std::fmod(azimuth + dAzimuth, 360.0);
  elevation = std::clamp(elevation + dElevation, -89.0, 89.0);  // never flip over the pole
}

void OrbitCamera::pan(double dxFraction, double dyFraction) {
  const double visible = 2.0 * distance * std::tan(viewAngle * kDegToRad / 2.0);
  const double az = azimuth * kDegToRad, el = elevation * kDegToRad;
  // Screen right and screen up in world coordinates.
  const std::array<double, 3> right{-std::sin(az), std::cos(az), 0.0};
  const std::array<double, 3> up{-std::sin(el) * std::cos(az), -std::sin(el) * std::sin(az), std::cos(el)};
  for (int i = 0; i < 3; ++i) focus[i] += visible * (-dxFraction * right[i] + dyFraction * up[i]);
}

void OrbitCamera::zoom(double factor) {
  if (factor <= 0) return;
  if (orthographic) halfHeight = std::clamp(halfHeight / factor, 0.05, 1e5);
  else distance = std::clamp(distance / factor, 0.05, 1e5);
}

void OrbitCamera::fit(const std::array<float, 6>& b) {
  focus = {(b[0] + b[3]) / 2.0, (b[1] + b[4]) / 2.0, (b[2] + b[5]) / 2.0};
  const double radius = 0.5 * std::sqrt(std::pow(b[3] - b[0], 2) + std::pow(b[4] - b[1], 2) + std::pow(b[5] - b[2], 2));
  distance = std::max(1.0, radius / std::tan(viewAngle * kDegToRad / 2.0));
}

struct Scene::Impl {
  vtkNew<vtkRenderer> renderer;
  vtkNew<vtkRenderer> overlay;  // layer 1: cuboid wireframes, same camera
  vtkSmartPointer<vtkActor> cloudActor;
  // The current cloud's colours and what they are computed from, kept to recolour in place.
  vtkSmartPointer<vtkUnsignedCharArray> colors;
  std::vector<float> z, intensity;
  std::vector<std::uint32_t> packed;
  float intensityLo = 0, intensityHi = 1;
  vtkSmartPointer<vtkActor> edgeActor;
  vtkSmartPointer<vtkActor> faceActor;
  vtkSmartPointer<vtkActor> handleActor;  // solid grips, on top of everything
  float pointSize = 2.0f;
  bool faces = true;
  bool grid = false, axes = false;
  vtkSmartPointer<vtkActor> guideActor;
  // The cloud's vertices: all of them, or a subsample while the camera moves.
  vtkSmartPointer<vtkPolyData> cloudData;
  vtkSmartPointer<vtkCellArray> fullVerts, movingVerts;
  bool moving = false;
  bool texts = false;
  std::vector<vtkSmartPointer<vtkBillboardTextActor3D>> textActors;
  bool orientationArrows = false;
  int textSize = 13;
  bool textCentred = false;
  double faceOpacity = 0.18, selectedFaceOpacity = 0.35;
};

Scene::Scene() : impl_(std::make_unique<Impl>()) {
  // Opaque background: a host widget's framebuffer has alpha, and VTK's default alpha of 0
  // would let the widget behind show through.
  impl_->renderer->SetBackgroundAlpha(1.0);
  impl_->renderer->SetLayer(0);
  impl_->overlay->SetLayer(1);
  impl_->overlay->SetActiveCamera(impl_->renderer->GetActiveCamera());
  impl_->overlay->InteractiveOff();
  setBackground({16, 18, 24});
}
Scene::~Scene() = default;

void Scene::attach(vtkRenderWindow* window) {
  window->SetNumberOfLayers(std::max(2, window->GetNumberOfLayers()));
  window->AddRenderer(impl_->renderer);
  window->AddRenderer(impl_->overlay);
}

void Scene::detach(vtkRenderWindow* window) {
  window->RemoveRenderer(impl_->overlay);
  window->RemoveRenderer(impl_->renderer);
}

void Scene::setBackground(Rgb c) { impl_->renderer->SetBackground(c.r / 255.0, c.g / 255.0, c.b / 255.0); }

Rgb Scene::background() const {
  double c[3];
  impl_->renderer->GetBackground(c);
  auto byte = [](double v) { return static_cast<std::uint8_t>(std::lround(v * 255.0)); };
  return {byte(c[0]), byte(c[1]), byte(c[2])};
}

void Scene::setPointSize(float pixels) {
  impl_->pointSize = pixels;
  if (impl_->cloudActor) impl_->cloudActor->GetProperty()->SetPointSize(pixels);
}

float Scene::pointSize() const { return impl_->pointSize; }

void Scene::setCuboidFaces(bool visible) {
  impl_->faces = visible;
  if (impl_->faceActor) impl_->faceActor->SetVisibility(visible);
}

void Scene::setPointColoring(PointColoring coloring, Rgb single) {
  coloring_ = coloring;
  singleColor_ = single;
  recolor();
}

PointColoring Scene::effectiveColoring() const {
  if (coloring_ == PointColoring::Intensity && impl_->intensity.empty()) return PointColoring::Height;
  if (coloring_ == PointColoring::Rgb && impl_->packed.empty()) return PointColoring::Height;
  return coloring_;
}

void Scene::recolor() {
  if (!impl_->colors) return;
  const std::size_t n = impl_->z.size();
  std::uint8_t* out = impl_->colors->GetPointer(0);
  if (n == 0) return;
  switch (effectiveColoring()) {
    case PointColoring::Height: colorByHeight(impl_->z.data(), n, viewBounds_[2], viewBounds_[5], out); break;  // where most points are
    case PointColoring::Intensity: colorByValue(impl_->intensity.data(), n, impl_->intensityLo, impl_->intensityHi, out); break;
    case PointColoring::Rgb: colorFromPacked(impl_->packed.data(), n, out); break;
    case PointColoring::Single: colorSingle(n, singleColor_.r, singleColor_.g, singleColor_.b, out); break;
  }
  impl_->colors->Modified();
}

void Scene::setMoving(bool moving) {
  if (impl_->moving == moving) return;
  impl_->moving = moving;
  if (!impl_->cloudData) return;
  impl_->cloudData->SetVerts(moving ? impl_->movingVerts : impl_->fullVerts);
  impl_->cloudData->Modified();
}

std::size_t Scene::drawnPoints() const {
  if (!impl_->cloudData || !impl_->cloudData->GetVerts()) return 0;
  return static_cast<std::size_t>(impl_->cloudData->GetVerts()->GetNumberOfCells());
}

void Scene::setGuides(bool groundGrid, bool axes) {
  impl_->grid = groundGrid;
  impl_->axes = axes;
  rebuildGuides();
}

void Scene::rebuildGuides() {
  if (impl_->guideActor) impl_->renderer->RemoveActor(impl_->guideActor);
  impl_->guideActor = nullptr;
  if (!impl_->grid && !impl_->axes) return;
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> lines;
  vtkNew<vtkUnsignedCharArray> colors;
  colors->SetNumberOfComponents(3);
  auto line = [&](double x0, double y0, double z0, double x1, double y1, double z1, const unsigned char* rgb) {
    const vtkIdType ids[2] = {points->InsertNextPoint(x0, y0, z0), points->InsertNextPoint(x1, y1, z1)};
    lines->InsertNextCell(2, ids);
    colors->InsertNextTypedTuple(rgb);
  };
  if (impl_->grid && hasCloud_) {
    constexpr double kCell = 5.0;
    const unsigned char grey[3] = {70, 74, 86};
    const double x0 = std::floor(viewBounds_[0] / kCell) * kCell, x1 = std::ceil(viewBounds_[3] / kCell) * kCell;
    const double y0 = std::floor(viewBounds_[1] / kCell) * kCell, y1 = std::ceil(viewBounds_[4] / kCell) * kCell;
    const double z = viewBounds_[2];  // where most low points lie: the ground, near enough
    for (double x = x0; x <= x1 + 1e-9; x += kCell) line(x, y0, z, x, y1, z, grey);
    for (double y = y0; y <= y1 + 1e-9; y += kCell) line(x0, y, z, x1, y, z, grey);
  }
  if (impl_->axes) {
    const unsigned char red[3] = {230, 40, 40}, green[3] = {40, 210, 60}, blue[3] = {50, 90, 255};
    line(0, 0, 0, 2, 0, 0, red);
    line(0, 0, 0, 0, 2, 0, green);
    line(0, 0, 0, 0, 0, 2, blue);
  }
  vtkNew<vtkPolyData> data;
  data->SetPoints(points);
  data->SetLines(lines);
  data->GetCellData()->SetScalars(colors);
  impl_->guideActor = makeActor(data);
  impl_->guideActor->GetProperty()->SetLighting(false);
  impl_->guideActor->GetProperty()->SetLineWidth(2);
  impl_->renderer->AddActor(impl_->guideActor);
}

void Scene::setPointCloud(const PointCloud& cloud) {
  const vtkIdType n = static_cast<vtkIdType>(cloud.size());
  vtkNew<vtkFloatArray> xyz;
  xyz->SetNumberOfComponents(3);
  xyz->SetNumberOfTuples(n);
  float* p = xyz->GetPointer(0);
  for (vtkIdType i = 0; i < n; ++i) {
    p[3 * i] = cloud.x[static_cast<std::size_t>(i)];
    p[3 * i + 1] = cloud.y[static_cast<std::size_t>(i)];
    p[3 * i + 2] = cloud.z[static_cast<std::size_t>(i)];
  }
  vtkNew<vtkPoints> points;
  points->SetData(xyz);

  // One vertex cell per point, built as flat arrays rather than n InsertNextCell calls.
  vtkNew<vtkIdTypeArray> offsets, connectivity;
  offsets->SetNumberOfValues(n + 1);
  connectivity->SetNumberOfValues(n);
  std::iota(offsets->GetPointer(0), offsets->GetPointer(0) + n + 1, vtkIdType{0});
  std::iota(connectivity->GetPointer(0), connectivity->GetPointer(0) + n, vtkIdType{0});
  vtkNew<vtkCellArray> verts;
  verts->SetData(offsets, connectivity);
  // While the camera moves, every k-th point only: at most kMovingPointBudget points to draw.
  const vtkIdType k = std::max<vtkIdType>(1, (n + kMovingPointBudget - 1) / kMovingPointBudget);
  const vtkIdType m = (n + k - 1) / k;
  vtkNew<vtkIdTypeArray> lodOffsets, lodConnectivity;
  lodOffsets->SetNumberOfValues(m + 1);
  lodConnectivity->SetNumberOfValues(m);
  std::iota(lodOffsets->GetPointer(0), lodOffsets->GetPointer(0) + m + 1, vtkIdType{0});
  for (vtkIdType i = 0; i < m; ++i) lodConnectivity->SetValue(i, i * k);
  impl_->fullVerts = verts;
  impl_->movingVerts = vtkSmartPointer<vtkCellArray>::New();
  impl_->movingVerts->SetData(lodOffsets, lodConnectivity);

  viewBounds_ = robustBounds(cloud);
  hasCloud_ = n > 0;
  impl_->z.assign(cloud.z.begin(), cloud.z.end());
  impl_->intensity.assign(cloud.intensity.begin(), cloud.intensity.end());
  impl_->packed.assign(cloud.rgb.begin(), cloud.rgb.end());
  if (!impl_->intensity.empty()) {
    // The ramp spans the 1st–99th percentile, so a few retro-reflectors do not wash it out.
    const std::size_t step = std::max<std::size_t>(1, impl_->intensity.size() / 20000);
    std::vector<float> sample;
    for (std::size_t i = 0; i < impl_->intensity.size(); i += step) sample.push_back(impl_->intensity[i]);
    const auto lo = sample.begin() + static_cast<long>(sample.size() / 100);
    const auto hi = sample.begin() + static_cast<long>(sample.size() * 99 / 100);
    std::nth_element(sample.begin(), lo, sample.end());
    impl_->intensityLo = *lo;
    std::nth_element(sample.begin(), hi, sample.end());
    impl_->intensityHi = *hi;
  }
  impl_->colors = vtkSmartPointer<vtkUnsignedCharArray>::New();
  impl_->colors->SetNumberOfComponents(3);
  impl_->colors->SetNumberOfTuples(n);
  recolor();

  impl_->cloudData = vtkSmartPointer<vtkPolyData>::New();
  vtkPolyData* data = impl_->cloudData;
  data->SetPoints(points);
  data->SetVerts(impl_->moving ? impl_->movingVerts : impl_->fullVerts);
  data->GetPointData()->SetScalars(impl_->colors);

  if (impl_->cloudActor) impl_->renderer->RemoveActor(impl_->cloudActor);
  impl_->cloudActor = makeActor(data);
  impl_->cloudActor->GetProperty()->SetPointSize(impl_->pointSize);
  impl_->cloudActor->GetProperty()->SetLighting(false);
  impl_->renderer->AddActor(impl_->cloudActor);
  if (impl_->grid) rebuildGuides();  // the grid follows the cloud's extent and ground
}

void Scene::setCuboids(const std::vector<SceneCuboid>& cuboids) {
  cuboids_ = cuboids;
  vtkNew<vtkPoints> points;
  vtkNew<vtkCellArray> lines, quads, handleQuads;
  vtkNew<vtkUnsignedCharArray> lineColors, faceColors, handleColors;
  lineColors->SetNumberOfComponents(3);
  faceColors->SetNumberOfComponents(4);
  handleColors->SetNumberOfComponents(3);
  auto line = [&](const Eigen::Vector3d& from, const Eigen::Vector3d& to, const unsigned char* rgb) {
    const vtkIdType ids[2] = {points->InsertNextPoint(from.data()), points->InsertNextPoint(to.data())};
    lines->InsertNextCell(2, ids);
    lineColors->InsertNextTypedTuple(rgb);
  };
  for (const auto& c : cuboids) {
    const auto corners = c.box.corners();
    const vtkIdType base = points->GetNumberOfPoints();
    for (const auto& v : corners) points->InsertNextPoint(v.x(), v.y(), v.z());
    // Selected and hovered boxes are drawn lighter, towards white.
    const double lighten = c.selected ? 0.45 : c.hovered ? 0.3 : 0.0;
    auto lit = [lighten](std::uint8_t v) { return static_cast<unsigned char>(v + (255 - v) * lighten); };
    const Rgb edge = c.outline.value_or(c.color);
    const unsigned char rgb[3] = {lit(edge.r), lit(edge.g), lit(edge.b)};
    for (const auto& e : kEdges) {
      if (c.occluded) {  // dashed: every other eighth of the edge
        for (int k = 0; k < 8; k += 2)
          line(corners[e[0]] + (corners[e[1]] - corners[e[0]]) * (k / 8.0), corners[e[0]] + (corners[e[1]] - corners[e[0]]) * ((k + 1) / 8.0), rgb);
        continue;
      }
      const vtkIdType ids[2] = {base + e[0], base + e[1]};
      lines->InsertNextCell(2, ids);
      lineColors->InsertNextTypedTuple(rgb);
    }
    if (c.handle) {  // solid, in the overlay: never hidden by points
      for (const auto& f : kFaces) {
        const vtkIdType ids[4] = {base + f[0], base + f[1], base + f[2], base + f[3]};
        handleQuads->InsertNextCell(4, ids);
        handleColors->InsertNextTypedTuple(rgb);
      }
      continue;
    }
    // Heading: from the centre to the middle of the front (+x) face, with an arrowhead.
    const Eigen::Vector3d centre = c.box.position;
    const Eigen::Matrix3d r = c.box.rotationMatrix();
    const double half = c.box.scale.x() / 2.0;
    const Eigen::Vector3d tip = centre + r * Eigen::Vector3d(half, 0, 0);
    const double head = std::min(c.box.scale.x(), c.box.scale.y()) * 0.25;
    line(centre, tip, rgb);
    line(tip, tip + r * Eigen::Vector3d(-head, head * 0.6, 0), rgb);
    line(tip, tip + r * Eigen::Vector3d(-head, -head * 0.6, 0), rgb);
    if (impl_->orientationArrows) {  // the box's own axes: x red, y green, z blue
      static const unsigned char axisColors[3][3] = {{230, 40, 40}, {40, 200, 60}, {60, 110, 255}};
      for (int axis = 0; axis < 3; ++axis) {
        Eigen::Vector3d unit = Eigen::Vector3d::Zero();
        unit[axis] = 1;
        const Eigen::Vector3d end = centre + r * unit * (std::abs(c.box.scale[axis]) / 2.0 + 0.6);
        line(centre, end, axisColors[axis]);
      }
    }
    const double opacity = c.locked ? 0.05 : c.selected ? impl_->selectedFaceOpacity : c.hovered ? (impl_->faceOpacity + impl_->selectedFaceOpacity) / 2 : impl_->faceOpacity;
    const unsigned char rgba[4] = {c.color.r, c.color.g, c.color.b, static_cast<unsigned char>(std::clamp(opacity, 0.0, 1.0) * 255)};
    for (const auto& f : kFaces) {
      const vtkIdType ids[4] = {base + f[0], base + f[1], base + f[2], base + f[3]};
      quads->InsertNextCell(4, ids);
      faceColors->InsertNextTypedTuple(rgba);
    }
  }
  vtkNew<vtkPolyData> edgeData, faceData;
  edgeData->SetPoints(points);
  edgeData->SetLines(lines);
  edgeData->GetCellData()->SetScalars(lineColors);
  faceData->SetPoints(points);
  faceData->SetPolys(quads);
  faceData->GetCellData()->SetScalars(faceColors);

  if (impl_->edgeActor) impl_->overlay->RemoveActor(impl_->edgeActor);
  if (impl_->faceActor) impl_->renderer->RemoveActor(impl_->faceActor);
  impl_->edgeActor = makeActor(edgeData);
  impl_->edgeActor->GetProperty()->SetLineWidth(2.0f);
  impl_->edgeActor->GetProperty()->SetLighting(false);
  impl_->faceActor = makeActor(faceData);
  impl_->faceActor->GetProperty()->SetLighting(false);
  impl_->faceActor->GetProperty()->SetOpacity(0.999);  // routes the actor through the translucent pass
  impl_->faceActor->SetVisibility(impl_->faces);
  impl_->renderer->AddActor(impl_->faceActor);
  impl_->overlay->AddActor(impl_->edgeActor);
  if (impl_->handleActor) impl_->overlay->RemoveActor(impl_->handleActor);
  vtkNew<vtkPolyData> handleData;
  handleData->SetPoints(points);
  handleData->SetPolys(handleQuads);
  handleData->GetCellData()->SetScalars(handleColors);
  impl_->handleActor = makeActor(handleData);
  impl_->handleActor->GetProperty()->SetLighting(false);
  impl_->overlay->AddActor(impl_->handleActor);
  rebuildTexts();
}

void Scene::setOrientationArrows(bool visible) {
  impl_->orientationArrows = visible;
  setCuboids(std::vector<SceneCuboid>(cuboids_));
}

void Scene::setFaceOpacity(double normal, double selected) {
  impl_->faceOpacity = normal;
  impl_->selectedFaceOpacity = selected;
  setCuboids(std::vector<SceneCuboid>(cuboids_));
}

void Scene::setTextStyle(int fontSize, bool centred) {
  impl_->textSize = fontSize;
  impl_->textCentred = centred;
  rebuildTexts();
}

void Scene::setCuboidTexts(bool visible) {
  impl_->texts = visible;
  rebuildTexts();
}

void Scene::rebuildTexts() {
  for (auto& actor : impl_->textActors) impl_->renderer->RemoveActor(actor);
  impl_->textActors.clear();
  if (!impl_->texts) return;
  for (const SceneCuboid& c : cuboids_) {
    if (c.text.empty()) continue;
    auto actor = vtkSmartPointer<vtkBillboardTextActor3D>::New();
    actor->SetInput(c.text.c_str());
    const Eigen::Vector3d at = impl_->textCentred ? c.box.position : c.box.position + Eigen::Vector3d(0, 0, c.box.scale.z() / 2 + 0.3);
    actor->SetPosition(at.x(), at.y(), at.z());
    vtkTextProperty* text = actor->GetTextProperty();
    text->SetFontSize(c.selected ? impl_->textSize + 3 : impl_->textSize);
    if (impl_->textCentred) text->SetVerticalJustificationToCentered();
    text->SetColor(c.color.r / 255.0, c.color.g / 255.0, c.color.b / 255.0);
    text->SetBold(c.selected);
    text->SetJustificationToCentered();
    impl_->renderer->AddActor(actor);
    impl_->textActors.push_back(actor);
  }
}

void Scene::resetCamera() {
  if (hasCloud_) {
    camera_.fit(viewBounds_);
    return;
  }
  if (cuboids_.empty()) return;
  std::array<float, 6> b{1e30f, 1e30f, 1e30f, -1e30f, -1e30f, -1e30f};
  for (const auto& c : cuboids_)
    for (const auto& v : c.box.corners())
      for (int i = 0; i < 3; ++i) {
        b[static_cast<std::size_t>(i)] = std::min(b[static_cast<std::size_t>(i)], static_cast<float>(v[i]));
        b[static_cast<std::size_t>(i) + 3] = std::max(b[static_cast<std::size_t>(i) + 3], static_cast<float>(v[i]));
      }
  camera_.fit(b);
}

void Scene::applyCamera(int viewportWidth, int viewportHeight) {
  (void)viewportWidth;
  (void)viewportHeight;
  vtkCamera* cam = impl_->renderer->GetActiveCamera();
  const auto pos = camera_.position();
  cam->SetFocalPoint(camera_.focus.data());
  cam->SetPosition(pos.data());
  cam->SetViewUp(camera_.up.data());
  cam->SetViewAngle(camera_.viewAngle);
  cam->SetParallelProjection(camera_.orthographic);
  cam->SetParallelScale(camera_.halfHeight);
  // Near and far follow what is in view (points, boxes, guides), so neither a large nor a far
  // cloud is ever cut away; the fixed range is the fallback for an empty scene.
  cam->SetClippingRange(std::max(0.01, camera_.distance * 0.001), camera_.distance * 20 + 1000.0);
  if (impl_->renderer->VisibleActorCount() > 0) impl_->renderer->ResetCameraClippingRange();
}

std::array<double, 2> Scene::worldToPixel(double x, double y, double z, int width, int height) {
  // Projects with the camera alone, so it works with or without a window attached.
  applyCamera(width, height);
  vtkMatrix4x4* m = impl_->renderer->GetActiveCamera()->GetCompositeProjectionTransformMatrix(
      static_cast<double>(width) / std::max(1, height), -1, 1);
  const double in[4] = {x, y, z, 1.0};
  double out[4];
  m->MultiplyPoint(in, out);
  const double nx = out[0] / out[3], ny = out[1] / out[3];
  return {(nx + 1.0) / 2.0 * width - 0.5, (1.0 - ny) / 2.0 * height - 0.5};
}

Ray Scene::pixelRay(double px, double py, int width, int height) {
  applyCamera(width, height);
  vtkNew<vtkMatrix4x4> inverse;
  inverse->DeepCopy(impl_->renderer->GetActiveCamera()->GetCompositeProjectionTransformMatrix(
      static_cast<double>(width) / std::max(1, height), -1, 1));
  inverse->Invert();
  const double nx = (px + 0.5) / width * 2.0 - 1.0, ny = 1.0 - (py + 0.5) / height * 2.0;
  auto unproject = [&](double nz) {
    const double in[4] = {nx, ny, nz, 1.0};
    double out[4];
    inverse->MultiplyPoint(in, out);
    return Eigen::Vector3d(out[0] / out[3], out[1] / out[3], out[2] / out[3]);
  };
  const Eigen::Vector3d nearPoint = unproject(-1), farPoint = unproject(1);
  Ray ray;
  ray.direction = (farPoint - nearPoint).normalized();
  // Perspective rays start at the eye (points before the near plane still count); parallel ones
  // far behind the focus, so nothing in view lies behind them.
  ray.origin = camera_.orthographic ? Eigen::Vector3d(nearPoint - ray.direction * (camera_.distance + 1e4))
                                    : Eigen::Map<const Eigen::Vector3d>(camera_.position().data());
  return ray;
}

PickTolerance Scene::pixelTolerance(double pixels, int height) const {
  const double perPixel = 2.0 / std::max(1, height);
  if (camera_.orthographic) return {pixels * perPixel * camera_.halfHeight, 0};
  return {0, pixels * perPixel * std::tan(camera_.viewAngle * kDegToRad / 2.0)};
}

Image Scene::renderOffscreen(int width, int height) {
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(width, height);
  window->SetMultiSamples(0);
  attach(window);
  applyCamera(width, height);
  window->Render();

  vtkNew<vtkWindowToImageFilter> grab;
  grab->SetInput(window);
  grab->SetInputBufferTypeToRGB();
  grab->ReadFrontBufferOff();
  grab->Update();
  vtkImageData* data = grab->GetOutput();
  int dims[3];
  data->GetDimensions(dims);
  Image image;
  image.width = dims[0];
  image.height = dims[1];
  image.rgb.resize(3 * static_cast<std::size_t>(dims[0]) * static_cast<std::size_t>(dims[1]));
  const auto* src = static_cast<const std::uint8_t*>(data->GetScalarPointer());
  const std::size_t row = 3 * static_cast<std::size_t>(dims[0]);
  for (int y = 0; y < dims[1]; ++y)  // flip to top-to-bottom rows
    std::copy_n(src + row * static_cast<std::size_t>(dims[1] - 1 - y), row, image.rgb.data() + row * static_cast<std::size_t>(y));
  detach(window);
  return image;
}

}  // namespace labelstation::render

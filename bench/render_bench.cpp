// Drawing a 1 M-point frame: one render of the scene in a persistent offscreen window of
// 1280 × 800 (Mesa's software OpenGL under Xvfb, as CI and headless machines draw), with all
// points (the camera at rest) and with the level of detail the view uses while the camera moves
// (at most 250,000 points). Needs an X display: run it under xvfb-run.
#include <benchmark/benchmark.h>
#include <vtkNew.h>
#include <vtkRenderWindow.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "labelstation/io/synthetic_street.h"
#include "labelstation/render/scene.h"

using namespace labelstation;

namespace {

// The synthetic street scan repeated with small offsets until it holds `count` points: a real
// LiDAR layout (rings, walls, cars), as dense as a 128-beam sensor's frame.
PointCloud denseFrame(std::size_t count) {
  const PointCloud scan = io::SyntheticStreet().scan(0);
  PointCloud out;
  out.reserve(count);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> jitter(-0.05f, 0.05f);
  while (out.size() < count)
    for (std::size_t i = 0; i < scan.size() && out.size() < count; ++i)
      out.addPoint(scan.x[i] + jitter(rng), scan.y[i] + jitter(rng), scan.z[i] + jitter(rng));
  return out;
}

void drawFrame(benchmark::State& state, bool moving) {
  if (!std::getenv("DISPLAY")) {
    state.SkipWithError("needs an X display (run under xvfb-run)");
    return;
  }
  render::Scene scene;
  scene.setPointCloud(denseFrame(static_cast<std::size_t>(state.range(0))));
  scene.resetCamera();
  scene.setMoving(moving);
  vtkNew<vtkRenderWindow> window;
  window->SetOffScreenRendering(1);
  window->SetSize(1280, 800);
  window->SetMultiSamples(0);
  scene.attach(window);
  scene.applyCamera(1280, 800);
  window->Render();  // first draw: uploads the buffers
  double azimuth = 0;
  for (auto _ : state) {
    scene.camera().orbit(1.0, 0.0);  // as a drag does between frames
    scene.applyCamera(1280, 800);
    window->Render();
    azimuth += 1;
  }
  state.counters["points_drawn"] = static_cast<double>(scene.drawnPoints());
  state.counters["fps"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  scene.detach(window);
}

}  // namespace

BENCHMARK_CAPTURE(drawFrame, at_rest, false)->Arg(1000000)->Arg(2000000)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(drawFrame, camera_moving, true)->Arg(1000000)->Arg(2000000)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();

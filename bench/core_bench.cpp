// What the 3D view pays on every frame change: interpolating every track onto the frame.
#include <benchmark/benchmark.h>

#include "labelstation/core/document.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/geometry.h"
#include "labelstation/core/interpolation.h"

using namespace labelstation;

namespace {

Document makeDocument(int tracks, int frames) {
  Task task;
  task.dimension = TaskDimension::PointCloud3D;
  task.frames.resize(static_cast<std::size_t>(frames));
  Label car;
  car.name = "car";
  car.type = LabelType::Cuboid3D;
  task.labels.addLabel(car);
  Document doc(std::move(task));
  std::vector<AnnotationObject> objects;
  for (int t = 0; t < tracks; ++t) {
    AnnotationObject o;
    o.kind = ObjectKind::Track;
    o.label = doc.labels().labelByName("car")->id;
    for (int f = 0; f < frames; f += 10) {
      Cuboid3D c;
      c.position = {t * 1.0 + f * 0.1, t * 0.5, 0};
      c.rotation = {0, 0, 0.01 * f};
      c.scale = {4, 2, 1.5};
      ShapeState s;
      s.type = ShapeType::Cuboid3D;
      s.points = c.toPoints();
      o.keyframes[f] = s;
    }
    objects.push_back(o);
  }
  edits::create(doc, objects)->apply(doc);
  return doc;
}

void BM_ObjectsOnFrame(benchmark::State& state) {
  const Document doc = makeDocument(static_cast<int>(state.range(0)), 1000);
  int frame = 0;
  for (auto _ : state) {
    auto ids = doc.objectsOnFrame(frame);
    benchmark::DoNotOptimize(ids);
    frame = (frame + 7) % 1000;
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ObjectsOnFrame)->Arg(100)->Arg(1000);

void BM_InterpolateCuboid(benchmark::State& state) {
  const Document doc = makeDocument(1, 1000);
  const AnnotationObject& track = doc.objects().begin()->second;
  int frame = 0;
  for (auto _ : state) {
    auto s = stateAt(track, frame);
    benchmark::DoNotOptimize(s);
    frame = (frame + 3) % 1000;
  }
}
BENCHMARK(BM_InterpolateCuboid);

}  // namespace

BENCHMARK_MAIN();

// The 2D canvas with an 8000 × 6000 image: one frame painted (what every pan or zoom step costs)
// with the image alone, with 1,000 shapes (500 rectangles, 500 eight-point polygons) fitted and
// zoomed in 4×, against scaling the full-size image onto the screen without the canvas's
// pyramid (the baseline). Run under xvfb-run or with QT_QPA_PLATFORM=offscreen.
#include <benchmark/benchmark.h>

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QThreadPool>
#include <cmath>

#include "image_canvas.h"
#include "labelstation/core/mask.h"

using namespace labelstation;
using namespace labelstation::app;

namespace {

constexpr int kWidth = 1600, kHeight = 1000;

// A large image's smaller copies come from a worker: wait for them and let them in.
void awaitPyramid() {
  QThreadPool::globalInstance()->waitForDone();
  QCoreApplication::processEvents();
}

QImage largeImage() {
  QImage image(8000, 6000, QImage::Format_RGB32);
  for (int y = 0; y < image.height(); ++y) {
    auto* row = reinterpret_cast<QRgb*>(image.scanLine(y));
    for (int x = 0; x < image.width(); ++x) row[x] = qRgb(x % 256, y % 256, (x + y) % 256);
  }
  return image;
}

std::vector<CanvasShape> thousandShapes() {
  std::vector<CanvasShape> shapes;
  for (int i = 0; i < 1000; ++i) {
    CanvasShape s;
    s.id = i + 1;
    const double x = (i % 40) * 195.0 + 20, y = (i / 40) * 235.0 + 20;
    s.color = QColor::fromHsv((i * 37) % 360, 200, 255);
    if (i % 2 == 0) {
      s.type = ShapeType::Rectangle;
      s.points = {x, y, x + 150, y + 180};
    } else {
      s.type = ShapeType::Polygon;
      for (int k = 0; k < 8; ++k) {
        const double a = 2 * M_PI * k / 8;
        s.points.push_back(x + 75 + 70 * std::cos(a));
        s.points.push_back(y + 90 + 85 * std::sin(a));
      }
    }
    s.selected = i == 500;
    shapes.push_back(std::move(s));
  }
  return shapes;
}

struct Fixture {
  ImageCanvas canvas;
  QImage target{kWidth, kHeight, QImage::Format_RGB32};
  Fixture(bool shapes, double zoom) {
    canvas.resize(kWidth, kHeight);
    canvas.setImage(largeImage());
    awaitPyramid();
    if (shapes) canvas.setShapes(thousandShapes());
    if (zoom != 1) canvas.zoomAt({kWidth / 2.0, kHeight / 2.0}, zoom);
  }
  void paint() { canvas.render(&target); }
};

void BM_ScaleFullImage(benchmark::State& state) {
  const QImage image = largeImage();
  QImage target(kWidth, kHeight, QImage::Format_RGB32);
  for (auto _ : state) {
    QPainter painter(&target);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(QRectF(0, 0, kWidth, kWidth * 0.75), image);
  }
}

void BM_Canvas(benchmark::State& state, bool shapes, double zoom) {
  Fixture f(shapes, zoom);
  for (auto _ : state) f.paint();
  state.counters["level"] = f.canvas.levelShown();
}

// 20 masks of 1500 × 1500 pixels (a segmentation task's big regions).
std::vector<CanvasShape> largeMasks() {
  std::vector<CanvasShape> masks;
  for (int i = 0; i < 20; ++i) {
    MaskBitmap m;
    m.left = (i % 5) * 1500 + 100;
    m.top = (i / 5) * 1450 + 50;
    m.width = m.height = 1500;
    m.pixels.assign(static_cast<std::size_t>(m.width * m.height), 0);
    for (int y = 0; y < m.height; ++y)
      for (int x = 0; x < m.width; ++x)
        if ((x - 750) * (x - 750) + (y - 750) * (y - 750) < 700 * 700) m.pixels[static_cast<std::size_t>(y * m.width + x)] = 1;
    CanvasShape s;
    s.id = i + 1;
    s.type = ShapeType::Mask;
    s.points = encodeMask(m);
    s.color = QColor::fromHsv((i * 37) % 360, 200, 255);
    masks.push_back(std::move(s));
  }
  return masks;
}

// … drawn over the image, fitted.
void BM_LargeMasks(benchmark::State& state) {
  ImageCanvas canvas;
  canvas.resize(kWidth, kHeight);
  canvas.setImage(largeImage());
  awaitPyramid();
  canvas.setShapes(largeMasks());
  QImage target(kWidth, kHeight, QImage::Format_RGB32);
  for (auto _ : state) canvas.render(&target);
}

// … handed to the canvas again unchanged, as every step of a drag of another shape does.
void BM_LargeMasksAgain(benchmark::State& state) {
  ImageCanvas canvas;
  canvas.resize(kWidth, kHeight);
  const std::vector<CanvasShape> masks = largeMasks();
  canvas.setShapes(masks);
  for (auto _ : state) canvas.setShapes(masks);
}

// A new frame of the same size handed to the canvas: what stepping through large images costs
// on the UI thread (`untilPyramid`: until the worker's smaller copies are in too).
void BM_NextFrame(benchmark::State& state, bool untilPyramid) {
  ImageCanvas canvas;
  canvas.resize(kWidth, kHeight);
  // RGB bytes, as the loader gives them.
  const QImage a = largeImage().convertToFormat(QImage::Format_RGB888), b = a.mirrored();
  bool flip = false;
  for (auto _ : state) {
    canvas.setImage((flip = !flip) ? a : b);
    benchmark::DoNotOptimize(canvas.image().constBits());
    if (!untilPyramid) state.PauseTiming();
    awaitPyramid();
    if (!untilPyramid) state.ResumeTiming();
  }
}

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  benchmark::RegisterBenchmark("full-size image scaled to the screen (baseline)", BM_ScaleFullImage)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("canvas: image fitted", BM_Canvas, false, 1.0)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("canvas: image fitted + 1,000 shapes", BM_Canvas, true, 1.0)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("canvas: zoomed 4x + 1,000 shapes", BM_Canvas, true, 4.0)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("canvas: next 8000x6000 frame shown (UI thread)", BM_NextFrame, false)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("canvas: next 8000x6000 frame, pyramid in", BM_NextFrame, true)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("canvas: image fitted + 20 masks of 1500x1500", BM_LargeMasks)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("canvas: the 20 masks handed again unchanged", BM_LargeMasksAgain)->Unit(benchmark::kMillisecond);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

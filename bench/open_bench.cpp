// Opening a long sequence: how soon frame 0 is there to annotate. A KITTI raw drive of 2,000
// frames of 120,000 points (hard links to one scan, so the folder costs no disk) is opened as the
// window opens it (Session::open: scanning the layout, building the task, starting the loader),
// then frame 0 is waited for. Both are timed, and the whole sequence's plain listing
// (std::filesystem::directory_iterator) is the baseline the scan cannot beat by much.
// The same for a zip of 2,000 frames of 10,000 points (320 MB, stored): opening leaves the media
// in the archive until a frame needs them, against extracting the whole zip first (the baseline).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>

#include <zip.h>

#include "labelstation/io/dataset.h"
#include "labelstation/io/kitti_bin.h"
#include "session.h"

namespace fs = std::filesystem;
using namespace labelstation;

namespace {

constexpr int kFrames = 2000;
fs::path g_drive, g_zip;

void makeDrive() {
  g_drive = fs::temp_directory_path() / ("labelstation_open_bench_" + std::to_string(::getpid()));
  const fs::path velodyne = g_drive / "velodyne_points" / "data";
  fs::create_directories(velodyne);
  PointCloud scan;
  for (int i = 0; i < 120000; ++i) {
    const float a = static_cast<float>(i) * 0.001f;
    scan.addPoint(20 * std::cos(a), 20 * std::sin(a), static_cast<float>(i % 64) * 0.05f - 1.7f);
    scan.intensity.push_back(static_cast<float>(i % 100) / 100);
  }
  const fs::path first = velodyne / "0000000000.bin";
  io::writeKittiBin(first, scan);
  char name[32];
  for (int f = 1; f < kFrames; ++f) {
    std::snprintf(name, sizeof name, "%010d.bin", f);
    fs::create_hard_link(first, velodyne / name);
  }
}

void makeZip() {
  g_zip = g_drive.string() + ".zip";
  PointCloud scan;
  for (int i = 0; i < 10000; ++i) {
    const float a = static_cast<float>(i) * 0.01f;
    scan.addPoint(20 * std::cos(a), 20 * std::sin(a), static_cast<float>(i % 64) * 0.05f - 1.7f);
    scan.intensity.push_back(0.5f);
  }
  const fs::path one = g_drive.string() + "_one.bin";
  io::writeKittiBin(one, scan);
  int error = 0;
  zip_t* archive = zip_open(g_zip.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  char name[64];
  for (int f = 0; f < kFrames; ++f) {
    std::snprintf(name, sizeof name, "drive/velodyne_points/data/%010d.bin", f);
    const zip_int64_t index = zip_file_add(archive, name, zip_source_file(archive, one.c_str(), 0, -1), 0);
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
  }
  zip_close(archive);
  fs::remove(one);
}

void BM_ExtractWholeZip(benchmark::State& state) {
  for (auto _ : state) {
    const fs::path out = g_drive.string() + "_extracted";
    io::extractZip(g_zip, out);
    state.PauseTiming();
    fs::remove_all(out);
    state.ResumeTiming();
  }
}

void BM_OpenZipUntilFrameZero(benchmark::State& state) {
  for (auto _ : state) {
    auto session = app::Session::open(g_zip);
    const auto frame = session->waitFrame(0);
    benchmark::DoNotOptimize(frame.data.get());
    state.PauseTiming();
    session.reset();  // stops the background extraction, removes the folder
    state.ResumeTiming();
  }
  state.counters["frames"] = kFrames;
}

void BM_ListFolder(benchmark::State& state) {
  for (auto _ : state) {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(g_drive / "velodyne_points" / "data")) n += e.is_regular_file() ? 1 : 0;
    benchmark::DoNotOptimize(n);
  }
}

void BM_OpenSession(benchmark::State& state) {
  for (auto _ : state) {
    auto session = app::Session::open(g_drive);
    benchmark::DoNotOptimize(session.get());
  }
  state.counters["frames"] = kFrames;
}

void BM_OpenUntilFrameZero(benchmark::State& state) {
  for (auto _ : state) {
    auto session = app::Session::open(g_drive);
    const auto frame = session->waitFrame(0);
    benchmark::DoNotOptimize(frame.data.get());
  }
  state.counters["frames"] = kFrames;
}

}  // namespace

int main(int argc, char** argv) {
  makeDrive();
  makeZip();
  benchmark::RegisterBenchmark("list 2,000 files (baseline)", BM_ListFolder)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("Session::open, 2,000 frames", BM_OpenSession)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("open until frame 0 is loaded", BM_OpenUntilFrameZero)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("zip: extract all 2,000 frames (baseline)", BM_ExtractWholeZip)->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("zip: open until frame 0 is loaded", BM_OpenZipUntilFrameZero)->Unit(benchmark::kMillisecond);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  fs::remove_all(g_drive);
  fs::remove(g_zip);
  return 0;
}

// KITTI .bin scans, read from a file as the app does (positioned reads, no mapping).
#include "fuzz_support.h"
#include "labelstation/io/point_cloud_io.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static const fuzz::fs::path file = fuzz::scratch() / "scan.bin";
  fuzz::writeFile(file, std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::guarded([&] {
    labelstation::io::CloudFileInfo info;
    (void)labelstation::io::readPointCloud(file, &info);
  }, bytes);
  return 0;
}

// CVAT XML read as the format "cvat_video" (annotations.xml).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static const fuzz::fs::path file = fuzz::scratch() / "annotations.xml";
  fuzz::writeFile(file, std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::importWith("cvat_video", file, bytes);
  return 0;
}

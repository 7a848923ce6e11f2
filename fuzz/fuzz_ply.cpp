// PLY: ascii and binary of both endians, from bytes in memory.
#include "fuzz_support.h"
#include "labelstation/io/ply.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fuzz::guarded([&] {
    labelstation::io::CloudFileInfo info;
    (void)labelstation::io::parsePly(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.ply", &info);
  }, bytes);
  return 0;
}

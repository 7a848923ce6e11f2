// PCD: every encoding and header the reader accepts, from bytes in memory.
#include "fuzz_support.h"
#include "labelstation/io/pcd.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fuzz::guarded([&] {
    labelstation::io::CloudFileInfo info;
    (void)labelstation::io::parsePcd(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.pcd", &info);
  }, bytes);
  return 0;
}

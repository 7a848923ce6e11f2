// The skeleton configurator's .svg file (and so the svg of every skeleton label), read and written
// back.
#include "fuzz_support.h"
#include "labelstation/io/skeleton_svg.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fuzz::guarded([&] {
    const auto file = labelstation::io::parseSkeletonFile(std::string(bytes), "skeleton.svg");
    (void)labelstation::io::writeSkeletonFile(file);
  }, bytes);
  return 0;
}

// CVAT's raw label JSON, read and written back.
#include "fuzz_support.h"
#include "labelstation/io/label_json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  fuzz::guarded([&] {
    const auto schema = labelstation::io::parseLabelJson(std::string(reinterpret_cast<const char*>(data), size), "labels.json");
    (void)labelstation::io::writeLabelJson(schema);
  }, bytes);
  return 0;
}

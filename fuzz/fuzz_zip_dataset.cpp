// A dataset zip: scanned (entries checked, extracted, layout found), then with its media left in
// the archive and extracted on demand as the app does.
#include "fuzz_support.h"
#include "labelstation/io/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  using namespace labelstation::io;
  static const fuzz::fs::path zip = fuzz::scratch() / "dataset.zip";
  fuzz::writeFile(zip, std::string_view(reinterpret_cast<const char*>(data), size));
  for (bool defer : {false, true}) {
    const fuzz::fs::path out = fuzz::scratch() / "extracted";
    std::error_code ec;
    fuzz::fs::remove_all(out, ec);
    fuzz::guarded([&] {
      ScanOptions options;
      options.extractTo = out;
      options.deferMedia = defer;
      options.maxUncompressedBytes = 64u << 20;
      const Dataset d = scanDataset(zip, options);
      if (d.deferredMedia) d.deferredMedia->extractAll();
    }, bytes);
    fuzz::fs::remove_all(out, ec);
  }
  return 0;
}

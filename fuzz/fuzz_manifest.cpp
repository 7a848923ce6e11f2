// manifest.jsonl: a folder of six (empty) images and the input as its manifest, scanned.
#include "fuzz_support.h"
#include "labelstation/io/dataset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static const fuzz::fs::path dir = [] {
    const fuzz::fs::path d = fuzz::freshFolder("manifest");
    for (const char* name : {"img0.jpg", "img1.jpg", "img2.png", "sub/img3.jpg", "frame_000010.png", "frame_000013.png"})
      fuzz::writeFile(d / name, "");
    return d;
  }();
  fuzz::writeFile(dir / "manifest.jsonl", std::string_view(reinterpret_cast<const char*>(data), size));
  fuzz::guarded([&] { (void)labelstation::io::scanDataset(dir); }, bytes);
  return 0;
}

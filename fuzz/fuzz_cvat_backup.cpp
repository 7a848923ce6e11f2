// CVAT task backup. Piece 0: task.json; piece 1: annotations.json; piece 2: data/manifest.jsonl;
// the data folder holds the sample's six (empty) images.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto p = fuzz::pieces(data, size);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const fuzz::fs::path dir = fuzz::freshFolder("backup");
  fuzz::writeFile(dir / "task.json", fuzz::piece(p, 0));
  fuzz::writeFile(dir / "annotations.json", fuzz::piece(p, 1));
  for (int i = 0; i < 6; ++i) fuzz::writeFile(dir / "data" / ("street_0" + std::to_string(i) + ".jpg"), "");
  if (p.size() > 2) fuzz::writeFile(dir / "data" / "manifest.jsonl", p[2]);
  fuzz::importWith("cvat_backup", dir, bytes);
  return 0;
}

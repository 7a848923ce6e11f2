// Datumaro 3D 1.0: the input as annotations/default.json (piece 1, if any, as annotations/test.json).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto p = fuzz::pieces(data, size);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const fuzz::fs::path dir = fuzz::freshFolder("datumaro");
  fuzz::writeFile(dir / "annotations" / "default.json", fuzz::piece(p, 0));
  if (p.size() > 1) fuzz::writeFile(dir / "annotations" / "test.json", p[1]);
  fuzz::importWith("datumaro_3d", dir, bytes);
  return 0;
}

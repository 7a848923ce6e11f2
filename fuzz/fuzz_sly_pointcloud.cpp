// Sly Point Cloud Format 1.0. Piece 0: meta.json; piece 1: key_id_map.json; pieces 2…:
// ds0/ann/frame<i>.pcd.json.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto p = fuzz::pieces(data, size);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const fuzz::fs::path dir = fuzz::freshFolder("sly");
  fuzz::writeFile(dir / "meta.json", fuzz::piece(p, 0));
  fuzz::writeFile(dir / "key_id_map.json", fuzz::piece(p, 1));
  fuzz::fs::create_directories(dir / "ds0" / "ann");
  for (std::size_t i = 2; i < p.size() && i < 12; ++i)
    fuzz::writeFile(dir / "ds0" / "ann" / ("frame" + std::to_string(i - 1) + ".pcd.json"), p[i]);
  fuzz::importWith("sly_pointcloud", dir, bytes);
  return 0;
}

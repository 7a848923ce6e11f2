// KITTI object detection. Piece 0: label_2/000000.txt; piece 1: calib/000000.txt; piece 2, if
// any: label_2/000001.txt (its calib/000001.txt is piece 1 again).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto p = fuzz::pieces(data, size);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const fuzz::fs::path dir = fuzz::freshFolder("kitti_object");
  fuzz::writeFile(dir / "label_2" / "000000.txt", fuzz::piece(p, 0));
  fuzz::writeFile(dir / "calib" / "000000.txt", fuzz::piece(p, 1));
  if (p.size() > 2) {
    fuzz::writeFile(dir / "label_2" / "000001.txt", p[2]);
    fuzz::writeFile(dir / "calib" / "000001.txt", p[1]);
  }
  fuzz::importWith("kitti_object", dir, bytes);
  return 0;
}

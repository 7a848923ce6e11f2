// Kitti Raw Format 1.0. Piece 0: tracklet_labels.xml; piece 1: frame_list.txt (none when absent).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto p = fuzz::pieces(data, size);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const fuzz::fs::path dir = fuzz::freshFolder("kitti_raw");
  fuzz::writeFile(dir / "tracklet_labels.xml", fuzz::piece(p, 0));
  if (p.size() > 1) fuzz::writeFile(dir / "frame_list.txt", p[1]);
  fuzz::importWith("kitti_raw", dir, bytes);
  return 0;
}

// Calibration files. Piece 0: a KITTI object calib/<id>.txt (also read as KITTI raw
// calib_velo_to_cam.txt); piece 1: KITTI raw calib_cam_to_cam.txt; piece 2: calibration.json.
#include "fuzz_support.h"
#include "labelstation/io/calibration.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace labelstation::io;
  const auto p = fuzz::pieces(data, size);
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  static const fuzz::fs::path dir = fuzz::freshFolder("calibration");
  const fuzz::fs::path object = dir / "000000.txt", velo = dir / "calib_velo_to_cam.txt", cam = dir / "calib_cam_to_cam.txt";
  fuzz::writeFile(object, fuzz::piece(p, 0));
  fuzz::writeFile(velo, fuzz::piece(p, 0));
  fuzz::writeFile(cam, fuzz::piece(p, 1));
  fuzz::guarded([&] { (void)readKittiObjectCalibration(object); }, bytes);
  fuzz::guarded([&] { (void)readKittiObjectMatrices(object); }, bytes);
  fuzz::guarded([&] { (void)readKittiRawCalibration(velo, cam); }, bytes);
  fuzz::guarded([&] {
    const Calibration c = parseCalibrationJson(std::string(fuzz::piece(p, 2)), "calibration.json");
    (void)writeCalibrationJson(c);
  }, bytes);
  return 0;
}

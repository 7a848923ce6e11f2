#pragma once
// A synthetic but realistic street for sample data and tests: a spinning 64-beam LiDAR (the
// HDL-64E's field of view) ray-cast against ground, kerbs, building walls, poles, moving cars
// and walking pedestrians, and two forward stereo cameras rendering the same scene with the
// matching calibration. Deterministic: the same frame gives the same bytes on every machine.

#include <filesystem>
#include <string>
#include <vector>

#include "labelstation/core/geometry.h"
#include "labelstation/core/point_cloud.h"
#include "labelstation/io/annotation_set.h"
#include "labelstation/io/calibration.h"
#include "labelstation/io/image.h"

namespace labelstation::io {

struct StreetObject {
  int id = 0;          // stable across frames
  std::string label;   // "car" or "pedestrian"
  Cuboid3D box;        // ground truth on this frame (LiDAR frame, metres, radians)
};

struct LidarSpec {
  int beams = 64;
  double azimuthStepDegrees = 0.4;
  double maxRange = 80.0;
  double upperDegrees = 2.0, lowerDegrees = -24.9;
};

class SyntheticStreet {
 public:
  explicit SyntheticStreet(LidarSpec lidar = {});

  std::vector<StreetObject> objectsAt(int frame) const;
  // One revolution of the LiDAR at `frame` (10 Hz): x, y, z, intensity.
  PointCloud scan(int frame) const;
  // The view of a camera at `frame`; pixels follow `project` for the same calibration.
  Image render(int frame, const CameraCalibration& camera) const;
  // Two rectified colour cameras 0.54 m apart, KITTI-like (1242 x 375).
  Calibration cameras() const;

  static constexpr double kSensorHeight = 1.73;  // LiDAR above the road

 private:
  LidarSpec lidar_;
};

struct SampleDataOptions {
  int frames3d = 12;
  int images2d = 6;
};

// Annotations of the first sample image in every 2D shape type (a polygon, a 2D cuboid, a
// rectangle, a skeleton, a polyline, a mask, points and a tag), with their labels.
AnnotationSet sampleImageAnnotations(int images);

// Writes the sample datasets under `root`:
//   lidar_street/  KITTI raw layout: velodyne_points/data/*.bin, image_00/data/*.jpg,
//                  image_01/data/*.jpg, calib_velo_to_cam.txt, calib_cam_to_cam.txt,
//                  calibration.json (the same cameras in Labelstation's JSON) and
//                  ground_truth.json (every object's cuboid on every frame)
//   images_street/ 2D images with related images: street_NN.jpg and
//                  related_images/street_NN_jpg/right.jpg
//   images_street_annotations.xml  sampleImageAnnotations in CVAT for images 1.1
void writeSampleData(const std::filesystem::path& root, const SampleDataOptions& options = {});

}  // namespace labelstation::io

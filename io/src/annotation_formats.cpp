#include "labelstation/io/annotation_formats.h"

#include <algorithm>
#include <cctype>

#include "formats/formats.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {

const std::vector<AnnotationFormat>& annotationFormats() {
  static const std::vector<AnnotationFormat> formats = [] {
    using TD = TaskDimension;
    std::vector<AnnotationFormat> f;
    f.push_back({"CVAT for images 1.1", "cvat_images", TD::Image2D,
                 "annotations.xml with an <image> per frame (tracks split into shapes); .zip or .xml",
                 formats::importCvatXml, formats::exportCvatImages});
    f.push_back({"CVAT for video 1.1", "cvat_video", TD::Image2D,
                 "annotations.xml with a <track> per object (shapes as one-frame tracks); .zip or .xml",
                 formats::importCvatXml, formats::exportCvatVideo});
    f.push_back({"Kitti Raw Format 1.0", "kitti_raw", TD::PointCloud3D,
                 "tracklet_labels.xml + frame_list.txt as CVAT/datumaro write them (box centre, w h l = x y z size)",
                 formats::importKittiRaw, formats::exportKittiRaw});
    f.push_back({"Sly Point Cloud Format 1.0", "sly_pointcloud", TD::PointCloud3D,
                 "Supervisely meta.json, key_id_map.json and ds0/ann/<cloud>.json per frame",
                 formats::importSlyPointcloud, formats::exportSlyPointcloud});
    f.push_back({"Datumaro 3D 1.0", "datumaro_3d", TD::PointCloud3D,
                 "annotations/default.json with cuboid_3d position / rotation / scale (tracks via track_id)",
                 formats::importDatumaro3d, formats::exportDatumaro3d});
    f.push_back({"KITTI object detection", "kitti_object", TD::PointCloud3D,
                 "label_2/<id>.txt (camera frame: bottom centre, h w l, rotation_y, 2D box) + calib/<id>.txt; needs a calibration",
                 formats::importKittiObject, formats::exportKittiObject});
    f.push_back({"CVAT task backup", "cvat_backup", TD::Image2D,
                 "task.json + annotations.json + data/ (images + manifest.jsonl) for CVAT's \"Create from backup\"; "
                 "reads 2D and 3D backups, the task's dimension comes from the backup",
                 formats::importCvatBackup, formats::exportCvatBackup});
    f.push_back({"CVAT task backup (3D)", "cvat_backup_3d", TD::PointCloud3D,
                 "the same backup for point-cloud tasks: data/pointcloud/<id>.pcd + related_images/<id>_pcd/",
                 formats::importCvatBackup, formats::exportCvatBackup});
    return f;
  }();
  return formats;
}

const AnnotationFormat* findAnnotationFormat(std::string_view nameOrId) {
  auto same = [](std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  };
  for (const AnnotationFormat& f : annotationFormats())
    if (same(f.name, nameOrId) || same(f.id, nameOrId)) return &f;
  return nullptr;
}

void exportAnnotations(const AnnotationFormat& format, const AnnotationSet& set, const std::filesystem::path& output,
                       const ExportOptions& options) {
  if (!format.canExport()) throw IoError(output.string(), "the format '" + format.name + "' cannot be exported");
  format.exporter(selectForExport(set, options), output, options);
}

}  // namespace labelstation::io

#include "labelstation/io/annotation_formats.h"

#include <algorithm>
#include <cctype>

#include "formats/formats.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {
namespace {

// `text` with every path inside a zip's extraction folder ("<tmp>/labelstation-import-XXXXXX/a/b")
// written as "<zip>: a/b": that folder is gone once the import ends, the user gave the zip.
std::string namingTheZip(std::string text, const std::filesystem::path& zip) {
  const std::string prefix = (std::filesystem::temp_directory_path() / "labelstation-import-").string();
  for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    std::size_t end = at + prefix.size();
    while (end < text.size() && text[end] != '/' && text[end] != ':' && text[end] != ' ') ++end;
    const bool member = end < text.size() && text[end] == '/';
    const std::string replacement = zip.string() + (member ? ": " : "");
    text.replace(at, end + (member ? 1 : 0) - at, replacement);
    at += replacement.size();
  }
  return text;
}

using Importer = std::function<AnnotationSet(const std::filesystem::path&, const ImportOptions&)>;

// Every refusal of an import names what the user gave (and the member of a zip).
Importer namingZipMembers(Importer importer) {
  return [importer](const std::filesystem::path& input, const ImportOptions& options) {
    try {
      return importer(input, options);
    } catch (const ExportCancelled&) {
      throw;
    } catch (const IoError& e) {
      const std::string file = namingTheZip(e.file(), input), message = namingTheZip(e.what(), input);
      if (file == e.file() && message == e.what()) throw;
      throw IoError(file, message.compare(0, file.size() + 2, file + ": ") == 0 ? message.substr(file.size() + 2) : message);
    }
  };
}

}  // namespace

const std::vector<AnnotationFormat>& annotationFormats() {
  static const std::vector<AnnotationFormat> formats = [] {
    using TD = TaskDimension;
    std::vector<AnnotationFormat> f;
    f.push_back({"CVAT for images 1.1", "cvat_images", TD::Image2D,
                 "annotations.xml with an <image> per frame (tracks split into shapes); .zip or .xml",
                 namingZipMembers(formats::importCvatXml), formats::exportCvatImages});
    f.push_back({"CVAT for video 1.1", "cvat_video", TD::Image2D,
                 "annotations.xml with a <track> per object (shapes as one-frame tracks); .zip or .xml",
                 namingZipMembers(formats::importCvatXml), formats::exportCvatVideo});
    f.push_back({"Kitti Raw Format 1.0", "kitti_raw", TD::PointCloud3D,
                 "tracklet_labels.xml + frame_list.txt as CVAT/datumaro write them (box centre, w h l = x y z size)",
                 namingZipMembers(formats::importKittiRaw), formats::exportKittiRaw});
    f.push_back({"Sly Point Cloud Format 1.0", "sly_pointcloud", TD::PointCloud3D,
                 "Supervisely meta.json, key_id_map.json and ds0/ann/<cloud>.json per frame",
                 namingZipMembers(formats::importSlyPointcloud), formats::exportSlyPointcloud});
    f.push_back({"Datumaro 3D 1.0", "datumaro_3d", TD::PointCloud3D,
                 "annotations/default.json with cuboid_3d position / rotation / scale (tracks via track_id)",
                 namingZipMembers(formats::importDatumaro3d), formats::exportDatumaro3d});
    f.push_back({"KITTI object detection", "kitti_object", TD::PointCloud3D,
                 "label_2/<id>.txt (camera frame: bottom centre, h w l, rotation_y, 2D box) + calib/<id>.txt; needs a calibration",
                 namingZipMembers(formats::importKittiObject), formats::exportKittiObject});
    f.push_back({"CVAT task backup", "cvat_backup", TD::Image2D,
                 "task.json + annotations.json + data/ (images + manifest.jsonl) for CVAT's \"Create from backup\"; "
                 "reads 2D and 3D backups, the task's dimension comes from the backup",
                 namingZipMembers(formats::importCvatBackup), formats::exportCvatBackup});
    f.push_back({"CVAT task backup (3D)", "cvat_backup_3d", TD::PointCloud3D,
                 "the same backup for point-cloud tasks: data/pointcloud/<id>.pcd + related_images/<id>_pcd/",
                 namingZipMembers(formats::importCvatBackup), formats::exportCvatBackup});
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

ExportWarnings exportAnnotations(const AnnotationFormat& format, const AnnotationSet& set, const std::filesystem::path& output,
                       const ExportOptions& options) {
  if (!format.canExport()) throw IoError(output.string(), "the format '" + format.name + "' cannot be exported");
  return format.exporter(selectForExport(set, options), output, options);
}

}  // namespace labelstation::io

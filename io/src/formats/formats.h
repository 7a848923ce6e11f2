#pragma once
// Internal to labelstation_io: each annotation format's reader and writer, listed by the registry
// (annotation_formats.cpp). Every function throws IoError naming the file and the problem; an
// exporter returns what it could not write (ExportWarnings).

#include <filesystem>

#include "labelstation/io/annotation_set.h"
#include "labelstation/io/annotation_formats.h"

namespace labelstation::io::formats {

// CVAT for images 1.1 / CVAT for video 1.1 (cvat_xml.cpp): one reader for both layouts (an .xml
// file, or a zip / folder holding annotations.xml or another single .xml).
AnnotationSet importCvatXml(const std::filesystem::path& input, const ImportOptions& options);
ExportWarnings exportCvatImages(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options);
ExportWarnings exportCvatVideo(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options);

// Kitti Raw Format 1.0 as CVAT and datumaro write it (kitti_raw.cpp).
AnnotationSet importKittiRaw(const std::filesystem::path& input, const ImportOptions& options);
ExportWarnings exportKittiRaw(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options);

// Datumaro 3D 1.0 (datumaro_3d.cpp).
AnnotationSet importDatumaro3d(const std::filesystem::path& input, const ImportOptions& options);
ExportWarnings exportDatumaro3d(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options);

// KITTI object detection: label_2/ + calib/ in the rectified camera frame (kitti_object.cpp).
AnnotationSet importKittiObject(const std::filesystem::path& input, const ImportOptions& options);
ExportWarnings exportKittiObject(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options);

// Sly Point Cloud Format 1.0 (sly_pointcloud.cpp).
AnnotationSet importSlyPointcloud(const std::filesystem::path& input, const ImportOptions& options);
ExportWarnings exportSlyPointcloud(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options);

// CVAT task backup (cvat_backup.cpp): task.json + annotations.json + data/ (the media, always
// written), as CVAT's "Backup task" writes and "Create from backup" reads; 2D and 3D tasks.
AnnotationSet importCvatBackup(const std::filesystem::path& input, const ImportOptions& options);
ExportWarnings exportCvatBackup(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options);

}  // namespace labelstation::io::formats

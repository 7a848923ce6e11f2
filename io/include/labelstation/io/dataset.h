#pragma once
// Dataset scanning: which frames a folder or a .zip holds, and which contextual ("related")
// images belong to each, following the upload layouts of CVAT's "Contextual images" guide
// (formats.md §7.1). Only names and paths are looked at; no cloud or image is opened.

#include <cstddef>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "labelstation/core/document.h"

namespace labelstation::io {

enum class DatasetLayout {
  Images2D,              // images (any depth), each with optional related_images/<name_ext>/…
  PointCloudsFlat,       // a/frame1.pcd + a/frame1.jpg (images with the cloud's stem)
  PointCloudsPerFolder,  // frame1/frame1.pcd + any images in frame1/
  KittiRaw,              // velodyne_points/data/N.bin + image_NN/data/N.png (case-insensitive)
  CvatPointcloudFolder,  // [any/]pointcloud/N.pcd + [any/]related_images/N_pcd/…
};

// "images", "pointcloud-flat", "pointcloud-per-folder", "kitti-raw", "pointcloud-related-images".
std::string_view toString(DatasetLayout layout);

struct DatasetFrame {
  // The media path relative to Dataset::root without its extension, '/'-separated, as CVAT
  // names frames ("pointcloud/000001", "velodyne_points/data/0000000000", "sub/img3").
  std::string name;
  std::filesystem::path media;                       // root / relative path of the image or cloud
  std::vector<std::filesystem::path> relatedImages;  // natural order, at most maxRelatedImages
};

namespace detail {
struct ZipExtraction;
ZipExtraction extractZipEntries(const std::filesystem::path&, const std::filesystem::path&, std::uint64_t, bool);
}  // namespace detail

// The point clouds and images of a zip that scanDataset left in the archive
// (ScanOptions::deferMedia): their files do not exist until extracted, so a sequence's first
// frame can show while the rest is still in the archive. Thread-safe.
class DeferredZipMedia {
 public:
  ~DeferredZipMedia();
  // Extracts `file` now if it is still in the archive (else does nothing). Throws IoError naming
  // the zip and the entry when the entry is damaged; the file then does not exist.
  void ensure(const std::filesystem::path& file);
  // Extracts every placeholder left, in archive order; false when `stop` ended it early.
  bool extractAll(const std::atomic<bool>* stop = nullptr);
  // Files not extracted yet.
  std::size_t pending() const;

 private:
  DeferredZipMedia();
  friend detail::ZipExtraction detail::extractZipEntries(const std::filesystem::path&, const std::filesystem::path&, std::uint64_t,
                                                         bool);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct Dataset {
  std::filesystem::path source;  // what was passed to scanDataset
  // The folder that was scanned (absolute); for a zip, the folder it was extracted into.
  std::filesystem::path root;
  // True when root holds files extracted from a zip by scanDataset; the caller owns them
  // (std::filesystem::remove_all(root) when done; it is a fresh temporary folder unless
  // ScanOptions::extractTo was given).
  bool extracted = false;
  // A zip scanned with ScanOptions::deferMedia: the media still to extract (null: none).
  std::shared_ptr<DeferredZipMedia> deferredMedia;
  // For a 3D dataset that mixes layouts, the layout most of its frames follow (with a warning).
  DatasetLayout layout = DatasetLayout::Images2D;
  std::vector<DatasetFrame> frames;  // manifest order if a manifest was found, else natural order
  std::vector<std::filesystem::path> calibrationFiles;  // KITTI calib_*.txt, natural order
  std::filesystem::path manifest;                       // the manifest.jsonl used, or empty
  std::vector<std::string> warnings;  // things that were tolerated; each names what it is about

  bool is3D() const { return layout != DatasetLayout::Images2D; }
  std::size_t relatedImageCount() const;
};

struct ScanOptions {
  // Where a zip is extracted. Must be missing or empty. Empty: a fresh folder under
  // std::filesystem::temp_directory_path(). On failure scanDataset removes what it extracted.
  std::filesystem::path extractTo;
  // Upper bound on the sum of a zip's uncompressed entry sizes (zip bombs).
  std::uint64_t maxUncompressedBytes = 8ull << 30;
  // Related images kept per frame (CVAT shows at most 12); extra ones are dropped with a warning.
  int maxRelatedImages = 12;
  // Zips: point clouds and images stay in the archive for Dataset::deferredMedia to extract (the
  // scan only needs their names), so opening a long sequence does not wait for its data.
  bool deferMedia = false;
};

// Scans a folder or a zip archive (recognised by a .zip extension or by its signature).
//
// Point clouds: what isPointCloudFile accepts (.pcd .bin .ply); images: what isImageFile accepts
// (.jpg .jpeg .png .bmp .tif .tiff .webp .jp2), any case.
// Hidden entries (".name") and "__MACOSX" folders are ignored, as are all other files.
// When any point cloud is present the dataset is 3D and every image must be a related image of
// some cloud by the rules of DatasetLayout (all rules are applied to every cloud, as CVAT does);
// otherwise every image outside a related_images folder is a frame.
//
// A "manifest.jsonl" (CVAT manifest 1.1) in the root, or in a folder on the way from the root to
// the folder holding all media, fixes the frame order: its names are relative to its own folder.
// Frames it does not list follow in natural order (with a warning); entries without a file are
// reported as warnings.
//
// Throws IoError naming the path (the zip for archives) when: the path does not exist; it is
// neither a folder nor a zip; the zip is corrupt, has an entry that could write outside the
// extraction folder (absolute path, "..", backslash, symlink or special file) or is larger than
// maxUncompressedBytes; there are no images or point clouds; images lie beside point clouds that
// no layout relates them to; a manifest line is not JSON (with its line number).
Dataset scanDataset(const std::filesystem::path& folderOrZip, const ScanOptions& options = {});

// A task over the dataset's frames (labels left empty): 3D datasets take the frame names CVAT
// gives them (the media path without extension), 2D ones the image's path relative to the root
// with its extension, as CVAT names images in its XML.
Task taskFromDataset(const Dataset& dataset, const std::string& name);

// Extracts every entry of `zip` below `destination` (created if missing; must be empty), with
// the checks scanDataset applies. Throws IoError naming the zip (and the entry) on any refusal;
// nothing is written before all entries have been checked.
void extractZip(const std::filesystem::path& zip, const std::filesystem::path& destination,
                std::uint64_t maxUncompressedBytes = 8ull << 30);

// Natural order: case-insensitive, digit runs compared by value (frame2 < frame10, 007 == 7),
// '/' before any other character (so paths sort folder by folder). Names equal under these
// rules are ordered by their bytes, so this is a strict total order.
bool naturalLess(std::string_view a, std::string_view b);

}  // namespace labelstation::io

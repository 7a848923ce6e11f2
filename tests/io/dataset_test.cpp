#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "labelstation/io/dataset.h"
#include "labelstation/io/dataset_source.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/pcd.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

// A fresh folder under the system temp folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("labelstation-dataset-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  fs::path path_;
};

// The scanner only looks at names, so a few bytes stand in for clouds and images.
void touch(const fs::path& file, const std::string& content = "x") {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << content;
}

std::vector<std::string> frameNames(const Dataset& d) {
  std::vector<std::string> names;
  for (const auto& f : d.frames) names.push_back(f.name);
  return names;
}

std::vector<std::string> related(const Dataset& d, std::size_t frame) {
  std::vector<std::string> out;
  for (const auto& p : d.frames.at(frame).relatedImages) out.push_back(p.lexically_relative(d.root).generic_string());
  return out;
}

std::string relMedia(const Dataset& d, std::size_t frame) {
  return d.frames.at(frame).media.lexically_relative(d.root).generic_string();
}

bool anyWarningContains(const Dataset& d, const std::string& text) {
  return std::any_of(d.warnings.begin(), d.warnings.end(),
                     [&](const std::string& w) { return w.find(text) != std::string::npos; });
}

// The IoError message of scanning `path` (empty if it did not throw).
std::string scanError(const fs::path& path, const ScanOptions& options = {}) {
  try {
    scanDataset(path, options);
  } catch (const IoError& e) {
    return e.what();
  }
  return {};
}

struct ZipEntry {
  std::string name;
  std::string data;
  bool symlink = false;
};

void PrintTo(const ZipEntry& e, std::ostream* os) { *os << '\'' << e.name << (e.symlink ? "' (symlink)" : "'"); }

void writeZip(const fs::path& file, const std::vector<ZipEntry>& entries) {
  int error = 0;
  zip_t* archive = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr) << "zip_open error " << error;
  for (const auto& e : entries) {
    zip_int64_t index = -1;
    if (!e.name.empty() && e.name.back() == '/') {
      index = zip_dir_add(archive, e.name.c_str(), ZIP_FL_ENC_UTF_8);
    } else {
      zip_source_t* source = zip_source_buffer(archive, e.data.data(), e.data.size(), 0);
      ASSERT_NE(source, nullptr);
      index = zip_file_add(archive, e.name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
      if (index < 0) zip_source_free(source);
    }
    ASSERT_GE(index, 0) << e.name << ": " << zip_strerror(archive);
    if (e.symlink) {
      ASSERT_EQ(zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX,
                                                 static_cast<zip_uint32_t>(S_IFLNK | 0777) << 16),
                0);
    }
  }
  ASSERT_EQ(zip_close(archive), 0) << zip_strerror(archive);
}

std::vector<std::string> filesBelow(const fs::path& folder) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(folder))
    if (!e.is_directory()) out.push_back(e.path().lexically_relative(folder).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

const fs::path kExternal = fs::path(LABELSTATION_SHARED_DIR) / "fixtures/external";
const fs::path kCvat = kExternal / "cvat-ai-cvat";
const fs::path kDatumaro = kExternal / "cvat-ai-datumaro/tests/assets";

// ---- natural order ---------------------------------------------------------------------------

TEST(NaturalSort, NumbersCompareByValue) {
  EXPECT_TRUE(naturalLess("frame2", "frame10"));
  EXPECT_FALSE(naturalLess("frame10", "frame2"));
  EXPECT_TRUE(naturalLess("frame9", "frame010"));
  EXPECT_TRUE(naturalLess("x99", "x123456789012345678901234567890"));  // beyond 64 bits
  EXPECT_TRUE(naturalLess("img", "img1"));
  EXPECT_TRUE(naturalLess("a1b2", "a1b10"));
}

TEST(NaturalSort, CaseInsensitiveAndTotal) {
  EXPECT_TRUE(naturalLess("Frame3", "frame4"));
  EXPECT_TRUE(naturalLess("frame3", "FRAME4"));
  // Equal under the natural rules: ordered by bytes, exactly one way round.
  EXPECT_NE(naturalLess("frame02", "frame2"), naturalLess("frame2", "frame02"));
  EXPECT_NE(naturalLess("ABC", "abc"), naturalLess("abc", "ABC"));
  EXPECT_FALSE(naturalLess("same", "same"));
}

TEST(NaturalSort, SortsPathsFolderByFolder) {
  std::vector<std::string> v{"b/frame10", "a_x/frame1", "a/frame10", "B/frame2", "a/frame2", "a/Frame1", "frame001"};
  std::sort(v.begin(), v.end(), [](const std::string& x, const std::string& y) { return naturalLess(x, y); });
  const std::vector<std::string> expected{"a/Frame1", "a/frame2", "a/frame10", "a_x/frame1", "B/frame2", "b/frame10", "frame001"};
  EXPECT_EQ(v, expected);
}

// ---- layouts built here --------------------------------------------------------------------

TEST(DatasetScan, Images2DWithRelatedImagesInSubfolders) {
  TempDir dir;
  touch(dir / "img1.jpg");
  touch(dir / "img2.png");
  touch(dir / "img10.jpg");
  touch(dir / "related_images/img1_jpg/ctx2.jpg");
  touch(dir / "related_images/img1_jpg/ctx.png");
  touch(dir / "sub/img3.JPG");
  touch(dir / "sub/related_images/img3_JPG/a.png");
  touch(dir / "notes.txt");
  touch(dir / ".hidden/x.png");
  const Dataset d = scanDataset(dir.path());
  EXPECT_EQ(d.layout, DatasetLayout::Images2D);
  EXPECT_EQ(toString(d.layout), "images");
  EXPECT_FALSE(d.is3D());
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"img1", "img2", "img10", "sub/img3"}));
  EXPECT_EQ(relMedia(d, 3), "sub/img3.JPG");
  EXPECT_EQ(related(d, 0), (std::vector<std::string>{"related_images/img1_jpg/ctx.png", "related_images/img1_jpg/ctx2.jpg"}));
  EXPECT_TRUE(related(d, 1).empty());
  EXPECT_EQ(related(d, 3), (std::vector<std::string>{"sub/related_images/img3_JPG/a.png"}));
  EXPECT_EQ(d.relatedImageCount(), 3u);
  EXPECT_TRUE(d.warnings.empty()) << d.warnings.front();
  EXPECT_TRUE(d.calibrationFiles.empty());
  EXPECT_FALSE(d.extracted);
  EXPECT_TRUE(d.root.is_absolute());
}

TEST(DatasetScan, Images2DDottedNamesAndOrphanRelatedImages) {
  TempDir dir;
  touch(dir / "shot.v2.jpg");
  touch(dir / "related_images/shot.v2_jpg/left.png");  // CVAT's rule: the last '.' becomes '_'
  touch(dir / "other.v3.png");
  touch(dir / "related_images/other_v3_png/right.png");  // every '.' replaced
  touch(dir / "related_images/ghost_jpg/lost.png");
  const Dataset d = scanDataset(dir.path());
  ASSERT_EQ(frameNames(d), (std::vector<std::string>{"other.v3", "shot.v2"}));
  EXPECT_EQ(related(d, 0), (std::vector<std::string>{"related_images/other_v3_png/right.png"}));
  EXPECT_EQ(related(d, 1), (std::vector<std::string>{"related_images/shot.v2_jpg/left.png"}));
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_NE(d.warnings[0].find("related_images/ghost_jpg/lost.png"), std::string::npos) << d.warnings[0];
}

TEST(DatasetScan, PointCloudsFlat) {
  TempDir dir;
  touch(dir / "frame1.pcd");
  touch(dir / "frame1.jpg");
  touch(dir / "frame2.PCD");
  touch(dir / "frame2.png");
  touch(dir / "frame10.bin");
  touch(dir / "frame3.Ply");
  touch(dir / "frame3.webp");
  const Dataset d = scanDataset(dir.path());
  EXPECT_EQ(d.layout, DatasetLayout::PointCloudsFlat);
  EXPECT_EQ(toString(d.layout), "pointcloud-flat");
  EXPECT_TRUE(d.is3D());
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"frame1", "frame2", "frame3", "frame10"}));
  EXPECT_EQ(relMedia(d, 1), "frame2.PCD");
  EXPECT_EQ(related(d, 0), (std::vector<std::string>{"frame1.jpg"}));
  EXPECT_EQ(related(d, 1), (std::vector<std::string>{"frame2.png"}));
  EXPECT_EQ(related(d, 2), (std::vector<std::string>{"frame3.webp"}));
  EXPECT_TRUE(related(d, 3).empty());
  EXPECT_EQ(d.relatedImageCount(), 3u);
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DatasetScan, PointCloudsPerFolder) {
  TempDir dir;
  touch(dir / "pc1/pc1.pcd");
  touch(dir / "pc1/ri2.jpg");
  touch(dir / "pc1/ri1.png");
  touch(dir / "pc2/pc2.pcd");
  touch(dir / "pc2/pc2_ri1.bmp");
  touch(dir / "pc2/info.txt");
  const Dataset d = scanDataset(dir.path());
  EXPECT_EQ(d.layout, DatasetLayout::PointCloudsPerFolder);
  EXPECT_EQ(toString(d.layout), "pointcloud-per-folder");
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"pc1/pc1", "pc2/pc2"}));
  EXPECT_EQ(related(d, 0), (std::vector<std::string>{"pc1/ri1.png", "pc1/ri2.jpg"}));
  EXPECT_EQ(related(d, 1), (std::vector<std::string>{"pc2/pc2_ri1.bmp"}));
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DatasetScan, KittiRawWithCamerasOfAnyCaseAndCalibration) {
  TempDir dir;
  const fs::path date = dir / "2011_09_26";
  const fs::path drive = date / "2011_09_26_drive_0001_sync";
  touch(date / "calib_velo_to_cam.txt");
  touch(date / "calib_cam_to_cam.txt");
  touch(date / "notes.txt");
  touch(drive / "velodyne_points/data/0000000000.bin");
  touch(drive / "velodyne_points/data/0000000001.bin");
  touch(drive / "velodyne_points/data/0000000010.bin");
  touch(drive / "velodyne_points/timestamps.txt");
  touch(drive / "image_00/data/0000000000.png");
  touch(drive / "image_00/data/0000000001.png");
  touch(drive / "IMAGE_01/data/0000000000.png");
  touch(drive / "image_02/data/0000000005.png");  // no scan 5: ignored with a warning
  touch(drive / "oxts/data/0000000000.txt");
  const Dataset d = scanDataset(drive);
  EXPECT_EQ(d.layout, DatasetLayout::KittiRaw);
  EXPECT_EQ(toString(d.layout), "kitti-raw");
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"velodyne_points/data/0000000000", "velodyne_points/data/0000000001",
                                                     "velodyne_points/data/0000000010"}));
  EXPECT_EQ(related(d, 0), (std::vector<std::string>{"image_00/data/0000000000.png", "IMAGE_01/data/0000000000.png"}));
  EXPECT_EQ(related(d, 1), (std::vector<std::string>{"image_00/data/0000000001.png"}));
  EXPECT_TRUE(related(d, 2).empty());
  ASSERT_EQ(d.calibrationFiles.size(), 2u);
  EXPECT_EQ(d.calibrationFiles[0].filename(), "calib_cam_to_cam.txt");
  EXPECT_EQ(d.calibrationFiles[1].filename(), "calib_velo_to_cam.txt");
  EXPECT_TRUE(anyWarningContains(d, "image_02/data/0000000005.png"));

  // Scanned from the date folder, the calibration sits beside the drive.
  const Dataset fromDate = scanDataset(date);
  EXPECT_EQ(fromDate.frames.front().name, "2011_09_26_drive_0001_sync/velodyne_points/data/0000000000");
  EXPECT_EQ(fromDate.calibrationFiles.size(), 2u);
}

TEST(DatasetScan, PointcloudFolderWithRelatedImagesAtAnyDepth) {
  TempDir dir;
  touch(dir / "meta.json");
  touch(dir / "ds0/ann/frame1.pcd.json");
  touch(dir / "ds0/pointcloud/frame1.pcd");
  touch(dir / "ds0/pointcloud/frame2.pcd");
  touch(dir / "ds0/related_images/frame1_pcd/img2.png");
  touch(dir / "ds0/related_images/frame1_pcd/img2.png.json");
  touch(dir / "ds0/related_images/frame2_pcd/img1.png");
  touch(dir / "ds0/related_images/frame2_pcd/img3.jpg");
  touch(dir / "ds1/pointcloud/frame1.pcd");
  const Dataset d = scanDataset(dir.path());
  EXPECT_EQ(d.layout, DatasetLayout::CvatPointcloudFolder);
  EXPECT_EQ(toString(d.layout), "pointcloud-related-images");
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"ds0/pointcloud/frame1", "ds0/pointcloud/frame2", "ds1/pointcloud/frame1"}));
  EXPECT_EQ(related(d, 0), (std::vector<std::string>{"ds0/related_images/frame1_pcd/img2.png"}));
  EXPECT_EQ(related(d, 1), (std::vector<std::string>{"ds0/related_images/frame2_pcd/img1.png", "ds0/related_images/frame2_pcd/img3.jpg"}));
  EXPECT_TRUE(related(d, 2).empty());
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DatasetScan, KeepsTwelveRelatedImagesAndWarns) {
  TempDir dir;
  touch(dir / "scan/scan.pcd");
  for (int i = 1; i <= 13; ++i) touch(dir / ("scan/ri" + std::to_string(i) + ".png"));
  const Dataset d = scanDataset(dir.path());
  ASSERT_EQ(d.frames.size(), 1u);
  const auto r = related(d, 0);
  ASSERT_EQ(r.size(), 12u);
  EXPECT_EQ(r.front(), "scan/ri1.png");
  EXPECT_EQ(r[1], "scan/ri2.png");
  EXPECT_EQ(r.back(), "scan/ri12.png");
  ASSERT_EQ(d.warnings.size(), 1u);
  EXPECT_NE(d.warnings[0].find("13"), std::string::npos) << d.warnings[0];
  EXPECT_NE(d.warnings[0].find("scan/ri13.png"), std::string::npos) << d.warnings[0];

  ScanOptions two;
  two.maxRelatedImages = 2;
  EXPECT_EQ(scanDataset(dir.path(), two).frames[0].relatedImages.size(), 2u);
}

TEST(DatasetScan, ManifestFixesFrameOrder) {
  TempDir dir;
  for (const char* name : {"a.jpg", "b.jpg", "c.jpg", "d.jpg"}) touch(dir / name);
  touch(dir / "manifest.jsonl",
        "{\"version\":\"1.1\"}\n{\"type\":\"images\"}\n"
        "{\"name\":\"c\",\"extension\":\".jpg\",\"width\":4,\"height\":4,\"meta\":{\"related_images\":[]}}\r\n"
        "{\"name\":\"a\",\"extension\":\".jpg\"}\n"
        "\n"
        "{\"name\":\"ghost\",\"extension\":\".jpg\"}\n"
        "{\"name\":\"b\",\"extension\":\".jpg\"}\n");
  const Dataset d = scanDataset(dir.path());
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"c", "a", "b", "d"}));
  EXPECT_EQ(d.manifest, d.root / "manifest.jsonl");
  ASSERT_EQ(d.warnings.size(), 2u);
  EXPECT_TRUE(anyWarningContains(d, "line 6 'ghost.jpg'"));
  EXPECT_TRUE(anyWarningContains(d, "not in manifest.jsonl"));
  EXPECT_TRUE(anyWarningContains(d, "d.jpg"));
}

TEST(DatasetScan, ManifestInTheDatasetFolderOfAnArchiveLayout) {
  TempDir dir;  // a 3D manifest one level down, its names relative to its own folder
  touch(dir / "task/pointcloud/1.pcd");
  touch(dir / "task/pointcloud/2.pcd");
  touch(dir / "task/pointcloud/10.pcd");
  touch(dir / "task/manifest.jsonl",
        "{\"version\":\"1.1\"}\n{\"type\":\"images\"}\n"
        "{\"name\":\"pointcloud/10\",\"extension\":\".pcd\",\"meta\":{\"related_images\":[]}}\n"
        "{\"name\":\"pointcloud/1\",\"extension\":\".pcd\"}\n"
        "{\"name\":\"pointcloud/2\"}\n");
  const Dataset d = scanDataset(dir.path());
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"task/pointcloud/10", "task/pointcloud/1", "task/pointcloud/2"}));
  EXPECT_EQ(d.manifest, d.root / "task/manifest.jsonl");
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DatasetScan, ManifestLineThatIsNotJsonIsNamed) {
  TempDir dir;
  touch(dir / "a.jpg");
  touch(dir / "manifest.jsonl", "{\"version\":\"1.1\"}\n{\"type\":\"images\"}\n{\"name\": \"a\", oops\n");
  const std::string error = scanError(dir.path());
  EXPECT_NE(error.find("manifest.jsonl"), std::string::npos) << error;
  EXPECT_NE(error.find("line 3"), std::string::npos) << error;
}

TEST(DatasetScan, ImagesNoLayoutExplainsAreRejected) {
  TempDir dir;
  touch(dir / "a.pcd");
  touch(dir / "a.jpg");
  touch(dir / "photos/stray.png");
  const std::string error = scanError(dir.path());
  EXPECT_NE(error.find(dir.path().string()), std::string::npos) << error;
  EXPECT_NE(error.find("photos/stray.png"), std::string::npos) << error;
}

TEST(DatasetScan, EmptyFolderIsAnError) {
  TempDir dir;
  std::string error = scanError(dir.path());
  EXPECT_NE(error.find(dir.path().string()), std::string::npos) << error;
  EXPECT_NE(error.find("no images or point clouds"), std::string::npos) << error;
  touch(dir / "readme.txt");
  touch(dir / ".cache/a.png");
  error = scanError(dir.path());
  EXPECT_NE(error.find("no images or point clouds"), std::string::npos) << error;
}

TEST(DatasetScan, OnlyRelatedImagesIsAnError) {
  TempDir dir;
  touch(dir / "related_images/a_jpg/x.png");
  EXPECT_NE(scanError(dir.path()).find("no image to annotate"), std::string::npos);
}

TEST(DatasetScan, MissingPathIsAnError) {
  const fs::path missing = fs::temp_directory_path() / "labelstation-no-such-dataset-4711";
  const std::string error = scanError(missing);
  EXPECT_NE(error.find(missing.string()), std::string::npos) << error;
  EXPECT_NE(error.find("does not exist"), std::string::npos) << error;
}

TEST(DatasetScan, PlainFileIsAnError) {
  TempDir dir;
  touch(dir / "cloud.txt", "1 2 3");
  const std::string error = scanError(dir / "cloud.txt");
  EXPECT_NE(error.find("cloud.txt"), std::string::npos) << error;
  EXPECT_NE(error.find("neither a folder nor a .zip"), std::string::npos) << error;
}

// ---- zips built here -----------------------------------------------------------------------

// A zip whose directory is intact but whose one entry, frame1.pcd, has damaged deflated data.
void writeDamagedZip(const fs::path& file) {
  std::string payload;
  for (int i = 0; i < 20000; ++i) payload += std::to_string(i * 7919 % 10007) + ",";
  writeZip(file, {{"frame1.pcd", payload}});
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(30 + 10 + 500);  // local header, name, then into the deflated data
  f.write("\xff\x00\xff\x00\xff\x00", 6);
}

TEST(DatasetZip, ExtractsIntoTheGivenFolderAndScans) {
  TempDir dir;
  writeZip(dir / "task.zip", {{"data/", ""}, {"data/frame1.pcd", "pcd"}, {"data/frame1.png", "png"},
                              {"data/frame2.pcd", "pcd"}, {"./data/frame2.jpg", "jpg"}});
  ScanOptions options;
  options.extractTo = dir / "out";
  const Dataset d = scanDataset(dir / "task.zip", options);
  EXPECT_TRUE(d.extracted);
  EXPECT_EQ(d.source, dir / "task.zip");
  EXPECT_EQ(d.root, dir / "out");
  EXPECT_EQ(d.layout, DatasetLayout::PointCloudsFlat);
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"data/frame1", "data/frame2"}));
  EXPECT_EQ(related(d, 1), (std::vector<std::string>{"data/frame2.jpg"}));
  EXPECT_EQ(filesBelow(dir / "out"),
            (std::vector<std::string>{"data/frame1.pcd", "data/frame1.png", "data/frame2.jpg", "data/frame2.pcd"}));
  std::ifstream in(dir / "out/data/frame1.png");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "png");

  // Without extractTo: a fresh temporary folder the caller removes.
  const Dataset temp = scanDataset(dir / "task.zip");
  EXPECT_TRUE(temp.extracted);
  EXPECT_NE(temp.root, d.root);
  EXPECT_TRUE(fs::is_regular_file(temp.frames[0].media));
  fs::remove_all(temp.root);
}

// deferMedia: the clouds and images stay in the zip (the scan needs only their names); a frame's
// files are extracted when it loads (whole or not at all), the rest on request; a damaged entry
// is named.
TEST(DatasetZip, DeferredMediaAreExtractedWhenNeeded) {
  TempDir dir;
  PointCloud cloud;
  for (int i = 0; i < 100; ++i) cloud.addPoint(static_cast<float>(i), 1, 2);
  const std::string pcd = encodePcd(cloud, PcdEncoding::Binary);
  writeZip(dir / "task.zip", {{"data/frame1.pcd", pcd}, {"data/frame2.pcd", pcd}, {"data/frame2.png", "png"},
                              {"calib_cam_to_cam.txt", "calibration"}});
  ScanOptions options;
  options.extractTo = dir / "out";
  options.deferMedia = true;
  const Dataset d = scanDataset(dir / "task.zip", options);
  ASSERT_TRUE(d.deferredMedia);
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"data/frame1", "data/frame2"}));
  EXPECT_EQ(d.deferredMedia->pending(), 3u);
  EXPECT_FALSE(fs::exists(dir / "out/data/frame2.pcd")) << "in the archive until needed";
  EXPECT_GT(fs::file_size(dir / "out/calib_cam_to_cam.txt"), 0u) << "other files are extracted at once";

  DatasetFrameSource source(d);
  const FrameData second = source.load(1);  // frame 2 and its image, and nothing else
  EXPECT_EQ(second.cloud.size(), 100u);
  ASSERT_EQ(second.relatedImages.size(), 1u);
  EXPECT_EQ(d.deferredMedia->pending(), 1u);
  EXPECT_FALSE(fs::exists(dir / "out/data/frame1.pcd"));
  EXPECT_TRUE(d.deferredMedia->extractAll());
  EXPECT_EQ(d.deferredMedia->pending(), 0u);
  EXPECT_EQ(fs::file_size(dir / "out/data/frame1.pcd"), pcd.size());
  EXPECT_EQ(filesBelow(dir / "out"), (std::vector<std::string>{"calib_cam_to_cam.txt", "data/frame1.pcd", "data/frame2.pcd", "data/frame2.png"}))
      << "no temporary files left";
  std::atomic<bool> stop{true};
  EXPECT_TRUE(d.deferredMedia->extractAll(&stop)) << "nothing left to stop";

  // A damaged entry: the frame that needs it fails with the zip and entry named.
  writeDamagedZip(dir / "damaged.zip");
  options.extractTo = dir / "out2";
  const Dataset damaged = scanDataset(dir / "damaged.zip", options);
  DatasetFrameSource damagedSource(damaged);
  try {
    damagedSource.load(0);
    ADD_FAILURE() << "a damaged entry loaded";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged.zip"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("entry 'frame1.pcd' is corrupt"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(filesBelow(dir / "out2").empty()) << "never half a file";
}

TEST(DatasetZip, ExtractionFolderMustBeEmpty) {
  TempDir dir;
  writeZip(dir / "task.zip", {{"a.jpg", "jpg"}});
  touch(dir / "out/mine.txt", "keep me");
  ScanOptions options;
  options.extractTo = dir / "out";
  const std::string error = scanError(dir / "task.zip", options);
  EXPECT_NE(error.find("not empty"), std::string::npos) << error;
  EXPECT_EQ(filesBelow(dir / "out"), std::vector<std::string>{"mine.txt"});
}

class EscapingEntry : public ::testing::TestWithParam<ZipEntry> {};

std::string escapingEntryName(const ::testing::TestParamInfo<ZipEntry>& param) {
  static const char* const names[] = {"DotDot", "Absolute", "NestedDotDot", "DeepDotDot", "Backslash", "DriveLetter", "Symlink"};
  return names[param.index];
}

TEST_P(EscapingEntry, IsRefusedAndNothingIsWritten) {
  TempDir dir;
  const fs::path sandbox = dir / "sandbox";
  fs::create_directories(sandbox / "nested");
  ZipEntry evil = GetParam();
  const std::string absolute = "/tmp/labelstation-zipslip-" + std::to_string(::getpid()) + ".txt";
  if (evil.name == "ABSOLUTE") evil.name = absolute;
  const fs::path zip = dir / "evil.zip";
  writeZip(zip, {{"ok/frame1.pcd", "pcd"}, evil, {"ok/frame2.pcd", "pcd"}});
  ScanOptions options;
  options.extractTo = sandbox / "nested/root";
  try {
    scanDataset(zip, options);
    FAIL() << "entry " << evil.name << " was accepted";
  } catch (const IoError& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.file(), zip.string());
    EXPECT_NE(what.find(evil.name), std::string::npos) << what;
    EXPECT_NE(what.find("refused"), std::string::npos) << what;
  }
  EXPECT_TRUE(filesBelow(sandbox).empty());  // not even the good entries
  EXPECT_EQ(filesBelow(dir.path()), std::vector<std::string>{"evil.zip"});
  EXPECT_FALSE(fs::exists(absolute));
  EXPECT_FALSE(fs::exists(fs::temp_directory_path() / "evil.txt"));

  // extractZip itself refuses the same way.
  EXPECT_THROW(extractZip(zip, sandbox / "direct"), IoError);
  EXPECT_TRUE(filesBelow(sandbox).empty());
}

INSTANTIATE_TEST_SUITE_P(DatasetZipSlip, EscapingEntry,
                         ::testing::Values(ZipEntry{"../evil.txt", "evil"}, ZipEntry{"ABSOLUTE", "evil"},
                                           ZipEntry{"a/../../b.txt", "evil"}, ZipEntry{"a/../../../evil.txt", "evil"},
                                           ZipEntry{"..\\evil.txt", "evil"}, ZipEntry{"C:/evil.txt", "evil"},
                                           ZipEntry{"ok/link", "/etc/passwd", true}),
                         escapingEntryName);

TEST(DatasetZip, FileThatIsNotAZipIsAnError) {
  TempDir dir;
  touch(dir / "fake.zip", "this is not an archive");
  std::string error = scanError(dir / "fake.zip");
  EXPECT_NE(error.find("fake.zip"), std::string::npos) << error;
  EXPECT_NE(error.find("not a readable zip archive"), std::string::npos) << error;

  // A real archive cut in half.
  writeZip(dir / "cut.zip", {{"a/frame1.pcd", std::string(5000, 'p')}, {"a/frame1.png", std::string(5000, 'i')}});
  fs::resize_file(dir / "cut.zip", fs::file_size(dir / "cut.zip") / 2);
  error = scanError(dir / "cut.zip");
  EXPECT_NE(error.find("cut.zip"), std::string::npos) << error;
  EXPECT_NE(error.find("not a readable zip archive"), std::string::npos) << error;

  // Damaged data inside an intact directory: caught while extracting, nothing left behind.
  writeDamagedZip(dir / "damaged.zip");
  ScanOptions options;
  options.extractTo = dir / "out";
  error = scanError(dir / "damaged.zip", options);
  EXPECT_NE(error.find("damaged.zip"), std::string::npos) << error;
  EXPECT_NE(error.find("entry 'frame1.pcd' is corrupt"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(DatasetZip, SizeLimitStopsZipBombs) {
  TempDir dir;
  writeZip(dir / "bomb.zip", {{"frame1.pcd", std::string(2 << 20, '\0')}, {"frame1.png", "png"}});
  ASSERT_LT(fs::file_size(dir / "bomb.zip"), 100000u);
  ScanOptions options;
  options.extractTo = dir / "out";
  options.maxUncompressedBytes = 1 << 20;
  const std::string error = scanError(dir / "bomb.zip", options);
  EXPECT_NE(error.find("bomb.zip"), std::string::npos) << error;
  EXPECT_NE(error.find("exceeds the limit of 1048576 bytes"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(dir / "out"));

  options.maxUncompressedBytes = 4 << 20;
  EXPECT_EQ(scanDataset(dir / "bomb.zip", options).frames.size(), 1u);
}

TEST(DatasetZip, ScanErrorsInsideAnArchiveNameTheArchive) {
  TempDir dir;
  writeZip(dir / "docs.zip", {{"readme.txt", "hello"}});
  std::string error = scanError(dir / "docs.zip");
  EXPECT_NE(error.find("docs.zip"), std::string::npos) << error;
  EXPECT_NE(error.find("no images or point clouds"), std::string::npos) << error;

  writeZip(dir / "manifest.zip", {{"a.jpg", "jpg"}, {"manifest.jsonl", "{\"version\":\"1.1\"}\nnot json\n"}});
  error = scanError(dir / "manifest.zip");
  EXPECT_NE(error.find("manifest.zip: manifest.jsonl: line 2"), std::string::npos) << error;
}

// ---- the real fixtures ---------------------------------------------------------------------

#define REQUIRE_FIXTURE(path) \
  if (!fs::exists(path)) GTEST_SKIP() << "shared fixtures not present: " << (path)

TEST(DatasetFixtures, CvatCanvas3d) {
  const fs::path root = kCvat / "unzipped/test_canvas3d";
  REQUIRE_FIXTURE(root);
  const Dataset d = scanDataset(root);
  EXPECT_EQ(d.layout, DatasetLayout::CvatPointcloudFolder);
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"pointcloud/000001", "pointcloud/000002", "pointcloud/000003"}));
  EXPECT_EQ(d.relatedImageCount(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string n = "00000" + std::to_string(i + 1);
    EXPECT_EQ(related(d, i), std::vector<std::string>{"related_images/" + n + "_pcd/" + n + ".png"});
  }
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DatasetFixtures, CvatPointcloudPcd) {
  const fs::path root = kCvat / "unzipped/test_pointcloud_pcd";
  REQUIRE_FIXTURE(root);
  const Dataset d = scanDataset(root);
  EXPECT_EQ(d.layout, DatasetLayout::CvatPointcloudFolder);
  EXPECT_EQ(frameNames(d), std::vector<std::string>{"pointcloud/000001"});
  EXPECT_EQ(related(d, 0), std::vector<std::string>{"related_images/000001_pcd/000001.png"});
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DatasetFixtures, CvatVelodynePoints) {
  const fs::path root = kCvat / "unzipped/test_velodyne_points";
  REQUIRE_FIXTURE(root);
  const Dataset d = scanDataset(root);
  EXPECT_EQ(d.layout, DatasetLayout::KittiRaw);
  EXPECT_EQ(frameNames(d), std::vector<std::string>{"velodyne_points/data/000002"});
  EXPECT_EQ(relMedia(d, 0), "velodyne_points/data/000002.bin");
  EXPECT_EQ(related(d, 0), std::vector<std::string>{"IMAGE_00/data/000002.png"});
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DatasetFixtures, DatumaroKittiRawUpperCaseImageFolder) {
  const fs::path root = kDatumaro / "kitti_dataset/kitti_raw";
  REQUIRE_FIXTURE(root);
  const Dataset d = scanDataset(root);
  EXPECT_EQ(d.layout, DatasetLayout::KittiRaw);
  ASSERT_EQ(d.frames.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string n = "000000000" + std::to_string(i);
    EXPECT_EQ(d.frames[i].name, "velodyne_points/data/" + n);
    EXPECT_EQ(relMedia(d, i), "velodyne_points/data/" + n + ".pcd");
    EXPECT_EQ(related(d, i), std::vector<std::string>{"IMAGE_00/data/" + n + ".png"});
  }
  EXPECT_TRUE(d.warnings.empty());
}

TEST(DatasetFixtures, SlyPointcloudDs0) {
  const fs::path root = kDatumaro / "sly_pointcloud_dataset";
  REQUIRE_FIXTURE(root);
  const Dataset d = scanDataset(root);
  EXPECT_EQ(d.layout, DatasetLayout::CvatPointcloudFolder);
  EXPECT_EQ(frameNames(d), (std::vector<std::string>{"ds0/pointcloud/frame1", "ds0/pointcloud/frame2"}));
  EXPECT_EQ(related(d, 0), std::vector<std::string>{"ds0/related_images/frame1_pcd/img2.png"});
  EXPECT_EQ(related(d, 1), std::vector<std::string>{"ds0/related_images/frame2_pcd/img1.png"});
  EXPECT_TRUE(d.warnings.empty());
  // Scanned from ds0 itself: the same frames, named relative to ds0.
  EXPECT_EQ(frameNames(scanDataset(root / "ds0")), (std::vector<std::string>{"pointcloud/frame1", "pointcloud/frame2"}));
}

struct FixtureZip {
  std::string path;
  DatasetLayout layout;
  std::vector<std::string> names;
  std::size_t relatedImages;
};

void PrintTo(const FixtureZip& z, std::ostream* os) { *os << z.path; }

class CvatZip : public ::testing::TestWithParam<FixtureZip> {};

std::string fixtureZipName(const ::testing::TestParamInfo<FixtureZip>& info) {
  const std::string file = fs::path(info.param.path).stem().string();  // test_canvas3d → Canvas3d
  std::string name;
  bool upper = true;
  for (char c : file.substr(5)) {
    if (c == '_') {
      upper = true;
    } else {
      name += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return name;
}

TEST_P(CvatZip, ScansTheArchiveDirectly) {
  const FixtureZip& expected = GetParam();
  const fs::path zip = kCvat / expected.path;
  REQUIRE_FIXTURE(zip);
  const Dataset d = scanDataset(zip);
  EXPECT_TRUE(d.extracted);
  EXPECT_EQ(d.source, zip);
  EXPECT_EQ(d.layout, expected.layout);
  EXPECT_EQ(frameNames(d), expected.names);
  EXPECT_EQ(d.relatedImageCount(), expected.relatedImages);
  for (const auto& f : d.frames) {
    EXPECT_TRUE(fs::is_regular_file(f.media)) << f.media;
    for (const auto& r : f.relatedImages) EXPECT_GT(fs::file_size(r), 1000u) << r;
  }
  EXPECT_TRUE(d.warnings.empty());
  fs::remove_all(d.root);
}

INSTANTIATE_TEST_SUITE_P(
    DatasetFixtureZips, CvatZip,
    ::testing::Values(
        FixtureZip{"tests/cypress/e2e/canvas3d_functionality/assets/test_canvas3d.zip", DatasetLayout::CvatPointcloudFolder,
                   {"test_canvas3d/pointcloud/000001", "test_canvas3d/pointcloud/000002", "test_canvas3d/pointcloud/000003"}, 3},
        FixtureZip{"cvat/apps/engine/tests/assets/test_pointcloud_pcd.zip", DatasetLayout::CvatPointcloudFolder,
                   {"test_pointcloud_pcd/pointcloud/000001"}, 1},
        FixtureZip{"cvat/apps/engine/tests/assets/test_velodyne_points.zip", DatasetLayout::KittiRaw,
                   {"test_velodyne_points/velodyne_points/data/000002"}, 1}),
    fixtureZipName);

}  // namespace
}  // namespace labelstation::io

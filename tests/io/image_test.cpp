#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include "labelstation/io/dataset_source.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

fs::path tempDir() {
  const fs::path dir = fs::temp_directory_path() / ("labelstation_images_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// A 40 x 20 BGR picture: red top-left quadrant, the rest blue.
cv::Mat sample() {
  cv::Mat m(20, 40, CV_8UC3, cv::Scalar(255, 0, 0));
  m(cv::Rect(0, 0, 20, 10)).setTo(cv::Scalar(0, 0, 255));
  return m;
}

std::array<int, 3> pixel(const Image& img, int x, int y) {
  const std::size_t i = 3 * (static_cast<std::size_t>(y) * img.width + x);
  return {img.rgb[i], img.rgb[i + 1], img.rgb[i + 2]};
}

bool isRed(const std::array<int, 3>& p) { return p[0] > 200 && p[1] < 60 && p[2] < 60; }

TEST(Image, ReadsEveryCommonFormat) {
  const fs::path dir = tempDir();
  for (const char* ext : {".png", ".jpg", ".bmp", ".tiff", ".webp"}) {
    const fs::path file = dir / (std::string("sample") + ext);
    ASSERT_TRUE(cv::imwrite(file.string(), sample())) << ext;
    const Image img = readImage(file);
    EXPECT_EQ(img.width, 40) << ext;
    EXPECT_EQ(img.height, 20) << ext;
    EXPECT_TRUE(isRed(pixel(img, 2, 2))) << ext << " is RGB, not BGR";
    EXPECT_FALSE(isRed(pixel(img, 35, 15))) << ext;
  }
}

TEST(Image, SixteenBitAndGrayscaleAreShownCorrectly) {
  const fs::path dir = tempDir();
  cv::Mat deep(10, 10, CV_16UC1, cv::Scalar(0));
  deep(cv::Rect(5, 0, 5, 10)).setTo(cv::Scalar(4095));  // 12-bit data in a 16-bit PNG
  ASSERT_TRUE(cv::imwrite((dir / "deep.png").string(), deep));
  const Image img = readImage(dir / "deep.png");
  EXPECT_EQ(img.sourceBitDepth, 16);
  EXPECT_EQ(img.sourceChannels, 1);
  EXPECT_EQ(pixel(img, 8, 5), (std::array<int, 3>{255, 255, 255})) << "the brightest value is white, not 6% grey";
  EXPECT_EQ(pixel(img, 1, 5), (std::array<int, 3>{0, 0, 0}));
  cv::Mat grey(4, 4, CV_8UC1, cv::Scalar(128));
  ASSERT_TRUE(cv::imwrite((dir / "grey.png").string(), grey));
  EXPECT_EQ(pixel(readImage(dir / "grey.png"), 1, 1), (std::array<int, 3>{128, 128, 128}));
}

TEST(Image, ExifOrientationIsApplied) {
  std::vector<std::uint8_t> jpeg;
  ASSERT_TRUE(cv::imencode(".jpg", sample(), jpeg));
  // An APP1 Exif segment with one IFD entry: Orientation (0x0112) = 6, "rotate 90° clockwise".
  const std::vector<std::uint8_t> exif = {
      0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,                      // APP1, length 34
      'I', 'I', 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00,                         // TIFF header, IFD at 8
      0x01, 0x00,                                                           // one entry
      0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,  // orientation = 6
      0x00, 0x00, 0x00, 0x00};                                              // no next IFD
  jpeg.insert(jpeg.begin() + 2, exif.begin(), exif.end());
  const Image img = decodeImage(jpeg, "phone.jpg");
  EXPECT_EQ(img.width, 20);
  EXPECT_EQ(img.height, 40);
  EXPECT_TRUE(isRed(pixel(img, 17, 2))) << "the red corner moved to the top right";
  EXPECT_FALSE(isRed(pixel(img, 2, 2)));
}

TEST(Image, BadImagesAreClearErrors) {
  const fs::path dir = tempDir();
  std::ofstream(dir / "broken.png") << "not a png at all";
  EXPECT_THROW(readImage(dir / "broken.png"), IoError);
  try {
    readImage(dir / "missing.jpg");
    FAIL();
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("missing.jpg: no such file"), std::string::npos);
  }
  EXPECT_THROW(readImage(dir), IoError);
  std::vector<std::uint8_t> truncated;
  cv::imencode(".png", sample(), truncated);
  truncated.resize(truncated.size() / 3);
  EXPECT_THROW(decodeImage(truncated, "cut.png"), IoError);
  EXPECT_TRUE(isImageFile("a/B.JPG"));
  EXPECT_FALSE(isImageFile("a/b.pcd"));
}

// Frames whose brightness encodes their number, so a wrong seek shows.
void writeNumberedVideo(const fs::path& file, int fourcc, int frames) {
  cv::VideoWriter writer(file.string(), fourcc, 10.0, cv::Size(64, 48));
  ASSERT_TRUE(writer.isOpened()) << file;
  for (int i = 0; i < frames; ++i) writer.write(cv::Mat(48, 64, CV_8UC3, cv::Scalar::all(i * 8)));
}

TEST(Video, SeeksFrameAccuratelyInAnyOrder) {
  const fs::path dir = tempDir();
  const std::pair<const char*, int> kinds[] = {{"clip.avi", cv::VideoWriter::fourcc('M', 'J', 'P', 'G')},
                                               {"clip.mp4", cv::VideoWriter::fourcc('m', 'p', '4', 'v')}};
  for (const auto& [name, fourcc] : kinds) {
    writeNumberedVideo(dir / name, fourcc, 30);
    VideoSource video(dir / name);
    EXPECT_EQ(video.frameCount(), 30) << name;
    EXPECT_EQ(video.width(), 64);
    for (int index : {0, 1, 2, 29, 7, 8, 3, 20, 19, 0, 28}) {
      const Image img = video.frame(index);
      EXPECT_NEAR(pixel(img, 30, 20)[0], index * 8, 4) << name << " frame " << index;
    }
    EXPECT_THROW(video.frame(30), IoError);
  }
  EXPECT_THROW(VideoSource(dir / "none.mp4"), IoError);
  EXPECT_TRUE(isVideoFile("x/CLIP.MP4"));
  EXPECT_FALSE(isVideoFile("x/clip.jpg"));
  std::ofstream(dir / "fake.mp4") << "nothing";
  EXPECT_THROW(VideoSource(dir / "fake.mp4"), IoError);
}

TEST(Video, IsAFrameSourceForTheCache) {
  const fs::path file = tempDir() / "cached.avi";
  writeNumberedVideo(file, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 12);
  FrameCache cache(std::make_shared<VideoFrameSource>(file), {1, 2});
  EXPECT_EQ(cache.frameCount(), 12);
  const auto frame = cache.wait(9);
  ASSERT_TRUE(frame.ok()) << frame.error;
  EXPECT_NEAR(pixel(frame.data->image, 10, 10)[0], 72, 4);
}

}  // namespace
}  // namespace labelstation::io

#pragma once
// Images and videos as frame sources, decoded by OpenCV into 8-bit RGB for display. EXIF
// orientation is applied (a phone photo shows upright), 16-bit images are stretched over their
// own range rather than shown black, grayscale becomes grey RGB.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace labelstation::io {

struct Image {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;  // width * height * 3, rows top to bottom
  int sourceBitDepth = 8;         // 8 or 16 (32 for float images)
  int sourceChannels = 3;
  bool empty() const { return width == 0 || height == 0; }
};

// jpg, png, bmp, tiff, webp and whatever else OpenCV reads. Throws IoError naming the file.
Image readImage(const std::filesystem::path& path);
Image decodeImage(const std::vector<std::uint8_t>& bytes, const std::string& name);
bool isImageFile(const std::filesystem::path& path);
// .mp4 .avi .mkv .mov .webm .mpg .mpeg .m4v (any case): the files VideoSource is meant for.
bool isVideoFile(const std::filesystem::path& path);
// Encodes by the file's extension (jpg quality 90) and saves atomically. Throws IoError.
void writeImage(const std::filesystem::path& path, const Image& image);

// A video file as a 2D frame source with frame-accurate seeking.
class VideoSource {
 public:
  explicit VideoSource(const std::filesystem::path& path);  // throws IoError
  ~VideoSource();
  VideoSource(const VideoSource&) = delete;
  VideoSource& operator=(const VideoSource&) = delete;

  int frameCount() const { return frameCount_; }
  double fps() const { return fps_; }
  int width() const { return width_; }
  int height() const { return height_; }
  // Frame `index` exactly, in any order. Throws IoError when it cannot be decoded.
  Image frame(int index);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::filesystem::path path_;
  int frameCount_ = 0;
  double fps_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace labelstation::io

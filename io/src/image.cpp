#include "labelstation/io/image.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <array>
#include <cctype>

#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {
namespace {

// ANYDEPTH | ANYCOLOR keeps 16-bit and grayscale data; unlike IMREAD_UNCHANGED it still applies
// the EXIF orientation.
constexpr int kReadFlags = cv::IMREAD_ANYDEPTH | cv::IMREAD_ANYCOLOR;

Image toDisplay(const cv::Mat& decoded) {
  Image image;
  image.sourceChannels = decoded.channels();
  image.sourceBitDepth = decoded.depth() == CV_16U || decoded.depth() == CV_16S ? 16 : decoded.depth() >= CV_32S ? 32 : 8;
  cv::Mat eight;
  if (decoded.depth() == CV_8U) {
    eight = decoded;
  } else {
    // Stretch over the image's own range: 12-bit data in a 16-bit container would otherwise be
    // nearly black, and float images have no fixed range at all.
    double lo = 0, hi = 0;
    cv::minMaxLoc(decoded.reshape(1), &lo, &hi);
    const double scale = hi > lo ? 255.0 / (hi - lo) : 1.0;
    decoded.convertTo(eight, CV_8U, scale, -lo * scale);
  }
  cv::Mat rgb;
  switch (eight.channels()) {
    case 1: cv::cvtColor(eight, rgb, cv::COLOR_GRAY2RGB); break;
    case 3: cv::cvtColor(eight, rgb, cv::COLOR_BGR2RGB); break;
    case 4: cv::cvtColor(eight, rgb, cv::COLOR_BGRA2RGB); break;
    default: return image;
  }
  image.width = rgb.cols;
  image.height = rgb.rows;
  image.rgb.resize(static_cast<std::size_t>(rgb.cols) * static_cast<std::size_t>(rgb.rows) * 3);
  for (int y = 0; y < rgb.rows; ++y)
    std::copy_n(rgb.ptr<std::uint8_t>(y), static_cast<std::size_t>(rgb.cols) * 3, image.rgb.data() + static_cast<std::size_t>(y) * rgb.cols * 3);
  return image;
}

}  // namespace

namespace {
template <std::size_t N>
bool hasExtension(const std::filesystem::path& path, const std::array<const char*, N>& known) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(known.begin(), known.end(), ext) != known.end();
}
}  // namespace

bool isImageFile(const std::filesystem::path& path) {
  static const std::array<const char*, 8> known{".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp", ".jp2"};
  return hasExtension(path, known);
}

bool isVideoFile(const std::filesystem::path& path) {
  static const std::array<const char*, 8> known{".mp4", ".avi", ".mkv", ".mov", ".webm", ".mpg", ".mpeg", ".m4v"};
  return hasExtension(path, known);
}

Image readImage(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw IoError(path.string(), "is a folder, not an image");
  if (!std::filesystem::exists(path, ec)) throw IoError(path.string(), "no such file");
  cv::Mat decoded;
  try {
    decoded = cv::imread(path.string(), kReadFlags);
  } catch (const cv::Exception& e) {
    throw IoError(path.string(), std::string("cannot decode the image: ") + e.what());
  }
  if (decoded.empty()) throw IoError(path.string(), "cannot decode the image (unknown format, truncated or empty)");
  Image image = toDisplay(decoded);
  if (image.empty()) throw IoError(path.string(), "unsupported channel count " + std::to_string(decoded.channels()));
  return image;
}

Image decodeImage(const std::vector<std::uint8_t>& bytes, const std::string& name) {
  cv::Mat decoded;
  try {
    decoded = cv::imdecode(bytes, kReadFlags);
  } catch (const cv::Exception& e) {
    throw IoError(name, std::string("cannot decode the image: ") + e.what());
  }
  if (decoded.empty()) throw IoError(name, "cannot decode the image (unknown format, truncated or empty)");
  return toDisplay(decoded);
}

void writeImage(const std::filesystem::path& path, const Image& image) {
  if (image.empty() || image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3)
    throw IoError(path.string(), "no image data to write");
  cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<std::uint8_t*>(image.rgb.data()));
  cv::Mat bgr;
  cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
  std::vector<std::uint8_t> bytes;
  const std::vector<int> params{cv::IMWRITE_JPEG_QUALITY, 90};
  try {
    if (!cv::imencode(path.extension().string(), bgr, bytes, params)) throw IoError(path.string(), "cannot encode the image");
  } catch (const cv::Exception& e) {
    throw IoError(path.string(), std::string("cannot encode the image: ") + e.what());
  }
  writeFileAtomically(path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

struct VideoSource::Impl {
  cv::VideoCapture capture;
  int next = 0;  // the frame the next read() returns
};

VideoSource::VideoSource(const std::filesystem::path& path) : impl_(std::make_unique<Impl>()), path_(path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw IoError(path.string(), "no such video file");
  if (!impl_->capture.open(path.string(), cv::CAP_ANY) || !impl_->capture.isOpened())
    throw IoError(path.string(), "cannot open the video (unknown container or codec)");
  frameCount_ = static_cast<int>(impl_->capture.get(cv::CAP_PROP_FRAME_COUNT));
  fps_ = impl_->capture.get(cv::CAP_PROP_FPS);
  width_ = static_cast<int>(impl_->capture.get(cv::CAP_PROP_FRAME_WIDTH));
  height_ = static_cast<int>(impl_->capture.get(cv::CAP_PROP_FRAME_HEIGHT));
  if (frameCount_ <= 0) {
    // Some containers do not store a count: decode through once to know it.
    cv::Mat scratch;
    int n = 0;
    while (impl_->capture.read(scratch)) ++n;
    frameCount_ = n;
    impl_->capture.set(cv::CAP_PROP_POS_FRAMES, 0);
  }
  if (frameCount_ <= 0) throw IoError(path.string(), "the video has no frames");
}

VideoSource::~VideoSource() = default;

Image VideoSource::frame(int index) {
  if (index < 0 || index >= frameCount_)
    throw IoError(path_.string(), "frame " + std::to_string(index) + " is outside the video (0.." + std::to_string(frameCount_ - 1) + ")");
  cv::VideoCapture& cap = impl_->capture;
  // Reading on is exact; a seek may land on a nearby keyframe with some codecs, so seek only
  // backwards or far ahead, and then to the start, reading forward to the frame.
  if (index < impl_->next || index > impl_->next + 64) {
    cap.set(cv::CAP_PROP_POS_FRAMES, index);
    const int landed = static_cast<int>(cap.get(cv::CAP_PROP_POS_FRAMES));
    if (landed != index) {
      cap.set(cv::CAP_PROP_POS_FRAMES, 0);
      impl_->next = 0;
    } else {
      impl_->next = index;
    }
  }
  cv::Mat decoded;
  while (impl_->next <= index) {
    if (!cap.read(decoded) || decoded.empty()) {
      impl_->next = frameCount_;  // force a fresh seek next time
      throw IoError(path_.string(), "cannot decode frame " + std::to_string(index));
    }
    ++impl_->next;
  }
  return toDisplay(decoded);
}

}  // namespace labelstation::io

#include "labelstation/io/shape_conversion.h"

#include <algorithm>
#include <opencv2/imgproc.hpp>

#include "labelstation/core/mask.h"

namespace labelstation::io {

std::vector<std::vector<double>> maskPolygons(const std::vector<double>& points) {
  std::vector<std::vector<double>> polygons;
  const std::optional<MaskBitmap> bitmap = decodeMask(points);
  if (!bitmap || bitmap->width <= 0 || bitmap->height <= 0) return polygons;
  cv::Mat image(bitmap->height, bitmap->width, CV_8UC1);
  for (int y = 0; y < bitmap->height; ++y)
    for (int x = 0; x < bitmap->width; ++x) image.at<std::uint8_t>(y, x) = bitmap->pixels[static_cast<std::size_t>(y * bitmap->width + x)] ? 255 : 0;
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(image, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
  std::sort(contours.begin(), contours.end(), [](const auto& a, const auto& b) { return cv::contourArea(a) > cv::contourArea(b); });
  for (const auto& contour : contours) {
    if (contour.size() < 3) continue;  // a line or a dot has no polygon
    std::vector<double> polygon;
    for (const cv::Point& p : contour) {
      polygon.push_back(p.x + bitmap->left);
      polygon.push_back(p.y + bitmap->top);
    }
    polygons.push_back(std::move(polygon));
  }
  return polygons;
}

}  // namespace labelstation::io

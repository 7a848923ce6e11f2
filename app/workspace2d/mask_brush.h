#pragma once
// The pixels of a mask being drawn or edited with the brush tool, over the whole image: brush
// and eraser strokes (circle or square tips), polygons added or removed, and the result as a
// mask bitmap cropped to its set pixels.

#include <QImage>
#include <QPointF>
#include <QRect>
#include <vector>

#include "labelstation/core/mask.h"

namespace labelstation::app {

enum class BrushTool { Brush, Eraser, PolygonAdd, PolygonRemove };
enum class BrushTip { Circle, Square };

class MaskBrush {
 public:
  explicit MaskBrush(QSize imageSize);
  // Starts from an existing mask (its pixels outside the image are dropped).
  void load(const MaskBitmap& bitmap);
  // One stroke segment of a tip `size` image pixels across (from == to: a single dab); `erase`
  // clears instead of setting.
  void stroke(const QPointF& from, const QPointF& to, int size, BrushTip tip, bool erase);
  // A polygon (image coordinates) added to or removed from the mask.
  void fillPolygon(const std::vector<QPointF>& polygon, bool erase);

  // Pixels set to 1, over the image (Grayscale8, values 0 or 1).
  const QImage& pixels() const { return pixels_; }
  // Where pixels may be set (grows with strokes; never smaller than the set pixels).
  QRect touched() const { return touched_; }
  MaskBitmap bitmap() const;
  bool empty() const;

 private:
  QImage pixels_;
  QRect touched_;
};

}  // namespace labelstation::app

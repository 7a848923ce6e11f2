#include "mask_brush.h"

#include <QPainter>
#include <QPen>
#include <algorithm>
#include <cmath>

namespace labelstation::app {

MaskBrush::MaskBrush(QSize imageSize) : pixels_(imageSize, QImage::Format_Grayscale8) { pixels_.fill(0); }

void MaskBrush::load(const MaskBitmap& m) {
  for (int y = 0; y < m.height; ++y) {
    const int iy = m.top + y;
    if (iy < 0 || iy >= pixels_.height()) continue;
    uchar* row = pixels_.scanLine(iy);
    for (int x = 0; x < m.width; ++x) {
      const int ix = m.left + x;
      if (ix >= 0 && ix < pixels_.width() && m.pixels[static_cast<std::size_t>(y * m.width + x)]) row[ix] = 1;
    }
  }
  touched_ |= QRect(m.left, m.top, m.width, m.height).intersected(pixels_.rect());
}

void MaskBrush::stroke(const QPointF& from, const QPointF& to, int size, BrushTip tip, bool erase) {
  size = std::max(1, size);
  QPainter painter(&pixels_);
  painter.setRenderHint(QPainter::Antialiasing, false);
  painter.setCompositionMode(QPainter::CompositionMode_Source);
  const QColor value = erase ? QColor(0, 0, 0) : QColor(1, 1, 1);
  QPen pen(value, size, Qt::SolidLine, tip == BrushTip::Circle ? Qt::RoundCap : Qt::SquareCap, Qt::RoundJoin);
  painter.setPen(tip == BrushTip::Circle ? pen : Qt::NoPen);
  painter.setBrush(value);
  const double r = size / 2.0;
  if (tip == BrushTip::Circle) {
    if (from == to) {
      painter.setPen(Qt::NoPen);
      painter.drawEllipse(from, r, r);
    } else {
      painter.drawLine(from, to);
    }
  } else {  // squares stay upright along the stroke: a square at each pixel step
    const QPointF d = to - from;
    const int steps = std::max(1, static_cast<int>(std::ceil(std::max(std::abs(d.x()), std::abs(d.y())))));
    for (int i = 0; i <= steps; ++i) {
      const QPointF c = from + d * (static_cast<double>(i) / steps);
      painter.drawRect(QRectF(c.x() - r, c.y() - r, size, size));
    }
  }
  if (!erase) {
    const QRect reach = QRectF(from, to).normalized().adjusted(-r - 2, -r - 2, r + 2, r + 2).toAlignedRect();
    touched_ |= reach.intersected(pixels_.rect());
  }
}

void MaskBrush::fillPolygon(const std::vector<QPointF>& polygon, bool erase) {
  std::vector<double> points;
  for (const QPointF& p : polygon) points.insert(points.end(), {p.x(), p.y()});
  const MaskBitmap area = rasterizePolygon(points, pixels_.width(), pixels_.height());
  for (int y = 0; y < area.height; ++y) {
    uchar* row = pixels_.scanLine(area.top + y);
    for (int x = 0; x < area.width; ++x)
      if (area.pixels[static_cast<std::size_t>(y * area.width + x)]) row[area.left + x] = erase ? 0 : 1;
  }
  if (!erase && area.width > 0) touched_ |= QRect(area.left, area.top, area.width, area.height);
}

MaskBitmap MaskBrush::bitmap() const {
  MaskBitmap m;
  if (touched_.isEmpty()) return m;
  m.left = touched_.left();
  m.top = touched_.top();
  m.width = touched_.width();
  m.height = touched_.height();
  m.pixels.resize(static_cast<std::size_t>(m.width) * static_cast<std::size_t>(m.height));
  for (int y = 0; y < m.height; ++y) {
    const uchar* row = pixels_.constScanLine(m.top + y) + m.left;
    std::transform(row, row + m.width, m.pixels.begin() + static_cast<std::ptrdiff_t>(y) * m.width, [](uchar v) { return v ? 1 : 0; });
  }
  return m;
}

bool MaskBrush::empty() const {
  for (int y = touched_.top(); y <= touched_.bottom() && !touched_.isEmpty(); ++y) {
    const uchar* row = pixels_.constScanLine(y);
    if (std::any_of(row + touched_.left(), row + touched_.right() + 1, [](uchar v) { return v != 0; })) return false;
  }
  return true;
}

}  // namespace labelstation::app

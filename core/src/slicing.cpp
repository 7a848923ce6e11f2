#include "labelstation/core/slicing.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace labelstation {
namespace {

struct Point {
  double x = 0, y = 0;
};

std::vector<Point> pointsOf(const std::vector<double>& flat) {
  std::vector<Point> out;
  for (std::size_t i = 0; i + 1 < flat.size(); i += 2) out.push_back({flat[i], flat[i + 1]});
  return out;
}

std::vector<double> flatten(const std::vector<Point>& points) {
  std::vector<double> out;
  for (const Point& p : points) out.insert(out.end(), {p.x, p.y});
  return out;
}

// The nearest point of the ring's edges to p: (edge index, position along it 0..1, the point).
struct OnEdge {
  std::size_t edge = 0;
  double t = 0;
  Point at;
};

OnEdge nearestOnRing(const std::vector<Point>& ring, const Point& p) {
  OnEdge best;
  double bestDistance = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % ring.size()];
    const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / len2, 0.0, 1.0) : 0.0;
    const Point q{a.x + t * dx, a.y + t * dy};
    const double d = std::hypot(p.x - q.x, p.y - q.y);
    if (d < bestDistance) {
      bestDistance = d;
      best = {i, t, q};
    }
  }
  return best;
}

// Where segment p0→p1 crosses the ring: (position along the segment 0..1, the edge, the point),
// nearest the segment's start or end.
std::optional<std::pair<double, OnEdge>> crossing(const std::vector<Point>& ring, const Point& p0, const Point& p1, bool nearestStart) {
  std::optional<std::pair<double, OnEdge>> best;
  const double rx = p1.x - p0.x, ry = p1.y - p0.y;
  for (std::size_t i = 0; i < ring.size(); ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % ring.size()];
    const double sx = b.x - a.x, sy = b.y - a.y, denominator = rx * sy - ry * sx;
    if (std::abs(denominator) < 1e-12) continue;  // parallel
    const double t = ((a.x - p0.x) * sy - (a.y - p0.y) * sx) / denominator;
    const double u = ((a.x - p0.x) * ry - (a.y - p0.y) * rx) / denominator;
    if (t < 0 || t > 1 || u < 0 || u > 1) continue;
    if (!best || (nearestStart ? t < best->first : t > best->first)) best = std::pair(t, OnEdge{i, u, {p0.x + t * rx, p0.y + t * ry}});
  }
  return best;
}

}  // namespace

std::optional<std::pair<std::vector<double>, std::vector<double>>> slicePolygon(const std::vector<double>& polygon,
                                                                                const std::vector<double>& cut) {
  const std::vector<Point> ring = pointsOf(polygon), line = pointsOf(cut);
  if (ring.size() < 3 || line.size() < 2) return std::nullopt;
  const std::size_t n = ring.size();
  // Where the cut first enters the contour and last leaves it; ends that stop short of it (or
  // lie on it) go to the nearest edge.
  OnEdge a = nearestOnRing(ring, line.front()), b = nearestOnRing(ring, line.back());
  std::size_t from = 1, to = line.size() - 1;  // the cut's points kept between a and b: [from, to)
  for (std::size_t k = 0; k + 1 < line.size(); ++k)
    if (const auto hit = crossing(ring, line[k], line[k + 1], true)) {
      a = hit->second;
      from = k + 1;
      break;
    }
  for (std::size_t k = line.size() - 1; k >= 1; --k)
    if (const auto hit = crossing(ring, line[k - 1], line[k], false)) {
      if (k < from || (k == from && hit->second.at.x == a.at.x && hit->second.at.y == a.at.y)) break;  // the entry itself
      b = hit->second;
      to = k;
      break;
    }
  const std::vector<Point> inside(line.begin() + static_cast<std::ptrdiff_t>(from),
                                  line.begin() + static_cast<std::ptrdiff_t>(std::max(from, to)));
  std::vector<Point> first, second;
  if (a.edge == b.edge) {
    // Both ends on one edge: the cut closes a pocket against it; the rest keeps the detour.
    const bool forward = a.t <= b.t;
    first.push_back(a.at);
    first.insert(first.end(), inside.begin(), inside.end());
    first.push_back(b.at);
    for (std::size_t k = 1; k <= n; ++k) second.push_back(ring[(a.edge + k) % n]);  // v[e+1] … v[e]
    std::vector<Point> detour{a.at};
    detour.insert(detour.end(), inside.begin(), inside.end());
    detour.push_back(b.at);
    if (!forward) std::reverse(detour.begin(), detour.end());
    second.insert(second.end(), detour.begin(), detour.end());
  } else {
    // a on edge i, b on edge j: one part runs a → cut → b → v[j+1] … v[i]; the other
    // b → cut backwards → a → v[i+1] … v[j].
    first.push_back(a.at);
    first.insert(first.end(), inside.begin(), inside.end());
    first.push_back(b.at);
    for (std::size_t k = (b.edge + 1) % n;; k = (k + 1) % n) {
      first.push_back(ring[k]);
      if (k == a.edge) break;
    }
    second.push_back(b.at);
    second.insert(second.end(), inside.rbegin(), inside.rend());
    second.push_back(a.at);
    for (std::size_t k = (a.edge + 1) % n;; k = (k + 1) % n) {
      second.push_back(ring[k]);
      if (k == b.edge) break;
    }
  }
  // Points the cut put onto existing vertices would repeat them.
  auto dedupe = [](std::vector<Point> p) {
    std::vector<Point> out;
    for (const Point& q : p)
      if (out.empty() || std::hypot(q.x - out.back().x, q.y - out.back().y) > 1e-9) out.push_back(q);
    while (out.size() > 1 && std::hypot(out.front().x - out.back().x, out.front().y - out.back().y) <= 1e-9) out.pop_back();
    return out;
  };
  first = dedupe(first);
  second = dedupe(second);
  if (first.size() < 3 || second.size() < 3) return std::nullopt;
  return std::pair(flatten(first), flatten(second));
}

std::optional<std::pair<MaskBitmap, MaskBitmap>> sliceMask(const MaskBitmap& mask, const std::vector<double>& cut) {
  std::vector<Point> line = pointsOf(cut);
  if (line.size() < 2 || mask.width <= 0 || mask.height <= 0) return std::nullopt;
  // Far enough to leave the mask from anywhere on it.
  const double reach = 4.0 * (mask.width + mask.height) + 10;
  auto away = [&](const Point& from, const Point& towards) {
    const double dx = from.x - towards.x, dy = from.y - towards.y, len = std::hypot(dx, dy);
    return len > 0 ? Point{from.x + dx / len * reach, from.y + dy / len * reach} : from;
  };
  line.insert(line.begin(), away(line[0], line[1]));
  line.push_back(away(line.back(), line[line.size() - 2]));
  // One side: the extended line closed by a far band on its left.
  const Point s = line.front(), e = line.back();
  const double dx = e.x - s.x, dy = e.y - s.y, len = std::hypot(dx, dy);
  if (len <= 0) return std::nullopt;
  const Point normal{-dy / len * reach, dx / len * reach};
  std::vector<Point> side = line;
  side.push_back({e.x + normal.x, e.y + normal.y});
  side.push_back({s.x + normal.x, s.y + normal.y});
  // Rasterised in the mask's own frame (its box at the origin), so clipping does not bite.
  std::vector<double> local;
  for (const Point& p : side) local.insert(local.end(), {p.x - mask.left, p.y - mask.top});
  MaskBitmap region = rasterizePolygon(local, mask.width, mask.height);
  region.left += mask.left;
  region.top += mask.top;
  MaskBitmap first = mask, second = subtractMask(mask, region);
  for (int y = 0; y < mask.height; ++y)
    for (int x = 0; x < mask.width; ++x)
      if (!region.at(mask.left + x, mask.top + y)) first.pixels[static_cast<std::size_t>(y * mask.width + x)] = 0;
  if (first.count() == 0 || second.count() == 0) return std::nullopt;
  return std::pair(std::move(first), std::move(second));
}

std::vector<double> rectangleToPolygon(const std::vector<double>& r, double rotation) {
  if (r.size() < 4) return {};
  const double cx = (r[0] + r[2]) / 2, cy = (r[1] + r[3]) / 2, a = rotation * M_PI / 180;
  std::vector<double> out;
  for (const auto& [x, y] : {std::pair{r[0], r[1]}, std::pair{r[2], r[1]}, std::pair{r[2], r[3]}, std::pair{r[0], r[3]}}) {
    const double ux = x - cx, uy = y - cy;
    out.insert(out.end(), {cx + ux * std::cos(a) - uy * std::sin(a), cy + ux * std::sin(a) + uy * std::cos(a)});
  }
  return out;
}

std::vector<double> boundingRectangle(const std::vector<double>& p) {
  if (p.size() < 2) return {};
  double x1 = p[0], y1 = p[1], x2 = p[0], y2 = p[1];
  for (std::size_t i = 0; i + 1 < p.size(); i += 2) {
    x1 = std::min(x1, p[i]);
    x2 = std::max(x2, p[i]);
    y1 = std::min(y1, p[i + 1]);
    y2 = std::max(y2, p[i + 1]);
  }
  return {x1, y1, x2, y2};
}

std::vector<double> maskBoundingRectangle(const MaskBitmap& m) {
  const std::vector<double> points = encodeMask(m);  // cropped: the box is its last four numbers
  if (points.size() < 4) return {};
  const std::size_t n = points.size() - 4;
  return {points[n], points[n + 1], points[n + 2] + 1, points[n + 3] + 1};
}

}  // namespace labelstation

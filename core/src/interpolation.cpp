#include "labelstation/core/interpolation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "labelstation/core/geometry.h"

namespace labelstation {
namespace {

std::vector<double> lerpPoints(const std::vector<double>& a, const std::vector<double>& b, double t) {
  std::vector<double> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = a[i] + t * (b[i] - a[i]);
  return out;
}

double squaredDistance(const std::vector<double>& a, const std::vector<double>& b, std::size_t shift,
                       bool reversed) {
  const std::size_t n = a.size() / 2;
  double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t j = reversed ? (shift + n - i) % n : (shift + i) % n;
    const double dx = a[2 * i] - b[2 * j], dy = a[2 * i + 1] - b[2 * j + 1];
    sum += dx * dx + dy * dy;
  }
  return sum;
}

// Reorders closed contour `b` (same point count as `a`) to the start and direction closest to `a`.
std::vector<double> alignClosedContour(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = a.size() / 2;
  double best = std::numeric_limits<double>::infinity();
  std::size_t bestShift = 0;
  bool bestReversed = false;
  for (bool reversed : {false, true}) {
    for (std::size_t shift = 0; shift < n; ++shift) {
      const double d = squaredDistance(a, b, shift, reversed);
      if (d < best) {
        best = d;
        bestShift = shift;
        bestReversed = reversed;
      }
    }
  }
  std::vector<double> out(b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t j = bestReversed ? (bestShift + n - i) % n : (bestShift + i) % n;
    out[2 * i] = b[2 * j];
    out[2 * i + 1] = b[2 * j + 1];
  }
  return out;
}

std::vector<double> interpolateContour(const std::vector<double>& a, const std::vector<double>& b,
                                       double t, bool closed) {
  const std::size_t n = std::max(a.size(), b.size()) / 2;
  if (a.size() < 2 || b.size() < 2) return a;
  std::vector<double> from = densifyContour(a, n, closed);
  std::vector<double> to = densifyContour(b, n, closed);
  if (closed) to = alignClosedContour(from, to);
  return lerpPoints(from, to, t);
}

SkeletonElement interpolateElement(const SkeletonElement& a, const SkeletonElement* b, double t) {
  SkeletonElement out = a;
  // Towards the next keyframe's position even when the element goes outside there (as CVAT).
  if (b && !a.outside && a.points.size() == b->points.size())
    out.points = lerpPoints(a.points, b->points, t);
  return out;
}

}  // namespace

std::vector<double> densifyContour(const std::vector<double>& xy, std::size_t count, bool closed) {
  const std::size_t m = xy.size() / 2;
  if (m >= count || m == 0) return xy;
  if (m == 1) {  // a single point: repeat it
    std::vector<double> out;
    for (std::size_t i = 0; i < count; ++i) out.insert(out.end(), {xy[0], xy[1]});
    return out;
  }
  const std::size_t edges = closed ? m : m - 1;
  std::vector<double> length(edges);
  for (std::size_t e = 0; e < edges; ++e) {
    const std::size_t j = (e + 1) % m;
    length[e] = std::hypot(xy[2 * j] - xy[2 * e], xy[2 * j + 1] - xy[2 * e + 1]);
  }
  const double total = std::accumulate(length.begin(), length.end(), 0.0);
  const std::size_t extra = count - m;
  // Largest-remainder share of the extra points per edge (equal shares for a degenerate contour).
  std::vector<std::size_t> share(edges, 0);
  std::vector<std::pair<double, std::size_t>> remainders;
  std::size_t given = 0;
  for (std::size_t e = 0; e < edges; ++e) {
    const double exact = total > 0 ? extra * length[e] / total : static_cast<double>(extra) / edges;
    share[e] = static_cast<std::size_t>(std::floor(exact));
    given += share[e];
    remainders.push_back({exact - share[e], e});
  }
  // Ties (common: equal edges) go to the longer edge.
  std::stable_sort(remainders.begin(), remainders.end(), [&](const auto& l, const auto& r) {
    if (std::abs(l.first - r.first) > 1e-9) return l.first > r.first;
    return length[l.second] > length[r.second];
  });
  for (std::size_t k = 0; given < extra; ++k, ++given) share[remainders[k % edges].second] += 1;

  std::vector<double> out;
  out.reserve(count * 2);
  for (std::size_t v = 0; v < m; ++v) {
    out.insert(out.end(), {xy[2 * v], xy[2 * v + 1]});
    if (v < edges) {
      const std::size_t j = (v + 1) % m;
      for (std::size_t k = 1; k <= share[v]; ++k) {
        const double s = static_cast<double>(k) / static_cast<double>(share[v] + 1);
        out.push_back(xy[2 * v] + s * (xy[2 * j] - xy[2 * v]));
        out.push_back(xy[2 * v + 1] + s * (xy[2 * j + 1] - xy[2 * v + 1]));
      }
    }
  }
  return out;
}

ShapeState interpolateStates(const ShapeState& from, const ShapeState& to, double t) {
  ShapeState out = from;
  out.outside = false;
  if (from.type != to.type) return out;
  switch (from.type) {
    case ShapeType::Rectangle:
    case ShapeType::Ellipse:
      if (from.points.size() == to.points.size()) out.points = lerpPoints(from.points, to.points, t);
      out.rotation = lerpDegrees(from.rotation, to.rotation, t);
      break;
    case ShapeType::Cuboid2D:
      if (from.points.size() == to.points.size()) out.points = lerpPoints(from.points, to.points, t);
      break;
    case ShapeType::Points:
      // CVAT moves a single point; a set of points is held until the next keyframe (its server
      // and its UI both), so exports of the frames between agree with CVAT's.
      if (from.points.size() == 2 && to.points.size() == 2) out.points = lerpPoints(from.points, to.points, t);
      break;
    case ShapeType::Polygon: out.points = interpolateContour(from.points, to.points, t, true); break;
    case ShapeType::Polyline: out.points = interpolateContour(from.points, to.points, t, false); break;
    case ShapeType::Cuboid3D: {
      if (from.points.size() < 9 || to.points.size() < 9) break;
      const Cuboid3D a = Cuboid3D::fromPoints(from.points), b = Cuboid3D::fromPoints(to.points);
      Cuboid3D c;
      c.position = a.position + t * (b.position - a.position);
      c.scale = a.scale + t * (b.scale - a.scale);
      for (int i = 0; i < 3; ++i) c.rotation[i] = lerpAngle(a.rotation[i], b.rotation[i], t);
      out.points = c.toPoints();
      break;
    }
    case ShapeType::Skeleton:
      for (auto& element : out.elements) {
        const SkeletonElement* match = nullptr;
        for (const auto& e : to.elements)
          if (e.label == element.label) match = &e;
        element = interpolateElement(element, match, t);
      }
      break;
    case ShapeType::Mask: break;
  }
  return out;
}

std::optional<ShapeState> stateAt(const AnnotationObject& object, int frame) {
  if (object.kind != ObjectKind::Track) {
    if (object.frame != frame) return std::nullopt;
    return object.shape;
  }
  const auto& keys = object.keyframes;
  auto next = keys.upper_bound(frame);
  if (next == keys.begin()) return std::nullopt;
  auto prev = std::prev(next);
  if (prev->first == frame) return prev->second;
  ShapeState held = prev->second;
  // After an outside keyframe nothing is shown until the next keyframe; before one, the shape is
  // visible and moves towards the outside keyframe's geometry (CVAT's server and UI both).
  if (prev->second.outside || next == keys.end()) return held;
  const double t = static_cast<double>(frame - prev->first) / static_cast<double>(next->first - prev->first);
  return interpolateStates(prev->second, next->second, t);
}

bool isVisibleAt(const AnnotationObject& object, int frame) {
  auto state = stateAt(object, frame);
  return state && !state->outside;
}

bool isKeyframe(const AnnotationObject& track, int frame) {
  return track.kind == ObjectKind::Track && track.keyframes.count(frame) > 0;
}

std::optional<int> previousKeyframe(const AnnotationObject& track, int frame) {
  auto it = track.keyframes.lower_bound(frame);
  if (it == track.keyframes.begin()) return std::nullopt;
  return std::prev(it)->first;
}

std::optional<int> nextKeyframe(const AnnotationObject& track, int frame) {
  auto it = track.keyframes.upper_bound(frame);
  if (it == track.keyframes.end()) return std::nullopt;
  return it->first;
}

}  // namespace labelstation

#include "labelstation/core/interpolation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "labelstation/core/geometry.h"

namespace labelstation {
namespace {

std::vector<double> lerpPoints(const std::vector<double>& a, const std::vector<double>& b, double t) {
  std::vector<double> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = a[i] + t * (b[i] - a[i]);
  return out;
}

// A polyline's or polygon's vertices between two keyframes, as CVAT computes them (its server's
// interpolate_position and its UI's PolyTrack.interpolatePosition agree), so that the frames in
// between look and export as in CVAT:
//  1. each vertex gets its share of the curve's length from the start (0 … 1);
//  2. every vertex of `a` pairs with the vertex of `b` nearest in share, and every vertex of `b`
//     left over with the vertex of `a` nearest to it (ties to the lower index);
//  3. each pair is blended linearly;
//  4. runs of `a` vertices paired with one `b` vertex, and `b` vertices paired with one `a`
//     vertex, are thinned: a point stays only when it lies at least length / (2 · count) from the
//     last one kept, and two points closer than that become their average.
// Nothing is re-aligned: CVAT takes both shapes to start at the same place in the same direction.
using Vertex = std::pair<double, double>;

double distance(const Vertex& a, const Vertex& b) { return std::hypot(a.first - b.first, a.second - b.second); }

double curveLength(const std::vector<Vertex>& v, std::size_t first, std::size_t last) {
  double length = 0;
  for (std::size_t i = first + 1; i <= last && i < v.size(); ++i) length += distance(v[i - 1], v[i]);
  return length;
}

// Each vertex's share of the curve's length; all 0 for a curve of no length (where CVAT divides
// by zero and, comparing NaNs, pairs everything with the first vertex: the same result).
std::vector<double> lengthShares(const std::vector<Vertex>& v) {
  const double total = curveLength(v, 0, v.size() - 1);
  std::vector<double> out(v.size(), 0.0);
  double accumulated = 0;
  for (std::size_t i = 1; i < v.size() && total > 0; ++i) {
    accumulated += distance(v[i - 1], v[i]);
    out[i] = accumulated / total;
  }
  return out;
}

std::size_t nearestShare(double value, const std::vector<double>& shares) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < shares.size(); ++i)
    if (std::abs(value - shares[i]) < std::abs(value - shares[best])) best = i;
  return best;
}

std::vector<double> interpolatePolyshape(const std::vector<double>& from, const std::vector<double>& to, double t) {
  auto vertices = [](const std::vector<double>& xy) {
    std::vector<Vertex> v;
    for (std::size_t i = 0; i + 1 < xy.size(); i += 2) v.emplace_back(xy[i], xy[i + 1]);
    return v;
  };
  const std::vector<Vertex> left = vertices(from), right = vertices(to);
  if (left.empty() || right.empty()) return from;
  const std::vector<double> leftShares = lengthShares(left), rightShares = lengthShares(right);
  std::vector<std::vector<std::size_t>> matching(left.size());
  std::vector<bool> matched(right.size(), false);
  for (std::size_t i = 0; i < left.size(); ++i) {
    const std::size_t j = nearestShare(leftShares[i], rightShares);
    matching[i].push_back(j);
    matched[j] = true;
  }
  for (std::size_t j = 0; j < right.size(); ++j)
    if (!matched[j]) matching[nearestShare(rightShares[j], leftShares)].push_back(j);
  std::vector<Vertex> blended;
  std::vector<std::size_t> firstBlended(left.size());
  for (std::size_t i = 0; i < left.size(); ++i) {
    std::sort(matching[i].begin(), matching[i].end());
    firstBlended[i] = blended.size();
    for (std::size_t j : matching[i])
      blended.emplace_back(left[i].first + (right[j].first - left[i].first) * t, left[i].second + (right[j].second - left[i].second) * t);
  }

  std::vector<Vertex> reduced;
  auto thin = [&](double baseLength, std::size_t count, std::size_t start, std::size_t stop) {
    const double threshold = baseLength / (2.0 * static_cast<double>(count));
    std::vector<Vertex> kept{blended[start]};
    std::size_t last = start;
    for (std::size_t i = start + 1; i < stop; ++i)
      if (distance(blended[last], blended[i]) >= threshold) {
        kept.push_back(blended[i]);
        last = i;
      }
    kept.push_back(blended[stop]);
    if (kept.size() == 2 && distance(blended[start], blended[stop]) < threshold)
      kept = {{(kept[0].first + kept[1].first) / 2, (kept[0].second + kept[1].second) / 2}};
    reduced.insert(reduced.end(), kept.begin(), kept.end());
  };
  // Left vertices first..last, each paired with one and the same right vertex.
  auto leftRun = [&](std::size_t first, std::size_t last) {
    if (firstBlended[first] == firstBlended[last]) {
      reduced.push_back(blended[firstBlended[first]]);
      return;
    }
    thin(curveLength(left, first, last), last - first + 1, firstBlended[first], firstBlended[last]);
  };
  // One left vertex paired with several right vertices.
  auto rightRun = [&](std::size_t i) {
    const std::size_t first = matching[i].front(), last = matching[i].back();
    thin(curveLength(right, first, last), last - first + 1, firstBlended[i], firstBlended[i] + matching[i].size() - 1);
  };
  std::optional<std::size_t> open;
  for (std::size_t i = 0; i < left.size(); ++i) {
    if (matching[i].size() == 1) {
      if (!open) {
        open = i;
      } else if (matching[i][0] != matching[*open][0]) {
        leftRun(*open, i - 1);
        open = i;
      }
    } else {
      if (open) leftRun(*open, i - 1);
      open.reset();
      rightRun(i);
    }
  }
  if (open) leftRun(*open, left.size() - 1);

  std::vector<double> out;
  out.reserve(reduced.size() * 2);
  for (const Vertex& v : reduced) out.insert(out.end(), {v.first, v.second});
  return out;
}

// Polygons are closed for the computation by repeating their first vertex; the last vertex of the
// result is dropped again (as CVAT does).
std::vector<double> interpolateContour(const std::vector<double>& a, const std::vector<double>& b, double t, bool closed) {
  if (a.size() < 2 || b.size() < 2) return a;
  if (!closed) {
    std::vector<double> out = interpolatePolyshape(a, b, t);
    return out.size() >= 4 ? out : a;  // a polyline needs two vertices
  }
  std::vector<double> ca = a, cb = b;
  ca.insert(ca.end(), {a[0], a[1]});
  cb.insert(cb.end(), {b[0], b[1]});
  std::vector<double> out = interpolatePolyshape(ca, cb, t);
  if (out.size() >= 2) out.resize(out.size() - 2);
  return out.size() >= 6 ? out : a;  // fewer than three vertices cannot be drawn as a polygon
}

SkeletonElement interpolateElement(const SkeletonElement& a, const SkeletonElement* b, double t) {
  SkeletonElement out = a;
  // Towards the next keyframe's position even when the element goes outside there (as CVAT).
  if (b && !a.outside && a.points.size() == b->points.size())
    out.points = lerpPoints(a.points, b->points, t);
  return out;
}

}  // namespace

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

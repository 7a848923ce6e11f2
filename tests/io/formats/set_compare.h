#pragma once
// Compares annotation sets as an annotator would: objects by label name, kind, frames, geometry
// (within a tolerance), flags and attribute values by name, ignoring object ids and order.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "labelstation/io/annotation_set.h"

namespace labelstation::io::testing {

inline std::string labelName(const LabelSchema& labels, LabelId id) {
  const Label* l = labels.label(id);
  return l ? l->name : "<no label " + std::to_string(id) + ">";
}

inline std::map<std::string, std::string> namedAttributes(const LabelSchema& labels, LabelId label, const AttributeValues& values) {
  std::map<std::string, std::string> out;
  const Label* l = labels.label(label);
  for (const auto& [id, value] : values) {
    const AttributeSpec* spec = l ? l->attribute(id) : nullptr;
    out[spec ? spec->name : "#" + std::to_string(id)] = value;
  }
  return out;
}

// A coarse key to pair objects up before the exact comparison.
inline std::string pairingKey(const AnnotationSet& set, const AnnotationObject& o) {
  const ShapeState* s = o.isTrack() ? (o.keyframes.empty() ? nullptr : &o.keyframes.begin()->second) : &o.shape;
  char buf[128] = "";
  if (s && !s->points.empty()) std::snprintf(buf, sizeof buf, "%.2f,%.2f", s->points[0], s->points.size() > 1 ? s->points[1] : 0.0);
  return std::string(toString(o.kind)) + "|" + labelName(set.task.labels, o.label) + "|" + std::to_string(o.firstFrame()) + "|" + buf;
}

inline void expectSameState(const AnnotationSet& a, const AnnotationSet& b, LabelId la, LabelId lb, const ShapeState& x,
                            const ShapeState& y, double tolerance, const std::string& where) {
  EXPECT_EQ(x.type, y.type) << where;
  ASSERT_EQ(x.points.size(), y.points.size()) << where;
  for (std::size_t i = 0; i < x.points.size(); ++i) EXPECT_NEAR(x.points[i], y.points[i], tolerance) << where << " point value " << i;
  EXPECT_NEAR(x.rotation, y.rotation, tolerance) << where;
  EXPECT_EQ(x.occluded, y.occluded) << where;
  EXPECT_EQ(x.outside, y.outside) << where;
  EXPECT_EQ(x.zOrder, y.zOrder) << where;
  EXPECT_EQ(namedAttributes(a.task.labels, la, x.attributes), namedAttributes(b.task.labels, lb, y.attributes)) << where;
  ASSERT_EQ(x.elements.size(), y.elements.size()) << where;
  for (std::size_t i = 0; i < x.elements.size(); ++i) {
    const SkeletonElement &e = x.elements[i], &f = y.elements[i];
    const std::string w = where + " element " + std::to_string(i);
    EXPECT_EQ(labelName(a.task.labels, e.label), labelName(b.task.labels, f.label)) << w;
    ASSERT_EQ(e.points.size(), f.points.size()) << w;
    for (std::size_t k = 0; k < e.points.size(); ++k) EXPECT_NEAR(e.points[k], f.points[k], tolerance) << w;
    EXPECT_EQ(e.occluded, f.occluded) << w;
    EXPECT_EQ(e.outside, f.outside) << w;
    EXPECT_EQ(namedAttributes(a.task.labels, e.label, e.attributes), namedAttributes(b.task.labels, f.label, f.attributes)) << w;
  }
}

// Same objects (any order, any ids); geometry within `tolerance`.
inline void expectSameObjects(const AnnotationSet& a, const AnnotationSet& b, double tolerance = 1e-6) {
  ASSERT_EQ(a.objects.size(), b.objects.size());
  auto sorted = [](const AnnotationSet& s) {
    std::vector<const AnnotationObject*> v;
    for (const auto& o : s.objects) v.push_back(&o);
    std::stable_sort(v.begin(), v.end(), [&](auto* x, auto* y) { return pairingKey(s, *x) < pairingKey(s, *y); });
    return v;
  };
  const auto x = sorted(a), y = sorted(b);
  for (std::size_t i = 0; i < x.size(); ++i) {
    const AnnotationObject &o = *x[i], &p = *y[i];
    const std::string where = pairingKey(a, o) + " vs " + pairingKey(b, p);
    EXPECT_EQ(o.kind, p.kind) << where;
    EXPECT_EQ(labelName(a.task.labels, o.label), labelName(b.task.labels, p.label)) << where;
    EXPECT_EQ(o.group, p.group) << where;
    EXPECT_EQ(o.source, p.source) << where;
    if (o.isTrack()) {
      EXPECT_EQ(namedAttributes(a.task.labels, o.label, o.trackAttributes), namedAttributes(b.task.labels, p.label, p.trackAttributes))
          << where;
      ASSERT_EQ(o.keyframes.size(), p.keyframes.size()) << where;
      for (auto i1 = o.keyframes.begin(), i2 = p.keyframes.begin(); i1 != o.keyframes.end(); ++i1, ++i2) {
        EXPECT_EQ(i1->first, i2->first) << where;
        expectSameState(a, b, o.label, p.label, i1->second, i2->second, tolerance, where + " keyframe " + std::to_string(i1->first));
      }
    } else {
      EXPECT_EQ(o.frame, p.frame) << where;
      if (o.kind == ObjectKind::Tag)
        EXPECT_EQ(namedAttributes(a.task.labels, o.label, o.shape.attributes), namedAttributes(b.task.labels, p.label, p.shape.attributes))
            << where;
      else
        expectSameState(a, b, o.label, p.label, o.shape, p.shape, tolerance, where);
    }
  }
}

}  // namespace labelstation::io::testing

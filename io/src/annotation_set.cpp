#include "labelstation/io/annotation_set.h"
#include "labelstation/io/shape_conversion.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>


#include "labelstation/core/interpolation.h"
#include "labelstation/core/mask.h"

namespace labelstation::io {

AnnotationSet annotationSetOf(const Document& document) {
  AnnotationSet set;
  set.task = document.task();
  set.objects.reserve(document.objects().size());
  for (const auto& [id, object] : document.objects()) set.objects.push_back(object);
  return set;
}

namespace {

// The track restricted to frames [first, last]: keyframes inside kept, a keyframe added at `first`
// when the track is already under way there, and one at `last` when it goes on after it.
std::optional<AnnotationObject> clipTrack(const AnnotationObject& track, int first, int last) {
  AnnotationObject out = track;
  out.keyframes.clear();
  if (track.keyframes.empty()) return std::nullopt;
  if (track.keyframes.begin()->first < first) {
    if (auto state = stateAt(track, first); state && !state->outside) out.keyframes[first] = *state;
  }
  for (const auto& [frame, state] : track.keyframes)
    if (frame >= first && frame <= last) out.keyframes[frame] = state;
  if (track.keyframes.rbegin()->first > last && !out.keyframes.empty()) {
    if (auto state = stateAt(track, last)) out.keyframes[last] = *state;
  }
  // An outside keyframe first is meaningless on its own.
  while (!out.keyframes.empty() && out.keyframes.begin()->second.outside) out.keyframes.erase(out.keyframes.begin());
  if (out.keyframes.empty()) return std::nullopt;
  return out;
}

}  // namespace

AnnotationSet selectForExport(const AnnotationSet& set, const ExportOptions& options) {
  const int count = static_cast<int>(set.task.frames.size());
  const int first = std::clamp(options.firstFrame.value_or(0), 0, std::max(0, count - 1));
  const int last = std::clamp(options.lastFrame.value_or(count - 1), first, std::max(0, count - 1));
  AnnotationSet out;
  out.task.name = set.task.name;
  out.task.dimension = set.task.dimension;
  out.task.labels = set.task.labels;
  out.warnings = set.warnings;
  for (int f = first; f <= last && f < count; ++f) {
    FrameInfo frame = set.task.frames[static_cast<std::size_t>(f)];
    if (!options.skipDeletedFrames) frame.deleted = false;
    out.task.frames.push_back(frame);
  }
  auto deleted = [&](int frame) { return out.task.frames[static_cast<std::size_t>(frame - first)].deleted; };
  for (const AnnotationObject& object : set.objects) {
    if (!object.isTrack()) {
      if (object.frame < first || object.frame > last || deleted(object.frame)) continue;
      AnnotationObject moved = object;
      moved.frame -= first;
      out.objects.push_back(std::move(moved));
      continue;
    }
    std::optional<AnnotationObject> clipped = clipTrack(object, first, last);
    if (!clipped) continue;
    AnnotationObject moved = *clipped;
    moved.keyframes.clear();
    for (auto& [frame, state] : clipped->keyframes)
      if (!deleted(frame)) moved.keyframes[frame - first] = state;
    if (moved.keyframes.empty()) continue;
    out.objects.push_back(std::move(moved));
  }
  return out;
}

namespace {

std::string stemOf(const std::string& name) {
  const std::size_t slash = name.find_last_of("/\\");
  const std::size_t dot = name.find_last_of('.');
  return dot != std::string::npos && (slash == std::string::npos || dot > slash) ? name.substr(0, dot) : name;
}

std::string baseStemOf(const std::string& name) {
  const std::string stem = stemOf(name);
  const std::size_t slash = stem.find_last_of("/\\");
  return slash == std::string::npos ? stem : stem.substr(slash + 1);
}

// Frame index in the target for each imported frame: same name, same name without extension,
// same file name without folders and extension, else (as CVAT does) the same frame number.
// -1 when none matches.
std::vector<int> mapFrames(const Task& from, const Task& to, std::vector<std::string>& warnings) {
  std::map<std::string, int> byName, byStem, byBase;
  std::set<std::string> ambiguousBase;
  for (int i = 0; i < static_cast<int>(to.frames.size()); ++i) {
    const std::string& name = to.frames[static_cast<std::size_t>(i)].name;
    byName.emplace(name, i);
    byStem.emplace(stemOf(name), i);
    if (!byBase.emplace(baseStemOf(name), i).second) ambiguousBase.insert(baseStemOf(name));
  }
  std::vector<int> map(from.frames.size(), -1);
  std::size_t byNumber = 0;
  for (std::size_t i = 0; i < from.frames.size(); ++i) {
    const std::string& name = from.frames[i].name;
    if (auto it = byName.find(name); it != byName.end()) map[i] = it->second;
    else if (auto st = byStem.find(stemOf(name)); st != byStem.end()) map[i] = st->second;
    else if (auto b = byBase.find(baseStemOf(name)); b != byBase.end() && !ambiguousBase.count(baseStemOf(name)))
      map[i] = b->second;
    else if (i < to.frames.size()) {  // CVAT's rule: then by frame number
      map[i] = static_cast<int>(i);
      ++byNumber;
    }
  }
  if (byNumber > 0 && byNumber < from.frames.size())
    warnings.push_back(std::to_string(byNumber) + " frame names are not in the task; those frames were matched by number");
  return map;
}

bool sameNameIgnoringCase(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

struct LabelMapper {
  const LabelSchema& from;
  LabelSchema& to;
  const ImportOptions& options;
  ImportPlan& plan;
  std::map<LabelId, LabelId> ids;
  std::set<std::string> reported;

  // The target label for an imported one (a skeleton's sub-labels come with it); kNoLabel when
  // missing and not to be created (an error is recorded once per label).
  LabelId map(LabelId source) {
    if (auto it = ids.find(source); it != ids.end()) return it->second;
    const Label* label = from.label(source);
    if (!label) {
      ids[source] = kNoLabel;
      return kNoLabel;
    }
    if (label->parent != kNoLabel) {
      const LabelId parent = map(label->parent);
      const Label* target = parent == kNoLabel ? nullptr : to.labelByName(label->name, parent);
      return ids[source] = target ? target->id : kNoLabel;
    }
    if (const Label* target = to.labelByName(label->name)) return ids[source] = target->id;
    // Then by name in any case, when only one label matches ("Car" from KITTI for a task's "car").
    const Label* folded = nullptr;
    int matches = 0;
    for (const Label* candidate : to.topLevelLabels())
      if (sameNameIgnoringCase(candidate->name, label->name)) {
        folded = candidate;
        ++matches;
      }
    if (matches == 1) return ids[source] = folded->id;
    if (matches > 1)  // once: the mapping is remembered
      plan.warnings.push_back("label '" + label->name + "' matches several of the task's labels in another case; none was chosen");
    if (!options.createMissingLabels) {
      if (reported.insert(label->name).second)
        plan.errors.push_back("label '" + label->name + "' is not in the task's labels (import with the option to create missing labels to add it)");
      return ids[source] = kNoLabel;
    }
    Label copy = *label;
    copy.id = kNoLabel;
    copy.sublabels.clear();
    copy.edges.clear();
    copy.nodePositions.clear();
    for (AttributeSpec& spec : copy.attributes) spec.id = 0;
    LabelId created = kNoLabel;
    try {
      created = to.addLabel(copy);
    } catch (const SchemaError& e) {  // e.g. beyond kMaxLabels
      plan.errors.push_back("label '" + label->name + "' cannot be added: " + e.what());
      return ids[source] = kNoLabel;
    }
    plan.createdLabels.push_back(label->name);
    ids[source] = created;
    std::map<LabelId, LabelId> sub;
    for (LabelId s : label->sublabels) {
      Label element = *from.label(s);
      element.id = kNoLabel;
      element.parent = kNoLabel;
      for (AttributeSpec& spec : element.attributes) spec.id = 0;
      sub[s] = ids[s] = to.addSublabel(created, element);
    }
    for (const SkeletonEdge& e : label->edges) to.addEdge(created, sub[e.from], sub[e.to]);
    if (Label* made = to.label(created))
      for (const auto& [node, position] : label->nodePositions) made->nodePositions[sub[node]] = position;
    return created;
  }

  // Attribute values by name onto the target label; unknown names and bad values dropped with a
  // warning (the target's default is used for a bad value).
  AttributeValues mapAttributes(LabelId source, LabelId target, const AttributeValues& values, const std::string& what) {
    AttributeValues out;
    const Label* src = from.label(source);
    const Label* dst = to.label(target);
    if (!src || !dst) return out;
    for (const auto& [id, value] : values) {
      const AttributeSpec* spec = src->attribute(id);
      if (!spec) continue;
      const AttributeSpec* targetSpec = dst->attributeByName(spec->name);
      if (!targetSpec) {
        plan.warnings.push_back(what + ": attribute '" + spec->name + "' is not defined for label '" + dst->name + "'; dropped");
        continue;
      }
      const std::string problem = targetSpec->checkValue(value);
      if (!problem.empty()) {
        plan.warnings.push_back(what + ": attribute '" + spec->name + "': " + problem + "; the default is used");
        out[targetSpec->id] = targetSpec->initialValue();
        continue;
      }
      out[targetSpec->id] = value;
    }
    return out;
  }

  void mapState(LabelId source, LabelId target, ShapeState& state, const std::string& what) {
    state.attributes = mapAttributes(source, target, state.attributes, what);
    for (SkeletonElement& e : state.elements) {
      const LabelId element = map(e.label);
      e.attributes = mapAttributes(e.label, element, e.attributes, what);
      e.label = element;
    }
  }
};

// Masks of `object` turned into polygons: a shape gives one object per outer contour, a track
// keeps its largest contour on each keyframe. Empty when the object has no mask.
std::vector<AnnotationObject> masksAsPolygons(const AnnotationObject& object, std::vector<std::string>& warnings, const std::string& what) {
  std::vector<AnnotationObject> out;
  if (object.isTrack()) {
    bool any = false;
    AnnotationObject track = object;
    for (auto& [frame, state] : track.keyframes) {
      if (state.type != ShapeType::Mask) continue;
      any = true;
      const auto polygons = maskPolygons(state.points);
      if (polygons.empty()) {
        warnings.push_back(what + ": the mask on frame " + std::to_string(frame) + " has no area large enough for a polygon; kept as a mask");
        return {};
      }
      state.type = ShapeType::Polygon;
      state.points = polygons.front();
    }
    if (any) out.push_back(std::move(track));
    return out;
  }
  if (object.shape.type != ShapeType::Mask) return out;
  for (const auto& polygon : maskPolygons(object.shape.points)) {
    AnnotationObject part = object;
    part.shape.type = ShapeType::Polygon;
    part.shape.points = polygon;
    out.push_back(std::move(part));
  }
  if (out.empty()) warnings.push_back(what + ": the mask has no area large enough for a polygon; kept as a mask");
  return out;
}

std::string describe(const AnnotationObject& object, const LabelSchema& labels) {
  const Label* label = labels.label(object.label);
  return std::string(toString(object.kind)) + " #" + std::to_string(object.id) + " (" + (label ? label->name : "no label") + ")";
}

}  // namespace

ImportPlan planImport(const AnnotationSet& imported, const Task& target, const ImportOptions& options) {
  ImportPlan plan;
  plan.labels = target.labels;
  plan.warnings = imported.warnings;
  if (imported.task.dimension != target.dimension)
    plan.errors.push_back(std::string("the annotations are for a ") +
                          (imported.task.dimension == TaskDimension::PointCloud3D ? "3D (point cloud)" : "2D (image)") +
                          " task but this task is " + (target.dimension == TaskDimension::PointCloud3D ? "3D" : "2D"));
  const std::vector<int> frames = mapFrames(imported.task, target, plan.warnings);
  LabelMapper labels{imported.task.labels, plan.labels, options, plan, {}, {}};
  // Labels in the imported schema's order, so errors and created labels come out in that order.
  std::set<LabelId> used;
  for (const AnnotationObject& o : imported.objects) used.insert(o.label);
  for (const Label* label : imported.task.labels.topLevelLabels())
    if (used.count(label->id)) labels.map(label->id);
  std::map<std::string, int> missingFrames;  // imported frame name → objects on it
  for (const AnnotationObject& source : imported.objects) {
    const std::string what = describe(source, imported.task.labels);
    AnnotationObject object = source;
    object.id = 0;
    object.label = labels.map(source.label);
    if (object.label == kNoLabel) continue;  // reported once per label
    auto frameOf = [&](int f) {
      if (f < 0 || f >= static_cast<int>(frames.size())) {
        ++missingFrames["#" + std::to_string(f)];
        return -1;
      }
      if (frames[static_cast<std::size_t>(f)] < 0) ++missingFrames[imported.task.frames[static_cast<std::size_t>(f)].name];
      return frames[static_cast<std::size_t>(f)];
    };
    bool ok = true;
    if (object.isTrack()) {
      object.keyframes.clear();
      object.trackAttributes = labels.mapAttributes(source.label, object.label, source.trackAttributes, what);
      for (const auto& [f, state] : source.keyframes) {
        const int frame = frameOf(f);
        if (frame < 0) {
          ok = false;
          continue;
        }
        ShapeState mapped = state;
        labels.mapState(source.label, object.label, mapped, what);
        object.keyframes[frame] = std::move(mapped);
      }
    } else {
      object.frame = frameOf(source.frame);
      ok = object.frame >= 0;
      labels.mapState(source.label, object.label, object.shape, what);
    }
    if (!ok) continue;
    if (options.masksToPolygons) {
      std::vector<AnnotationObject> polygons = masksAsPolygons(object, plan.warnings, what);
      const Label* label = plan.labels.label(object.label);
      if (!polygons.empty() && label && !labelAllowsShape(label->type, ShapeType::Polygon)) {
        plan.warnings.push_back(what + ": label '" + label->name + "' does not allow polygons; the mask is kept");
        polygons.clear();
      }
      if (!polygons.empty()) {
        for (auto& p : polygons) plan.objects.push_back(std::move(p));
        continue;
      }
    }
    plan.objects.push_back(std::move(object));
  }
  for (const auto& [name, n] : missingFrames)
    plan.errors.push_back("frame '" + name + "' (" + std::to_string(n) + (n == 1 ? " object" : " objects") +
                          ") is not in the task");
  return plan;
}

}  // namespace labelstation::io

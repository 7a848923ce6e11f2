// CVAT task backup (formats.md §7.2; CVAT's engine/backup.py and the task creation it calls,
// engine/task.py): task.json (task, labels, data and job settings), annotations.json (one entry per
// job) and data/ (the media as CVAT re-uploads them). "Create from backup" rebuilds the task from
// data/ first, so the layout is chosen for that restore path:
//  - 2D: the images under their frame names, plus a manifest.jsonl listing them in frame order with
//    sorting_method "predefined": a restore with the "cache" storage method then takes the
//    manifest's order (task.py _restore_file_order_from_manifest), whatever the names are;
//  - 3D: pointcloud/<id>.pcd + related_images/<id>_pcd/ (§7.1). CVAT orders restored clouds by
//    sorting_method alone (the manifest is only checked against that order), so the names are made
//    to sort lexicographically in frame order.
// One job covers every frame. Ids are left out; labels and attributes go by name, as in CVAT's own
// backups.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <optional>
#include <string_view>
#include <system_error>

#include <nlohmann/json.hpp>

#include "format_common.h"
#include "format_files.h"
#include "formats.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/skeleton_svg.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"
#include "labelstation/io/label_json.h"

namespace labelstation::io::formats {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

// The N of "step=N" anywhere in CVAT's frame_filter (blanks around "=" allowed, N from 1 to
// 999,999,999), scanned by hand: a backtracking regex over file content can take the stack.
std::optional<long long> frameFilterStep(std::string_view filter) {
  auto isBlank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; };
  for (std::size_t at = filter.find("step"); at != std::string_view::npos; at = filter.find("step", at + 1)) {
    std::size_t i = at + 4;
    while (i < filter.size() && isBlank(filter[i])) ++i;
    if (i == filter.size() || filter[i] != '=') continue;
    ++i;
    while (i < filter.size() && isBlank(filter[i])) ++i;
    if (i == filter.size() || filter[i] < '1' || filter[i] > '9') continue;
    long long step = 0;
    for (int digits = 0; digits < 9 && i < filter.size() && filter[i] >= '0' && filter[i] <= '9'; ++digits, ++i) step = step * 10 + (filter[i] - '0');
    return step;
  }
  return std::nullopt;
}

constexpr const char* kBackupVersion = "1.0";  // backup.py Version.V1, checked on restore

// ---------------------------------------------------------------------------------------------
// Writing

enum class Mutability { All, Mutable, Immutable };

// CVAT's serializers accept rotations in [0, 360] only.
double cvatRotation(double degrees) {
  const double r = std::fmod(degrees, 360.0);
  return r < 0 ? r + 360.0 : r;
}

// The labels as backup.py keeps them (_prepare_label_meta): name, color, attributes, type, and for
// top-level labels svg and sublabels. No ids: the svg names sub-labels by data-label-name only,
// since the restore turns each data-label-name into a fresh data-label-id.
OrderedJson backupLabels(const LabelSchema& schema) {
  OrderedJson labels = OrderedJson::parse(writeLabelJson(schema));
  std::size_t index = 0;
  auto clean = [&](OrderedJson& label) {
    label.erase("id");
    if (label.value("color", std::string()).empty()) label["color"] = defaultLabelColor(index);
    ++index;
    for (OrderedJson& a : label["attributes"]) a.erase("id");
  };
  for (OrderedJson& label : labels) {
    clean(label);
    if (!label.contains("sublabels")) label["sublabels"] = OrderedJson::array();
    for (OrderedJson& sub : label["sublabels"]) clean(sub);
    const Label* skeleton = schema.labelByName(label.value("name", std::string()));
    label["svg"] = skeleton && skeleton->type == LabelType::Skeleton ? writeSkeletonSvg(skeletonDrawing(schema, *skeleton, false)) : "";
  }
  return labels;
}

class AnnotationsWriter {
 public:
  explicit AnnotationsWriter(const LabelSchema& labels) : labels_(labels) {}

  OrderedJson job(const AnnotationSet& set) const {
    OrderedJson tags = OrderedJson::array(), shapes = OrderedJson::array(), tracks = OrderedJson::array();
    for (const AnnotationObject& o : set.objects) {
      const Label* label = labels_.label(o.label);
      if (!label) continue;  // no name to give it
      if (o.kind == ObjectKind::Tag) {
        OrderedJson tag = common(o, *label, o.frame);
        tag["attributes"] = attributes(*label, o.shape.attributes);
        tags.push_back(std::move(tag));
      } else if (!o.isTrack()) {
        shapes.push_back(shape(o, *label));
      } else if (!o.keyframes.empty()) {
        tracks.push_back(track(o, *label));
      }
    }
    return {{"version", 0}, {"tags", tags}, {"shapes", shapes}, {"tracks", tracks}};
  }

 private:
  static OrderedJson common(const AnnotationObject& o, const Label& label, int frame) {
    return {{"frame", frame}, {"label", label.name}, {"group", o.group}, {"source", std::string(toString(o.source))}};
  }

  static OrderedJson attributes(const Label& label, const AttributeValues& values, Mutability which = Mutability::All) {
    OrderedJson out = OrderedJson::array();
    for (const AttributeSpec& spec : label.attributes) {
      if (which != Mutability::All && spec.isMutable != (which == Mutability::Mutable)) continue;
      if (auto it = values.find(spec.id); it != values.end()) out.push_back({{"name", spec.name}, {"value", it->second}});
    }
    return out;
  }

  // ShapeSerializer's fields. 3D cuboids are CVAT's "cuboid" with 16 numbers (§1.5).
  static OrderedJson geometry(const ShapeState& s) {
    std::vector<double> points = s.type == ShapeType::Skeleton ? std::vector<double>() : s.points;
    if (s.type == ShapeType::Cuboid3D) points.resize(16, 0.0);
    return {{"type", s.type == ShapeType::Cuboid3D ? std::string("cuboid") : std::string(toString(s.type))},
            {"occluded", s.occluded},
            {"outside", s.outside},
            {"z_order", s.zOrder},
            {"rotation", cvatRotation(s.rotation)},
            {"points", points}};
  }

  static ShapeState elementState(const SkeletonElement& e, int zOrder) {
    return ShapeState{ShapeType::Points, e.points, 0.0, e.occluded, e.outside, zOrder, {}, e.attributes};
  }

  // A shape, or a track's shape on one frame (`o` null: no label, group or source of its own).
  static OrderedJson shapeJson(const AnnotationObject* o, const Label& label, int frame, const ShapeState& s,
                               OrderedJson values) {
    OrderedJson j = o ? common(*o, label, frame) : OrderedJson{{"frame", frame}};
    j.update(geometry(s));
    j["attributes"] = std::move(values);
    return j;
  }

  OrderedJson shape(const AnnotationObject& o, const Label& label) const {
    OrderedJson j = shapeJson(&o, label, o.frame, o.shape, attributes(label, o.shape.attributes));
    if (o.shape.type != ShapeType::Skeleton) return j;
    OrderedJson elements = OrderedJson::array();
    for (const SkeletonElement& e : o.shape.elements)
      if (const Label* sub = labels_.label(e.label))
        elements.push_back(shapeJson(&o, *sub, o.frame, elementState(e, o.shape.zOrder), attributes(*sub, e.attributes)));
    j["elements"] = std::move(elements);
    return j;
  }

  // Keyframes (outside ones included) are the track's shapes; immutable values sit on the track.
  // A skeleton's points become element tracks of their own, with a shape at each keyframe.
  OrderedJson track(const AnnotationObject& o, const Label& label) const {
    OrderedJson j = common(o, label, o.keyframes.begin()->first);
    j["attributes"] = attributes(label, o.trackAttributes);
    j["shapes"] = OrderedJson::array();
    for (const auto& [frame, state] : o.keyframes)
      j["shapes"].push_back(shapeJson(nullptr, label, frame, state, attributes(label, state.attributes)));
    if (o.shapeType() != ShapeType::Skeleton) return j;
    j["elements"] = OrderedJson::array();
    for (LabelId subId : label.sublabels) {
      const Label* sub = labels_.label(subId);
      OrderedJson element;
      for (const auto& [frame, state] : o.keyframes)
        for (const SkeletonElement& e : state.elements) {
          if (e.label != subId) continue;
          if (element.is_null()) {
            element = common(o, *sub, frame);
            element["attributes"] = attributes(*sub, e.attributes, Mutability::Immutable);
            element["shapes"] = OrderedJson::array();
          }
          OrderedJson values = attributes(*sub, e.attributes, Mutability::Mutable);
          element["shapes"].push_back(shapeJson(nullptr, *sub, frame, elementState(e, state.zOrder), std::move(values)));
        }
      if (!element.is_null()) j["elements"].push_back(std::move(element));
    }
    return j;
  }

  const LabelSchema& labels_;
};

// A media file of the backup: its path below data/ and its related images there.
struct StoredFrame {
  std::string path;
  std::vector<std::string> related;
};

// A frame name as a path below data/ that CVAT shows as that name, or "" when it could leave data/
// or would be taken for a related image.
std::string safeRelativePath(const std::string& name) {
  const fs::path p = fs::path(name).lexically_normal();
  if (name.empty() || name.find('\\') != std::string::npos || p.is_absolute()) return {};
  for (const fs::path& part : p)
    if (part == ".." || part == "." || part == "related_images") return {};
  return p.generic_string();
}

// Related images of a frame into `folder` below data/, one file each (names made unique).
std::vector<std::string> copyRelatedImages(const FrameInfo& frame, const std::string& folder, const OutputTarget& out) {
  std::vector<std::string> stored;
  std::set<std::string> names;
  for (std::size_t i = 0; i < frame.relatedImages.size(); ++i) {
    std::string name = fs::path(frame.relatedImages[i]).filename().string();
    if (!names.insert(name).second) name = std::to_string(i) + "_" + name;
    stored.push_back(folder + "/" + name);
    copyMediaFile(frame.relatedImages[i], out.pathOf("data/" + stored.back()), frame.name);
  }
  return stored;
}

// 2D: each image under its frame name (with the file's extension when the name has no image
// extension, CVAT recognises media by extension), related images in <dir>/related_images/<name_ext>/.
std::vector<StoredFrame> writeImages(const Task& task, const OutputTarget& out, const ExportOptions& options) {
  std::vector<StoredFrame> stored;
  std::map<std::string, std::string> used;
  for (std::size_t i = 0; i < task.frames.size(); ++i) {
    reportProgress(options, out.output(), i, task.frames.size());
    const FrameInfo& frame = task.frames[i];
    std::string path = safeRelativePath(frame.name);
    if (path.empty()) path = fs::path(frame.path).filename().string();
    if (path.empty()) path = itemIdOf(frame, i);
    if (!isImageFile(path)) path += lowercaseExtension(frame.path);
    if (const auto [it, fresh] = used.emplace(path, frame.name); !fresh)
      throw IoError(out.output().string(), "frames '" + it->second + "' and '" + frame.name + "' would both be data/" + path);
    copyMediaFile(frame.path, out.pathOf("data/" + path), frame.name);
    const fs::path p(path);
    const std::string extension = p.extension().string();
    const std::string folder =
        (p.parent_path() / "related_images" / p.stem()).generic_string() + (extension.empty() ? "" : "_" + extension.substr(1));
    stored.push_back({path, copyRelatedImages(frame, folder, out)});
  }
  return stored;
}

// 3D: pointcloud/<id>.pcd and related_images/<id>_pcd/ (formats.md §7.1). Ids that would not sort
// in frame order get the frame number in front, or CVAT would restore the frames reordered.
std::vector<StoredFrame> writePointClouds(const Task& task, const OutputTarget& out, const ExportOptions& options) {
  std::vector<std::string> ids = itemIdsOf(task, out.output());
  std::vector<std::string> files;
  for (const std::string& id : ids) files.push_back(id + ".pcd");
  if (!std::is_sorted(files.begin(), files.end()))
    for (std::size_t i = 0; i < ids.size(); ++i) {
      char prefix[32];
      std::snprintf(prefix, sizeof prefix, "%06zu_", i);
      ids[i] = prefix + ids[i];
    }
  std::vector<StoredFrame> stored;
  for (std::size_t i = 0; i < task.frames.size(); ++i) {
    reportProgress(options, out.output(), i, task.frames.size());
    const FrameInfo& frame = task.frames[i];
    const std::string path = "pointcloud/" + ids[i] + ".pcd";
    savePointCloudAsPcd(frame.path, out.pathOf("data/" + path), frame.name);
    stored.push_back({path, copyRelatedImages(frame, "related_images/" + ids[i] + "_pcd", out)});
  }
  return stored;
}

// manifest.jsonl 1.1 (formats.md §7.3): names relative to data/ without extension, in frame order.
std::string manifestText(const Task& task, const std::vector<StoredFrame>& stored) {
  std::string text = "{\"version\":\"1.1\"}\n{\"type\":\"images\"}\n";
  const bool is3D = task.dimension == TaskDimension::PointCloud3D;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const fs::path p(stored[i].path);
    OrderedJson item;
    item["name"] = (p.parent_path() / p.stem()).generic_string();
    item["extension"] = p.extension().string();
    const FrameInfo& frame = task.frames[i];
    if (!is3D && frame.width > 0 && frame.height > 0) {  // else CVAT reads the size from the image
      item["width"] = frame.width;
      item["height"] = frame.height;
    }
    if (!stored[i].related.empty()) item["meta"] = {{"related_images", stored[i].related}};
    text += item.dump() + "\n";
  }
  return text;
}

OrderedJson taskJson(const AnnotationSet& set) {
  const Task& task = set.task;
  const int last = static_cast<int>(task.frames.size()) - 1;
  const bool is3D = task.dimension == TaskDimension::PointCloud3D;
  // CVAT's own default when a task is created without one (task.py): by the first image's area.
  int chunkSize = 36;
  if (!is3D && task.frames[0].width > 0 && task.frames[0].height > 0)
    chunkSize =
        static_cast<int>(std::clamp(36LL * 1920 * 1080 / (1LL * task.frames[0].width * task.frames[0].height), 2LL, 72LL));
  OrderedJson deleted = OrderedJson::array();
  for (int f = 0; f <= last; ++f)
    if (task.frames[static_cast<std::size_t>(f)].deleted) deleted.push_back(f);

  // DataSerializer's fields (image_quality is required) and chunk_type, which the restore reads.
  // "file_system" storage with predefined sorting is refused on restore: "cache" it is.
  const OrderedJson data = {{"chunk_size", chunkSize},  {"image_quality", 70},
                            {"start_frame", 0},         {"stop_frame", last},
                            {"chunk_type", "imageset"}, {"storage_method", "cache"},
                            {"storage", "local"},       {"sorting_method", is3D ? "lexicographical" : "predefined"},
                            {"deleted_frames", deleted}};
  // The restore derives segment_size and overlap from the jobs (_calculate_segment_size); CVAT drops
  // "frames" for range segments (SegmentSerializer), so a job has these four fields.
  const OrderedJson job = {{"start_frame", 0}, {"stop_frame", last}, {"status", "annotation"}, {"type", "annotation"}};
  return {{"name", task.name.empty() ? std::string("Labelstation task") : task.name},
          {"bug_tracker", ""},
          {"status", "annotation"},
          {"subset", ""},
          {"labels", backupLabels(task.labels)},
          {"version", kBackupVersion},
          {"data", data},
          {"jobs", OrderedJson::array({job})}};
}

// ---------------------------------------------------------------------------------------------
// Reading

const Json* field(const Json& o, const char* key) {
  const auto it = o.find(key);
  return it == o.end() || it->is_null() ? nullptr : &*it;
}

std::string text(const Json& o, const char* key, const std::string& fallback) {
  const Json* v = field(o, key);
  return v && v->is_string() ? v->get<std::string>() : fallback;
}

class AnnotationsReader {
 public:
  AnnotationsReader(AnnotationSet& set, std::string file) : set_(set), file_(std::move(file)) {}

  void read(const Json& jobs) {
    if (!jobs.is_array()) fail("the file", "expected a list with one entry per job");
    static const std::pair<const char*, const char*> kKinds[] = {{"tags", "tag"}, {"shapes", "shape"}, {"tracks", "track"}};
    std::set<std::string> earlierJobs, thisJob;  // overlapping jobs repeat the objects they share
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const std::string where = "job " + std::to_string(j + 1);
      if (!jobs[j].is_object()) fail(where, "is not a JSON object");
      for (const auto& [kind, one] : kKinds) {
        const Json* entries = field(jobs[j], kind);
        if (!entries) continue;
        if (!entries->is_array()) fail(where, std::string("\"") + kind + "\" is not a list");
        for (std::size_t i = 0; i < entries->size(); ++i) {
          const Json& entry = (*entries)[i];
          if (jobs.size() > 1) {
            const std::string key = entry.dump();
            if (earlierJobs.count(key)) continue;
            thisJob.insert(key);
          }
          const std::string at = where + ", " + one + " " + std::to_string(i + 1);
          if (!entry.is_object()) fail(at, "is not a JSON object");
          const std::string_view k(kind);
          AnnotationObject o = k == "tracks" ? track(entry, at) : shapeOrTag(entry, at, k == "tags");
          if (o.isTrack() && o.keyframes.empty()) continue;
          o.id = static_cast<ObjectId>(set_.objects.size()) + 1;
          set_.objects.push_back(std::move(o));
        }
      }
      earlierJobs.insert(thisJob.begin(), thisJob.end());
      thisJob.clear();
    }
  }

 private:
  [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
    throw IoError(file_, where + ": " + problem);
  }

  bool flag(const Json& o, const char* key, const std::string& where) const {
    const Json* v = field(o, key);
    if (v && !v->is_boolean() && !v->is_number_integer()) fail(where, std::string("\"") + key + "\" is not true or false");
    return v && (v->is_boolean() ? v->get<bool>() : v->get<long long>() != 0);
  }

  double number(const Json& o, const char* key, const std::string& where) const {
    const Json* v = field(o, key);
    if (v && !v->is_number()) fail(where, std::string("\"") + key + "\" is not a number");
    return v ? v->get<double>() : 0.0;
  }

  int integer(const Json& o, const char* key, const std::string& where) const {
    const double v = number(o, key, where);
    if (v != std::floor(v) || std::fabs(v) > 2e9) fail(where, std::string("\"") + key + "\" is not an integer");
    return static_cast<int>(v);
  }

  int frameOf(const Json& o, const std::string& where) const {
    if (!field(o, "frame")) fail(where, "has no \"frame\"");
    const int frame = integer(o, "frame", where);
    const int count = static_cast<int>(set_.task.frames.size());
    if (frame < 0 || frame >= count)
      fail(where, "frame " + std::to_string(frame) + " is beyond the data (" + std::to_string(count) + " frames in data/)");
    return frame;
  }

  const Label& labelOf(const Json& o, LabelId parent, const std::string& where) const {
    const Json* name = field(o, "label");
    if (!name || !name->is_string()) fail(where, "has no \"label\" name");
    const Label* label = set_.task.labels.labelByName(name->get<std::string>(), parent);
    if (!label)
      fail(where, "label '" + name->get<std::string>() + "' is not declared in task.json" +
                      (parent == kNoLabel ? std::string() : " under '" + set_.task.labels.label(parent)->name + "'"));
    return *label;
  }

  void readAttributes(const Json& o, const Label& label, AttributeValues& out, const std::string& where) const {
    const Json* list = field(o, "attributes");
    if (!list) return;
    if (!list->is_array()) fail(where, "\"attributes\" is not a list");
    for (const Json& a : *list) {
      const Json* name = a.is_object() ? field(a, "name") : nullptr;
      if (!name || !name->is_string()) fail(where, "an attribute has no \"name\"");
      const AttributeSpec* spec = label.attributeByName(name->get<std::string>());
      if (!spec) fail(where, "attribute '" + name->get<std::string>() + "' is not declared for label '" + label.name + "'");
      out[spec->id] = a.contains("value") ? attributeText(a["value"]) : std::string();
    }
  }

  ShapeState state(const Json& o, const Label& label, const std::string& where) const {
    ShapeState s;
    const Json* type = field(o, "type");
    const std::optional<ShapeType> parsed =
        type && type->is_string() ? shapeTypeFromString(type->get<std::string>()) : std::nullopt;
    if (!parsed) fail(where, "unknown shape type " + (type ? type->dump() : std::string("(none)")));
    s.type = *parsed;
    const bool cuboid3D = label.type == LabelType::Cuboid3D || set_.task.dimension == TaskDimension::PointCloud3D;
    if (s.type == ShapeType::Cuboid2D && cuboid3D) s.type = ShapeType::Cuboid3D;
    if (const Json* points = field(o, "points")) {
      if (!points->is_array()) fail(where, "\"points\" is not a list");
      for (const Json& p : *points) {
        if (!p.is_number()) fail(where, "\"points\" holds something other than numbers");
        s.points.push_back(p.get<double>());
      }
    }
    if (s.type == ShapeType::Cuboid3D && s.points.size() > 9) s.points.resize(9);  // the 7 zeros CVAT pads with
    s.occluded = flag(o, "occluded", where);
    s.outside = flag(o, "outside", where);
    s.zOrder = integer(o, "z_order", where);
    s.rotation = number(o, "rotation", where);
    readAttributes(o, label, s.attributes, where);
    return s;
  }

  void check(const ShapeState& s, const std::string& where) const {
    if (s.type == ShapeType::Skeleton) return;
    const std::string problem = checkGeometry(s);
    if (!problem.empty()) fail(where, problem);
  }

  AnnotationObject newObject(const Json& o, const Label& label, ObjectKind kind, const std::string& where) const {
    AnnotationObject made;
    made.kind = kind;
    made.label = label.id;
    made.group = std::max(0, integer(o, "group", where));
    made.source = sourceFromString(text(o, "source", "manual")).value_or(Source::Manual);
    return made;
  }

  AnnotationObject shapeOrTag(const Json& o, const std::string& where, bool isTag) const {
    const Label& label = labelOf(o, kNoLabel, where);
    AnnotationObject result = newObject(o, label, isTag ? ObjectKind::Tag : ObjectKind::Shape, where);
    result.frame = frameOf(o, where);
    if (isTag) {
      readAttributes(o, label, result.shape.attributes, where);
      return result;
    }
    result.shape = state(o, label, where);
    if (const Json* elements = field(o, "elements")) {
      for (std::size_t i = 0; elements->is_array() && i < elements->size(); ++i) {
        const Json& e = (*elements)[i];
        const std::string at = where + ", element " + std::to_string(i + 1);
        const Label& sub = labelOf(e, label.id, at);
        const ShapeState point = state(e, sub, at);
        result.shape.elements.push_back({sub.id, point.points, point.occluded, point.outside, point.attributes});
      }
      sortElements(label, result.shape);
    }
    check(result.shape, where);
    return result;
  }

  // A track's shapes are its keyframes; track-level values are the immutable ones. Element tracks
  // (parent set) put them on every keyframe instead: a skeleton element has one set of values.
  AnnotationObject track(const Json& o, const std::string& where, LabelId parent = kNoLabel) const {
    const Label& label = labelOf(o, parent, where);
    AnnotationObject t = newObject(o, label, ObjectKind::Track, where);
    readAttributes(o, label, t.trackAttributes, where);
    const Json* shapes = field(o, "shapes");
    if (!shapes || !shapes->is_array() || shapes->empty()) {
      set_.warnings.push_back(file_ + ": " + where + " has no shapes: left out");
      return t;
    }
    for (std::size_t i = 0; i < shapes->size(); ++i) {
      const std::string at = where + ", shape " + std::to_string(i + 1);
      const Json& s = (*shapes)[i];
      if (!s.is_object()) fail(at, "is not a JSON object");
      ShapeState keyframe = state(s, label, at);
      check(keyframe, at);
      if (parent != kNoLabel) keyframe.attributes.insert(t.trackAttributes.begin(), t.trackAttributes.end());
      t.keyframes[frameOf(s, at)] = std::move(keyframe);
    }
    if (const Json* elements = field(o, "elements"); elements && elements->is_array() && !elements->empty()) {
      std::vector<AnnotationObject> elementTracks;
      for (std::size_t i = 0; i < elements->size(); ++i)
        elementTracks.push_back(track((*elements)[i], where + ", element " + std::to_string(i + 1), label.id));
      mergeElementTracks(t, label, elementTracks);
    }
    return t;
  }

  // Our skeleton keyframes carry their points: every frame where the skeleton or one of its
  // element tracks has a keyframe becomes a keyframe, each element taking its track's state there.
  static void mergeElementTracks(AnnotationObject& skeleton, const Label& label,
                                 const std::vector<AnnotationObject>& elementTracks) {
    std::set<int> frames;
    for (const auto& [frame, s] : skeleton.keyframes) frames.insert(frame);
    for (const AnnotationObject& e : elementTracks)
      for (const auto& [frame, s] : e.keyframes) frames.insert(frame);
    const AnnotationObject bare = skeleton;
    skeleton.keyframes.clear();
    for (int frame : frames) {
      ShapeState s = stateAt(bare, frame).value_or(bare.keyframes.begin()->second);
      s.type = ShapeType::Skeleton;
      s.points.clear();
      for (LabelId sub : label.sublabels)
        for (const AnnotationObject& e : elementTracks) {
          if (e.label != sub || e.keyframes.empty()) continue;
          const std::optional<ShapeState> at = stateAt(e, frame);
          const ShapeState& point = at ? *at : e.keyframes.begin()->second;
          s.elements.push_back({sub, point.points, point.occluded, point.outside || !at, point.attributes});
        }
      skeleton.keyframes[frame] = std::move(s);
    }
  }

  static void sortElements(const Label& skeleton, ShapeState& s) {
    auto rank = [&](LabelId id) {
      return std::find(skeleton.sublabels.begin(), skeleton.sublabels.end(), id) - skeleton.sublabels.begin();
    };
    std::stable_sort(s.elements.begin(), s.elements.end(),
                     [&](const SkeletonElement& a, const SkeletonElement& b) { return rank(a.label) < rank(b.label); });
  }

  AnnotationSet& set_;
  std::string file_;
};

// The frames CVAT builds from data/: the manifest's order when there is one, else sorting_method's,
// then start_frame, stop_frame and frame_filter ("step=N").
std::vector<FrameInfo> framesOf(const Dataset& dataset, const Json& data, const InputRoot& root,
                                std::vector<std::string>& warnings) {
  std::vector<DatasetFrame> scanned = dataset.frames;
  const std::string sorting = text(data, "sorting_method", "lexicographical");
  if (dataset.manifest.empty() && sorting == "lexicographical")
    std::sort(scanned.begin(), scanned.end(),  // as Python sorts the paths: by their bytes
              [](const DatasetFrame& a, const DatasetFrame& b) { return a.media.generic_string() < b.media.generic_string(); });
  else if (dataset.manifest.empty() && sorting != "natural")
    warnings.push_back(root.nameOf(dataset.root) + ": sorting method '" + sorting +
                       "' without a manifest.jsonl: frames taken in natural order");
  const long long count = static_cast<long long>(scanned.size());
  const Json* start = field(data, "start_frame");
  const Json* stop = field(data, "stop_frame");
  const long long first = start && start->is_number_integer() ? std::max(0LL, start->get<long long>()) : 0;
  const long long last = stop && stop->is_number_integer() ? std::min(count - 1, stop->get<long long>()) : count - 1;
  const long long step = frameFilterStep(text(data, "frame_filter", "")).value_or(1);

  Dataset picked = dataset;
  picked.frames.clear();
  for (long long i = first; i <= last; i += step) picked.frames.push_back(scanned[static_cast<std::size_t>(i)]);
  std::vector<FrameInfo> frames = taskFromDataset(picked, "").frames;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    frames[i].path = root.keptPath(picked.frames[i].media);  // files of an extracted zip vanish
    frames[i].relatedImages.clear();
    for (const fs::path& image : picked.frames[i].relatedImages)
      if (std::string kept = root.keptPath(image); !kept.empty()) frames[i].relatedImages.push_back(kept);
  }
  return frames;
}

}  // namespace

AnnotationSet importCvatBackup(const fs::path& input, const ImportOptions&) {
  const InputRoot root(input);
  fs::path taskFile = root.folder() / "task.json";
  std::error_code ec;
  if (!fs::is_regular_file(taskFile, ec)) taskFile = findFileBelow(root.folder(), "task.json");
  if (taskFile.empty()) throw IoError(input.string(), "holds no task.json: not a CVAT task backup");
  const fs::path backup = taskFile.parent_path();
  const Json task = parseJsonFile(taskFile, root.nameOf(taskFile));
  if (!task.is_object()) throw IoError(root.nameOf(taskFile), "expected a JSON object");

  AnnotationSet set;
  set.task.name = text(task, "name", "");
  if (text(task, "version", "") != kBackupVersion)
    set.warnings.push_back(root.nameOf(taskFile) + ": backup version " +
                           (task.contains("version") ? task["version"].dump() : "(none)") + " is not \"1.0\"; read as 1.0");
  set.task.labels = parseLabelJson((task.contains("labels") ? task["labels"] : Json::array()).dump(), root.nameOf(taskFile));
  std::size_t index = 0;
  bool cuboid3DLabel = false;
  for (const Label& l : set.task.labels.allLabels()) {
    if (l.color.empty()) set.task.labels.label(l.id)->color = defaultLabelColor(index);
    cuboid3DLabel = cuboid3DLabel || l.type == LabelType::Cuboid3D;
    ++index;
  }

  const fs::path dataFolder = backup / "data";
  if (!fs::is_directory(dataFolder, ec)) throw IoError(root.nameOf(dataFolder), "missing: the backup holds no media");
  for (fs::directory_iterator it(dataFolder, ec), end; !ec && it != end; it.increment(ec))
    if (isVideoFile(it->path()))
      throw IoError(root.nameOf(it->path()), "the backup of a video task: Labelstation reads image and point-cloud tasks");
  const Json* data = field(task, "data");
  const Dataset dataset = scanDataset(dataFolder);
  set.task.frames = framesOf(dataset, data && data->is_object() ? *data : Json::object(), root, set.warnings);
  set.task.dimension = dataset.is3D() || cuboid3DLabel ? TaskDimension::PointCloud3D : TaskDimension::Image2D;
  if (data && data->contains("deleted_frames") && (*data)["deleted_frames"].is_array())
    for (const Json& f : (*data)["deleted_frames"])
      if (f.is_number_integer() && f.get<long long>() >= 0 && f.get<long long>() < static_cast<long long>(set.task.frames.size()))
        set.task.frames[f.get<std::size_t>()].deleted = true;

  const fs::path annotationsFile = backup / "annotations.json";
  if (!fs::is_regular_file(annotationsFile, ec)) throw IoError(root.nameOf(annotationsFile), "missing from the backup");
  AnnotationsReader(set, root.nameOf(annotationsFile)).read(parseJsonFile(annotationsFile, root.nameOf(annotationsFile)));
  return set;
}

ExportWarnings exportCvatBackup(const AnnotationSet& set, const fs::path& output, const ExportOptions& options) {
  // Media always go along (saveMedia is ignored): the restore rebuilds the task from data/.
  if (set.task.frames.empty()) throw IoError(output.string(), "a task backup needs at least one frame");
  const OutputTarget out(output);
  const std::vector<StoredFrame> stored =
      set.task.dimension == TaskDimension::PointCloud3D ? writePointClouds(set.task, out, options) : writeImages(set.task, out, options);
  out.writeFile("data/manifest.jsonl", manifestText(set.task, stored));
  out.writeFile("task.json", taskJson(set).dump());
  out.writeFile("annotations.json", OrderedJson::array({AnnotationsWriter(set.task.labels).job(set)}).dump());
  out.commit();
  return {};
}

}  // namespace labelstation::io::formats

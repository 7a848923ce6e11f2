// Sly Point Cloud Format 1.0 (Supervisely point clouds as datumaro reads and writes them,
// formats.md §3): meta.json (classes and tags), key_id_map.json (keys → ids and frame numbers),
// ds0/ann/<cloud>.json per frame, ds0/pointcloud/ and ds0/related_images/<id>_pcd/.
// Cuboid geometry maps axis for axis (position, rotation, dimensions = scale).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <random>
#include <set>
#include <system_error>

#include <nlohmann/json.hpp>

#include "format_common.h"
#include "format_files.h"
#include "formats.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"

namespace labelstation::io::formats {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr const char* kMetaFile = "meta.json";
constexpr const char* kKeyIdFile = "key_id_map.json";
constexpr const char* kDataset = "ds0";

// Frame-level attributes datumaro never writes as tags.
bool isSpecialItemAttribute(const std::string& name) {
  return name == "description" || name == "track_id" || name == "labelerLogin" || name == "createdAt" || name == "updatedAt" ||
         name == "frame";
}

struct TagMeta {
  std::string valueType;  // any_string, any_number, oneof_string
  std::vector<std::string> values;
};

class SlyReader {
 public:
  SlyReader(const InputRoot& root, fs::path folder, AnnotationSet& set)
      : root_(root), folder_(std::move(folder)), set_(set), builder_(root.nameOf(folder_ / kMetaFile), set.warnings) {}

  void read() {
    readMeta();
    readKeyIdMap();
    const fs::path annotations = folder_ / kDataset / "ann";
    std::error_code ec;
    if (!fs::is_directory(annotations, ec)) throw IoError(root_.nameOf(folder_), "no ds0/ann folder next to meta.json");
    std::vector<fs::path> files;
    for (fs::recursive_directory_iterator it(annotations, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec) && it->path().extension() == ".json") files.push_back(it->path());
    std::sort(files.begin(), files.end(),
              [](const fs::path& a, const fs::path& b) { return naturalLess(a.string(), b.string()); });

    // Frames in the order of their frame numbers (key_id_map "videos").
    std::map<long long, std::pair<fs::path, Json>> byFrame;
    for (const fs::path& file : files) {
      file_ = root_.nameOf(file);
      Json ann = parseJsonFile(file);
      if (!ann.is_object()) fail("expected a JSON object");
      const std::string key = stringField(ann, "key", "the annotation");
      auto frame = videos_.find(key);
      if (frame == videos_.end()) fail("its key '" + key + "' is not in " + std::string(kKeyIdFile) + " \"videos\"");
      if (byFrame.count(frame->second))
        fail("frame " + std::to_string(frame->second) + " is also that of " + root_.nameOf(byFrame[frame->second].first));
      byFrame.emplace(frame->second, std::make_pair(file, std::move(ann)));
    }
    for (const auto& [number, entry] : byFrame) {
      std::string name = fs::relative(entry.first, annotations).generic_string();
      name = name.substr(0, name.size() - 5);  // "frame1.pcd.json" → "frame1.pcd"
      FrameInfo frame;
      frame.name = fs::path(name).replace_extension().generic_string();
      frame.path = root_.keptPath(folder_ / kDataset / "pointcloud" / name);
      const fs::path related = folder_ / kDataset / "related_images" / (frame.name + "_pcd");
      std::vector<std::string> images;
      for (fs::directory_iterator it(related, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && isImageFile(it->path())) images.push_back(root_.keptPath(it->path()));
      std::sort(images.begin(), images.end());
      for (const std::string& image : images)
        if (!image.empty()) frame.relatedImages.push_back(image);
      set_.task.frames.push_back(std::move(frame));
    }
    int index = 0;
    for (const auto& [number, entry] : byFrame) {
      file_ = root_.nameOf(entry.first);
      readFrame(entry.second, index++);
    }
    builder_.build(set_);
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const { throw IoError(file_, problem); }

  std::string stringField(const Json& object, const char* key, const std::string& what) const {
    if (!object.contains(key)) fail(what + " has no \"" + key + "\"");
    if (!object[key].is_string()) fail(what + ": \"" + key + "\" is not a string");
    return object[key].get<std::string>();
  }
  const Json& arrayField(const Json& object, const char* key, const std::string& what) const {
    static const Json empty = Json::array();
    if (!object.contains(key)) return empty;
    if (!object[key].is_array()) fail(what + ": \"" + key + "\" is not an array");
    return object[key];
  }

  void readMeta() {
    file_ = root_.nameOf(folder_ / kMetaFile);
    const Json meta = parseJsonFile(folder_ / kMetaFile);
    if (!meta.is_object()) fail("expected a JSON object");
    std::vector<std::string> classes;
    for (const Json& c : arrayField(meta, "classes", "meta.json")) {
      if (!c.is_object()) fail("a class is not a JSON object");
      classes.push_back(stringField(c, "title", "a class"));
      const std::string color = c.contains("color") && c["color"].is_string() ? c["color"].get<std::string>() : "";
      colors_.push_back(color.size() == 7 && color[0] == '#' ? color : "");
    }
    std::map<std::string, std::vector<DeclaredAttribute>> attributes;
    for (const Json& t : arrayField(meta, "tags", "meta.json")) {
      if (!t.is_object()) fail("a tag is not a JSON object");
      const std::string name = stringField(t, "name", "a tag");
      TagMeta tag;
      tag.valueType = t.contains("value_type") && t["value_type"].is_string() ? t["value_type"].get<std::string>() : "any_string";
      for (const Json& v : arrayField(t, "values", "tag '" + name + "'")) tag.values.push_back(attributeText(v));
      tags_[name] = tag;
      const std::string applicable =
          t.contains("applicable_type") && t["applicable_type"].is_string() ? t["applicable_type"].get<std::string>() : "all";
      if (applicable == "imagesOnly") continue;  // a frame attribute
      if (applicable != "all" && applicable != "objectsOnly")
        fail("tag '" + name + "' has unknown applicable_type '" + applicable + "'");
      if (name == "occluded") continue;  // our occlusion flag
      DeclaredAttribute declared{name, std::nullopt, {}, std::nullopt};
      if (tag.valueType == "oneof_string" && !tag.values.empty()) {
        declared.type = AttributeInputType::Select;
        declared.values = tag.values;
      } else if (tag.valueType == "any_number") {
        declared.type = AttributeInputType::Text;
      }
      std::vector<std::string> forClasses;
      for (const Json& c : arrayField(t, "classes", "tag '" + name + "'")) {
        if (!c.is_string()) fail("tag '" + name + "': a class name is not a string");
        if (std::find(classes.begin(), classes.end(), c.get<std::string>()) == classes.end())
          fail("tag '" + name + "' names class '" + c.get<std::string>() + "', which is not declared");
        forClasses.push_back(c.get<std::string>());
      }
      if (forClasses.empty()) forClasses = classes;
      for (const std::string& c : forClasses) {
        attributes[c].push_back(declared);
        labelTags_[c].push_back(name);
      }
    }
    for (std::size_t i = 0; i < classes.size(); ++i) builder_.declareLabel(classes[i], colors_[i], attributes[classes[i]]);
  }

  std::map<std::string, long long> idMap(const Json& map, const char* section) const {
    std::map<std::string, long long> out;
    if (!map.contains(section)) return out;
    if (!map[section].is_object()) fail(std::string("\"") + section + "\" is not a JSON object");
    for (const auto& [key, value] : map[section].items()) {
      if (!value.is_number_integer()) fail(std::string("\"") + section + "\": the id of '" + key + "' is not an integer");
      out[key] = value.get<long long>();
    }
    return out;
  }

  void readKeyIdMap() {
    file_ = root_.nameOf(folder_ / kKeyIdFile);
    const Json map = parseJsonFile(folder_ / kKeyIdFile);
    if (!map.is_object()) fail("expected a JSON object");
    objects_ = idMap(map, "objects");
    figures_ = idMap(map, "figures");
    videos_ = idMap(map, "videos");
  }

  // One ds0/ann file: frame tags (dropped), objects (class and tags) and their figures.
  void readFrame(const Json& ann, int frame) {
    const std::string where = "frame " + set_.task.frames[static_cast<std::size_t>(frame)].name;
    for (const Json& tag : arrayField(ann, "tags", where)) {
      const std::string name =
          tag.is_object() && tag.contains("name") && tag["name"].is_string() ? tag["name"].get<std::string>() : "";
      if (droppedFrameTags_.insert(name).second)
        set_.warnings.push_back(file_ + ": frame tag '" + name + "' dropped (Labelstation keeps no frame attributes)");
    }
    std::map<std::string, const Json*> objects;
    for (const Json& object : arrayField(ann, "objects", where)) {
      if (!object.is_object()) fail(where + ": an object is not a JSON object");
      const std::string key = stringField(object, "key", where + ": an object");
      if (!objects_.count(key)) fail(where + ": object key '" + key + "' is not in " + std::string(kKeyIdFile));
      const std::string title = stringField(object, "classTitle", where + ": object '" + key + "'");
      if (!builder_.hasLabel(title)) fail(where + ": class '" + title + "' is not declared in meta.json");
      objects[key] = &object;
    }
    for (const Json& figure : arrayField(ann, "figures", where)) {
      if (!figure.is_object()) fail(where + ": a figure is not a JSON object");
      const std::string key = stringField(figure, "key", where + ": a figure");
      if (!figures_.count(key)) fail(where + ": figure key '" + key + "' is not in " + std::string(kKeyIdFile));
      const std::string objectKey = stringField(figure, "objectKey", where + ": figure '" + key + "'");
      auto object = objects.find(objectKey);
      if (object == objects.end())
        fail(where + ": figure '" + key + "' belongs to object '" + objectKey + "', which this file does not list");
      const std::string type = figure.contains("geometryType") && figure["geometryType"].is_string()
                                   ? figure["geometryType"].get<std::string>()
                                   : "cuboid_3d";
      if (type != "cuboid_3d" && type != "cuboid") {
        if (skippedTypes_.insert(type).second)
          set_.warnings.push_back(file_ + ": '" + type + "' figures are not 3D cuboids; skipped");
        continue;
      }
      ImportedCuboid c;
      c.frame = frame;
      c.file = file_;
      c.where = where + ", figure " + std::to_string(figures_[key]);
      c.label = (*object->second)["classTitle"].get<std::string>();
      if (!figure.contains("geometry") || !figure["geometry"].is_object()) fail(c.where + ": no \"geometry\"");
      for (const char* part : {"position", "rotation", "dimensions"}) {
        const Json& geometry = figure["geometry"];
        if (!geometry.contains(part) || !geometry[part].is_object()) fail(c.where + ": geometry has no \"" + part + "\"");
        for (const char* axis : {"x", "y", "z"}) {
          const Json& v = geometry[part].contains(axis) ? geometry[part][axis] : Json();
          if (!v.is_number()) fail(c.where + ": geometry." + part + "." + axis + " is not a number");
          c.geometry.push_back(v.get<double>());
        }
      }
      std::map<std::string, std::string> values;
      for (const Json& tag : arrayField(*object->second, "tags", c.where)) {
        if (!tag.is_object()) fail(c.where + ": an object tag is not a JSON object");
        values[stringField(tag, "name", c.where + ": an object tag")] =
            tag.contains("value") ? attributeText(tag["value"]) : "";
      }
      // Missing tags get the defaults datumaro gives them.
      for (const std::string& name : labelTags_[c.label]) {
        if (values.count(name)) continue;
        const TagMeta& tag = tags_[name];
        values[name] = tag.valueType == "any_number"                            ? "0"
                       : tag.valueType == "oneof_string" && !tag.values.empty() ? tag.values.front()
                                                                                : "";
      }
      for (const auto& [name, value] : values) {
        if (name == "occluded")
          c.occluded = value == "true";
        else
          c.attributes.emplace_back(name, value);
      }
      // CVAT's customisation: a figure with "keyframe" is part of its object's track.
      if (figure.contains("keyframe")) {
        c.trackId = objects_[objectKey];
        c.keyframe = figure["keyframe"].is_boolean() ? figure["keyframe"].get<bool>()
                                                     : attributeText(figure["keyframe"]) == "true";
      }
      builder_.add(std::move(c));
    }
  }

  const InputRoot& root_;
  fs::path folder_;
  AnnotationSet& set_;
  CuboidSetBuilder builder_;
  std::string file_;
  std::vector<std::string> colors_;
  std::map<std::string, TagMeta> tags_;
  std::map<std::string, std::vector<std::string>> labelTags_;  // class → object tags declared for it
  std::map<std::string, long long> objects_, figures_, videos_;
  std::set<std::string> droppedFrameTags_, skippedTypes_;
};

// ---------------------------------------------------------------------------------------------
// Writing

class KeyMaker {
 public:
  KeyMaker() : random_(std::random_device{}()) {}
  // A random (version 4) UUID, as datumaro's uuid4().
  std::string next() {
    std::uniform_int_distribution<int> hex(0, 15);
    std::string key;
    for (int i = 0; i < 32; ++i) {
      int digit = hex(random_);
      if (i == 12) digit = 4;
      if (i == 16) digit = 8 + (digit & 3);
      key += "0123456789abcdef"[digit];
      if (i == 7 || i == 11 || i == 15 || i == 19) key += '-';
    }
    return key;
  }

 private:
  std::mt19937_64 random_;
};

// Python's str(datetime.now()): "2026-11-24 23:41:07.813376".
std::string timestampNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
  std::tm local{};
  localtime_r(&seconds, &local);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &local);
  char full[80];
  std::snprintf(full, sizeof full, "%s.%06lld", buffer, static_cast<long long>(micros));
  return full;
}

// A tag value as datumaro writes it: number attributes as numbers, everything else as text
// (checkboxes "true"/"false").
OrderedJson tagValue(const AttributeSpec* spec, const std::string& value) {
  if (spec && spec->inputType == AttributeInputType::Number) {
    if (const auto integer = parseInteger(value); integer && value.find_first_of(".eE") == std::string::npos)
      return *integer;
    if (const auto number = parseDouble(value); number && std::isfinite(*number)) return *number;
  }
  return value;
}

OrderedJson xyz(double x, double y, double z) { return OrderedJson{{"x", x}, {"y", y}, {"z", z}}; }

}  // namespace

AnnotationSet importSlyPointcloud(const std::filesystem::path& input, const ImportOptions&) {
  InputRoot root(input);
  fs::path folder;
  if (!root.file().empty()) {
    folder = root.folder();
  } else {
    const fs::path meta = findFileBelow(root.folder(), kMetaFile);
    if (meta.empty()) throw IoError(input.string(), std::string("no ") + kMetaFile + " found");
    folder = meta.parent_path();
  }
  for (const char* required : {kMetaFile, kKeyIdFile}) {
    std::error_code ec;
    if (!fs::is_regular_file(folder / required, ec))
      throw IoError(root.nameOf(folder / required), "missing (Supervisely point clouds need it)");
  }
  AnnotationSet set;
  set.task.dimension = TaskDimension::PointCloud3D;
  set.task.name = input.stem().string();
  try {
    SlyReader(root, folder, set).read();
  } catch (const Json::exception& e) {
    throw IoError(root.nameOf(folder), std::string("unexpected JSON content: ") + e.what());
  }
  return set;
}

ExportWarnings exportSlyPointcloud(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options) {
  OutputTarget target(output);
  const std::vector<std::string> ids = itemIdsOf(set.task, output);
  const std::vector<ExportedCuboid> cuboids = cuboidsForExport(set, options);
  KeyMaker keys;
  const std::string timestamp = timestampNow();
  const OrderedJson userInfo{{"labelerLogin", ""}, {"createdAt", timestamp}, {"updatedAt", timestamp}};

  // meta.json: classes in label order; tags: "occluded" for every class (datumaro's common
  // attribute), then each label attribute, objectsOnly, for the classes that have it.
  OrderedJson classes = OrderedJson::array();
  std::vector<std::string> tagOrder = {"occluded"};
  std::map<std::string, std::vector<std::string>> tagClasses{{"occluded", {}}};
  std::map<std::string, std::string> tagTypes{{"occluded", "any_string"}};
  for (const Label* label : set.task.labels.topLevelLabels()) {
    classes.push_back(OrderedJson{{"id", classes.size()},
                                  {"title", label->name},
                                  {"color", label->color},
                                  {"shape", "cuboid_3d"},
                                  {"geometry_config", OrderedJson::object()}});
    for (const AttributeSpec& a : label->attributes) {
      if (isSpecialItemAttribute(a.name) || a.name == "occluded") continue;
      if (!tagClasses.count(a.name)) {
        tagOrder.push_back(a.name);
        tagTypes[a.name] = a.inputType == AttributeInputType::Number ? "any_number" : "any_string";
      }
      tagClasses[a.name].push_back(label->name);
    }
  }
  OrderedJson tags = OrderedJson::array();
  for (const std::string& name : tagOrder)
    tags.push_back(OrderedJson{{"name", name},
                               {"value_type", tagTypes[name]},
                               {"color", ""},
                               {"id", tags.size() + 1},
                               {"hotkey", ""},
                               {"applicable_type", "objectsOnly"},
                               {"classes", tagClasses[name]}});
  target.writeFile(kMetaFile, OrderedJson{{"classes", classes}, {"tags", tags}, {"projectType", "point_clouds"}}.dump(2));

  // Plain (sorted) JSON objects: ordered_json looks keys up linearly, which is quadratic over a
  // long task's hundreds of thousands of figures. Readers do not care about key order here.
  nlohmann::json objectIds = nlohmann::json::object(), figureIds = nlohmann::json::object(), videos = nlohmann::json::object();
  std::map<const AnnotationObject*, std::string> objectKeys;  // one key per object (a track keeps its key)
  target.makeFolder(std::string(kDataset) + "/ann");
  target.makeFolder(std::string(kDataset) + "/pointcloud");
  target.makeFolder(std::string(kDataset) + "/related_images");
  std::size_t next = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    reportProgress(options, output, i, ids.size());
    if (!isWrittenFrame(set, i)) continue;
    const std::string frameKey = keys.next();
    videos[frameKey] = i;
    OrderedJson objects = OrderedJson::array(), figures = OrderedJson::array();
    std::set<const AnnotationObject*> listed;
    for (; next < cuboids.size() && cuboids[next].frame == static_cast<int>(i); ++next) {
      const ExportedCuboid& c = cuboids[next];
      auto [key, fresh] = objectKeys.emplace(c.object, "");
      if (fresh) {
        key->second = keys.next();
        objectIds[key->second] = c.object->id;
      }
      if (listed.insert(c.object).second) {
        OrderedJson objectTags = OrderedJson::array();
        auto addTag = [&](const std::string& name, OrderedJson value) {
          OrderedJson tag{{"key", keys.next()}, {"name", name}, {"value", std::move(value)}};
          tag.update(userInfo);
          objectTags.push_back(std::move(tag));
        };
        addTag("occluded", c.occluded ? "true" : "false");
        for (const auto& [name, value] : c.attributes)
          if (!isSpecialItemAttribute(name) && name != "occluded") addTag(name, tagValue(c.label->attributeByName(name), value));
        OrderedJson object{{"key", key->second},
                           {"classTitle", c.label->name},
                           {"tags", objectTags},
                           {"objects", OrderedJson::array()},
                           {"figures", OrderedJson::array()}};
        object.update(userInfo);
        objects.push_back(std::move(object));
      }
      const auto& g = c.geometry;
      const std::string figureKey = keys.next();
      OrderedJson figure{
          {"key", figureKey},
          {"objectKey", key->second},
          {"geometryType", "cuboid_3d"},
          {"geometry",
           {{"position", xyz(g[0], g[1], g[2])}, {"rotation", xyz(g[3], g[4], g[5])}, {"dimensions", xyz(g[6], g[7], g[8])}}}};
      figure.update(userInfo);
      // CVAT's customisation that datumaro reads back as track_id + keyframe.
      if (c.inTrack) figure["keyframe"] = c.keyframe;
      figures.push_back(std::move(figure));
      const std::size_t figureId = figureIds.size() + 1;
      figureIds[figureKey] = figureId;
    }
    OrderedJson ann{
        {"description", ""}, {"key", frameKey}, {"tags", OrderedJson::array()}, {"objects", objects}, {"figures", figures}};
    target.writeFile(std::string(kDataset) + "/ann/" + ids[i] + ".pcd.json", ann.dump(2));

    if (options.saveMedia) {
      const FrameInfo& frame = set.task.frames[i];
      savePointCloudAsPcd(frame.path, target.pathOf(std::string(kDataset) + "/pointcloud/" + ids[i] + ".pcd"), ids[i]);
      std::set<std::string> used;
      std::vector<std::string> images = frame.relatedImages;
      std::sort(images.begin(), images.end());
      for (std::size_t k = 0; k < images.size(); ++k) {
        std::string name = fs::path(images[k]).filename().string();
        if (!used.insert(name).second) name = std::to_string(k) + "_" + name;  // same names from different folders
        const std::string relative = std::string(kDataset) + "/related_images/" + ids[i] + "_pcd/" + name;
        copyMediaFile(images[k], target.pathOf(relative), ids[i]);
        const OrderedJson sensors{{"extrinsicMatrix", std::vector<int>(12, 0)}, {"intrinsicMatrix", std::vector<int>(9, 0)}};
        target.writeFile(relative + ".json", OrderedJson{{"name", name}, {"meta", {{"sensorsData", sensors}}}}.dump(2));
      }
    }
  }
  const nlohmann::json keyIdMap{{"tags", nlohmann::json::object()}, {"objects", objectIds}, {"figures", figureIds}, {"videos", videos}};
  target.writeFile(kKeyIdFile, keyIdMap.dump(2));
  target.commit();
  return {};
}

}  // namespace labelstation::io::formats

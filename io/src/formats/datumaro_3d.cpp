// Datumaro 3D 1.0 (formats.md §4): annotations/<subset>.json with cuboid_3d position / rotation /
// scale per item, clouds in point_clouds/<subset>/ and related images in
// related_images/<subset>/<item id>/. Tracks travel as per-frame cuboids carrying "track_id" and
// "keyframe" attributes, which is how CVAT writes them and the only way CVAT rebuilds 3D tracks.
#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <system_error>

#include <nlohmann/json.hpp>

#include "format_common.h"
#include "format_files.h"
#include "formats.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/errors.h"

namespace labelstation::io::formats {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr const char* kSubset = "default";

// Attributes CVAT keeps out of the label's own attributes (bindings.py CVAT_INTERNAL_ATTRIBUTES).
bool isInternalAttribute(const std::string& name) {
  return name == "occluded" || name == "outside" || name == "keyframe" || name == "track_id" || name == "rotation";
}

// The annotation files: annotations/*.json below the input (datumaro's importer looks nowhere
// else), or the .json given.
std::vector<fs::path> findAnnotationFiles(const InputRoot& root, const fs::path& input) {
  if (!root.file().empty()) return {root.file()};
  std::vector<fs::path> folders;
  std::error_code ec;
  if (fs::is_directory(root.folder() / "annotations", ec)) folders.push_back(root.folder() / "annotations");
  for (fs::recursive_directory_iterator it(root.folder(), ec), end; folders.empty() && !ec && it != end; it.increment(ec))
    if (it->is_directory(ec) && it->path().filename() == "annotations") folders.push_back(it->path());
  std::vector<fs::path> files;
  for (const fs::path& folder : folders)
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec) && it->path().extension() == ".json") files.push_back(it->path());
  if (files.empty()) throw IoError(input.string(), "no annotations/*.json found (Datumaro keeps annotations/default.json)");
  // default.json first, then the other subsets by name.
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    const bool da = a.stem() == kSubset, db = b.stem() == kSubset;
    return da != db ? da : naturalLess(a.filename().string(), b.filename().string());
  });
  return files;
}

class DatumaroReader {
 public:
  DatumaroReader(const InputRoot& root, AnnotationSet& set) : root_(root), set_(set) {}

  void read(const std::vector<fs::path>& files) {
    struct Item {
      std::string id;
      std::optional<long long> frame;
      FrameInfo info;
      const Json* desc;
      std::size_t file;
    };
    std::vector<Json> documents;
    std::vector<std::string> names;
    for (const fs::path& path : files) {
      names.push_back(root_.nameOf(path));
      documents.push_back(parseJsonFile(path));
    }
    // Labels from the first file's categories (CVAT writes one subset; others must agree).
    builder_.emplace(names.front(), set_.warnings);
    std::vector<std::string> labelNames;
    for (std::size_t f = 0; f < documents.size(); ++f) {
      const Json& doc = documents[f];
      file_ = names[f];
      if (!doc.is_object() || !doc.contains("categories") || !doc.contains("items") || !doc["items"].is_array())
        fail("expected a JSON object with \"categories\" and an \"items\" array");
      std::vector<std::string> these = readLabels(doc["categories"], f == 0);
      if (f == 0)
        labelNames = these;
      else if (these != labelNames)
        fail("its labels differ from those of " + names.front());
    }
    labelNames_ = labelNames;

    std::vector<Item> items;
    for (std::size_t f = 0; f < documents.size(); ++f) {
      file_ = names[f];
      const fs::path annotationsFolder = files[f].parent_path();
      const fs::path datasetRoot =
          annotationsFolder.filename() == "annotations" ? annotationsFolder.parent_path() : annotationsFolder;
      const std::string subset = files[f].stem().string();
      for (const Json& desc : documents[f]["items"]) {
        if (!desc.is_object()) fail("an item is not a JSON object");
        Item item;
        item.id = stringField(desc, "id", "an item");
        item.desc = &desc;
        item.file = f;
        if (desc.contains("attr") && desc["attr"].is_object() && desc["attr"].contains("frame")) {
          const Json& frame = desc["attr"]["frame"];
          if (!frame.is_number_integer()) fail("item '" + item.id + "': attr.frame is not an integer");
          item.frame = frame.get<long long>();
        }
        item.info.name = item.id;
        if (desc.contains("point_cloud") && desc["point_cloud"].is_object() && desc["point_cloud"].contains("path")) {
          const Json& path = desc["point_cloud"]["path"];
          if (!path.is_string()) fail("item '" + item.id + "': point_cloud.path is not a string");
          item.info.path = root_.keptPath(datasetRoot / "point_clouds" / subset / path.get<std::string>());
        }
        if (desc.contains("related_images") && desc["related_images"].is_array())
          for (const Json& image : desc["related_images"]) {
            if (!image.is_object() || !image.contains("path") || !image["path"].is_string())
              fail("item '" + item.id + "': a related image has no path");
            const std::string kept =
                root_.keptPath(datasetRoot / "related_images" / subset / item.id / image["path"].get<std::string>());
            if (!kept.empty()) item.info.relatedImages.push_back(kept);
          }
        items.push_back(std::move(item));
      }
    }
    // Frame order: by attr.frame when every item has one (CVAT writes it), else file order.
    if (std::all_of(items.begin(), items.end(), [](const Item& i) { return i.frame.has_value(); }))
      std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return *a.frame < *b.frame; });
    for (const Item& item : items) set_.task.frames.push_back(item.info);

    for (std::size_t index = 0; index < items.size(); ++index) {
      file_ = names[items[index].file];
      readAnnotations(*items[index].desc, items[index].id, static_cast<int>(index));
    }
    builder_->build(set_);
  }

 private:
  [[noreturn]] void fail(const std::string& problem) const { throw IoError(file_, problem); }

  std::string stringField(const Json& object, const char* key, const std::string& what) const {
    if (!object.contains(key)) fail(what + " has no \"" + key + "\"");
    const Json& v = object[key];
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_integer()) return std::to_string(v.get<long long>());
    fail(what + ": \"" + key + "\" is not a string");
  }

  std::vector<double> triple(const Json& annotation, const char* key, const std::string& where) const {
    if (!annotation.contains(key)) fail(where + ": a cuboid_3d has no \"" + key + "\"");
    const Json& v = annotation[key];
    if (!v.is_array() || v.size() != 3 || !std::all_of(v.begin(), v.end(), [](const Json& x) { return x.is_number(); }))
      fail(where + ": \"" + key + "\" of a cuboid_3d is not an array of 3 numbers");
    return {v[0].get<double>(), v[1].get<double>(), v[2].get<double>()};
  }

  std::vector<std::string> readLabels(const Json& categories, bool declare) {
    if (!categories.is_object()) fail("\"categories\" is not a JSON object");
    std::vector<std::string> names;
    if (!categories.contains("label")) return names;
    const Json& label = categories["label"];
    if (!label.is_object() || !label.contains("labels") || !label["labels"].is_array())
      fail("categories.label has no \"labels\" array");
    for (const Json& l : label["labels"]) {
      if (!l.is_object()) fail("a label in categories.label is not a JSON object");
      const std::string name = stringField(l, "name", "a label");
      names.push_back(name);
      if (!declare) continue;
      std::vector<DeclaredAttribute> attributes;
      if (l.contains("attributes")) {
        if (!l["attributes"].is_array()) fail("label '" + name + "': \"attributes\" is not an array");
        for (const Json& a : l["attributes"]) {
          if (!a.is_string()) fail("label '" + name + "': an attribute name is not a string");
          if (!isInternalAttribute(a.get<std::string>()))
            attributes.push_back({a.get<std::string>(), std::nullopt, {}, std::nullopt});
        }
      }
      builder_->declareLabel(name, "", std::move(attributes));
    }
    return names;
  }

  void readAnnotations(const Json& item, const std::string& id, int frame) {
    const std::string where = "item '" + id + "'";
    if (!item.contains("annotations")) return;
    if (!item["annotations"].is_array()) fail(where + ": \"annotations\" is not an array");
    for (const Json& annotation : item["annotations"]) {
      if (!annotation.is_object()) fail(where + ": an annotation is not a JSON object");
      const std::string type = stringField(annotation, "type", where + ": an annotation");
      if (type != "cuboid_3d") {
        if (skippedTypes_.insert(type).second)
          set_.warnings.push_back(file_ + ": '" + type + "' annotations are not 3D cuboids; skipped (first on " + where + ")");
        continue;
      }
      ImportedCuboid c;
      c.frame = frame;
      c.file = file_;
      c.where = where;
      if (!annotation.contains("label_id") || annotation["label_id"].is_null()) fail(where + ": a cuboid_3d has no label_id");
      if (!annotation["label_id"].is_number_integer()) fail(where + ": label_id is not an integer");
      const long long labelId = annotation["label_id"].get<long long>();
      if (labelId < 0 || labelId >= static_cast<long long>(labelNames_.size()))
        fail(where + ": label_id " + std::to_string(labelId) + " is not a declared label (categories.label lists " +
             std::to_string(labelNames_.size()) + ")");
      c.label = labelNames_[static_cast<std::size_t>(labelId)];
      const auto position = triple(annotation, "position", where), rotation = triple(annotation, "rotation", where),
                 scale = triple(annotation, "scale", where);
      c.geometry = {position[0], position[1], position[2], rotation[0], rotation[1], rotation[2], scale[0], scale[1], scale[2]};
      if (annotation.contains("group") && !annotation["group"].is_null()) {
        if (!annotation["group"].is_number_integer()) fail(where + ": \"group\" is not an integer");
        c.group = annotation["group"].get<int>();
      }
      std::optional<long long> trackId;
      std::optional<bool> keyframe;
      if (annotation.contains("attributes") && !annotation["attributes"].is_null()) {
        const Json& attributes = annotation["attributes"];
        if (!attributes.is_object()) fail(where + ": \"attributes\" is not a JSON object");
        for (const auto& [name, value] : attributes.items()) {
          if (name == "occluded")
            c.occluded = value.is_boolean() ? value.get<bool>() : attributeText(value) == "true";
          else if (name == "track_id" && value.is_number_integer())
            trackId = value.get<long long>();
          else if (name == "keyframe")
            keyframe = value.is_boolean() ? value.get<bool>() : attributeText(value) == "true";
          else if (!isInternalAttribute(name))
            c.attributes.emplace_back(name, attributeText(value));
        }
      }
      // CVAT makes tracks only of cuboids that carry both track_id and keyframe.
      if (trackId && keyframe) {
        c.trackId = trackId;
        c.keyframe = *keyframe;
      }
      builder_->add(std::move(c));
    }
  }

  const InputRoot& root_;
  AnnotationSet& set_;
  std::string file_;
  std::vector<std::string> labelNames_;
  std::optional<CuboidSetBuilder> builder_;
  std::set<std::string> skippedTypes_;
};

// An attribute value as datumaro types it: checkbox → bool, number → number, else string.
OrderedJson typedValue(const AttributeSpec* spec, const std::string& value) {
  if (spec && spec->inputType == AttributeInputType::Checkbox && isBooleanText(value)) return value == "true";
  if (spec && spec->inputType == AttributeInputType::Number) {
    if (const auto integer = parseInteger(value); integer && value.find_first_of(".eE") == std::string::npos)
      return *integer;
    if (const auto number = parseDouble(value); number && std::isfinite(*number)) return *number;
  }
  return value;
}

}  // namespace

AnnotationSet importDatumaro3d(const std::filesystem::path& input, const ImportOptions&) {
  InputRoot root(input);
  const std::vector<fs::path> files = findAnnotationFiles(root, input);
  AnnotationSet set;
  set.task.dimension = TaskDimension::PointCloud3D;
  set.task.name = input.stem().string();
  try {
    DatumaroReader(root, set).read(files);
  } catch (const Json::exception& e) {
    throw IoError(root.nameOf(files.front()), std::string("unexpected JSON content: ") + e.what());
  }
  return set;
}

ExportWarnings exportDatumaro3d(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options) {
  OutputTarget target(output);
  const std::vector<std::string> ids = itemIdsOf(set.task, output);
  const std::vector<ExportedCuboid> cuboids = cuboidsForExport(set, options);

  // Labels in schema order; label_id is the position in this list.
  std::map<LabelId, int> labelIndex;
  OrderedJson labels = OrderedJson::array();
  for (const Label* label : set.task.labels.topLevelLabels()) {
    labelIndex[label->id] = static_cast<int>(labels.size());
    std::vector<std::string> names;
    for (const AttributeSpec& a : label->attributes)
      if (!isInternalAttribute(a.name)) names.push_back(a.name);
    std::sort(names.begin(), names.end());  // datumaro writes them sorted
    labels.push_back(OrderedJson{{"name", label->name}, {"parent", ""}, {"attributes", names}});
  }
  OrderedJson document;
  document["info"] = OrderedJson::object();
  document["categories"]["label"] = OrderedJson{{"labels", labels}, {"attributes", {"occluded"}}};
  OrderedJson items = OrderedJson::array();
  std::size_t next = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    reportProgress(options, output, i, ids.size());
    if (!isWrittenFrame(set, i)) continue;
    OrderedJson annotations = OrderedJson::array();
    for (; next < cuboids.size() && cuboids[next].frame == static_cast<int>(i); ++next) {
      const ExportedCuboid& c = cuboids[next];
      OrderedJson attributes;
      attributes["occluded"] = c.occluded;
      for (const auto& [name, value] : c.attributes)
        if (!isInternalAttribute(name)) attributes[name] = typedValue(c.label->attributeByName(name), value);
      if (c.inTrack) {
        attributes["track_id"] = c.object->id;
        attributes["keyframe"] = c.keyframe;
      }
      const auto& g = c.geometry;
      annotations.push_back(OrderedJson{{"id", c.object->id},
                                        {"type", "cuboid_3d"},
                                        {"attributes", attributes},
                                        {"group", c.object->group},
                                        {"label_id", labelIndex.at(c.label->id)},
                                        {"position", {g[0], g[1], g[2]}},
                                        {"rotation", {g[3], g[4], g[5]}},
                                        {"scale", {g[6], g[7], g[8]}}});
    }
    const FrameInfo& frame = set.task.frames[i];
    OrderedJson item{
        {"id", ids[i]}, {"annotations", annotations}, {"attr", {{"frame", i}}}, {"point_cloud", {{"path", ids[i] + ".pcd"}}}};
    // Related images are renamed image_<i> in path order, as datumaro does (names may clash).
    std::vector<std::string> images = frame.relatedImages;
    std::sort(images.begin(), images.end());
    OrderedJson related = OrderedJson::array();
    for (std::size_t k = 0; k < images.size(); ++k) {
      const std::string name = "image_" + std::to_string(k) + fs::path(images[k]).extension().string();
      related.push_back(OrderedJson{{"path", name}});
      if (options.saveMedia)
        copyMediaFile(images[k], target.pathOf(std::string("related_images/") + kSubset + "/" + ids[i] + "/" + name),
                              ids[i]);
    }
    if (!related.empty()) item["related_images"] = related;
    if (options.saveMedia)
      savePointCloudAsPcd(frame.path, target.pathOf(std::string("point_clouds/") + kSubset + "/" + ids[i] + ".pcd"),
                                  ids[i]);
    items.push_back(std::move(item));
  }
  document["items"] = std::move(items);
  target.writeFile(std::string("annotations/") + kSubset + ".json", document.dump());
  target.commit();
  return {};
}

}  // namespace labelstation::io::formats

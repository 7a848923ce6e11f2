#include "labelstation/io/label_json.h"
#include "safe_input.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/skeleton_svg.h"

namespace labelstation::io {
namespace {

using json = nlohmann::json;

class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
    throw IoError(source_, where + ": " + problem);
  }

  // An integer id; beyond ±kMaxJsonId it is refused, so fresh ids above it (id + 1, …) stay ints.
  int id(const json& v, const std::string& where) const {
    static constexpr long long kMaxJsonId = 1000000000;
    const bool ok = v.is_number_unsigned() ? v.get<unsigned long long>() <= static_cast<unsigned long long>(kMaxJsonId)
                                           : v.get<long long>() >= -kMaxJsonId && v.get<long long>() <= kMaxJsonId;
    if (!ok) fail(where, "id " + v.dump() + " is out of range (ids go up to " + std::to_string(kMaxJsonId) + ")");
    return static_cast<int>(v.get<long long>());
  }

  std::string string(const json& obj, const char* key, const std::string& where, bool required,
                     const std::string& fallback = {}) const {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) {
      if (required) fail(where, std::string("missing \"") + key + "\"");
      return fallback;
    }
    if (!it->is_string()) fail(where, std::string("\"") + key + "\" must be a string");
    return it->get<std::string>();
  }

  AttributeSpec attribute(const json& a, const std::string& where) const {
    if (!a.is_object()) fail(where, "an attribute must be a JSON object");
    AttributeSpec spec;
    spec.name = string(a, "name", where, true);
    const std::string awhere = where + ", attribute \"" + spec.name + "\"";
    if (a.contains("id") && a["id"].is_number_integer()) spec.id = id(a["id"], awhere);
    const std::string input = string(a, "input_type", awhere, true);
    auto type = attributeInputTypeFromString(input);
    if (!type) fail(awhere, "unknown input_type \"" + input + "\" (select, radio, checkbox, number, text)");
    spec.inputType = *type;
    if (a.contains("mutable")) {
      if (!a["mutable"].is_boolean()) fail(awhere, "\"mutable\" must be true or false");
      spec.isMutable = a["mutable"].get<bool>();
    }
    if (a.contains("values")) {
      const json& values = a["values"];
      if (!values.is_array()) fail(awhere, "\"values\" must be a list of strings");
      for (const auto& v : values) {
        if (v.is_string()) spec.values.push_back(v.get<std::string>());
        else if (v.is_number()) spec.values.push_back(v.dump());
        else fail(awhere, "\"values\" must be a list of strings");
      }
    }
    spec.defaultValue = string(a, "default_value", awhere, false);
    return spec;
  }

  Label label(const json& l, const std::string& where) const {
    if (!l.is_object()) fail(where, "a label must be a JSON object");
    Label label;
    label.name = string(l, "name", where, true);
    const std::string lwhere = "label \"" + label.name + "\"";
    if (l.contains("id") && l["id"].is_number_integer()) label.id = id(l["id"], lwhere);
    label.color = string(l, "color", lwhere, false);
    const std::string type = string(l, "type", lwhere, false, "any");
    auto t = labelTypeFromString(type);
    if (!t) fail(lwhere, "unknown type \"" + type + "\"");
    label.type = *t;
    if (l.contains("attributes")) {
      if (!l["attributes"].is_array()) fail(lwhere, "\"attributes\" must be a list");
      for (const auto& a : l["attributes"]) label.attributes.push_back(attribute(a, lwhere));
    }
    return label;
  }

 private:
  std::string source_;
};

json attributesJson(const Label& label) {
  json out = json::array();
  for (const auto& a : label.attributes) {
    out.push_back({{"id", a.id},
                   {"name", a.name},
                   {"input_type", std::string(toString(a.inputType))},
                   {"mutable", a.isMutable},
                   {"values", a.values},
                   {"default_value", a.defaultValue.empty() ? a.initialValue() : a.defaultValue}});
  }
  return out;
}

}  // namespace

LabelSchema parseLabelJson(const std::string& text, const std::string& source, LabelId firstFreshLabelId,
                           AttributeId firstFreshAttributeId) {
  json doc = detail::parseJson(text, source, "not valid JSON");
  if (doc.is_object() && doc.contains("labels")) doc = doc["labels"];  // a task or project body
  if (!doc.is_array()) throw IoError(source, "expected a JSON list of labels");
  Reader reader(source);
  LabelSchema schema;
  std::map<int, LabelId> jsonIdToLabel;
  // Ids written in the JSON are kept (objects refer to them); labels and attributes without one
  // get ids above every written one, whatever their order.
  int nextLabelId = std::max(1, firstFreshLabelId), nextAttributeId = std::max(1, firstFreshAttributeId);
  auto scan = [&](const json& l) {
    if (!l.is_object()) return;
    if (l.contains("id") && l["id"].is_number_integer()) nextLabelId = std::max(nextLabelId, reader.id(l["id"], "a label") + 1);
    if (l.contains("attributes") && l["attributes"].is_array())
      for (const json& a : l["attributes"])
        if (a.is_object() && a.contains("id") && a["id"].is_number_integer())
          nextAttributeId = std::max(nextAttributeId, reader.id(a["id"], "an attribute") + 1);
  };
  for (const auto& l : doc) {
    scan(l);
    if (l.is_object() && l.contains("sublabels") && l["sublabels"].is_array())
      for (const auto& s : l["sublabels"]) scan(s);
  }
  auto giveIds = [&](Label& label) {
    if (label.id <= 0) label.id = nextLabelId++;
    for (AttributeSpec& a : label.attributes)
      if (a.id <= 0) a.id = nextAttributeId++;
  };
  try {
    int index = 0;
    for (const auto& l : doc) {
      ++index;
      Label label = reader.label(l, "label #" + std::to_string(index));
      const int jsonId = label.id;
      giveIds(label);
      const std::string where = "label \"" + label.name + "\"";
      const LabelId id = schema.addLabel(label);
      if (jsonId > 0) jsonIdToLabel[jsonId] = id;
      if (l.contains("sublabels")) {
        // CVAT writes "sublabels": [] on every label; only a non-empty list needs a skeleton.
        if (label.type != LabelType::Skeleton && !l["sublabels"].empty()) reader.fail(where, "only skeleton labels have sublabels");
        if (!l["sublabels"].is_array()) reader.fail(where, "\"sublabels\" must be a list");
        for (const auto& s : l["sublabels"]) {
          Label sub = reader.label(s, where + ", sublabel");
          const int subJsonId = sub.id;
          giveIds(sub);
          const LabelId subId = schema.addSublabel(id, sub);
          if (subJsonId > 0) jsonIdToLabel[subJsonId] = subId;
        }
      }
      if (label.type == LabelType::Skeleton)
        applySkeletonDrawing(parseSkeletonSvg(reader.string(l, "svg", where, false)), schema, id, jsonIdToLabel);
    }
  } catch (const SchemaError& e) {
    throw IoError(source, e.what());
  }
  return schema;
}

std::string writeLabelJson(const LabelSchema& schema) {
  json out = json::array();
  for (const Label* label : schema.topLevelLabels()) {
    json l = {{"name", label->name},
              {"id", label->id},
              {"color", label->color},
              {"type", std::string(toString(label->type))},
              {"attributes", attributesJson(*label)}};
    if (label->type == LabelType::Skeleton) {
      json subs = json::array();
      for (LabelId sub : label->sublabels) {
        const Label* s = schema.label(sub);
        subs.push_back({{"name", s->name},
                        {"id", s->id},
                        {"color", s->color},
                        {"type", std::string(toString(s->type))},
                        {"attributes", attributesJson(*s)}});
      }
      l["sublabels"] = subs;
      l["svg"] = writeSkeletonSvg(skeletonDrawing(schema, *label, true));
    }
    out.push_back(l);
  }
  return out.dump(2) + "\n";
}

LabelSchema readLabelJsonFile(const std::filesystem::path& path) {
  return parseLabelJson(readWholeFile(path), path.string());
}

void writeLabelJsonFile(const std::filesystem::path& path, const LabelSchema& schema) {
  writeFileAtomically(path, writeLabelJson(schema));
}

}  // namespace labelstation::io

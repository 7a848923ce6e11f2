#include "labelstation/io/label_json.h"
#include "safe_input.h"

#include <algorithm>
#include <iomanip>
#include <map>
#include <charconv>
#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"

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

// The svg is scanned by hand, in one pass: a backtracking std::regex over a 40 KB attribute took
// seconds and could overflow the stack.
bool isSvgSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
bool isNameChar(char c) { return isNameStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.'; }
bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// name="value" pairs in a tag's text (a later repeat of a name wins).
std::map<std::string, std::string> svgAttributes(std::string_view tagText) {
  std::map<std::string, std::string> out;
  std::size_t p = 0;
  while (p < tagText.size()) {
    if (!isNameStart(tagText[p])) {
      ++p;
      continue;
    }
    std::size_t q = p;
    while (q < tagText.size() && isNameChar(tagText[q])) ++q;
    const std::string_view name = tagText.substr(p, q - p);
    p = q;  // on a mismatch, a later start inside this name would meet the same text after it
    while (q < tagText.size() && isSvgSpace(tagText[q])) ++q;
    if (q == tagText.size() || tagText[q] != '=') continue;
    ++q;
    while (q < tagText.size() && isSvgSpace(tagText[q])) ++q;
    if (q == tagText.size() || tagText[q] != '"') continue;
    const std::size_t close = tagText.find('"', q + 1);
    if (close == std::string_view::npos) break;  // no closing quote: nothing further can match
    out[std::string(name)] = std::string(tagText.substr(q + 1, close - q - 1));
    p = close + 1;
  }
  return out;
}

// <line …> and <circle …> tags with their attribute text, in order.
std::vector<std::pair<std::string, std::map<std::string, std::string>>> svgTags(std::string_view svg) {
  std::vector<std::pair<std::string, std::map<std::string, std::string>>> out;
  std::size_t i = 0;
  while ((i = svg.find('<', i)) != std::string_view::npos) {
    std::size_t end = ++i;
    while (end < svg.size() && isWordChar(svg[end])) ++end;
    const std::string_view kind = svg.substr(i, end - i);
    if (kind != "line" && kind != "circle") continue;
    const std::size_t close = svg.find('>', end);
    if (close == std::string_view::npos) break;
    out.emplace_back(std::string(kind), svgAttributes(svg.substr(end, close - end)));
    i = close + 1;
  }
  return out;
}

double toDouble(const std::string& s) {
  double v = 0;
  const char* b = s.data();
  while (b < s.data() + s.size() && isSvgSpace(*b)) ++b;
  if (b < s.data() + s.size() && *b == '+') ++b;
  const auto r = std::from_chars(b, s.data() + s.size(), v);
  return r.ec == std::errc() && std::isfinite(v) ? v : 0.0;
}

// A number from the svg as an int (0 when out of range).
int toInt(const std::string& s) {
  const double v = toDouble(s);
  return v > -2e9 && v < 2e9 ? static_cast<int>(v) : 0;
}

// Reads skeleton edges and node positions from CVAT's svg. Nodes name their sub-label by
// data-label-id (CVAT's live labels), data-label-name (backups) or, failing both, by order.
void readSkeletonSvg(const std::string& svg, LabelSchema& schema, LabelId skeleton,
                     const std::map<int, LabelId>& jsonIdToLabel) {
  std::map<std::string, LabelId> nodeToLabel;
  std::vector<std::pair<std::string, std::string>> edges;
  const Label* parent = schema.label(skeleton);
  const std::vector<LabelId> order = parent->sublabels;
  for (auto& [kind, attrs] : svgTags(svg)) {
    if (kind == "line") {
      if (attrs.count("data-node-from") && attrs.count("data-node-to"))
        edges.push_back({attrs["data-node-from"], attrs["data-node-to"]});
      continue;
    }
    const std::string node = attrs.count("data-node-id") ? attrs["data-node-id"] : attrs["data-element-id"];
    LabelId label = kNoLabel;
    if (attrs.count("data-label-id")) {
      auto found = jsonIdToLabel.find(toInt(attrs["data-label-id"]));
      if (found != jsonIdToLabel.end()) label = found->second;
    }
    if (label == kNoLabel && attrs.count("data-label-name")) {
      if (const Label* l = schema.labelByName(attrs["data-label-name"], skeleton)) label = l->id;
    }
    if (label == kNoLabel) {
      const int index = toInt(node) - 1;
      if (index >= 0 && index < static_cast<int>(order.size())) label = order[static_cast<std::size_t>(index)];
    }
    if (label == kNoLabel) continue;
    nodeToLabel[node] = label;
    schema.label(skeleton)->nodePositions[label] = {toDouble(attrs["cx"]), toDouble(attrs["cy"])};
  }
  for (const auto& [from, to] : edges) {
    auto a = nodeToLabel.find(from), b = nodeToLabel.find(to);
    if (a == nodeToLabel.end() || b == nodeToLabel.end()) continue;
    try {
      schema.addEdge(skeleton, a->second, b->second);
    } catch (const SchemaError&) {
      // a point joined to itself: CVAT draws nothing for it either
    }
  }
}

std::string number(double v) {
  std::ostringstream os;
  os << std::setprecision(10) << v;
  return os.str();
}

std::string skeletonSvg(const LabelSchema& schema, const Label& skeleton) {
  std::map<LabelId, int> nodeId;
  int next = 1;
  for (LabelId sub : skeleton.sublabels) nodeId[sub] = next++;
  auto position = [&](LabelId sub) {
    auto it = skeleton.nodePositions.find(sub);
    if (it != skeleton.nodePositions.end()) return it->second;
    // No drawing yet: spread the nodes on a circle so the template stays usable.
    const double a = 2.0 * M_PI * (nodeId[sub] - 1) / std::max<std::size_t>(1, skeleton.sublabels.size());
    return std::pair<double, double>{50.0 + 35.0 * std::cos(a), 50.0 + 35.0 * std::sin(a)};
  };
  std::string svg;
  for (const auto& e : skeleton.edges) {
    auto [x1, y1] = position(e.from);
    auto [x2, y2] = position(e.to);
    svg += "<line x1=\"" + number(x1) + "\" y1=\"" + number(y1) + "\" x2=\"" + number(x2) + "\" y2=\"" +
           number(y2) + "\" stroke=\"black\" data-type=\"edge\" data-node-from=\"" +
           std::to_string(nodeId[e.from]) + "\" stroke-width=\"0.5\" data-node-to=\"" +
           std::to_string(nodeId[e.to]) + "\"></line>";
  }
  for (LabelId sub : skeleton.sublabels) {
    auto [x, y] = position(sub);
    const Label* l = schema.label(sub);
    svg += "<circle r=\"1.5\" stroke=\"black\" fill=\"#b3b3b3\" cx=\"" + number(x) + "\" cy=\"" + number(y) +
           "\" stroke-width=\"0.1\" data-type=\"element node\" data-element-id=\"" + std::to_string(nodeId[sub]) +
           "\" data-node-id=\"" + std::to_string(nodeId[sub]) + "\" data-label-id=\"" + std::to_string(sub) +
           "\" data-label-name=\"" + (l ? l->name : std::string()) + "\"></circle>";
  }
  return svg;
}

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
        readSkeletonSvg(reader.string(l, "svg", where, false), schema, id, jsonIdToLabel);
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
      l["svg"] = skeletonSvg(schema, *label);
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

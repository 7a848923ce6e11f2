#include "annotation_json.h"

#include <cmath>
#include <stdexcept>

namespace labelstation::io::detail {
namespace {
using nlohmann::json;

using ojson = nlohmann::ordered_json;

ojson attributesToJson(const AttributeValues& values) {
  ojson out = ojson::object();
  for (const auto& [id, value] : values) out[std::to_string(id)] = value;
  return out;
}

[[noreturn]] void bad(const std::string& where, const std::string& problem) { throw std::runtime_error(where + ": " + problem); }

const json& field(const json& j, const char* name, const std::string& where) {
  if (!j.is_object() || !j.contains(name)) bad(where, std::string("missing \"") + name + "\"");
  return j[name];
}

template <class T>
T get(const json& j, const char* name, const std::string& where, T fallback, bool required = false) {
  if (!j.contains(name)) {
    if (required) bad(where, std::string("missing \"") + name + "\"");
    return fallback;
  }
  try {
    return j[name].get<T>();
  } catch (const json::exception&) {
    bad(where, std::string("\"") + name + "\" has the wrong type");
  }
}

AttributeValues attributesFromJson(const json& j, const std::string& where) {
  AttributeValues out;
  if (!j.contains("attributes")) return out;
  const json& a = j["attributes"];
  if (!a.is_object()) bad(where, "\"attributes\" is not an object");
  for (const auto& [key, value] : a.items()) {
    if (!value.is_string()) bad(where, "attribute " + key + " is not a string");
    char* end = nullptr;
    const long id = std::strtol(key.c_str(), &end, 10);
    if (end == key.c_str() || *end) bad(where, "attribute key '" + key + "' is not an id");
    out[static_cast<AttributeId>(id)] = value.get<std::string>();
  }
  return out;
}

std::vector<double> numbers(const json& j, const char* name, const std::string& where) {
  std::vector<double> out;
  if (!j.contains(name)) return out;
  if (!j[name].is_array()) bad(where, std::string("\"") + name + "\" is not an array");
  for (const json& v : j[name]) {
    if (!v.is_number()) bad(where, std::string("\"") + name + "\" holds something that is not a number");
    out.push_back(v.get<double>());
  }
  return out;
}

void stateToJson(const ShapeState& s, ojson& out) {
  out["type"] = std::string(toString(s.type));
  out["points"] = s.points;
  if (s.rotation != 0.0) out["rotation"] = s.rotation;
  out["occluded"] = s.occluded;
  out["outside"] = s.outside;
  out["z_order"] = s.zOrder;
  out["attributes"] = attributesToJson(s.attributes);
  if (!s.elements.empty()) {
    ojson elements = ojson::array();
    for (const SkeletonElement& e : s.elements)
      elements.push_back({{"label", e.label}, {"points", e.points}, {"occluded", e.occluded}, {"outside", e.outside},
                          {"attributes", attributesToJson(e.attributes)}});
    out["elements"] = std::move(elements);
  }
}

ShapeState stateFromJson(const json& j, const std::string& where) {
  ShapeState s;
  const std::string type = get<std::string>(j, "type", where, "", true);
  const auto parsed = shapeTypeFromString(type);
  if (!parsed) bad(where, "unknown shape type '" + type + "'");
  s.type = *parsed;
  s.points = numbers(j, "points", where);
  s.rotation = get<double>(j, "rotation", where, 0.0);
  s.occluded = get<bool>(j, "occluded", where, false);
  s.outside = get<bool>(j, "outside", where, false);
  s.zOrder = get<int>(j, "z_order", where, 0);
  s.attributes = attributesFromJson(j, where);
  if (j.contains("elements")) {
    if (!j["elements"].is_array()) bad(where, "\"elements\" is not an array");
    for (const json& e : j["elements"]) {
      SkeletonElement el;
      el.label = get<int>(e, "label", where + " element", kNoLabel, true);
      el.points = numbers(e, "points", where + " element");
      el.occluded = get<bool>(e, "occluded", where, false);
      el.outside = get<bool>(e, "outside", where, false);
      el.attributes = attributesFromJson(e, where + " element");
      s.elements.push_back(std::move(el));
    }
  }
  for (double v : s.points)
    if (!std::isfinite(v)) bad(where, "a point is not finite");
  return s;
}

}  // namespace

ojson objectToJson(const AnnotationObject& o) {
  ojson out = {{"id", o.id}, {"kind", std::string(toString(o.kind))}, {"label", o.label}, {"group", o.group},
              {"source", std::string(toString(o.source))}};
  switch (o.kind) {
    case ObjectKind::Tag:
      out["frame"] = o.frame;
      out["attributes"] = attributesToJson(o.shape.attributes);
      break;
    case ObjectKind::Shape:
      out["frame"] = o.frame;
      stateToJson(o.shape, out);
      break;
    case ObjectKind::Track: {
      out["attributes"] = attributesToJson(o.trackAttributes);
      ojson keyframes = ojson::array();
      for (const auto& [frame, state] : o.keyframes) {
        ojson k = {{"frame", frame}};
        stateToJson(state, k);
        keyframes.push_back(std::move(k));
      }
      out["keyframes"] = std::move(keyframes);
      break;
    }
  }
  return out;
}

AnnotationObject objectFromJson(const json& j, const std::string& whereIn) {
  if (!j.is_object()) bad(whereIn, "an object is not a JSON object");
  AnnotationObject o;
  o.id = get<ObjectId>(j, "id", whereIn, 0, true);
  const std::string where = whereIn + " object " + std::to_string(o.id);
  const std::string kind = get<std::string>(j, "kind", where, "", true);
  if (kind == "shape") o.kind = ObjectKind::Shape;
  else if (kind == "track") o.kind = ObjectKind::Track;
  else if (kind == "tag") o.kind = ObjectKind::Tag;
  else bad(where, "unknown kind '" + kind + "'");
  o.label = get<int>(j, "label", where, kNoLabel, true);
  o.group = get<int>(j, "group", where, 0);
  const std::string source = get<std::string>(j, "source", where, "manual");
  o.source = sourceFromString(source).value_or(Source::Manual);
  switch (o.kind) {
    case ObjectKind::Tag:
      o.frame = get<int>(j, "frame", where, 0, true);
      o.shape.attributes = attributesFromJson(j, where);
      break;
    case ObjectKind::Shape:
      o.frame = get<int>(j, "frame", where, 0, true);
      o.shape = stateFromJson(j, where);
      break;
    case ObjectKind::Track: {
      o.trackAttributes = attributesFromJson(j, where);
      const json& keyframes = field(j, "keyframes", where);
      if (!keyframes.is_array() || keyframes.empty()) bad(where, "\"keyframes\" is not a non-empty array");
      for (const json& k : keyframes) o.keyframes[get<int>(k, "frame", where, 0, true)] = stateFromJson(k, where);
      break;
    }
  }
  return o;
}

}  // namespace labelstation::io::detail

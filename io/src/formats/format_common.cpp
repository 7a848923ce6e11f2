// Definitions for format_common.h: the number text, item ids and cuboid rules the 3D formats share.
#include "format_common.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include <nlohmann/json.hpp>

#include "labelstation/core/interpolation.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"
#include "../safe_input.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io::formats {
namespace fs = std::filesystem;
namespace {

// The label's attributes that have a value, in label order: per-frame values over track-wide ones.
std::vector<std::pair<std::string, std::string>> namedValues(const Label& label, const AttributeValues& immutable,
                                                             const AttributeValues& perFrame) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const AttributeSpec& spec : label.attributes) {
    if (auto it = perFrame.find(spec.id); it != perFrame.end())
      out.emplace_back(spec.name, it->second);
    else if (auto jt = immutable.find(spec.id); jt != immutable.end())
      out.emplace_back(spec.name, jt->second);
  }
  return out;
}

}  // namespace

// ---- text ----

namespace {
std::string escapeXml(std::string_view text, bool quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += quotes ? "&quot;" : "\""; break;
      default: out += c;
    }
  }
  return out;
}
}  // namespace

std::string escapeXml(std::string_view text) { return escapeXml(text, true); }
std::string escapeXmlText(std::string_view text) { return escapeXml(text, false); }

std::string decimal(double value, int minDecimals, int maxDecimals) {
  char buffer[400];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, maxDecimals);
  std::string text(buffer, result.ptr);
  const std::size_t dot = text.find('.');
  if (dot != std::string::npos) {
    const std::size_t keep = dot + 1 + static_cast<std::size_t>(minDecimals);
    while (text.size() > keep && text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);  // no "-0.00"
  return text;
}

std::string pythonFloat(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  std::string text(buffer, result.ptr);
  const bool negative = text[0] == '-';
  if (negative) text.erase(0, 1);
  const std::size_t e = text.find('e');
  const int exponent = std::atoi(text.c_str() + e + 1);
  std::string digits;
  for (std::size_t i = 0; i < e; ++i)
    if (text[i] != '.') digits += text[i];
  std::string out;
  if (exponent < -4 || exponent >= 16) {
    out = digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : "");
    const int magnitude = std::abs(exponent);
    out += std::string("e") + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + std::to_string(magnitude);
  } else if (exponent < 0) {
    out = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
  } else {
    const std::size_t integerDigits = static_cast<std::size_t>(exponent) + 1;
    if (digits.size() <= integerDigits)
      out = digits + std::string(integerDigits - digits.size(), '0') + ".0";
    else
      out = digits.substr(0, integerDigits) + "." + digits.substr(integerDigits);
  }
  return negative ? "-" + out : out;
}

std::optional<double> parseDouble(std::string_view text) {
  std::string s(text);
  const std::size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  s = s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

std::optional<long long> parseInteger(std::string_view text) {
  const auto v = parseDouble(text);
  if (!v || !std::isfinite(*v) || std::floor(*v) != *v || std::fabs(*v) > 9e15) return std::nullopt;
  return static_cast<long long>(*v);
}

nlohmann::json parseJsonFile(const fs::path& file, const std::string& shownName) {
  const std::string name = shownName.empty() ? file.string() : shownName;
  return detail::parseJson(readWholeFile(file, name), name);
}

std::string attributeText(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return pythonFloat(value.get<double>());
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

// ---- item ids ----

std::string itemIdOf(const FrameInfo& frame, std::size_t index) {
  std::string name = frame.name.empty() ? fs::path(frame.path).filename().string() : frame.name;
  const std::size_t slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);
  if (isPointCloudFile(name) || isImageFile(name)) name = fs::path(name).stem().string();
  if (name.empty()) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%010zu", index);
    name = buffer;
  }
  return name;
}

std::vector<std::string> itemIdOfEachFrame(const Task& task) {
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < task.frames.size(); ++i) ids.push_back(itemIdOf(task.frames[i], i));
  return ids;
}

std::optional<std::string> repeatedItemId(const std::vector<std::string>& ids) {
  std::set<std::string> seen;
  for (const std::string& id : ids)
    if (!seen.insert(id).second) return id;
  return std::nullopt;
}

std::vector<std::string> itemIdsOf(const Task& task, const fs::path& output) {
  std::vector<std::string> ids = itemIdOfEachFrame(task);
  if (const std::optional<std::string> repeated = repeatedItemId(ids))
    throw IoError(output.string(), "two frames would both be written as item '" + *repeated + "'");
  return ids;
}

// ---- reading: CuboidSetBuilder ----

void CuboidSetBuilder::declareLabel(const std::string& name, const std::string& color,
                                    std::vector<DeclaredAttribute> attributes) {
  if (name.empty()) throw IoError(file_, "a label has an empty name");
  if (labels_.count(name)) throw IoError(file_, "label '" + name + "' is declared twice");
  labelOrder_.push_back(name);
  LabelDraft& draft = labels_[name];
  draft.color = color;
  for (DeclaredAttribute& a : attributes) {
    if (draft.attributes.count(a.name)) continue;
    draft.attributeOrder.push_back(a.name);
    draft.attributes[a.name] = std::move(a);
  }
}

void CuboidSetBuilder::add(ImportedCuboid cuboid) {
  const std::string& file = cuboid.file.empty() ? file_ : cuboid.file;
  if (cuboid.label.empty()) throw IoError(file, cuboid.where + ": a cuboid has no label");
  if (!labels_.count(cuboid.label)) declareLabel(cuboid.label);
  if (cuboid.geometry.size() != 9) throw IoError(file, cuboid.where + ": a cuboid needs 9 numbers");
  for (double v : cuboid.geometry)
    if (!std::isfinite(v))
      throw IoError(file, cuboid.where + ": a '" + cuboid.label + "' cuboid has a value that is not a finite number");
  bool negative = false;
  for (int i = 6; i < 9; ++i) {
    if (cuboid.geometry[i] == 0) throw IoError(file, cuboid.where + ": a '" + cuboid.label + "' cuboid has a zero size");
    if (cuboid.geometry[i] < 0) negative = true;
    cuboid.geometry[i] = std::fabs(cuboid.geometry[i]);
  }
  // datumaro keeps negative sizes as they are; a negative extent spans the same box, and our
  // model needs positive sizes, so the magnitude is kept and the change reported.
  if (negative)
    warnings_.push_back(cuboid.where + ": a '" + cuboid.label +
                        "' cuboid has a negative size; its absolute value is used (same box)");
  LabelDraft& draft = labels_[cuboid.label];
  for (const auto& [name, value] : cuboid.attributes) {
    if (!draft.attributes.count(name)) {
      draft.attributeOrder.push_back(name);
      draft.attributes[name].name = name;
    }
    draft.values[name].push_back(value);
  }
  samples_.push_back(std::move(cuboid));
}

void CuboidSetBuilder::build(AnnotationSet& set) {
  const int frameCount = static_cast<int>(set.task.frames.size());
  // Group samples: shapes keep their order, tracks are keyed by (id, label) in first-seen order.
  std::vector<std::pair<bool, std::size_t>> order;  // (is track, sample index or track index)
  std::map<std::pair<long long, std::string>, std::size_t> trackIndex;
  std::vector<std::vector<const ImportedCuboid*>> tracks;
  for (std::size_t i = 0; i < samples_.size(); ++i) {
    const ImportedCuboid& c = samples_[i];
    if (!c.trackId) {
      order.push_back({false, i});
      continue;
    }
    auto [it, fresh] = trackIndex.emplace(std::make_pair(*c.trackId, c.label), tracks.size());
    if (fresh) {
      tracks.emplace_back();
      order.push_back({true, it->second});
    }
    tracks[it->second].push_back(&c);
  }
  for (auto& samples : tracks)
    std::stable_sort(samples.begin(), samples.end(), [](auto* a, auto* b) { return a->frame < b->frame; });
  inferMutability(tracks);

  for (const std::string& name : labelOrder_) {
    LabelDraft& draft = labels_[name];
    Label label;
    label.name = name;
    label.color = draft.color;
    label.type = LabelType::Cuboid3D;
    for (const std::string& attributeName : draft.attributeOrder) {
      const DeclaredAttribute& declared = draft.attributes[attributeName];
      AttributeSpec spec;
      spec.name = attributeName;
      spec.values = declared.values;
      spec.isMutable = declared.isMutable.value_or(false);
      if (declared.type) {
        spec.inputType = *declared.type;
      } else {
        const auto& seen = draft.values[attributeName];
        const bool boolean = !seen.empty() && std::all_of(seen.begin(), seen.end(), isBooleanText);
        spec.inputType = boolean ? AttributeInputType::Checkbox : AttributeInputType::Text;
        if (boolean) spec.values = {"false"};
      }
      label.attributes.push_back(std::move(spec));
    }
    try {
      set.task.labels.addLabel(std::move(label));
    } catch (const SchemaError& e) {
      throw IoError(file_, std::string("invalid labels: ") + e.what());
    }
  }

  ObjectId nextId = 1;
  for (const auto& [isTrack, index] : order) {
    AnnotationObject object;
    object.id = nextId++;
    if (!isTrack) {
      const ImportedCuboid& c = samples_[index];
      object.kind = ObjectKind::Shape;
      object.label = set.task.labels.labelByName(c.label)->id;
      object.group = c.group;
      object.frame = c.frame;
      object.shape = stateOf(set, c, Which::All);
    } else {
      const auto& samples = tracks[index];
      object.kind = ObjectKind::Track;
      object.label = set.task.labels.labelByName(samples.front()->label)->id;
      object.group = samples.front()->group;
      object.trackAttributes = stateOf(set, *samples.front(), Which::Immutable).attributes;
      for (std::size_t i = 0; i < samples.size(); ++i) {
        const ImportedCuboid& c = *samples[i];
        if (object.keyframes.count(c.frame)) {
          warnings_.push_back(c.where + ": track " + std::to_string(*c.trackId) +
                              " has two cuboids on this frame; the first is kept");
          continue;
        }
        const bool afterGap = i == 0 || samples[i - 1]->frame != c.frame - 1;
        const bool beforeGap = i + 1 == samples.size() || samples[i + 1]->frame > c.frame + 1;
        ShapeState state = stateOf(set, c, Which::Mutable);
        if (c.keyframe || afterGap) object.keyframes[c.frame] = state;
        if (beforeGap && c.frame + 1 < frameCount) {
          state.outside = true;
          object.keyframes[c.frame + 1] = state;
        }
      }
    }
    set.objects.push_back(std::move(object));
  }
}

void CuboidSetBuilder::inferMutability(const std::vector<std::vector<const ImportedCuboid*>>& tracks) {
  std::map<std::string, std::set<std::string>> varying;  // label → attributes that change in a track
  for (const auto& samples : tracks) {
    std::map<std::string, std::set<std::string>> seen;
    for (const ImportedCuboid* c : samples)
      for (const auto& [name, value] : c->attributes) seen[name].insert(value);
    for (const auto& [name, values] : seen)
      if (values.size() > 1) varying[samples.front()->label].insert(name);
  }
  for (auto& [label, draft] : labels_)
    for (auto& [name, declared] : draft.attributes)
      if (!declared.isMutable) declared.isMutable = varying[label].count(name) != 0;
}

ShapeState CuboidSetBuilder::stateOf(const AnnotationSet& set, const ImportedCuboid& c, Which which) const {
  ShapeState state;
  state.type = ShapeType::Cuboid3D;
  state.points = c.geometry;
  state.occluded = c.occluded;
  const Label* label = set.task.labels.labelByName(c.label);
  for (const auto& [name, value] : c.attributes) {
    const AttributeSpec* spec = label->attributeByName(name);
    if (!spec) continue;
    if (which == Which::Mutable && !spec->isMutable) continue;
    if (which == Which::Immutable && spec->isMutable) continue;
    state.attributes[spec->id] = value;
  }
  return state;
}

// ---- writing ----

AnnotationObject keyframesOnWrittenFrames(const AnnotationSet& set, const AnnotationObject& object) {
  AnnotationObject out = object;
  for (auto it = out.keyframes.begin(); it != out.keyframes.end();)
    it = it->first >= 0 && isWrittenFrame(set, static_cast<std::size_t>(it->first)) ? std::next(it) : out.keyframes.erase(it);
  return out;
}

std::vector<ExportedCuboid> cuboidsForExport(const AnnotationSet& set, const ExportOptions& options) {
  std::vector<ExportedCuboid> out;
  const int frameCount = static_cast<int>(set.task.frames.size());
  for (const AnnotationObject& object : set.objects) {
    if (object.kind == ObjectKind::Tag || object.shapeType() != ShapeType::Cuboid3D) continue;
    const Label* label = set.task.labels.label(object.label);
    if (!label) continue;
    auto add = [&](int frame, const ShapeState& state, bool inTrack, bool keyframe) {
      if (state.points.size() != 9 || !isWrittenFrame(set, static_cast<std::size_t>(frame))) return;
      if (inTrack && !keyframe && options.onlyKeyframes) return;
      ExportedCuboid c;
      c.frame = frame;
      c.label = label;
      c.object = &object;
      c.geometry = state.points;
      c.occluded = state.occluded;
      c.attributes = namedValues(*label, inTrack ? object.trackAttributes : AttributeValues{}, state.attributes);
      c.inTrack = inTrack;
      c.keyframe = keyframe;
      out.push_back(std::move(c));
    };
    if (!object.isTrack()) {
      if (object.frame >= 0 && object.frame < frameCount) add(object.frame, object.shape, false, false);
      continue;
    }
    const AnnotationObject track = keyframesOnWrittenFrames(set, object);
    if (track.keyframes.empty()) continue;
    const int last = std::min(track.lastVisibleFrame(frameCount - 1), frameCount - 1);
    for (int frame = std::max(0, track.firstFrame()); frame <= last; ++frame) {
      const std::optional<ShapeState> state = stateAt(track, frame);
      if (state && !state->outside) add(frame, *state, true, isKeyframe(track, frame));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ExportedCuboid& a, const ExportedCuboid& b) { return a.frame < b.frame; });
  return out;
}

}  // namespace labelstation::io::formats

#include "labelstation/core/label_schema.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

namespace labelstation {

std::string defaultLabelColor(std::size_t index) {
  static const char* const kPalette[] = {"#fa3253", "#33ddff", "#34d1b7", "#ff6037", "#b83df5", "#fafa37", "#3d3df5",
                                         "#aaf0d1", "#ff007c", "#66ff66", "#ffcc33", "#8c78f0", "#ff6a4d", "#2a7dd1"};
  return kPalette[index % (sizeof kPalette / sizeof kPalette[0])];
}
namespace {

std::optional<double> parseNumber(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

std::string_view toString(AttributeInputType type) {
  switch (type) {
    case AttributeInputType::Select: return "select";
    case AttributeInputType::Radio: return "radio";
    case AttributeInputType::Checkbox: return "checkbox";
    case AttributeInputType::Text: return "text";
    case AttributeInputType::Number: return "number";
  }
  return {};
}

std::optional<AttributeInputType> attributeInputTypeFromString(std::string_view name) {
  for (auto t : {AttributeInputType::Select, AttributeInputType::Radio, AttributeInputType::Checkbox,
                 AttributeInputType::Text, AttributeInputType::Number}) {
    if (toString(t) == name) return t;
  }
  return std::nullopt;
}

std::optional<AttributeSpec::NumberRange> AttributeSpec::numberRange() const {
  if (values.size() != 3) return std::nullopt;
  auto mn = parseNumber(values[0]), mx = parseNumber(values[1]), st = parseNumber(values[2]);
  if (!mn || !mx || !st) return std::nullopt;
  return NumberRange{*mn, *mx, *st};
}

std::string AttributeSpec::initialValue() const {
  if (!defaultValue.empty()) return defaultValue;
  switch (inputType) {
    case AttributeInputType::Select:
    case AttributeInputType::Radio: return values.empty() ? std::string() : values.front();
    case AttributeInputType::Checkbox: return values.empty() ? "false" : values.front();
    case AttributeInputType::Number: return values.empty() ? "0" : values.front();
    case AttributeInputType::Text: return values.empty() ? std::string() : values.front();
  }
  return {};
}

std::string AttributeSpec::checkValue(const std::string& value) const {
  const std::string who = "attribute " + quoted(name);
  switch (inputType) {
    case AttributeInputType::Select:
    case AttributeInputType::Radio:
      if (std::find(values.begin(), values.end(), value) == values.end()) {
        std::string options;
        for (const auto& v : values) options += (options.empty() ? "" : ", ") + quoted(v);
        return "value " + quoted(value) + " of " + who + " is not one of its options (" + options + ")";
      }
      return {};
    case AttributeInputType::Checkbox:
      if (value != "true" && value != "false")
        return "value " + quoted(value) + " of checkbox " + who + " must be \"true\" or \"false\"";
      return {};
    case AttributeInputType::Number: {
      const auto range = numberRange();
      if (!range) return who + " has no valid min/max/step";
      const auto v = parseNumber(value);
      if (!v) return "value " + quoted(value) + " of number " + who + " is not a number";
      if (*v < range->min || *v > range->max) {
        std::ostringstream os;
        os << "value " << value << " of " << who << " is outside its range [" << range->min << ", "
           << range->max << "]";
        return os.str();
      }
      if (range->step > 0) {
        const double k = (*v - range->min) / range->step;
        if (std::fabs(k - std::round(k)) > 1e-6) {
          std::ostringstream os;
          os << "value " << value << " of " << who << " is not a multiple of its step " << range->step
             << " from " << range->min;
          return os.str();
        }
      }
      return {};
    }
    case AttributeInputType::Text: return {};
  }
  return {};
}

const AttributeSpec* Label::attribute(AttributeId attrId) const {
  for (const auto& a : attributes)
    if (a.id == attrId) return &a;
  return nullptr;
}

const AttributeSpec* Label::attributeByName(const std::string& attrName) const {
  for (const auto& a : attributes)
    if (a.name == attrName) return &a;
  return nullptr;
}

void LabelSchema::assignIds(Label& label) {
  if (label.id <= 0) label.id = nextLabelId_;
  nextLabelId_ = std::max(nextLabelId_, label.id + 1);
  for (auto& a : label.attributes) {
    if (a.id <= 0) a.id = nextAttributeId_;
    nextAttributeId_ = std::max(nextAttributeId_, a.id + 1);
  }
}

LabelId LabelSchema::addLabel(Label label) {
  if (labels_.size() >= kMaxLabels) throw SchemaError("more than " + std::to_string(kMaxLabels) + " labels");
  if (label.id > 0 && this->label(label.id))
    throw SchemaError("label id " + std::to_string(label.id) + " is already used");
  assignIds(label);
  const LabelId id = label.id;
  // The others were valid: the new label alone, then what it may share with them (a full
  // validate() per label made reading N labels O(N² log N)).
  std::vector<std::string> problems;
  std::set<AttributeId> ownAttributeIds;  // repeated within the new label
  checkLabel(label, problems, nullptr, nullptr, &ownAttributeIds);
  const std::string who = "label " + quoted(label.name);
  for (const Label& l : labels_) {
    if (l.id == label.id) problems.push_back(who + " reuses id " + std::to_string(label.id));
    if (l.parent == label.parent && l.name == label.name)
      problems.push_back(label.parent == kNoLabel ? "duplicate label name " + quoted(label.name)
                                                  : "duplicate point name " + quoted(label.name) + " in a skeleton");
    for (const AttributeSpec& a : l.attributes)
      for (const AttributeSpec& b : label.attributes)
        if (a.id == b.id) problems.push_back(who + ", attribute " + quoted(b.name) + " reuses attribute id " + std::to_string(b.id));
  }
  if (!problems.empty()) throw SchemaError(problems.front());
  labels_.push_back(std::move(label));
  return id;
}

void LabelSchema::removeLabel(LabelId id) {
  for (Label& l : labels_) {  // a skeleton loses the point and its edges
    l.sublabels.erase(std::remove(l.sublabels.begin(), l.sublabels.end(), id), l.sublabels.end());
    l.edges.erase(std::remove_if(l.edges.begin(), l.edges.end(), [id](const SkeletonEdge& e) { return e.from == id || e.to == id; }),
                  l.edges.end());
    l.nodePositions.erase(id);
  }
  labels_.erase(std::remove_if(labels_.begin(), labels_.end(), [id](const Label& l) { return l.id == id || l.parent == id; }),
                labels_.end());
}

LabelId LabelSchema::addSublabel(LabelId skeleton, Label sublabel) {
  Label* parent = label(skeleton);
  if (!parent || parent->type != LabelType::Skeleton)
    throw SchemaError("label " + std::to_string(skeleton) + " is not a skeleton");
  sublabel.parent = skeleton;
  if (sublabel.type == LabelType::Any) sublabel.type = LabelType::Points;
  const LabelId id = addLabel(std::move(sublabel));
  label(skeleton)->sublabels.push_back(id);  // re-fetch: addLabel may reallocate
  return id;
}

void LabelSchema::addEdge(LabelId skeleton, LabelId from, LabelId to) {
  Label* parent = label(skeleton);
  if (!parent || parent->type != LabelType::Skeleton)
    throw SchemaError("label " + std::to_string(skeleton) + " is not a skeleton");
  auto isElement = [&](LabelId id) {
    return std::find(parent->sublabels.begin(), parent->sublabels.end(), id) != parent->sublabels.end();
  };
  if (!isElement(from) || !isElement(to) || from == to)
    throw SchemaError("skeleton \"" + parent->name + "\": an edge must join two of its own points");
  parent->edges.push_back({from, to});
}

const Label* LabelSchema::label(LabelId id) const {
  for (const auto& l : labels_)
    if (l.id == id) return &l;
  return nullptr;
}

Label* LabelSchema::label(LabelId id) {
  return const_cast<Label*>(static_cast<const LabelSchema*>(this)->label(id));
}

const Label* LabelSchema::labelByName(const std::string& name, LabelId parent) const {
  for (const auto& l : labels_)
    if (l.name == name && l.parent == parent) return &l;
  return nullptr;
}

std::vector<const Label*> LabelSchema::topLevelLabels() const {
  std::vector<const Label*> out;
  for (const auto& l : labels_)
    if (l.parent == kNoLabel) out.push_back(&l);
  return out;
}

std::vector<std::string> LabelSchema::validate() const {
  std::vector<std::string> problems;
  std::set<std::pair<LabelId, std::string>> names;
  std::set<LabelId> ids;
  std::set<AttributeId> attributeIds;  // unique across the schema: objects' values refer to them
  for (const auto& l : labels_) checkLabel(l, problems, &names, &ids, &attributeIds);
  return problems;
}

void LabelSchema::checkLabel(const Label& l, std::vector<std::string>& problems, std::set<std::pair<LabelId, std::string>>* names,
                             std::set<LabelId>* ids, std::set<AttributeId>* attributeIds) const {
  {
    const std::string who = "label " + quoted(l.name);
    if (l.name.empty()) problems.push_back("a label has an empty name");
    if (ids && !ids->insert(l.id).second) problems.push_back(who + " reuses id " + std::to_string(l.id));
    if (names && !names->insert({l.parent, l.name}).second)
      problems.push_back(l.parent == kNoLabel ? "duplicate label name " + quoted(l.name)
                                              : "duplicate point name " + quoted(l.name) + " in a skeleton");
    if (!l.color.empty()) {
      const bool hex = l.color.size() == 7 && l.color[0] == '#' &&
                       std::all_of(l.color.begin() + 1, l.color.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
      if (!hex) problems.push_back(who + " has colour " + quoted(l.color) + ", expected #rrggbb");
    }
    std::set<std::string> attrNames;
    for (const auto& a : l.attributes) {
      const std::string awho = who + ", attribute " + quoted(a.name);
      if (a.name.empty()) problems.push_back(who + " has an attribute with an empty name");
      if (!attrNames.insert(a.name).second)
        problems.push_back(who + " has duplicate attribute name " + quoted(a.name));
      if (attributeIds && !attributeIds->insert(a.id).second) problems.push_back(awho + " reuses attribute id " + std::to_string(a.id));
      switch (a.inputType) {
        case AttributeInputType::Select:
        case AttributeInputType::Radio: {
          if (a.values.empty()) problems.push_back(awho + " has no options");
          std::set<std::string> opts(a.values.begin(), a.values.end());
          if (opts.size() != a.values.size()) problems.push_back(awho + " lists an option twice");
          break;
        }
        case AttributeInputType::Number: {
          const auto r = a.numberRange();
          if (!r) problems.push_back(awho + " needs three numbers: min, max, step");
          else if (r->min > r->max) problems.push_back(awho + " has min greater than max");
          else if (r->step <= 0) problems.push_back(awho + " has a step that is not positive");
          break;
        }
        default: break;
      }
      if (!a.defaultValue.empty() && a.inputType != AttributeInputType::Text) {
        const std::string why = a.checkValue(a.defaultValue);
        if (!why.empty()) problems.push_back(who + ": default " + why);
      }
    }
    if (l.parent != kNoLabel) {
      const Label* p = label(l.parent);
      if (!p || p->type != LabelType::Skeleton)
        problems.push_back(who + " has a parent that is not a skeleton label");
    }
    if (l.type == LabelType::Skeleton) {
      for (const auto& e : l.edges) {
        const Label* a = label(e.from);
        const Label* b = label(e.to);
        if (!a || !b || a->parent != l.id || b->parent != l.id)
          problems.push_back(who + " has an edge between points that are not its own");
      }
    }
  }
}

std::map<AttributeId, std::string> LabelSchema::defaultAttributes(LabelId labelId,
                                                                  Mutability which) const {
  std::map<AttributeId, std::string> out;
  const Label* l = label(labelId);
  if (!l) return out;
  for (const auto& a : l->attributes) {
    if (which == Mutability::MutableOnly && !a.isMutable) continue;
    if (which == Mutability::ImmutableOnly && a.isMutable) continue;
    out[a.id] = a.initialValue();
  }
  return out;
}

std::vector<std::string> LabelSchema::checkAttributes(
    LabelId labelId, const std::map<AttributeId, std::string>& values) const {
  std::vector<std::string> problems;
  const Label* l = label(labelId);
  if (!l) return {"label " + std::to_string(labelId) + " does not exist"};
  for (const auto& [id, value] : values) {
    const AttributeSpec* spec = l->attribute(id);
    if (!spec) {
      problems.push_back("label " + quoted(l->name) + " has no attribute with id " + std::to_string(id));
      continue;
    }
    auto why = spec->checkValue(value);
    if (!why.empty()) problems.push_back(why);
  }
  return problems;
}

namespace {

// Ids for one level of names (labels, a skeleton's points, a label's attributes): by name, then by
// id where the old name is gone, else fresh.
template <class Item, class GetName, class GetId>
std::map<int, int> matchIds(const std::vector<const Item*>& old, const std::vector<const Item*>& edited, GetName name, GetId id,
                            int& next) {
  std::map<int, int> ids;
  std::set<int> claimed;
  std::set<std::string> editedNames;
  for (const Item* e : edited) editedNames.insert(name(*e));
  for (const Item* e : edited)
    for (const Item* o : old)
      if (name(*o) == name(*e) && !claimed.count(id(*o)) && !ids.count(id(*e))) {
        ids[id(*e)] = id(*o);
        claimed.insert(id(*o));
      }
  for (const Item* e : edited) {
    if (ids.count(id(*e))) continue;
    for (const Item* o : old)
      if (id(*o) == id(*e) && id(*e) > 0 && !claimed.count(id(*o)) && !editedNames.count(name(*o))) {
        ids[id(*e)] = id(*o);
        claimed.insert(id(*o));
      }
  }
  for (const Item* e : edited)
    if (!ids.count(id(*e))) ids[id(*e)] = next++;
  return ids;
}

}  // namespace

LabelSchema matchLabelIds(const LabelSchema& current, const LabelSchema& edited) {
  const auto problems = edited.validate();
  if (!problems.empty()) throw SchemaError(problems.front());
  int nextLabel = 1, nextAttribute = 1;
  for (const Label& l : current.allLabels()) {
    nextLabel = std::max(nextLabel, l.id + 1);
    for (const AttributeSpec& a : l.attributes) nextAttribute = std::max(nextAttribute, a.id + 1);
  }
  auto labelName = [](const Label& l) { return l.name; };
  auto labelId = [](const Label& l) { return l.id; };
  auto attributeName = [](const AttributeSpec& a) { return a.name; };
  auto attributeId = [](const AttributeSpec& a) { return a.id; };
  auto attributesOf = [](const Label* l) {
    std::vector<const AttributeSpec*> out;
    if (l)
      for (const AttributeSpec& a : l->attributes) out.push_back(&a);
    return out;
  };
  auto pointsOf = [](const LabelSchema& schema, const Label* l) {
    std::vector<const Label*> out;
    if (l)
      for (LabelId s : l->sublabels) out.push_back(schema.label(s));
    return out;
  };
  // The label with its attributes renumbered, its points and edges left to the caller.
  auto renumbered = [&](const Label& e, const Label* old, LabelId id) {
    Label copy = e;
    copy.id = id;
    copy.parent = kNoLabel;
    copy.sublabels.clear();
    copy.edges.clear();
    copy.nodePositions.clear();
    const auto attributes = matchIds(attributesOf(old), attributesOf(&e), attributeName, attributeId, nextAttribute);
    for (AttributeSpec& a : copy.attributes) a.id = attributes.at(a.id);
    return copy;
  };
  const auto top = matchIds(current.topLevelLabels(), edited.topLevelLabels(), labelName, labelId, nextLabel);
  LabelSchema out;
  for (const Label* e : edited.topLevelLabels()) {
    const LabelId id = top.at(e->id);
    const Label* old = current.label(id);
    out.addLabel(renumbered(*e, old, id));
    const auto points = matchIds(pointsOf(current, old), pointsOf(edited, e), labelName, labelId, nextLabel);
    for (LabelId s : e->sublabels) {
      const Label* point = edited.label(s);
      const LabelId pointId = points.at(s);
      out.addSublabel(id, renumbered(*point, current.label(pointId), pointId));
    }
    for (const SkeletonEdge& edge : e->edges) out.addEdge(id, points.at(edge.from), points.at(edge.to));
    for (const auto& [node, position] : e->nodePositions)
      if (points.count(node)) out.label(id)->nodePositions[points.at(node)] = position;
  }
  return out;
}

}  // namespace labelstation

#pragma once
// The label schema of a task: labels with colours, allowed shape types, attributes and skeleton
// structure, and the validation an annotator relies on (no duplicate names, values in range).

#include <map>
#include <optional>
#include <stdexcept>
#include <set>
#include <string>
#include <vector>

#include "labelstation/core/types.h"

namespace labelstation {

enum class AttributeInputType { Select, Radio, Checkbox, Text, Number };

std::string_view toString(AttributeInputType type);  // CVAT's spelling: "select", "radio", …
std::optional<AttributeInputType> attributeInputTypeFromString(std::string_view name);

struct AttributeSpec {
  AttributeId id = 0;
  std::string name;
  AttributeInputType inputType = AttributeInputType::Text;
  // A mutable attribute may change from frame to frame of a track; an immutable one belongs to
  // the whole object.
  bool isMutable = false;
  // select/radio: the options; number: {min, max, step}; checkbox: {"false"} or {"true"};
  // text: the default text, if any.
  std::vector<std::string> values;
  std::string defaultValue;

  struct NumberRange {
    double min = 0, max = 0, step = 1;
  };
  // The min/max/step of a number attribute; nullopt when values do not hold three numbers.
  std::optional<NumberRange> numberRange() const;
  // The value a new object gets: defaultValue when set, else the first option / min / "false".
  std::string initialValue() const;
  // Empty when `value` is acceptable, else a sentence saying why not.
  std::string checkValue(const std::string& value) const;
};

// An edge of a skeleton template, between two sub-labels of the skeleton label.
struct SkeletonEdge {
  LabelId from = kNoLabel;
  LabelId to = kNoLabel;
  bool operator==(const SkeletonEdge& o) const { return from == o.from && to == o.to; }
};

struct Label {
  LabelId id = kNoLabel;
  std::string name;
  std::string color;  // "#rrggbb"
  LabelType type = LabelType::Any;
  std::vector<AttributeSpec> attributes;
  // Skeletons: the point sub-labels and the edges between them. Sub-labels are labels of their
  // own (type Points) with parent set to the skeleton.
  LabelId parent = kNoLabel;
  std::vector<LabelId> sublabels;
  std::vector<SkeletonEdge> edges;
  // Template position of each sub-label's node on the skeleton's drawing (CVAT's svg), in the
  // 0..100 box the skeleton constructor uses.
  std::map<LabelId, std::pair<double, double>> nodePositions;

  const AttributeSpec* attribute(AttributeId id) const;
  const AttributeSpec* attributeByName(const std::string& name) const;
};

class LabelSchema;
// `edited` with the ids of `current` where they name the same thing: labels by name, then by id
// when that id's label is renamed (its name is gone from `edited`); skeleton points and attributes
// likewise within their label. Anything else gets an id `current` never used, so replacing the
// labels with the result keeps every object whose label is still there (label JSON loaded from a
// file carries ids of its own, or none). Throws SchemaError when `edited` is not a valid schema.
LabelSchema matchLabelIds(const LabelSchema& current, const LabelSchema& edited);

// A distinct "#rrggbb" for the index-th label of a schema, for labels that come without one.
std::string defaultLabelColor(std::size_t index);

class SchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A schema holds at most this many labels (sub-labels included): a file cannot make one of
// millions, and adding a label checks it against the others in linear time.
constexpr std::size_t kMaxLabels = 10000;

class LabelSchema {
 public:
  // Adds a label, assigning it and its attributes fresh ids where they have none (id < 0 or 0
  // for attributes). Throws SchemaError when the result would be invalid or hold more than
  // kMaxLabels labels. Only the new label is checked (alone, then against the others): the rest
  // was valid already.
  LabelId addLabel(Label label);
  // Adds a point sub-label to a skeleton label; returns its id.
  LabelId addSublabel(LabelId skeleton, Label sublabel);
  void addEdge(LabelId skeleton, LabelId from, LabelId to);
  // Removes a label (a skeleton with its points); its id is never handed out again.
  void removeLabel(LabelId id);

  const Label* label(LabelId id) const;
  Label* label(LabelId id);
  const Label* labelByName(const std::string& name, LabelId parent = kNoLabel) const;
  // Top-level labels (not skeleton sub-labels), in insertion order.
  std::vector<const Label*> topLevelLabels() const;
  const std::vector<Label>& allLabels() const { return labels_; }
  bool empty() const { return labels_.empty(); }

  // Every problem found, each a full sentence; empty means valid.
  std::vector<std::string> validate() const;

 private:
  // The checks of validate() for one label; `names`, `ids` and `attributeIds` collect what the
  // labels checked so far use (null: not checked here).
  void checkLabel(const Label& l, std::vector<std::string>& problems, std::set<std::pair<LabelId, std::string>>* names,
                  std::set<LabelId>* ids, std::set<AttributeId>* attributeIds) const;

 public:

  // Default attribute values of a label: all of them, or only mutable / immutable ones.
  enum class Mutability { All, MutableOnly, ImmutableOnly };
  std::map<AttributeId, std::string> defaultAttributes(LabelId label,
                                                       Mutability which = Mutability::All) const;
  // Checks each value against the label's specs; returns the problems found.
  std::vector<std::string> checkAttributes(LabelId label,
                                           const std::map<AttributeId, std::string>& values) const;

 private:
  void assignIds(Label& label);
  std::vector<Label> labels_;
  LabelId nextLabelId_ = 1;
  AttributeId nextAttributeId_ = 1;
};

}  // namespace labelstation

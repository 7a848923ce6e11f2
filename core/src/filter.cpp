#include "labelstation/core/filter.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "labelstation/core/document.h"
#include "labelstation/core/geometry.h"
#include "labelstation/core/interpolation.h"

namespace labelstation {

FilterError::FilterError(const std::string& problem, std::size_t position)
    : std::runtime_error(problem + " at position " + std::to_string(position)), position_(position) {}

namespace filter_detail {

enum class Property { Label, Type, Shape, Occluded, Width, Height, ObjectId, ServerId, Attribute };
enum class Op { Eq, Ne, Lt, Le, Gt, Ge };

// A value as the language sees it. A missing value is an empty optional, never a variant.
using Value = std::variant<double, bool, std::string>;

struct Operand {
  bool isLiteral = false;
  Value literal;
  Property property = Property::Label;
  std::string attribute;  // the attribute name for Property::Attribute
};

// One node of the syntax tree. && and || chains are n-ary so that a long chain does not make a
// deep tree (evaluation recursion depth stays bounded by the nesting of ( and !).
struct Node {
  enum class Kind { AnyOf, AllOf, Not, Compare };
  Kind kind = Kind::Compare;
  std::vector<Node> children;  // AnyOf / AllOf: two or more; Not: one
  Operand lhs, rhs;
  Op op = Op::Eq;
};

namespace {

// Deeper nesting of ( and ! than this is rejected: it keeps parsing and evaluation off the
// edge of the stack for hostile input, and no real filter comes close.
constexpr int kMaxNesting = 200;

bool isIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool isIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

std::string lowered(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The whole of `text` as a number, independent of the C locale.
std::optional<double> toDouble(std::string_view text) {
  double value = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

bool isOrdering(Op op) { return op != Op::Eq && op != Op::Ne; }
bool isNumericProperty(const Operand& o) {
  return !o.isLiteral && (o.property == Property::Width || o.property == Property::Height ||
                          o.property == Property::ObjectId || o.property == Property::ServerId);
}
bool isTextOrBoolLiteral(const Operand& o) { return o.isLiteral && !std::holds_alternative<double>(o.literal); }

// Two-character operators first so that "<=" is not read as "<".
constexpr std::pair<std::string_view, Op> kOperators[] = {{"==", Op::Eq}, {"!=", Op::Ne}, {"<=", Op::Le},
                                                          {">=", Op::Ge}, {"<", Op::Lt},  {">", Op::Gt}};
std::string opText(Op op) {
  for (const auto& [text, o] : kOperators)
    if (o == op) return std::string(text);
  return "?";
}

std::optional<Property> propertyNamed(const std::string& lower) {
  if (lower == "label") return Property::Label;
  if (lower == "type") return Property::Type;
  if (lower == "shape") return Property::Shape;
  if (lower == "occluded") return Property::Occluded;
  if (lower == "width") return Property::Width;
  if (lower == "height") return Property::Height;
  if (lower == "objectid" || lower == "id" || lower == "object_id") return Property::ObjectId;
  if (lower == "serverid" || lower == "server_id") return Property::ServerId;
  return std::nullopt;
}

// Recursive descent over the characters (no separate lexer: the only tokens are short and
// attr.NAME / numbers are easier to read in place).
class Parser {
 public:
  explicit Parser(const std::string& text) : s_(text) {}

  Node parseExpression() {
    skipSpace();
    if (atEnd()) throw FilterError("empty expression", 0);
    Node root = parseOr();
    skipSpace();
    if (!atEnd()) {
      if (s_[pos_] == ')') throw FilterError("unmatched ')'", pos_);
      failAfterOperand("'&&', '||' or the end of the expression");
    }
    return root;
  }

 private:
  void skipSpace() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool atEnd() const { return pos_ >= s_.size(); }
  bool lookingAt(std::string_view token) const { return s_.compare(pos_, token.size(), token) == 0; }
  bool consume(std::string_view token) {
    skipSpace();
    if (!lookingAt(token)) return false;
    pos_ += token.size();
    return true;
  }

  [[noreturn]] void failEnd(const std::string& expected) const {
    throw FilterError("unexpected end of the expression: expected " + expected, s_.size());
  }
  // Where an operator joining two comparisons, or a closing bracket, should come. A lone & or |
  // is the most likely slip, so it gets its own message.
  [[noreturn]] void failAfterOperand(const std::string& expected) const {
    if (lookingAt("&") && !lookingAt("&&")) throw FilterError("use '&&' instead of '&'", pos_);
    if (lookingAt("|") && !lookingAt("||")) throw FilterError("use '||' instead of '|'", pos_);
    failExpected(expected);
  }
  [[noreturn]] void failExpected(const std::string& expected) const {
    if (atEnd()) failEnd(expected);
    throw FilterError("expected " + expected, pos_);
  }

  // One precedence level: `a op b op c` becomes one n-ary node.
  Node parseChain(std::string_view op, Node::Kind kind, Node (Parser::*operand)()) {
    Node first = (this->*operand)();
    skipSpace();
    if (!lookingAt(op)) return first;
    Node node;
    node.kind = kind;
    node.children.push_back(std::move(first));
    while (consume(op)) node.children.push_back((this->*operand)());
    return node;
  }
  Node parseOr() { return parseChain("||", Node::Kind::AnyOf, &Parser::parseAnd); }
  Node parseAnd() { return parseChain("&&", Node::Kind::AllOf, &Parser::parseUnary); }

  Node parseUnary() {
    skipSpace();
    // "!=" here is a misplaced operator, not a negation: let parseOperand report it.
    const bool negation = lookingAt("!") && !lookingAt("!=");
    if (!negation && !lookingAt("(")) return parseComparison();
    // No RAII needed for the depth: an error abandons the whole parse.
    if (++depth_ > kMaxNesting) throw FilterError("the expression is nested too deeply", pos_);
    ++pos_;
    Node node;
    if (negation) {
      node.kind = Node::Kind::Not;
      node.children.push_back(parseUnary());
    } else {
      node = parseOr();
      skipSpace();
      if (!lookingAt(")")) failAfterOperand("')'");
      ++pos_;
    }
    --depth_;
    return node;
  }

  Node parseComparison() {
    Node node;
    skipSpace();
    const std::size_t lhsStart = pos_;
    node.lhs = parseOperand("a property or a value");
    const std::string lhsText = s_.substr(lhsStart, pos_ - lhsStart);
    skipSpace();
    node.op = parseOperator(lhsText);
    skipSpace();
    const std::size_t rhsStart = pos_;
    node.rhs = parseOperand("a property or a value after " + opText(node.op));
    // Ordering a number against text or a flag is always false: say so now rather than
    // silently match nothing.
    if (isOrdering(node.op)) {
      const bool lhsBad = isTextOrBoolLiteral(node.lhs) && isNumericProperty(node.rhs);
      const bool rhsBad = isTextOrBoolLiteral(node.rhs) && isNumericProperty(node.lhs);
      if (lhsBad || rhsBad) {
        const std::string property = lhsBad ? s_.substr(rhsStart, pos_ - rhsStart) : lhsText;
        const Value& literal = lhsBad ? node.lhs.literal : node.rhs.literal;
        const char* kind = std::holds_alternative<bool>(literal) ? "true or false" : "a string";
        throw FilterError(property + " is a number and cannot be compared with " + kind + " using " +
                              opText(node.op),
                          lhsBad ? lhsStart : rhsStart);
      }
    }
    return node;
  }

  Op parseOperator(const std::string& lhsText) {
    for (const auto& [text, op] : kOperators) {
      if (lookingAt(text)) {
        pos_ += text.size();
        return op;
      }
    }
    if (lookingAt("=")) throw FilterError("use '==' instead of '='", pos_);
    failExpected("an operator (==, !=, <, <=, >, >=) after " + lhsText);
  }

  Operand parseOperand(const std::string& expected) {
    skipSpace();
    if (atEnd()) failEnd(expected);
    const char c = s_[pos_];
    if (c == '"' || c == '\'') return literal(Value(parseString()));
    const bool signedNumber = (c == '-' || c == '+') && pos_ + 1 < s_.size() &&
                              (isDigit(s_[pos_ + 1]) || s_[pos_ + 1] == '.');
    if (isDigit(c) || c == '.' || signedNumber) return literal(Value(parseNumber()));
    if (isIdentStart(c)) return parseName();
    if (std::string_view("()&|=!<>").find(c) != std::string_view::npos) failExpected(expected);
    if (std::isprint(static_cast<unsigned char>(c))) {
      throw FilterError(std::string("unexpected character '") + c + "'", pos_);
    }
    throw FilterError("unexpected character", pos_);
  }

  static Operand literal(Value value) {
    Operand o;
    o.isLiteral = true;
    o.literal = std::move(value);
    return o;
  }

  Operand parseName() {
    const std::size_t start = pos_;
    while (pos_ < s_.size() && isIdentChar(s_[pos_])) ++pos_;
    const std::string name = s_.substr(start, pos_ - start);
    const std::string lower = lowered(name);
    if (lower == "true" || lower == "false") return literal(Value(lower == "true"));
    Operand o;
    if (lower == "attr") {
      o.property = Property::Attribute;
      o.attribute = parseAttributeName();
      return o;
    }
    const auto property = propertyNamed(lower);
    if (!property) throw FilterError("unknown property \"" + name + "\"", start);
    o.property = *property;
    return o;
  }

  // After "attr": .NAME (letters, digits, _) or ["any name"] / ['any name'].
  std::string parseAttributeName() {
    const std::string expected = "an attribute name after attr: attr.NAME or attr[\"NAME\"]";
    if (lookingAt(".")) {
      const std::size_t start = ++pos_;
      while (pos_ < s_.size() && isIdentChar(s_[pos_])) ++pos_;
      if (pos_ == start) failExpected(expected);
      return s_.substr(start, pos_ - start);
    }
    if (!lookingAt("[")) failExpected(expected);
    ++pos_;
    skipSpace();
    if (!lookingAt("\"") && !lookingAt("'")) failExpected("a quoted attribute name");
    const std::size_t nameStart = pos_;
    std::string name = parseString();
    if (name.empty()) throw FilterError("empty attribute name", nameStart);
    if (!consume("]")) failExpected("']'");
    return name;
  }

  // A quoted string; a backslash escapes either quote or itself.
  std::string parseString() {
    const std::size_t start = pos_;
    const char quote = s_[pos_++];
    std::string out;
    while (true) {
      if (atEnd()) throw FilterError("unterminated string", start);
      const char c = s_[pos_];
      if (c == quote) {
        ++pos_;
        return out;
      }
      if (c == '\\') {
        if (pos_ + 1 >= s_.size()) throw FilterError("unterminated string", start);
        const char next = s_[pos_ + 1];
        if (next != '"' && next != '\'' && next != '\\') {
          const std::string allowed = " (only \\\", \\' and \\\\ are allowed)";
          throw FilterError(std::string("unknown escape \\") + next + allowed, pos_);
        }
        out += next;
        pos_ += 2;
        continue;
      }
      out += c;
      ++pos_;
    }
  }

  // [+-] digits [. digits] [e [+-] digits], at least one mantissa digit.
  double parseNumber() {
    const std::size_t start = pos_;
    if (s_[pos_] == '-' || s_[pos_] == '+') ++pos_;
    auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < s_.size() && isDigit(s_[pos_])) ++pos_;
      return pos_ - from;
    };
    std::size_t mantissa = digits();
    if (lookingAt(".")) {
      ++pos_;
      mantissa += digits();
    }
    bool valid = mantissa > 0;
    if (valid && pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (lookingAt("+") || lookingAt("-")) ++pos_;
      valid = digits() > 0;
    }
    // "3px", "1.2.3": a number glued to more text is a typo, not a number and a name.
    if (!valid || (pos_ < s_.size() && (isIdentChar(s_[pos_]) || s_[pos_] == '.'))) {
      while (pos_ < s_.size() && (isIdentChar(s_[pos_]) || s_[pos_] == '.')) ++pos_;
      throw FilterError("invalid number \"" + s_.substr(start, pos_ - start) + "\"", start);
    }
    const std::string_view text(s_.data() + start, pos_ - start);
    const auto value = toDouble(text.front() == '+' ? text.substr(1) : text);  // from_chars rejects '+'
    if (!value) throw FilterError("number \"" + std::string(text) + "\" is out of range", start);
    return *value;
  }

  const std::string& s_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

// ---- evaluation -----------------------------------------------------------------------------

struct Subject {
  const Document& document;
  const AnnotationObject& object;
  const ShapeState& state;  // the object's state on the frame (for tags, the tag itself)
  // False while deciding a whole stretch between two keyframes of a track at once: flags and
  // attributes are the keyframe's all along, but width and height are interpolated.
  bool geometryKnown = true;
};

// Width and height of the shape's axis-aligned box on the frame; nullopt when it has none.
std::optional<std::pair<double, double>> sizeOf(const ShapeState& s) {
  const std::vector<double>& p = s.points;
  switch (s.type) {
    case ShapeType::Cuboid3D:  // px py pz rx ry rz sx sy sz: sx across, sz up
      if (p.size() < 9) return std::nullopt;
      return std::make_pair(p[6], p[8]);
    case ShapeType::Mask: {  // …runs, left, top, right, bottom (inclusive pixel bounds)
      if (p.size() < 4) return std::nullopt;
      const std::size_t n = p.size();
      return std::make_pair(p[n - 2] - p[n - 4] + 1, p[n - 1] - p[n - 3] + 1);
    }
    case ShapeType::Ellipse:  // cx, cy, cx + rx, cy - ry: the box is twice the radii
      if (p.size() < 4) return std::nullopt;
      return std::make_pair(2 * std::abs(p[2] - p[0]), 2 * std::abs(p[1] - p[3]));
    case ShapeType::Skeleton: {
      std::vector<double> all;
      for (const auto& e : s.elements) all.insert(all.end(), e.points.begin(), e.points.end());
      if (all.size() < 2) return std::nullopt;
      const BoundingBox2D b = boundsOf(all);
      return std::make_pair(b.width(), b.height());
    }
    default: {  // x, y pairs; boundsOf ignores an odd trailing number (a rectangle's rotation)
      if (p.size() < 2) return std::nullopt;
      const BoundingBox2D b = boundsOf(p);
      return std::make_pair(b.width(), b.height());
    }
  }
}

std::optional<Value> attributeValue(const Subject& s, const std::string& name) {
  const Label* label = s.document.labels().label(s.object.label);
  const AttributeSpec* spec = label ? label->attributeByName(name) : nullptr;
  if (!spec) return std::nullopt;
  // Tracks keep immutable values on the track and mutable ones on each keyframe; look where the
  // value belongs first, then in the other place (data loaded from files is not always tidy).
  const AttributeValues* primary = &s.state.attributes;
  const AttributeValues* secondary = nullptr;
  if (s.object.isTrack()) {
    primary = spec->isMutable ? &s.state.attributes : &s.object.trackAttributes;
    secondary = spec->isMutable ? &s.object.trackAttributes : &s.state.attributes;
  }
  auto it = primary->find(spec->id);
  if (it == primary->end()) {
    if (!secondary || (it = secondary->find(spec->id)) == secondary->end()) return std::nullopt;
  }
  const std::string& raw = it->second;
  switch (spec->inputType) {
    case AttributeInputType::Number: {
      std::string_view text = raw;
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
      if (const auto value = toDouble(text)) return Value(*value);
      return std::nullopt;
    }
    case AttributeInputType::Checkbox: {
      const std::string lower = lowered(raw);
      if (lower == "true") return Value(true);
      if (lower == "false") return Value(false);
      return std::nullopt;
    }
    default: return Value(raw);
  }
}

std::optional<Value> valueOf(const Subject& s, const Operand& o) {
  if (o.isLiteral) return o.literal;
  const bool isTag = s.object.kind == ObjectKind::Tag;
  switch (o.property) {
    case Property::Label: {
      const Label* label = s.document.labels().label(s.object.label);
      if (!label) return std::nullopt;
      return Value(label->name);
    }
    case Property::Type: return Value(std::string(toString(s.object.kind)));
    case Property::Shape:
      if (isTag) return std::nullopt;
      return Value(std::string(toString(s.state.type)));
    case Property::Occluded:
      if (isTag) return std::nullopt;
      return Value(s.state.occluded);
    case Property::Width:
    case Property::Height: {
      if (isTag) return std::nullopt;
      const auto size = sizeOf(s.state);
      if (!size) return std::nullopt;
      return Value(o.property == Property::Width ? size->first : size->second);
    }
    case Property::ObjectId: return Value(static_cast<double>(s.object.id));
    case Property::ServerId: return std::nullopt;  // no server: never known
    case Property::Attribute: return attributeValue(s, o.attribute);
  }
  return std::nullopt;
}

template <typename T>
bool ordered(const T& a, Op op, const T& b) {
  switch (op) {
    case Op::Eq: return a == b;
    case Op::Ne: return a != b;
    case Op::Lt: return a < b;
    case Op::Le: return a <= b;
    case Op::Gt: return a > b;
    case Op::Ge: return a >= b;
  }
  return false;
}

bool compare(const std::optional<Value>& a, Op op, const std::optional<Value>& b) {
  if (!a || !b || a->index() != b->index()) return false;
  if (const bool* x = std::get_if<bool>(&*a)) {
    if (isOrdering(op)) return false;  // true > false means nothing
    return ordered(*x, op, std::get<bool>(*b));
  }
  if (const double* x = std::get_if<double>(&*a)) return ordered(*x, op, std::get<double>(*b));
  return ordered(std::get<std::string>(*a), op, std::get<std::string>(*b));
}

// Kleene's three-valued logic: with geometry unknown, a result that is still Yes or No holds
// whatever the width and height turn out to be.
enum class Truth { No, Yes, Unknown };

bool isGeometry(const Operand& o) {
  return !o.isLiteral && (o.property == Property::Width || o.property == Property::Height);
}

Truth evaluate(const Node& node, const Subject& s) {
  switch (node.kind) {
    case Node::Kind::AnyOf:
    case Node::Kind::AllOf: {
      // AnyOf: one Yes decides; AllOf: one No decides. Otherwise any Unknown leaves it open.
      const Truth decisive = node.kind == Node::Kind::AnyOf ? Truth::Yes : Truth::No;
      Truth result = decisive == Truth::Yes ? Truth::No : Truth::Yes;
      for (const Node& child : node.children) {
        const Truth t = evaluate(child, s);
        if (t == decisive) return t;
        if (t == Truth::Unknown) result = Truth::Unknown;
      }
      return result;
    }
    case Node::Kind::Not: {
      const Truth t = evaluate(node.children.front(), s);
      return t == Truth::Unknown ? t : (t == Truth::Yes ? Truth::No : Truth::Yes);
    }
    case Node::Kind::Compare:
      if (!s.geometryKnown && (isGeometry(node.lhs) || isGeometry(node.rhs))) return Truth::Unknown;
      return compare(valueOf(s, node.lhs), node.op, valueOf(s, node.rhs)) ? Truth::Yes : Truth::No;
  }
  return Truth::No;
}

}  // namespace
}  // namespace filter_detail

Filter Filter::parse(const std::string& expression) {
  filter_detail::Parser parser(expression);
  auto root = std::make_shared<const filter_detail::Node>(parser.parseExpression());
  return Filter(expression, std::move(root));
}

bool Filter::matches(const Document& document, const AnnotationObject& object, int frame) const {
  const std::optional<ShapeState> state = stateAt(object, frame);
  return state && matches(document, object, *state);
}

bool Filter::matches(const Document& document, const AnnotationObject& object, const ShapeState& state) const {
  if (state.outside) return false;
  return filter_detail::evaluate(*root_, {document, object, state, true}) == filter_detail::Truth::Yes;
}

// Works in distances from `from` (1 = the next frame in the direction) so both directions share
// one loop. For each object only frames nearer than the best match so far are looked at, and a
// track is walked keyframe segment by keyframe segment: within a segment only width and height
// change (and not even they when the keyframe is held), so one evaluation usually decides the
// whole segment; only a filter whose outcome hangs on the geometry is evaluated frame by frame.
std::optional<int> findFrameWithMatch(const Document& document, const Filter* filter, int from,
                                      int direction) {
  using filter_detail::Truth;
  if (direction == 0) return std::nullopt;
  const long long step = direction > 0 ? 1 : -1;
  const long long last = document.frameCount() - 1;
  const long long origin = from;
  // Distances of the frames inside the task.
  const long long minDistance = std::max(1LL, step > 0 ? -origin : origin - last);
  const long long maxDistance = step > 0 ? last - origin : origin;
  if (minDistance > maxDistance) return std::nullopt;

  long long best = maxDistance + 1;  // distance of the best match so far; beyond the range: none
  auto frameAt = [&](long long distance) { return static_cast<int>(origin + step * distance); };
  auto distanceOf = [&](long long frame) { return (frame - origin) * step; };
  // Whether a state (not outside) matches; Unknown only when geometry is not known.
  auto judge = [&](const AnnotationObject& object, const ShapeState& state, bool geometryKnown) {
    if (!filter) return Truth::Yes;
    return filter_detail::evaluate(*filter->root_, {document, object, state, geometryKnown});
  };
  // The nearest frame not deleted in distances [lo, hi] where `accept` holds.
  auto scan = [&](long long lo, long long hi, auto accept) {
    for (long long d = lo; d <= hi; ++d) {
      if (!document.isFrameDeleted(frameAt(d)) && accept(frameAt(d))) {
        best = d;
        return true;
      }
    }
    return false;
  };

  struct Segment {
    long long lo, hi;  // distances, lo <= hi
    const ShapeState* state;
    bool held;  // the keyframe's shape is held unchanged through the segment
  };
  std::vector<Segment> segments;
  for (const auto& entry : document.objects()) {
    const AnnotationObject& object = entry.second;
    if (!object.isTrack()) {
      const long long d = distanceOf(object.frame);
      if (d >= minDistance && d < best && !object.shape.outside && !document.isFrameDeleted(object.frame) &&
          judge(object, object.shape, true) == Truth::Yes) {
        best = d;
      }
      continue;
    }
    // Segments from each keyframe to the frame before the next, the last to the task's end.
    segments.clear();
    for (auto it = object.keyframes.begin(); it != object.keyframes.end(); ++it) {
      const auto next = std::next(it);
      const bool isLast = next == object.keyframes.end();
      const long long end = isLast ? std::max<long long>(last, it->first) : next->first - 1;
      const long long a = distanceOf(it->first), b = distanceOf(end);
      segments.push_back({std::min(a, b), std::max(a, b), &it->second, isLast});
    }
    if (step < 0) std::reverse(segments.begin(), segments.end());  // nearest first
    for (const Segment& segment : segments) {
      if (segment.lo >= best) break;  // this and later segments are no nearer
      const long long lo = std::max(segment.lo, minDistance), hi = std::min(segment.hi, best - 1);
      if (lo > hi || segment.state->outside) continue;
      const Truth once = judge(object, *segment.state, segment.held);
      if (once == Truth::Yes && scan(lo, hi, [](int) { return true; })) break;
      if (once == Truth::Unknown &&
          scan(lo, hi, [&](int frame) { return filter->matches(document, object, frame); })) {
        break;
      }
    }
  }
  if (best > maxDistance) return std::nullopt;
  return frameAt(best);
}

std::optional<int> findEmptyFrame(const Document& document, int from, int direction) {
  if (direction == 0) return std::nullopt;
  const int count = document.frameCount();
  std::vector<bool> used(static_cast<std::size_t>(std::max(count, 0)), false);
  auto mark = [&](int first, int last) {
    for (int f = std::max(first, 0); f <= std::min(last, count - 1); ++f) used[static_cast<std::size_t>(f)] = true;
  };
  for (const auto& [id, object] : document.objects()) {
    if (!object.isTrack()) {
      mark(object.frame, object.frame);
      continue;
    }
    // A visible keyframe holds until the next keyframe (an outside one ends it there).
    for (auto it = object.keyframes.begin(); it != object.keyframes.end(); ++it) {
      if (it->second.outside) continue;
      const auto next = std::next(it);
      mark(it->first, next == object.keyframes.end() ? count - 1 : next->first - 1);
    }
  }
  const int step = direction > 0 ? 1 : -1;
  for (int f = from + step; f >= 0 && f < count; f += step)
    if (!used[static_cast<std::size_t>(f)] && !document.isFrameDeleted(f)) return f;
  return std::nullopt;
}

}  // namespace labelstation

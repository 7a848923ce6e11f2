#include "labelstation/io/skeleton_svg.h"

#include <tinyxml2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "formats/format_common.h"
#include "labelstation/io/atomic_file.h"
#include "safe_input.h"

namespace labelstation::io {
namespace {

// The svg is scanned by hand, in one pass: a backtracking std::regex over a 40 KB attribute took
// seconds and could overflow the stack.
bool isSvgSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
bool isNameChar(char c) { return isNameStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.'; }
bool isWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The five predefined XML entities; anything else stays as written.
std::string unescapeXml(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool replaced = false;
    if (text[i] == '&')
      for (const auto& [entity, c] : kEntities)
        if (text.substr(i, entity.size()) == entity) {
          out += c;
          i += entity.size() - 1;
          replaced = true;
          break;
        }
    if (!replaced) out += text[i];
  }
  return out;
}

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
    out[std::string(name)] = unescapeXml(tagText.substr(q + 1, close - q - 1));
    p = close + 1;
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

// A number from the svg as an int (0 when absent or out of range).
int toInt(const std::map<std::string, std::string>& attributes, const char* name) {
  const auto it = attributes.find(name);
  if (it == attributes.end()) return 0;
  const double v = toDouble(it->second);
  return v > -2e9 && v < 2e9 ? static_cast<int>(v) : 0;
}

std::string number(double v) { return formats::decimal(v, 0, 6); }

}  // namespace

const SkeletonDrawing::Node* SkeletonDrawing::node(int id) const {
  for (const Node& n : nodes)
    if (n.id == id) return &n;
  return nullptr;
}

SkeletonDrawing parseSkeletonSvg(std::string_view svg) {
  SkeletonDrawing drawing;
  std::vector<std::pair<int, int>> lines;
  std::set<int> nodeIds;
  std::size_t i = 0;
  while ((i = svg.find('<', i)) != std::string_view::npos) {
    std::size_t end = ++i;
    while (end < svg.size() && isWordChar(svg[end])) ++end;
    const std::string_view kind = svg.substr(i, end - i);
    if (kind != "line" && kind != "circle") continue;
    const std::size_t close = svg.find('>', end);
    if (close == std::string_view::npos) break;
    auto attributes = svgAttributes(svg.substr(end, close - end));
    i = close + 1;
    if (kind == "line") {
      lines.emplace_back(toInt(attributes, "data-node-from"), toInt(attributes, "data-node-to"));
      continue;
    }
    // CVAT reads data-element-id as the node id too; older drawings carry data-node-id only.
    const int id = attributes.count("data-element-id") ? toInt(attributes, "data-element-id") : toInt(attributes, "data-node-id");
    if (id <= 0 || !nodeIds.insert(id).second) continue;
    SkeletonDrawing::Node node;
    node.id = id;
    node.labelId = toInt(attributes, "data-label-id");
    node.labelName = attributes["data-label-name"];
    node.x = toDouble(attributes["cx"]);
    node.y = toDouble(attributes["cy"]);
    drawing.nodes.push_back(std::move(node));
  }
  for (const auto& [from, to] : lines) {
    const bool joined = std::any_of(drawing.edges.begin(), drawing.edges.end(), [&, f = from, t = to](const auto& e) {
      return (e.first == f && e.second == t) || (e.first == t && e.second == f);
    });
    if (from != to && nodeIds.count(from) && nodeIds.count(to) && !joined) drawing.edges.emplace_back(from, to);
  }
  return drawing;
}

std::string writeSkeletonSvg(const SkeletonDrawing& drawing) {
  std::string svg;
  for (const auto& [from, to] : drawing.edges) {
    const SkeletonDrawing::Node *a = drawing.node(from), *b = drawing.node(to);
    if (!a || !b) continue;
    svg += "<line x1=\"" + number(a->x) + "\" y1=\"" + number(a->y) + "\" x2=\"" + number(b->x) + "\" y2=\"" + number(b->y) +
           "\" data-type=\"edge\" data-node-from=\"" + std::to_string(from) + "\" data-node-to=\"" + std::to_string(to) + "\"></line>\n";
  }
  for (const SkeletonDrawing::Node& n : drawing.nodes) {
    const std::string id = std::to_string(n.id);
    svg += "<circle r=\"0.75\" cx=\"" + number(n.x) + "\" cy=\"" + number(n.y) + "\" data-type=\"element node\" data-element-id=\"" + id +
           "\" data-node-id=\"" + id + "\"" + (n.labelId > 0 ? " data-label-id=\"" + std::to_string(n.labelId) + "\"" : std::string()) +
           " data-label-name=\"" + formats::escapeXml(n.labelName) + "\"></circle>\n";
  }
  if (!svg.empty()) svg.pop_back();  // lines joined by "\n", as CVAT joins them
  return svg;
}

SkeletonDrawing skeletonDrawing(const LabelSchema& schema, const Label& skeleton, bool withLabelIds) {
  SkeletonDrawing drawing;
  std::map<LabelId, int> nodeOf;
  const std::size_t count = skeleton.sublabels.size();
  for (std::size_t i = 0; i < count; ++i) {
    const LabelId sub = skeleton.sublabels[i];
    SkeletonDrawing::Node node;
    node.id = static_cast<int>(i) + 1;
    nodeOf[sub] = node.id;
    if (withLabelIds) node.labelId = sub;
    if (const Label* l = schema.label(sub)) node.labelName = l->name;
    const auto position = skeleton.nodePositions.find(sub);
    if (position != skeleton.nodePositions.end()) {
      std::tie(node.x, node.y) = position->second;
    } else {  // no drawing yet: spread the points on a circle so the template stays usable
      const double a = 2.0 * M_PI * static_cast<double>(i) / static_cast<double>(count);
      node.x = 50.0 + 35.0 * std::cos(a);
      node.y = 50.0 + 35.0 * std::sin(a);
    }
    drawing.nodes.push_back(std::move(node));
  }
  for (const SkeletonEdge& e : skeleton.edges)
    if (nodeOf.count(e.from) && nodeOf.count(e.to)) drawing.edges.emplace_back(nodeOf[e.from], nodeOf[e.to]);
  return drawing;
}

void applySkeletonDrawing(const SkeletonDrawing& drawing, LabelSchema& schema, LabelId skeleton, const std::map<int, LabelId>& labelIds) {
  const std::vector<LabelId> order = schema.label(skeleton)->sublabels;
  std::map<int, LabelId> pointOf;
  for (const SkeletonDrawing::Node& node : drawing.nodes) {
    LabelId point = kNoLabel;
    if (const auto found = labelIds.find(node.labelId); node.labelId > 0 && found != labelIds.end()) point = found->second;
    if (point == kNoLabel && !node.labelName.empty())
      if (const Label* l = schema.labelByName(node.labelName, skeleton)) point = l->id;
    if (point == kNoLabel && node.id <= static_cast<int>(order.size())) point = order[static_cast<std::size_t>(node.id) - 1];
    if (point == kNoLabel) continue;
    pointOf[node.id] = point;
    schema.label(skeleton)->nodePositions[point] = {node.x, node.y};
  }
  for (const auto& [from, to] : drawing.edges) {
    const auto a = pointOf.find(from), b = pointOf.find(to);
    if (a == pointOf.end() || b == pointOf.end() || a->second == b->second) continue;
    const auto& edges = schema.label(skeleton)->edges;
    const bool joined = std::any_of(edges.begin(), edges.end(), [&](const SkeletonEdge& e) {
      return (e.from == a->second && e.to == b->second) || (e.from == b->second && e.to == a->second);
    });
    if (!joined) schema.addEdge(skeleton, a->second, b->second);
  }
}

std::string writeSkeletonFile(const SkeletonFile& file) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">\n" + writeSkeletonSvg(file.drawing) +
         "\n<desc data-description-type=\"labels-specification\">" + formats::escapeXml(file.pointsJson) + "</desc>\n</svg>\n";
}

SkeletonFile parseSkeletonFile(const std::string& text, const std::string& source) {
  tinyxml2::XMLDocument doc;
  if (doc.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS || !doc.RootElement() ||
      std::string_view(doc.RootElement()->Name()) != "svg")
    throw IoError(source, "not a skeleton drawing (an .svg file with <svg> at its root)");
  SkeletonFile file;
  file.pointsJson = "{}";
  for (const tinyxml2::XMLElement* desc = doc.RootElement()->FirstChildElement("desc"); desc; desc = desc->NextSiblingElement("desc")) {
    const char* type = desc->Attribute("data-description-type");
    if (!type || std::string_view(type) != "labels-specification") continue;
    const std::string points = desc->GetText() ? desc->GetText() : "{}";
    if (!detail::parseJson(points, source, "its labels-specification is not valid JSON").is_object())
      throw IoError(source, "its labels-specification must be a JSON object of points by node id");
    file.pointsJson = points;
  }
  file.drawing = parseSkeletonSvg(text);
  if (file.drawing.nodes.empty()) throw IoError(source, "the drawing has no skeleton points (<circle data-element-id=…>)");
  return file;
}

SkeletonFile readSkeletonFile(const std::filesystem::path& path) { return parseSkeletonFile(readWholeFile(path), path.string()); }

}  // namespace labelstation::io

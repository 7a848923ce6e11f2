// CVAT for images 1.1 and CVAT for video 1.1: one reader for both layouts (formats.md §1). It keeps
// what CVAT's own importer keeps: every shape of an <image>; of a <track> only its keyframe="1"
// rows (the rest is interpolation CVAT recomputes). Both skeleton-track layouts are read: element
// rows inside each <skeleton> (current CVAT) and element <track>s nested in the skeleton track
// (older CVAT, datumaro's fixture).
#include <tinyxml2.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "cvat_xml_common.h"
#include "formats.h"
#include "labelstation/core/mask.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/skeleton_svg.h"
#include "format_files.h"
#include "../safe_input.h"

namespace labelstation::io::formats {
namespace {

using tinyxml2::XMLElement;
using detail::printable;

const char* text(const XMLElement* e) { return e && e->GetText() ? e->GetText() : ""; }
std::string childText(const XMLElement* parent, const char* name) {
  return parent ? text(parent->FirstChildElement(name)) : "";
}
std::string trim(std::string s) {
  const auto notSpace = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), notSpace));
  s.erase(std::find_if(s.rbegin(), s.rend(), notSpace).base(), s.end());
  return s;
}

// The frames the video layout makes (one per frame number from start_frame to the last one, by
// step): at most this many, whatever <size> or a row's frame says (a 9-hour video at 30 fps).
constexpr long long kMaxVideoFrames = 1000000;

// A whole decimal number (surrounding blanks allowed); nothing for anything else, including
// numbers beyond ±2^63 ("4294967296" is not frame 0).
std::optional<long long> wholeNumber(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  long long v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  AnnotationSet read(const std::string& xml) {
    tinyxml2::XMLDocument doc;
    if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS)
      fail("malformed XML: " + std::string(doc.ErrorStr() ? doc.ErrorStr() : "parse error"));
    const XMLElement* root = doc.RootElement();
    if (!root || std::string(root->Name()) != "annotations") fail("the root element is not <annotations>: not a CVAT XML file");
    const std::string version = trim(childText(root, "version"));
    if (!version.empty() && version != "1.1" && version != "1.0") warn("version " + version + " (read as 1.1)");
    const XMLElement* meta = root->FirstChildElement("meta");
    readMeta(meta);
    readFrames(root);
    for (const XMLElement* e = root->FirstChildElement(); e; e = e->NextSiblingElement()) {
      const std::string name = e->Name();
      if (name == "image") readImage(*e);
      else if (name == "track") readTrack(*e);
    }
    set_.task.dimension = TaskDimension::Image2D;
    return std::move(set_);
  }

 private:
  [[noreturn]] void fail(const std::string& problem, const XMLElement* at = nullptr) const {
    throw IoError(file_, (at ? "line " + std::to_string(at->GetLineNum()) + ": " : std::string()) + problem);
  }

  // An integer attribute within [lo, hi]: `fallback` when absent, an error when it is not a whole
  // number in range (tinyxml2 would read "4294967296" as 0).
  int intAttribute(const XMLElement& e, const char* name, int fallback, long long lo, long long hi) const {
    const char* v = e.Attribute(name);
    if (!v) return fallback;
    const std::optional<long long> n = wholeNumber(v);
    if (!n || *n < lo || *n > hi)
      fail("<" + std::string(e.Name()) + "> " + name + "=\"" + printable(v, 40) + "\" is not a whole number from " + std::to_string(lo) +
               " to " + std::to_string(hi),
           &e);
    return static_cast<int>(*n);
  }
  // A number in the meta (<size>, <start_frame>, …): 0 when empty, as CVAT leaves them.
  long long metaNumber(const XMLElement* owner, const char* name, long long lo, long long hi) const {
    const std::string t = trim(childText(owner, name));
    if (t.empty()) return 0;
    const std::optional<long long> n = wholeNumber(t);
    if (!n || *n < lo || *n > hi)
      fail("<" + std::string(name) + ">" + printable(t, 40) + "</" + name + "> is not a whole number from " + std::to_string(lo) +
               " to " + std::to_string(hi),
           owner->FirstChildElement(name));
    return *n;
  }
  void warn(const std::string& what, const XMLElement* at = nullptr) {
    set_.warnings.push_back((at ? "line " + std::to_string(at->GetLineNum()) + ": " : std::string()) + what);
  }

  // ---- meta ----

  void readMeta(const XMLElement* meta) {
    const XMLElement* owner = nullptr;  // <task>, <job> or <project>
    if (meta)
      for (const char* tag : {"task", "job", "project"})
        if ((owner = meta->FirstChildElement(tag))) break;
    set_.task.name = childText(owner, "name");
    if (owner) {
      mode_ = trim(childText(owner, "mode"));
      size_ = static_cast<int>(metaNumber(owner, "size", 0, INT_MAX));
      startFrame_ = static_cast<int>(metaNumber(owner, "start_frame", 0, INT_MAX));
      const std::string filter = trim(childText(owner, "frame_filter"));
      if (filter.rfind("step=", 0) == 0) {
        const std::optional<long long> step = wholeNumber(std::string_view(filter).substr(5));
        if (!step || *step > INT_MAX) fail("<frame_filter>" + printable(filter, 40) + "</frame_filter> is not step=N");
        step_ = static_cast<int>(std::max(1LL, *step));
      }
      if (const XMLElement* size = owner->FirstChildElement("original_size")) {
        width_ = static_cast<int>(metaNumber(size, "width", 0, INT_MAX));
        height_ = static_cast<int>(metaNumber(size, "height", 0, INT_MAX));
      }
      if (const XMLElement* labels = owner->FirstChildElement("labels")) readLabels(*labels);
    }
  }

  void readLabels(const XMLElement& labels) {
    struct Pending {
      Label label;
      std::string parent, svg;
      const XMLElement* at;
    };
    std::vector<Pending> all;
    for (const XMLElement* l = labels.FirstChildElement("label"); l; l = l->NextSiblingElement("label")) {
      Pending p{{}, trim(childText(l, "parent")), childText(l, "svg"), l};
      p.label.name = childText(l, "name");
      p.label.color = trim(childText(l, "color"));
      const std::string type = trim(childText(l, "type"));
      p.label.type = type == "bbox" ? LabelType::Rectangle : labelTypeFromString(type).value_or(LabelType::Any);
      if (const XMLElement* attrs = l->FirstChildElement("attributes"))
        for (const XMLElement* a = attrs->FirstChildElement("attribute"); a; a = a->NextSiblingElement("attribute"))
          p.label.attributes.push_back(readAttributeSpec(*a));
      all.push_back(std::move(p));
    }
    LabelSchema& schema = set_.task.labels;
    for (Pending& p : all) {
      if (!p.parent.empty()) continue;
      addLabelChecked(p.label, p.at);
    }
    for (Pending& p : all) {
      if (p.parent.empty()) continue;
      const Label* parent = schema.labelByName(p.parent);
      if (!parent || parent->type != LabelType::Skeleton) fail("label '" + p.label.name + "' names parent '" + p.parent + "', which is not a skeleton label", p.at);
      p.label.type = LabelType::Points;
      try {
        schema.addSublabel(parent->id, fixColor(p.label));
      } catch (const SchemaError& e) {
        fail("label '" + p.label.name + "': " + e.what(), p.at);
      }
    }
    for (Pending& p : all)
      if (p.label.type == LabelType::Skeleton && p.parent.empty()) {
        // CVAT's export names each point by data-label-name (its ids are the server's own).
        const SkeletonDrawing drawing = parseSkeletonSvg(p.svg);
        if (drawing.nodes.empty()) warn("skeleton '" + p.label.name + "': its <svg> has no points; their drawing is left out", p.at);
        applySkeletonDrawing(drawing, set_.task.labels, set_.task.labels.labelByName(p.label.name)->id);
      }
  }

  AttributeSpec readAttributeSpec(const XMLElement& a) {
    AttributeSpec spec;
    spec.name = childText(&a, "name");
    spec.isMutable = trim(childText(&a, "mutable")) == "True" || trim(childText(&a, "mutable")) == "true";
    const std::string input = trim(childText(&a, "input_type"));
    spec.inputType = attributeInputTypeFromString(input).value_or(AttributeInputType::Text);
    if (!input.empty() && !attributeInputTypeFromString(input)) warn("attribute '" + spec.name + "': unknown input type '" + input + "', read as text", &a);
    spec.defaultValue = childText(&a, "default_value");
    std::string values = childText(&a, "values");
    for (std::size_t start = 0; start <= values.size();) {
      const std::size_t nl = values.find('\n', start);
      const std::string v = values.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      if (!v.empty() || spec.inputType == AttributeInputType::Text) spec.values.push_back(v);
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
    if (spec.inputType == AttributeInputType::Text) spec.values.clear();
    return spec;
  }

  Label fixColor(Label label) {
    const bool hex = label.color.size() == 7 && label.color[0] == '#' &&
                     std::all_of(label.color.begin() + 1, label.color.end(), [](unsigned char c) { return std::isxdigit(c); });
    if (!hex) label.color = defaultLabelColor(set_.task.labels.allLabels().size());
    return label;
  }

  // Adds a label; a spec the schema refuses (a number attribute without min/max/step, …) is kept
  // as a text attribute with a warning rather than failing the whole file.
  void addLabelChecked(Label label, const XMLElement* at) {
    label = fixColor(label);
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        set_.task.labels.addLabel(label);
        return;
      } catch (const SchemaError& e) {
        if (attempt == 1) fail("label '" + label.name + "': " + e.what(), at);
        warn("label '" + label.name + "': " + e.what() + "; its select/number attributes are read as text", at);
        for (AttributeSpec& spec : label.attributes)
          if (spec.inputType != AttributeInputType::Text && spec.inputType != AttributeInputType::Checkbox) {
            spec.inputType = AttributeInputType::Text;
            spec.values.clear();
          }
      }
    }
  }

  // ---- frames ----

  // A project export holds several tasks' images, with ids repeating across tasks and subsets:
  // frames are keyed by task, subset and id, and named "<subset>/<name>" when there are several
  // subsets (the layout of the export's images/ folder).
  static std::string imageKey(const XMLElement& e) {
    return std::string(e.Attribute("task_id") ? e.Attribute("task_id") : "") + "|" + (e.Attribute("subset") ? e.Attribute("subset") : "") +
           "|" + std::to_string(e.IntAttribute("id", -1));
  }

  void readFrames(const XMLElement* root) {
    struct Entry {
      int task, subset, id;
      std::string key;
      FrameInfo frame;
    };
    std::vector<Entry> images;
    std::vector<std::string> subsets;
    std::unordered_map<std::string, int> subsetIndex;
    std::set<std::string> keys;
    for (const XMLElement* e = root->FirstChildElement("image"); e; e = e->NextSiblingElement("image")) {
      if (!e->Attribute("id")) fail("<image> without an id", e);
      const int id = intAttribute(*e, "id", -1, 0, INT_MAX);
      const char* name = e->Attribute("name");
      if (!name) fail("<image id=\"" + std::to_string(id) + "\"> has no name", e);
      const std::string subset = e->Attribute("subset") ? e->Attribute("subset") : "";
      const auto at = subsetIndex.emplace(subset, static_cast<int>(subsets.size())).first;  // not a search per image
      if (at->second == static_cast<int>(subsets.size())) subsets.push_back(subset);
      Entry entry{intAttribute(*e, "task_id", 0, INT_MIN, INT_MAX), at->second, id, imageKey(*e), {}};
      if (!keys.insert(entry.key).second) fail("image id " + std::to_string(id) + " appears twice", e);
      entry.frame.name = name;
      entry.frame.width = intAttribute(*e, "width", 0, 0, INT_MAX);
      entry.frame.height = intAttribute(*e, "height", 0, 0, INT_MAX);
      images.push_back(std::move(entry));
    }
    if (!images.empty()) {
      std::stable_sort(images.begin(), images.end(), [](const Entry& a, const Entry& b) {
        return std::tie(a.task, a.subset, a.id) < std::tie(b.task, b.subset, b.id);
      });
      for (Entry& entry : images) {
        if (subsets.size() > 1) entry.frame.name = subsets[static_cast<std::size_t>(entry.subset)] + "/" + entry.frame.name;
        frameOfImage_[entry.key] = static_cast<int>(set_.task.frames.size());
        set_.task.frames.push_back(entry.frame);
      }
      return;
    }
    // Video layout: frames start_frame, start_frame + step, … (size of them, or as far as tracks go).
    const auto framesUpTo = [&](long long last) { return last < startFrame_ ? 0 : (last - startFrame_) / step_ + 1; };
    if (size_ > kMaxVideoFrames)
      fail("<size> declares " + std::to_string(size_) + " frames; CVAT for video files of more than " +
           std::to_string(kMaxVideoFrames) + " frames are not read");
    long long last = size_ > 0 ? startFrame_ + static_cast<long long>(size_ - 1) * step_ : startFrame_ - 1LL * step_;
    if (last > INT_MAX) fail("<size> and <start_frame> put the last frame beyond frame " + std::to_string(INT_MAX));
    for (const XMLElement* t = root->FirstChildElement("track"); t; t = t->NextSiblingElement("track"))
      for (const XMLElement* s = t->FirstChildElement(); s; s = s->NextSiblingElement()) {
        if (!s->Attribute("frame")) continue;  // nested element tracks, attributes
        const long long frame = rowFrame(*s);
        if (framesUpTo(frame) > kMaxVideoFrames)
          fail("frame " + std::to_string(frame) + " is beyond the " + std::to_string(kMaxVideoFrames) +
                   " frames Labelstation reads from CVAT for video (start " + std::to_string(startFrame_) + ", step " +
                   std::to_string(step_) + ")",
               s);
        last = std::max(last, frame);
      }
    for (long long frame = startFrame_; frame <= last; frame += step_) {
      char name[32];
      std::snprintf(name, sizeof name, "frame_%06lld", frame);
      frameOfId_[static_cast<int>(frame)] = static_cast<int>(set_.task.frames.size());
      FrameInfo f;
      f.name = name;
      f.width = width_;
      f.height = height_;
      set_.task.frames.push_back(f);
    }
  }

  int frameIndex(int frameNumber, const XMLElement& at) {
    auto it = frameOfId_.find(frameNumber);
    if (it == frameOfId_.end())
      fail("frame " + std::to_string(frameNumber) + " is not a frame of the task (start " + std::to_string(startFrame_) + ", step " +
               std::to_string(step_) + ")",
           &at);
    return it->second;
  }

  // ---- shapes ----

  const Label* labelOf(const XMLElement& e, LabelId parent = kNoLabel) {
    const char* name = e.Attribute("label");
    if (!name || !*name) {
      warn(std::string("<") + e.Name() + "> without a label: left out", &e);
      return nullptr;
    }
    if (const Label* l = parent == kNoLabel ? topLabel(name) : set_.task.labels.labelByName(name, parent)) return l;
    if (parent != kNoLabel) fail("skeleton point label '" + std::string(name) + "' is not a point of its skeleton", &e);
    // Files without label meta (or with labels missing from it): the label is created.
    Label label;
    label.name = name;
    addLabelChecked(label, &e);
    warn("label '" + std::string(name) + "' is not declared in <meta>; created", &e);
    return topLabel(name);
  }

  // A top-level label by name through an index (labelByName searches them all: a file of
  // 100,000 shapes over 10,000 labels took minutes). Labels are only added while reading.
  const Label* topLabel(const std::string& name) {
    const std::vector<Label>& all = set_.task.labels.allLabels();
    for (; indexed_ < all.size(); ++indexed_)
      if (all[indexed_].parent == kNoLabel) topIndex_.emplace(all[indexed_].name, indexed_);
    const auto it = topIndex_.find(name);
    return it == topIndex_.end() ? nullptr : &all[it->second];
  }

  double number(const XMLElement& e, const char* attribute) {
    const char* v = e.Attribute(attribute);
    if (!v) fail(std::string("<") + e.Name() + "> has no " + attribute, &e);
    char* end = nullptr;
    const double d = std::strtod(v, &end);
    if (end == v || *end != '\0' || !std::isfinite(d)) fail(std::string("<") + e.Name() + "> " + attribute + "=\"" + v + "\" is not a number", &e);
    return d;
  }

  std::vector<double> pointList(const XMLElement& e) {
    const char* v = e.Attribute("points");
    if (!v) fail(std::string("<") + e.Name() + "> has no points", &e);
    std::vector<double> out;
    const char* p = v;
    while (*p) {
      while (*p == ' ' || *p == ';' || *p == ',') ++p;
      if (!*p) break;
      char* end = nullptr;
      const double d = std::strtod(p, &end);
      if (end == p || !std::isfinite(d)) fail(std::string("<") + e.Name() + "> points=\"" + v + "\" is not a list of x,y pairs", &e);
      out.push_back(d);
      p = end;
    }
    if (out.size() % 2 != 0) fail(std::string("<") + e.Name() + "> points=\"" + v + "\" has an odd number of values", &e);
    return out;
  }

  bool flag(const XMLElement& e, const char* attribute) { return e.IntAttribute(attribute, 0) != 0; }

  Source sourceOf(const XMLElement& e) {
    const char* s = e.Attribute("source");
    return s ? sourceFromString(s).value_or(Source::Manual) : Source::Manual;
  }

  // Attribute values by name; names the label does not define are dropped with a warning.
  void readAttributes(const XMLElement& e, const Label& label, AttributeValues& values, AttributeValues* immutable = nullptr) {
    for (const XMLElement* a = e.FirstChildElement("attribute"); a; a = a->NextSiblingElement("attribute")) {
      const char* name = a->Attribute("name");
      const AttributeSpec* spec = name ? label.attributeByName(name) : nullptr;
      if (!spec) {
        warn("attribute '" + std::string(name ? name : "") + "' is not defined for label '" + label.name + "': dropped", a);
        continue;
      }
      (immutable && !spec->isMutable ? *immutable : values)[spec->id] = text(a);
    }
  }

  // Geometry and per-frame flags of a shape element (box, polygon, …, skeleton). `check`: verify
  // the geometry here (a skeleton row of the older track layout gets its points afterwards).
  std::optional<ShapeState> readState(const XMLElement& e, const Label& label, bool check = true) {
    const std::string tag = e.Name();
    ShapeState s;
    s.occluded = flag(e, "occluded");
    s.outside = flag(e, "outside");
    s.zOrder = e.IntAttribute("z_order", 0);
    if (tag == "box") {
      s.type = ShapeType::Rectangle;
      s.points = {number(e, "xtl"), number(e, "ytl"), number(e, "xbr"), number(e, "ybr")};
      s.rotation = e.DoubleAttribute("rotation", 0.0);
    } else if (tag == "ellipse") {
      s.type = ShapeType::Ellipse;
      const double cx = number(e, "cx"), cy = number(e, "cy");
      s.points = {cx, cy, cx + number(e, "rx"), cy - number(e, "ry")};
      s.rotation = e.DoubleAttribute("rotation", 0.0);
    } else if (tag == "polygon" || tag == "polyline" || tag == "points") {
      s.type = tag == "polygon" ? ShapeType::Polygon : tag == "polyline" ? ShapeType::Polyline : ShapeType::Points;
      s.points = pointList(e);
    } else if (tag == "cuboid") {
      s.type = ShapeType::Cuboid2D;
      for (const char* name : kCuboidAttributes) s.points.push_back(number(e, name));
    } else if (tag == "mask") {
      s.type = ShapeType::Mask;
      s.points = readRle(e);
    } else if (tag == "skeleton") {
      s.type = ShapeType::Skeleton;
      for (const XMLElement* p = e.FirstChildElement("points"); p; p = p->NextSiblingElement("points"))
        if (const Label* element = labelOf(*p, label.id)) s.elements.push_back(readElement(*p, *element));
      sortElements(label, s);
    } else {
      return std::nullopt;
    }
    if (check) checkState(s, e);
    return s;
  }

  void checkState(const ShapeState& s, const XMLElement& e) const {
    const std::string problem = checkGeometry(s);
    if (!problem.empty()) fail("<" + std::string(e.Name()) + ">: " + problem, &e);
  }

  // One skeleton point (<points label … points="x,y">) of the sub-label `element`.
  SkeletonElement readElement(const XMLElement& p, const Label& element) {
    SkeletonElement el;
    el.label = element.id;
    el.points = pointList(p);
    el.occluded = flag(p, "occluded");
    el.outside = flag(p, "outside");
    readAttributes(p, element, el.attributes);
    return el;
  }

  std::vector<double> readRle(const XMLElement& e) {
    const char* rle = e.Attribute("rle");
    if (!rle) fail("<mask> has no rle", &e);
    std::vector<double> points;
    for (const char* p = rle; *p;) {
      while (*p == ' ' || *p == ',') ++p;
      if (!*p) break;
      char* end = nullptr;
      const long v = std::strtol(p, &end, 10);
      if (end == p || v < 0) fail("<mask> rle is not a list of run lengths", &e);
      points.push_back(static_cast<double>(v));
      p = end;
    }
    const double left = number(e, "left"), top = number(e, "top"), width = number(e, "width"), height = number(e, "height");
    if (width < 1 || height < 1) fail("<mask> has an empty box", &e);
    points.insert(points.end(), {left, top, left + width - 1, top + height - 1});
    return points;
  }

  // Elements in the order of the skeleton's sub-labels, so files that list them differently
  // compare equal.
  static void sortElements(const Label& skeleton, ShapeState& s) {
    auto rank = [&](LabelId id) {
      return std::find(skeleton.sublabels.begin(), skeleton.sublabels.end(), id) - skeleton.sublabels.begin();
    };
    std::stable_sort(s.elements.begin(), s.elements.end(), [&](const SkeletonElement& a, const SkeletonElement& b) { return rank(a.label) < rank(b.label); });
  }

  ObjectId nextId() { return static_cast<ObjectId>(set_.objects.size() + 1); }

  void readImage(const XMLElement& image) {
    const int frame = frameOfImage_.at(imageKey(image));
    for (const XMLElement* e = image.FirstChildElement(); e; e = e->NextSiblingElement()) {
      const std::string tag = e->Name();
      if (tag == "attribute") continue;
      const Label* label = labelOf(*e);
      if (!label) continue;
      AnnotationObject o;
      o.id = nextId();
      o.label = label->id;
      o.frame = frame;
      o.source = sourceOf(*e);
      o.group = e->IntAttribute("group_id", 0);
      if (tag == "tag") {
        o.kind = ObjectKind::Tag;
        readAttributes(*e, *label, o.shape.attributes);
      } else {
        std::optional<ShapeState> state = readState(*e, *label);
        if (!state) {
          warn("unknown element <" + tag + ">: left out", e);
          continue;
        }
        o.shape = std::move(*state);
        readAttributes(*e, *label, o.shape.attributes);
      }
      set_.objects.push_back(std::move(o));
    }
  }

  void readTrack(const XMLElement& track) {
    const Label* label = labelOf(track);
    if (!label) return;
    AnnotationObject o;
    o.id = nextId();
    o.kind = ObjectKind::Track;
    o.label = label->id;
    o.source = sourceOf(track);
    o.group = track.IntAttribute("group_id", 0);
    // Older skeleton layout: element tracks nested in the skeleton track.
    std::map<LabelId, std::map<int, SkeletonElement>> nested;
    std::set<int> nestedKeyframes;
    for (const XMLElement* t = track.FirstChildElement("track"); t; t = t->NextSiblingElement("track")) {
      const Label* element = labelOf(*t, label->id);
      if (!element) continue;
      for (const XMLElement* p = t->FirstChildElement("points"); p; p = p->NextSiblingElement("points")) {
        const int frame = frameIndex(rowFrame(*p), *p);
        nested[element->id][frame] = readElement(*p, *element);
        if (flag(*p, "keyframe")) nestedKeyframes.insert(frame);
      }
    }
    for (const XMLElement* e = track.FirstChildElement(); e; e = e->NextSiblingElement()) {
      const std::string tag = e->Name();
      if (tag == "track" || tag == "attribute") continue;
      const int frame = frameIndex(rowFrame(*e), *e);
      if (!e->Attribute("keyframe")) fail("<" + tag + "> in a track has no keyframe attribute", e);
      // Interpolated rows are recomputed; but CVAT keyframes a skeleton's points one by one, so a
      // skeleton row that is no keyframe itself may hold a point's keyframe: kept whole.
      if (!flag(*e, "keyframe") && !nestedKeyframes.count(frame) && !(tag == "skeleton" && holdsPointKeyframe(*e))) continue;
      std::optional<ShapeState> state = readState(*e, *label, false);
      if (!state) {
        warn("unknown element <" + tag + "> in a track: left out", e);
        continue;
      }
      if (state->type == ShapeType::Skeleton && state->elements.empty())
        for (auto& [id, rows] : nested)
          if (auto it = rows.find(frame); it != rows.end()) state->elements.push_back(it->second);
      if (state->type == ShapeType::Skeleton) {
        completeSkeleton(*label, o, frame, *state);
        sortElements(*label, *state);
      }
      checkState(*state, *e);
      readAttributes(*e, *label, state->attributes, &o.trackAttributes);  // the last row's immutable values win, as in CVAT
      o.keyframes[frame] = std::move(*state);
    }
    if (o.keyframes.empty()) {
      warn("track " + std::string(track.Attribute("id") ? track.Attribute("id") : "?") + " has no keyframes: left out", &track);
      return;
    }
    set_.objects.push_back(asShapeIfSingleFrame(std::move(o)));
  }

  bool holdsPointKeyframe(const XMLElement& skeleton) {
    for (const XMLElement* p = skeleton.FirstChildElement("points"); p; p = p->NextSiblingElement("points"))
      if (flag(*p, "keyframe")) return true;
    return false;
  }

  // CVAT leaves outside points out of a skeleton row and writes no outside flag for the skeleton:
  // a missing point is outside (where the previous keyframe had it), and the skeleton is outside
  // when all its points are (as CVAT's SkeletonTrack computes it), so a track ends there.
  static void completeSkeleton(const Label& skeleton, const AnnotationObject& track, int frame, ShapeState& s) {
    const ShapeState* previous = nullptr;
    if (auto it = track.keyframes.lower_bound(frame); it != track.keyframes.begin()) previous = &std::prev(it)->second;
    for (LabelId point : skeleton.sublabels) {
      if (std::any_of(s.elements.begin(), s.elements.end(), [&](const SkeletonElement& e) { return e.label == point; })) continue;
      SkeletonElement missing;
      missing.label = point;
      missing.outside = true;
      missing.points = {0, 0};
      if (previous)
        for (const SkeletonElement& e : previous->elements)
          if (e.label == point) missing.points = e.points;
      s.elements.push_back(std::move(missing));
    }
    s.outside = !s.elements.empty() &&
                std::all_of(s.elements.begin(), s.elements.end(), [](const SkeletonElement& e) { return e.outside; });
  }

  int rowFrame(const XMLElement& e) const {
    if (!e.Attribute("frame")) fail(std::string("<") + e.Name() + "> in a track has no frame", &e);
    return intAttribute(e, "frame", 0, 0, INT_MAX);
  }

  // CVAT for video writes a plain shape as a track visible on one frame (a keyframe, then an
  // outside keyframe on the next frame or nothing on the last frame): read it back as the shape.
  AnnotationObject asShapeIfSingleFrame(AnnotationObject o) {
    const auto first = o.keyframes.begin();
    const int lastFrame = static_cast<int>(set_.task.frames.size()) - 1;
    const bool oneRow = o.keyframes.size() == 1 && first->first == lastFrame;
    const bool endsNext = o.keyframes.size() == 2 && std::next(first)->first == first->first + 1 && std::next(first)->second.outside;
    if (first->second.outside || !(oneRow || endsNext)) return o;
    AnnotationObject shape;
    shape.id = o.id;
    shape.kind = ObjectKind::Shape;
    shape.label = o.label;
    shape.group = o.group;
    shape.source = o.source;
    shape.frame = first->first;
    shape.shape = first->second;
    shape.shape.attributes.insert(o.trackAttributes.begin(), o.trackAttributes.end());
    return shape;
  }

  std::string file_;
  AnnotationSet set_;
  std::string mode_;
  int size_ = 0, startFrame_ = 0, step_ = 1, width_ = 0, height_ = 0;
  std::map<int, int> frameOfId_;             // video: frame number in the file → index in set_.task.frames
  std::map<std::string, int> frameOfImage_;  // images: imageKey → index
  std::unordered_map<std::string, std::size_t> topIndex_;  // top-level label name → index in allLabels()
  std::size_t indexed_ = 0;                                 // labels indexed so far
};

}  // namespace

AnnotationSet importCvatXml(const std::filesystem::path& input, const ImportOptions&) {
  const XmlInput xml = readXmlInput(input, "annotations.xml");
  return Reader(xml.name).read(xml.text);
}

}  // namespace labelstation::io::formats

// CVAT for images 1.1 and CVAT for video 1.1, laid out as CVAT's own writer lays them out
// (formats.md §1): declaration, two-space indentation, elements never self-closing, attributes in
// CVAT's order. Coordinates keep up to 6 decimals (CVAT writes 2): values drawn at CVAT's
// precision come out byte for byte as CVAT writes them, finer ones survive a round trip.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <set>

#include "cvat_xml_common.h"
#include "format_files.h"
#include "format_common.h"
#include "formats.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"
#include "labelstation/io/skeleton_svg.h"

namespace labelstation::io::formats {
namespace {
namespace fs = std::filesystem;
using Attributes = std::vector<std::pair<std::string, std::string>>;

// Coordinates: at least two decimals (as CVAT writes them), at most six.
std::string num(double v) { return decimal(v, 2, 6); }

class XmlOut {
 public:
  XmlOut() { out_ = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"; }
  void open(const std::string& tag, const Attributes& attributes = {}) {
    indent();
    out_ += "<" + tag;
    for (const auto& [k, v] : attributes) out_ += " " + k + "=\"" + escapeXml(v) + "\"";
    out_ += ">\n";
    ++depth_;
  }
  void close(const std::string& tag) {
    --depth_;
    indent();
    out_ += "</" + tag + ">\n";
  }
  void leaf(const std::string& tag, const std::string& text, const Attributes& attributes = {}) {
    indent();
    out_ += "<" + tag;
    for (const auto& [k, v] : attributes) out_ += " " + k + "=\"" + escapeXml(v) + "\"";
    out_ += ">" + escapeXml(text) + "</" + tag + ">\n";
  }
  const std::string& text() const { return out_; }

 private:
  void indent() { out_.append(static_cast<std::size_t>(depth_) * 2, ' '); }
  std::string out_;
  int depth_ = 0;
};

// When the file says it was made: the options' time, else now.
std::string stampOf(const ExportOptions& options) {
  const std::time_t t = options.timestamp ? *options.timestamp : std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S.000000+00:00", &tm);
  return buf;
}

const char* flag(bool b) { return b ? "1" : "0"; }

class Writer {
 public:
  Writer(const AnnotationSet& set, const ExportOptions& options, bool video) : set_(set), options_(options), video_(video) {
    // Tracks as CVAT exports them: keyframes on deleted frames left out (a copy only when needed).
    if (std::any_of(set.task.frames.begin(), set.task.frames.end(), [](const FrameInfo& f) { return f.deleted; })) {
      for (const AnnotationObject& o : set.objects) bridged_.push_back(keyframesOnWrittenFrames(set, o));
      objects_ = &bridged_;
    }
  }

  std::string write() {
    xml_.open("annotations");
    xml_.leaf("version", "1.1");
    writeMeta();
    if (video_) writeTracks();
    else writeImages();
    xml_.close("annotations");
    return xml_.text();
  }

  int width(const FrameInfo& f) { return size(f).first; }
  int height(const FrameInfo& f) { return size(f).second; }

 private:
  const LabelSchema& labels() const { return set_.task.labels; }
  int frameCount() const { return static_cast<int>(set_.task.frames.size()); }
  const FrameInfo& frame(int i) const { return set_.task.frames[static_cast<std::size_t>(i)]; }

  // The frame's image size: as recorded, else read from the image when it is at hand.
  std::pair<int, int> size(const FrameInfo& f) {
    if (f.width > 0 && f.height > 0) return {f.width, f.height};
    auto it = sizes_.find(f.path);
    if (it != sizes_.end()) return it->second;
    std::pair<int, int> wh{0, 0};
    std::error_code ec;
    if (!f.path.empty() && fs::is_regular_file(f.path, ec)) {
      try {
        const Image image = readImage(f.path);
        wh = {image.width, image.height};
      } catch (const IoError&) {
      }
    }
    return sizes_[f.path] = wh;
  }

  // ---- meta ----

  void writeMeta() {
    const std::string stamp = stampOf(options_);
    const int last = std::max(0, frameCount() - 1);
    xml_.open("meta");
    xml_.open("task");
    xml_.leaf("id", "0");
    xml_.leaf("name", set_.task.name);
    xml_.leaf("size", std::to_string(frameCount()));
    xml_.leaf("mode", video_ ? "interpolation" : "annotation");
    xml_.leaf("overlap", "0");
    xml_.leaf("bugtracker", "");
    xml_.leaf("created", stamp);
    xml_.leaf("updated", stamp);
    xml_.leaf("subset", "default");
    xml_.leaf("start_frame", "0");
    xml_.leaf("stop_frame", std::to_string(last));
    xml_.leaf("frame_filter", "");
    xml_.open("segments");
    xml_.open("segment");
    xml_.leaf("id", "0");
    xml_.leaf("start", "0");
    xml_.leaf("stop", std::to_string(last));
    xml_.leaf("url", "");
    xml_.close("segment");
    xml_.close("segments");
    xml_.leaf("owner", "");
    xml_.leaf("assignee", "");
    xml_.open("labels");
    for (const Label* label : labels().topLevelLabels()) {
      writeLabel(*label, nullptr);
      for (LabelId sub : label->sublabels) writeLabel(*labels().label(sub), label);
    }
    xml_.close("labels");
    if (video_ && frameCount() > 0) {
      xml_.open("original_size");
      xml_.leaf("width", std::to_string(width(frame(0))));
      xml_.leaf("height", std::to_string(height(frame(0))));
      xml_.close("original_size");
    }
    xml_.close("task");
    xml_.leaf("dumped", stamp);
    xml_.close("meta");
  }

  void writeLabel(const Label& label, const Label* parent) {
    xml_.open("label");
    xml_.leaf("name", label.name);
    xml_.leaf("color", label.color);
    xml_.leaf("type", std::string(toString(label.type)));
    xml_.open("attributes");
    for (const AttributeSpec& a : label.attributes) {
      xml_.open("attribute");
      xml_.leaf("name", a.name);
      xml_.leaf("mutable", a.isMutable ? "True" : "False");
      xml_.leaf("input_type", std::string(toString(a.inputType)));
      xml_.leaf("default_value", a.defaultValue.empty() ? a.initialValue() : a.defaultValue);
      std::string values;
      for (std::size_t i = 0; i < a.values.size(); ++i) values += (i ? "\n" : "") + a.values[i];
      xml_.leaf("values", values);
      xml_.close("attribute");
    }
    xml_.close("attributes");
    if (parent) xml_.leaf("parent", parent->name);
    if (label.type == LabelType::Skeleton) xml_.leaf("svg", writeSkeletonSvg(skeletonDrawing(labels(), label, false)));
    xml_.close("label");
  }

  // ---- shapes ----

  // Geometry attributes of a shape, in CVAT's order (after label/source/occluded or the track row
  // prefix), without z_order.
  Attributes geometry(const ShapeState& s) {
    const auto& p = s.points;
    Attributes a;
    switch (s.type) {
      case ShapeType::Rectangle:
        a = {{"xtl", num(p[0])}, {"ytl", num(p[1])}, {"xbr", num(p[2])}, {"ybr", num(p[3])}};
        if (s.rotation != 0.0) a.push_back({"rotation", num(s.rotation)});
        break;
      case ShapeType::Ellipse:
        a = {{"cx", num(p[0])}, {"cy", num(p[1])}, {"rx", num(p[2] - p[0])}, {"ry", num(p[1] - p[3])}};
        if (s.rotation != 0.0) a.push_back({"rotation", num(s.rotation)});
        break;
      case ShapeType::Polygon:
      case ShapeType::Polyline:
      case ShapeType::Points: a = {{"points", pointList(p)}}; break;
      case ShapeType::Cuboid2D:
        for (std::size_t i = 0; i < 16; ++i) a.push_back({kCuboidAttributes[i], num(p[i])});
        break;
      case ShapeType::Mask: {
        const std::size_t runs = p.size() - 4;
        std::string rle;
        for (std::size_t i = 0; i < runs; ++i) rle += (i ? ", " : "") + std::to_string(static_cast<long long>(p[i]));
        const double left = p[runs], top = p[runs + 1], right = p[runs + 2], bottom = p[runs + 3];
        a = {{"rle", rle},
             {"left", std::to_string(static_cast<long long>(left))},
             {"top", std::to_string(static_cast<long long>(top))},
             {"width", std::to_string(static_cast<long long>(right - left + 1))},
             {"height", std::to_string(static_cast<long long>(bottom - top + 1))}};
        break;
      }
      default: break;
    }
    return a;
  }

  static std::string pointList(const std::vector<double>& p) {
    std::string s;
    for (std::size_t i = 0; i + 1 < p.size(); i += 2) s += (i ? ";" : "") + num(p[i]) + "," + num(p[i + 1]);
    return s;
  }

  static std::string tagOf(ShapeType type) {
    switch (type) {
      case ShapeType::Rectangle: return "box";
      case ShapeType::Cuboid2D: return "cuboid";
      default: return std::string(toString(type));
    }
  }

  // <attribute> children in the label's order: `first` values, then `second` ones.
  void writeAttributes(LabelId label, const AttributeValues& first, const AttributeValues* second = nullptr) {
    const Label* l = labels().label(label);
    if (!l) return;
    for (const AttributeValues* values : {&first, second}) {
      if (!values) continue;
      for (const AttributeSpec& spec : l->attributes)
        if (auto it = values->find(spec.id); it != values->end()) xml_.leaf("attribute", it->second, {{"name", spec.name}});
    }
  }

  std::string labelName(LabelId id) const {
    const Label* l = labels().label(id);
    return l ? l->name : "";
  }

  // ---- images mode ----

  struct Placed {
    const AnnotationObject* object;
    ShapeState state;
  };

  void writeImages() {
    for (int i = 0; i < frameCount(); ++i) {
      const FrameInfo& f = frame(i);
      if (f.deleted) continue;
      Attributes a = {{"id", std::to_string(i)}, {"name", f.name}};
      const auto [w, h] = size(f);
      if (w > 0 && h > 0) {
        a.push_back({"width", std::to_string(w)});
        a.push_back({"height", std::to_string(h)});
      }
      xml_.open("image", a);
      std::vector<Placed> shapes;
      std::vector<const AnnotationObject*> tags;
      for (const AnnotationObject& o : *objects_) {
        if (o.kind == ObjectKind::Tag) {
          if (o.frame == i) tags.push_back(&o);
        } else if (!o.isTrack()) {
          if (o.frame == i) shapes.push_back({&o, o.shape});
        } else if (!options_.onlyKeyframes || o.keyframes.count(i)) {
          std::optional<ShapeState> state = stateAt(o, i);
          if (state && !state->outside) shapes.push_back({&o, *state});
        }
      }
      std::stable_sort(shapes.begin(), shapes.end(), [](const Placed& a, const Placed& b) { return a.state.zOrder < b.state.zOrder; });
      for (const Placed& p : shapes) writeImageShape(*p.object, p.state);
      for (const AnnotationObject* t : tags) {
        Attributes ta = {{"label", labelName(t->label)}, {"source", std::string(toString(t->source))}};
        if (t->group) ta.push_back({"group_id", std::to_string(t->group)});
        xml_.open("tag", ta);
        writeAttributes(t->label, t->shape.attributes);
        xml_.close("tag");
      }
      xml_.close("image");
    }
  }

  void writeImageShape(const AnnotationObject& o, const ShapeState& s) {
    const std::string tag = tagOf(s.type);
    Attributes a = {{"label", labelName(o.label)}, {"source", std::string(toString(o.source))}};
    if (s.type != ShapeType::Skeleton) a.push_back({"occluded", flag(s.occluded)});
    for (auto& g : geometry(s)) a.push_back(std::move(g));
    a.push_back({"z_order", std::to_string(s.zOrder)});
    if (o.group) a.push_back({"group_id", std::to_string(o.group)});
    xml_.open(tag, a);
    for (const SkeletonElement& e : s.elements) {
      xml_.open("points", {{"label", labelName(e.label)},
                           {"source", std::string(toString(o.source))},
                           {"outside", flag(e.outside)},
                           {"occluded", flag(e.occluded)},
                           {"points", pointList(e.points)}});
      writeAttributes(e.label, e.attributes);
      xml_.close("points");
    }
    writeAttributes(o.label, s.attributes, o.isTrack() ? &o.trackAttributes : nullptr);
    xml_.close(tag);
  }

  // ---- video mode ----

  void writeTracks() {
    int id = 0;
    for (const AnnotationObject& o : *objects_)
      if (o.isTrack() && !o.keyframes.empty()) writeTrack(id++, o);
    for (const AnnotationObject& o : *objects_)
      if (o.kind == ObjectKind::Shape && isWrittenFrame(set_, static_cast<std::size_t>(std::max(0, o.frame)))) writeShapeAsTrack(id++, o);
  }

  void openTrack(int id, const AnnotationObject& o) {
    Attributes a = {{"id", std::to_string(id)}, {"label", labelName(o.label)}, {"source", std::string(toString(o.source))}};
    if (o.group) a.push_back({"group_id", std::to_string(o.group)});
    xml_.open("track", a);
  }

  void writeRow(const AnnotationObject& o, int frameIndex, bool keyframe, const ShapeState& s, const AttributeValues& immutable) {
    const std::string tag = tagOf(s.type);
    Attributes a = {{"frame", std::to_string(frameIndex)}, {"keyframe", flag(keyframe)}};
    if (s.type != ShapeType::Skeleton) {
      a.push_back({"outside", flag(s.outside)});
      a.push_back({"occluded", flag(s.occluded)});
    }
    for (auto& g : geometry(s)) a.push_back(std::move(g));
    a.push_back({"z_order", std::to_string(s.zOrder)});
    xml_.open(tag, a);
    for (const SkeletonElement& e : s.elements) {
      xml_.open("points", {{"label", labelName(e.label)},
                           {"keyframe", flag(keyframe)},
                           {"outside", flag(e.outside || s.outside)},
                           {"occluded", flag(e.occluded)},
                           {"points", pointList(e.points)}});
      writeAttributes(e.label, e.attributes);
      xml_.close("points");
    }
    writeAttributes(o.label, s.attributes, &immutable);
    xml_.close(tag);
  }

  void writeTrack(int id, const AnnotationObject& o) {
    openTrack(id, o);
    for (int f = o.keyframes.begin()->first; f < frameCount(); ++f) {
      auto key = o.keyframes.find(f);
      if (key != o.keyframes.end()) {
        writeRow(o, f, true, key->second, o.trackAttributes);
        continue;
      }
      if (options_.onlyKeyframes || frame(f).deleted) continue;
      std::optional<ShapeState> state = stateAt(o, f);
      if (state && !state->outside) writeRow(o, f, false, *state, o.trackAttributes);
    }
    xml_.close("track");
  }

  // A plain shape: a keyframe on its frame and an outside keyframe on the next one (none on the
  // last frame), as CVAT writes shapes in video mode.
  void writeShapeAsTrack(int id, const AnnotationObject& o) {
    openTrack(id, o);
    writeRow(o, o.frame, true, o.shape, {});
    if (o.frame + 1 < frameCount()) {
      ShapeState end = o.shape;
      end.outside = true;
      for (SkeletonElement& e : end.elements) e.outside = true;
      writeRow(o, o.frame + 1, true, end, {});
    }
    xml_.close("track");
  }

  const AnnotationSet& set_;
  const std::vector<AnnotationObject>* objects_ = &set_.objects;
  std::vector<AnnotationObject> bridged_;
  const ExportOptions& options_;
  bool video_;
  XmlOut xml_;
  std::map<std::string, std::pair<int, int>> sizes_;
};

// The frame's media file name inside images/: the frame name as it is (images mode) or
// frame_NNNNNN with the file's extension (video mode, as CVAT names exported frames).
std::string mediaName(const FrameInfo& f, int index, bool video) {
  if (!video) return f.name;
  char name[32];
  std::snprintf(name, sizeof name, "frame_%06d", index);
  return name + fs::path(f.path).extension().string();
}

void exportCvat(const AnnotationSet& set, const fs::path& output, const ExportOptions& options, bool video) {
  const std::string xml = Writer(set, options, video).write();
  if (lowercaseExtension(output) == ".xml") {
    if (options.saveMedia) throw IoError(output.string(), "saving images along needs a folder or a .zip as the output, not an .xml file");
    writeFileAtomically(output, xml);
    return;
  }
  // Every image is checked before anything is written: a missing one leaves no partial export.
  std::vector<int> framesWithImages;
  if (options.saveMedia)
    for (int i = 0; i < static_cast<int>(set.task.frames.size()); ++i) {
      const FrameInfo& f = set.task.frames[static_cast<std::size_t>(i)];
      if (f.deleted) continue;
      std::error_code ec;
      if (f.path.empty() || !fs::is_regular_file(f.path, ec))
        throw IoError(output.string(), "cannot save the image of frame '" + f.name + "': " + (f.path.empty() ? "no file is known" : f.path + " does not exist"));
      framesWithImages.push_back(i);
    }
  const OutputTarget target(output);
  target.writeFile("annotations.xml", xml);
  for (std::size_t k = 0; k < framesWithImages.size(); ++k) {
    reportProgress(options, output, k, framesWithImages.size());
    const int i = framesWithImages[k];
    const FrameInfo& f = set.task.frames[static_cast<std::size_t>(i)];
    copyMediaFile(f.path, target.pathOf("images/" + mediaName(f, i, video)), f.name);
  }
  target.commit();
}

}  // namespace

ExportWarnings exportCvatImages(const AnnotationSet& set, const fs::path& output, const ExportOptions& options) {
  exportCvat(set, output, options, false);
  return {};
}

ExportWarnings exportCvatVideo(const AnnotationSet& set, const fs::path& output, const ExportOptions& options) {
  exportCvat(set, output, options, true);
  const auto tags = std::count_if(set.objects.begin(), set.objects.end(), [](const AnnotationObject& o) { return o.kind == ObjectKind::Tag; });
  if (tags == 0) return {};
  return {std::to_string(tags) + (tags == 1 ? " tag was" : " tags were") +
          " not written: CVAT for video has no tags (export as CVAT for images to keep them)"};
}

}  // namespace labelstation::io::formats

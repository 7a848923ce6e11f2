// Kitti Raw Format 1.0 as CVAT and datumaro write it (formats.md §2): tracklet_labels.xml in
// boost-serialisation XML plus frame_list.txt. Not real KITTI: tx ty tz is the box centre and
// w h l are the x, y, z extents (datumaro's mapping), so files round-trip with CVAT.
#include <tinyxml2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>
#include <system_error>

#include "format_common.h"
#include "format_files.h"
#include "formats.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"

namespace labelstation::io::formats {

namespace {

namespace fs = std::filesystem;

constexpr const char* kTrackletsFile = "tracklet_labels.xml";
constexpr const char* kFrameListFile = "frame_list.txt";
constexpr const char* kCloudFolder = "velodyne_points/data";

// Pose states of the KITTI devkit (tracklets.h).
constexpr int kStateInterpolated = 1;
constexpr int kStateLabeled = 2;
constexpr int kOcclusionUnset = -1, kOcclusionPartly = 1, kOcclusionFully = 2;
constexpr int kTruncationOutOfImage = 2, kTruncationBehindImage = 99;
constexpr int kMissing = -1000;  // a pose element the file leaves out

struct Pose {
  double values[6] = {};  // tx ty tz rx ry rz
  int state = kStateLabeled;
  int occlusion = kMissing;
  bool occlusionKeyframe = false;
  int truncation = kMissing;
  std::vector<std::pair<std::string, std::string>> attributes;
};

struct Tracklet {
  std::string label;
  double h = 0, w = 0, l = 0;
  int firstFrame = 0;
  std::vector<std::pair<std::string, std::string>> attributes;  // apply to every pose
  std::vector<Pose> poses;
};

class TrackletReader {
 public:
  explicit TrackletReader(std::string file) : file_(std::move(file)) {}

  std::vector<Tracklet> read(const std::string& text) {
    tinyxml2::XMLDocument doc;
    if (doc.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS)
      throw IoError(file_, std::string("malformed XML: ") + doc.ErrorStr());
    const tinyxml2::XMLElement* root = doc.RootElement();
    if (!root || std::string(root->Name()) != "boost_serialization")
      throw IoError(file_, "the root element is not <boost_serialization>");
    const tinyxml2::XMLElement* tracklets = root->FirstChildElement("tracklets");
    if (!tracklets) throw IoError(file_, "no <tracklets> element");
    // The top <count> is ignored, as datumaro does (the fixture says 4 and holds 3).
    std::vector<Tracklet> out;
    for (auto* item = tracklets->FirstChildElement("item"); item; item = item->NextSiblingElement("item"))
      out.push_back(readTracklet(item, "tracklet " + std::to_string(out.size() + 1)));
    return out;
  }

 private:
  const tinyxml2::XMLElement* required(const tinyxml2::XMLElement* parent, const char* tag, const std::string& where) const {
    const tinyxml2::XMLElement* e = parent->FirstChildElement(tag);
    if (!e) throw IoError(file_, where + " (line " + std::to_string(parent->GetLineNum()) + "): no <" + tag + ">");
    return e;
  }
  static std::string textOf(const tinyxml2::XMLElement* e) { return e->GetText() ? e->GetText() : ""; }

  double number(const tinyxml2::XMLElement* parent, const char* tag, const std::string& where) const {
    const tinyxml2::XMLElement* e = required(parent, tag, where);
    const auto v = parseDouble(textOf(e));
    if (!v || !std::isfinite(*v))
      throw IoError(file_,
                    where + " (line " + std::to_string(e->GetLineNum()) + "): <" + tag + "> '" + textOf(e) + "' is not a number");
    return *v;
  }
  int integer(const tinyxml2::XMLElement* e, const std::string& where) const {
    const auto v = parseInteger(textOf(e));
    if (!v || *v < -1000000 || *v > 1000000000)
      throw IoError(file_, where + " (line " + std::to_string(e->GetLineNum()) + "): <" + e->Name() + "> '" + textOf(e) +
                               "' is not an integer");
    return static_cast<int>(*v);
  }
  int optionalInteger(const tinyxml2::XMLElement* parent, const char* tag, const std::string& where,
                      std::initializer_list<int> allowed) const {
    const tinyxml2::XMLElement* e = parent->FirstChildElement(tag);
    if (!e) return kMissing;
    const int v = integer(e, where);
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
      throw IoError(file_, where + " (line " + std::to_string(e->GetLineNum()) + "): <" + tag + "> " + std::to_string(v) +
                               " is not a known value");
    return v;
  }

  std::vector<std::pair<std::string, std::string>> attributes(const tinyxml2::XMLElement* parent,
                                                              const std::string& where) const {
    std::vector<std::pair<std::string, std::string>> out;
    const tinyxml2::XMLElement* list = parent->FirstChildElement("attributes");
    if (!list) return out;
    for (auto* a = list->FirstChildElement("attribute"); a; a = a->NextSiblingElement("attribute")) {
      const tinyxml2::XMLElement* name = a->FirstChildElement("name");
      if (!name || textOf(name).empty())
        throw IoError(file_, where + " (line " + std::to_string(a->GetLineNum()) + "): an attribute has no name");
      const tinyxml2::XMLElement* value = a->FirstChildElement("value");
      out.emplace_back(textOf(name), value ? textOf(value) : "");
    }
    return out;
  }

  Tracklet readTracklet(const tinyxml2::XMLElement* item, const std::string& where) const {
    Tracklet t;
    t.label = textOf(required(item, "objectType", where));
    if (t.label.empty()) throw IoError(file_, where + ": <objectType> is empty");
    t.h = number(item, "h", where);
    t.w = number(item, "w", where);
    t.l = number(item, "l", where);
    t.firstFrame = integer(required(item, "first_frame", where), where);
    if (t.firstFrame < 0) throw IoError(file_, where + ": <first_frame> is negative");
    t.attributes = attributes(item, where);
    const tinyxml2::XMLElement* poses = required(item, "poses", where);
    const int count = integer(required(poses, "count", where), where);
    for (auto* p = poses->FirstChildElement("item"); p; p = p->NextSiblingElement("item")) {
      const std::string poseWhere = where + ", pose " + std::to_string(t.poses.size() + 1);
      Pose pose;
      static const char* const kTags[6] = {"tx", "ty", "tz", "rx", "ry", "rz"};
      for (int i = 0; i < 6; ++i) pose.values[i] = number(p, kTags[i], poseWhere);
      pose.state = optionalInteger(p, "state", poseWhere, {0, 1, 2});
      pose.occlusion = optionalInteger(p, "occlusion", poseWhere, {-1, 0, 1, 2});
      pose.occlusionKeyframe = optionalInteger(p, "occlusion_kf", poseWhere, {-1, 0, 1}) == 1;
      pose.truncation = optionalInteger(p, "truncation", poseWhere, {-1, 0, 1, 2, 99});
      pose.attributes = attributes(p, poseWhere);
      t.poses.push_back(std::move(pose));
    }
    // datumaro asserts this; a mismatch means a truncated or hand-edited file.
    if (count != static_cast<int>(t.poses.size()))
      throw IoError(file_, where + ": <poses> says <count>" + std::to_string(count) + "</count> but holds " +
                               std::to_string(t.poses.size()) + " poses");
    return t;
  }

  std::string file_;
};

// frame_list.txt: "<frame index> <item id>" per line; '#' comments and blank lines skipped.
std::map<int, std::string> readFrameList(const fs::path& path, const std::string& name) {
  std::map<int, std::string> out;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return out;
  std::istringstream lines(readWholeFile(path));
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
    const std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    const std::size_t space = line.find_first_of(" \t", start);
    const std::size_t idStart = space == std::string::npos ? space : line.find_first_not_of(" \t", space);
    const auto index = parseInteger(line.substr(start, space - start));
    if (!index || *index < 0 || *index > 100000000 || idStart == std::string::npos)
      throw IoError(name, "line " + std::to_string(number) + ": expected '<frame index> <item id>', got '" + line + "'");
    const std::string id = line.substr(idStart);
    // datumaro refuses names that leave the dataset folder.
    const fs::path idPath(id);
    if (idPath.is_absolute() || std::any_of(idPath.begin(), idPath.end(), [](const fs::path& p) { return p == ".."; }))
      throw IoError(name, "line " + std::to_string(number) + ": item id '" + id + "' points outside the dataset");
    out[static_cast<int>(*index)] = id;
  }
  return out;
}

// Related images: files named <id>.* in <dir>/data/ for every top-level dir named image_*
// (any case), sorted by path, as datumaro finds them.
std::map<std::string, std::vector<fs::path>> findRelatedImages(const fs::path& root) {
  std::map<std::string, std::vector<fs::path>> out;
  std::error_code ec;
  for (fs::directory_iterator dir(root, ec), end; !ec && dir != end; dir.increment(ec)) {
    std::string name = dir->path().filename().string();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const fs::path data = dir->path() / "data";
    if (name.rfind("image_", 0) != 0 || !fs::is_directory(data, ec)) continue;
    for (fs::recursive_directory_iterator it(data, ec), stop; !ec && it != stop; it.increment(ec)) {
      if (!it->is_regular_file(ec) || !isImageFile(it->path())) continue;
      fs::path relative = fs::relative(it->path(), data);
      relative.replace_extension();
      out[relative.generic_string()].push_back(it->path());
    }
  }
  for (auto& [id, paths] : out) std::sort(paths.begin(), paths.end());
  return out;
}

fs::path findTrackletsFile(const InputRoot& root, const fs::path& input) {
  if (!root.file().empty()) return root.file();
  fs::path found = findFileBelow(root.folder(), kTrackletsFile);
  if (!found.empty()) return found;
  std::vector<fs::path> xmls;
  std::error_code ec;
  for (fs::directory_iterator it(root.folder(), ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".xml") xmls.push_back(it->path());
  if (xmls.size() == 1) return xmls.front();
  throw IoError(input.string(), std::string("no ") + kTrackletsFile + " found");
}

std::string frameName(int index, const std::map<int, std::string>& frameList) {
  if (auto it = frameList.find(index); it != frameList.end()) return it->second;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%010d", index);
  return buffer;
}

// ---------------------------------------------------------------------------------------------
// Writing


struct PoseOut {
  const ExportedCuboid* cuboid;
  int state;
  bool occlusionKeyframe;
};

struct TrackletOut {
  std::string label;
  double h, w, l;
  int firstFrame;
  std::vector<PoseOut> poses;
};

// What we write is datumaro's "allow_attrs" layout (datumaro-written/…/kitti_raw_tracks/): our
// tracks stay multi-pose tracklets and every pose carries <attributes>, so nothing of ours is
// dropped, while a shape is a one-pose tracklet as in CVAT's own export. Tracklets follow our
// object order (CVAT's export writes them reversed, which carries no meaning).
//
// A tracklet must keep one size and cover consecutive frames. datumaro fills gaps with
// "out of image" poses, but its reader then counts only the poses it keeps, shifting every later
// pose to an earlier frame; so a track is cut into one tracklet per visible range (and where its
// size changes) instead. Interpolated frames are poses with state 1 (INTERP); keyframes have
// state 2 and occlusion_kf 1, which is also how a one-pose tracklet says "track" to our reader.
std::vector<TrackletOut> trackletsOf(const std::vector<ExportedCuboid>& cuboids, const AnnotationSet& set) {
  std::map<const AnnotationObject*, std::vector<const ExportedCuboid*>> byObject;
  for (const auto& c : cuboids) byObject[c.object].push_back(&c);
  std::vector<const AnnotationObject*> objects;
  for (const AnnotationObject& o : set.objects)
    if (byObject.count(&o)) objects.push_back(&o);
  std::stable_sort(objects.begin(), objects.end(), [](auto* a, auto* b) { return a->id < b->id; });

  std::vector<TrackletOut> out;
  for (const AnnotationObject* object : objects) {
    TrackletOut* current = nullptr;
    int previousFrame = -2;
    for (const ExportedCuboid* c : byObject[object]) {
      const double h = c->geometry[7], w = c->geometry[6], l = c->geometry[8];
      const bool continues =
          current && c->inTrack && c->frame == previousFrame + 1 && current->h == h && current->w == w && current->l == l;
      if (!continues) {
        out.push_back(TrackletOut{c->label->name, h, w, l, c->frame, {}});
        current = &out.back();
      }
      previousFrame = c->frame;
      current->poses.push_back(
          PoseOut{c, c->inTrack && !c->keyframe ? kStateInterpolated : kStateLabeled, c->inTrack && c->keyframe});
    }
  }
  return out;
}

std::string trackletXml(const std::vector<TrackletOut>& tracklets) {
  std::string x;
  x += "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  x += "<!DOCTYPE boost_serialization>\n";
  x += "<boost_serialization version=\"9\" signature=\"serialization::archive\">\n";
  x += "<tracklets version=\"0\" tracking_level=\"0\" class_id=\"0\">\n";
  x += "  <count>" + std::to_string(tracklets.size()) + "</count>\n";
  x += "  <item_version>1</item_version>\n";
  auto element = [&](int indent, const std::string& tag, const std::string& value) {
    x += std::string(static_cast<std::size_t>(indent), ' ') + "<" + tag + ">" + value + "</" + tag + ">\n";
  };
  // boost writes the class header only on the first object of each kind.
  bool firstTracklet = true, firstPose = true;
  for (const TrackletOut& t : tracklets) {
    x += firstTracklet ? "  <item version=\"1\" tracking_level=\"0\" class_id=\"1\">\n" : "  <item>\n";
    element(4, "objectType", escapeXmlText(t.label));
    element(4, "h", pythonFloat(t.h));
    element(4, "w", pythonFloat(t.w));
    element(4, "l", pythonFloat(t.l));
    element(4, "first_frame", std::to_string(t.firstFrame));
    x += firstTracklet ? "    <poses version=\"0\" tracking_level=\"0\" class_id=\"2\">\n" : "    <poses>\n";
    firstTracklet = false;
    element(6, "count", std::to_string(t.poses.size()));
    element(6, "item_version", "0");
    for (const PoseOut& p : t.poses) {
      const ExportedCuboid& c = *p.cuboid;
      x += firstPose ? "      <item version=\"1\" tracking_level=\"0\" class_id=\"3\">\n" : "      <item>\n";
      firstPose = false;
      static const char* const kTags[6] = {"tx", "ty", "tz", "rx", "ry", "rz"};
      for (int i = 0; i < 6; ++i) element(8, kTags[i], pythonFloat(c.geometry[static_cast<std::size_t>(i)]));
      element(8, "state", std::to_string(p.state));
      element(8, "occlusion", c.occluded ? "1" : "0");
      element(8, "occlusion_kf", p.occlusionKeyframe ? "1" : "0");
      element(8, "truncation", "0");
      for (const char* tag : {"amt_occlusion", "amt_border_l", "amt_border_r", "amt_occlusion_kf", "amt_border_kf"})
        element(8, tag, "-1");
      x += "        <attributes>\n";
      for (const auto& [name, value] : c.attributes) {
        x += "          <attribute>\n";
        x += "            <name>" + escapeXmlText(name) + "</name><value>" + escapeXmlText(value) + "</value>\n";
        x += "          </attribute>\n";
      }
      x += "        </attributes>\n";
      x += "      </item>\n";
    }
    x += "    </poses>\n";
    element(4, "finished", "1");
    x += "  </item>\n";
  }
  x += "</tracklets>\n";
  x += "</boost_serialization>\n";
  return x;
}

}  // namespace

AnnotationSet importKittiRaw(const std::filesystem::path& input, const ImportOptions&) {
  InputRoot root(input);
  const fs::path xmlPath = findTrackletsFile(root, input);
  const fs::path folder = xmlPath.parent_path();
  const std::string xmlName = root.nameOf(xmlPath);
  const std::vector<Tracklet> tracklets = TrackletReader(xmlName).read(readWholeFile(xmlPath));
  const std::map<int, std::string> frameList = readFrameList(folder / kFrameListFile, root.nameOf(folder / kFrameListFile));

  AnnotationSet set;
  set.task.dimension = TaskDimension::PointCloud3D;
  set.task.name = input.stem().string();

  // Frames 0 … the last one used, named by frame_list.txt or "%010d": at most kMaxFrames (one
  // line or pose can name frame 100,000,000, and every frame before it is made).
  constexpr long long kMaxFrames = 100000;  // 2.8 hours of a 10 Hz LiDAR
  long long frameCount = frameList.empty() ? 0 : frameList.rbegin()->first + 1LL;
  for (const Tracklet& t : tracklets)
    for (std::size_t i = 0; i < t.poses.size(); ++i)
      if (t.poses[i].truncation != kTruncationOutOfImage && t.poses[i].truncation != kTruncationBehindImage)
        frameCount = std::max(frameCount, t.firstFrame + static_cast<long long>(i) + 1);
  if (frameCount > kMaxFrames)
    throw IoError(xmlName, "frames up to " + std::to_string(frameCount - 1) + " are used; Kitti Raw files of more than " +
                               std::to_string(kMaxFrames) + " frames are not read");
  const auto images = findRelatedImages(folder);
  std::error_code cloudsEc;
  const bool clouds = fs::is_directory(folder / kCloudFolder, cloudsEc);  // else no frame has a cloud to look for
  for (int f = 0; f < static_cast<int>(frameCount); ++f) {
    FrameInfo frame;
    frame.name = frameName(f, frameList);
    if (clouds) frame.path = root.keptPath(folder / kCloudFolder / (frame.name + ".pcd"));
    if (auto it = images.find(frame.name); it != images.end() && !root.extracted())
      for (const fs::path& p : it->second) frame.relatedImages.push_back(p.string());
    set.task.frames.push_back(std::move(frame));
  }

  CuboidSetBuilder builder(xmlName, set.warnings);
  // datumaro sorts the labels by name.
  std::vector<std::string> labels;
  for (const Tracklet& t : tracklets) labels.push_back(t.label);
  std::sort(labels.begin(), labels.end());
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  for (const std::string& label : labels) builder.declareLabel(label);

  for (std::size_t index = 0; index < tracklets.size(); ++index) {
    const Tracklet& t = tracklets[index];
    // A multi-pose tracklet is a track; so is a one-pose tracklet marked as a keyframe (our
    // export of a one-frame track range). CVAT's one-pose tracklets are plain shapes.
    const bool isTrack = t.poses.size() > 1 || (t.poses.size() == 1 && t.poses.front().occlusionKeyframe);
    bool keyframeOccluded = false;
    for (std::size_t i = 0; i < t.poses.size(); ++i) {
      const Pose& pose = t.poses[i];
      // Occlusion as datumaro reads it: an unset pose inherits the last occlusion keyframe.
      bool occluded = pose.occlusion == kOcclusionPartly || pose.occlusion == kOcclusionFully;
      if (pose.occlusionKeyframe)
        keyframeOccluded = occluded;
      else if (pose.occlusion == kOcclusionUnset)
        occluded = keyframeOccluded;
      if (pose.truncation == kTruncationOutOfImage || pose.truncation == kTruncationBehindImage) continue;

      ImportedCuboid c;
      c.frame = t.firstFrame + static_cast<int>(i);
      c.label = t.label;
      c.where = "tracklet " + std::to_string(index + 1) + " (" + t.label + "), frame " + std::to_string(c.frame);
      c.geometry = {
          pose.values[0], pose.values[1], pose.values[2], pose.values[3], pose.values[4], pose.values[5], t.w, t.h, t.l};
      c.occluded = occluded;
      std::map<std::string, std::string> merged(t.attributes.begin(), t.attributes.end());
      for (const auto& [name, value] : pose.attributes) merged[name] = value;
      for (const auto& [name, value] : merged)
        if (name != "track_id" && name != "occluded" && name != "keyframe") c.attributes.emplace_back(name, value);
      if (isTrack) {
        c.trackId = static_cast<long long>(index + 1);
        c.keyframe = pose.state != kStateInterpolated;
      }
      builder.add(std::move(c));
    }
  }
  builder.build(set);
  return set;
}

ExportWarnings exportKittiRaw(const AnnotationSet& set, const std::filesystem::path& output, const ExportOptions& options) {
  OutputTarget target(output);
  const std::vector<std::string> ids = itemIdsOf(set.task, output);
  const std::vector<ExportedCuboid> cuboids = cuboidsForExport(set, options);
  target.writeFile(kTrackletsFile, trackletXml(trackletsOf(cuboids, set)));

  std::string frameList;
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (isWrittenFrame(set, i)) frameList += std::to_string(i) + " " + ids[i] + "\n";
  target.writeFile(kFrameListFile, frameList);

  if (options.saveMedia) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      reportProgress(options, output, i, ids.size());
      if (!isWrittenFrame(set, i)) continue;
      const FrameInfo& frame = set.task.frames[i];
      savePointCloudAsPcd(frame.path, target.pathOf(std::string(kCloudFolder) + "/" + ids[i] + ".pcd"), ids[i]);
      std::vector<std::string> images = frame.relatedImages;
      std::sort(images.begin(), images.end());
      for (std::size_t k = 0; k < images.size(); ++k) {
        char folder[32];
        std::snprintf(folder, sizeof folder, "image_%02zu", k);
        const std::string name = std::string(folder) + "/data/" + ids[i] + fs::path(images[k]).extension().string();
        copyMediaFile(images[k], target.pathOf(name), ids[i]);
      }
    }
  }
  target.commit();
  return {};
}

}  // namespace labelstation::io::formats

#pragma once
// Internal to labelstation_io: what the 3D cuboid formats (Kitti Raw, Datumaro 3D, Sly Point
// Cloud) share: folder-or-zip input and output, media copying, Python-style number text, and the
// rules that turn per-frame cuboids into shapes and tracks (and back) the way CVAT does.

#include <zip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <unistd.h>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "labelstation/core/interpolation.h"
#include "labelstation/io/annotation_set.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/dataset.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/image.h"
#include "labelstation/io/pcd.h"
#include "labelstation/io/point_cloud_io.h"

namespace labelstation::io::formats::common {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Text

// Python's str(float): the shortest text that reads back to the same double, with ".0" on whole
// numbers and an exponent only below 1e-4 or from 1e16 on. datumaro writes numbers this way.
inline std::string pythonFloat(double value) {
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

// A whole string as a double (leading/trailing blanks allowed); nullopt for anything else.
inline std::optional<double> parseDouble(std::string_view text) {
  std::string s(text);
  const std::size_t first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return std::nullopt;
  s = s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  return v;
}

inline std::optional<long long> parseInteger(std::string_view text) {
  const auto v = parseDouble(text);
  if (!v || !std::isfinite(*v) || std::floor(*v) != *v || std::fabs(*v) > 9e15) return std::nullopt;
  return static_cast<long long>(*v);
}

inline bool isBooleanText(const std::string& v) { return v == "true" || v == "false"; }

inline nlohmann::json parseJsonFile(const fs::path& file) {
  const std::string text = readWholeFile(file);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw IoError(file.string(), std::string("malformed JSON: ") + e.what());
  }
}

// An attribute value read from JSON as the text our model stores: bools "true"/"false", numbers
// as Python writes them, strings as they are.
inline std::string attributeText(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return std::to_string(value.get<long long>());
  if (value.is_number()) return pythonFloat(value.get<double>());
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump();
}

// ---------------------------------------------------------------------------------------------
// Input: a folder, a zip (extracted to a temporary folder removed afterwards) or a single file

inline bool looksLikeZip(const fs::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".zip") return true;
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  return in.read(magic, 4) && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
}

inline fs::path makeTemporaryFolder(const std::string& prefix) {
  std::string pattern = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!::mkdtemp(pattern.data())) throw IoError(pattern, "cannot create a temporary folder");
  return pattern;
}

class InputRoot {
 public:
  explicit InputRoot(const fs::path& input) : input_(input) {
    std::error_code ec;
    if (!fs::exists(input, ec)) throw IoError(input.string(), "does not exist");
    if (fs::is_directory(input, ec)) {
      folder_ = input;
    } else if (looksLikeZip(input)) {
      folder_ = makeTemporaryFolder("labelstation-import");
      extracted_ = true;
      try {
        extractZip(input, folder_);
      } catch (...) {
        fs::remove_all(folder_, ec);
        throw;
      }
    } else {
      file_ = input;
      folder_ = input.parent_path().empty() ? fs::path(".") : input.parent_path();
    }
  }
  ~InputRoot() {
    std::error_code ec;
    if (extracted_) fs::remove_all(folder_, ec);
  }
  InputRoot(const InputRoot&) = delete;
  InputRoot& operator=(const InputRoot&) = delete;

  const fs::path& folder() const { return folder_; }
  // The file given when the input was neither a folder nor a zip; empty otherwise.
  const fs::path& file() const { return file_; }
  // Files inside a zip are gone after the import: frames must not point at them.
  bool extracted() const { return extracted_; }
  // How a file inside is named in messages: "<zip>: <entry>" for archives, else its path.
  std::string nameOf(const fs::path& inside) const {
    if (!extracted_) return inside.string();
    return input_.string() + ": " + fs::relative(inside, folder_).generic_string();
  }
  // A media path worth keeping in FrameInfo (empty for extracted or missing files).
  std::string keptPath(const fs::path& inside) const {
    std::error_code ec;
    return !extracted_ && fs::is_regular_file(inside, ec) ? inside.string() : std::string();
  }

 private:
  fs::path input_, folder_, file_;
  bool extracted_ = false;
};

// Finds the first file named `name` (case-sensitive) below `root`, shallowest first.
inline fs::path findFileBelow(const fs::path& root, const std::string& name) {
  std::error_code ec;
  if (fs::is_regular_file(root / name, ec)) return root / name;
  std::vector<fs::path> found;
  for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().filename() == name) found.push_back(it->path());
  if (found.empty()) return {};
  std::sort(found.begin(), found.end(), [](const fs::path& a, const fs::path& b) {
    const auto da = std::distance(a.begin(), a.end()), db = std::distance(b.begin(), b.end());
    return da != db ? da < db : naturalLess(a.generic_string(), b.generic_string());
  });
  return found.front();
}

// ---------------------------------------------------------------------------------------------
// Output: a folder, or a .zip packed from a temporary folder and moved into place at the end

inline void packFolderAsZip(const fs::path& folder, const fs::path& zipPath) {
  const fs::path partial = zipPath.string() + ".partial-" + std::to_string(::getpid());
  int code = 0;
  zip_t* archive = zip_open(partial.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (!archive) throw IoError(zipPath.string(), "cannot create the zip archive");
  auto fail = [&](const std::string& why) {
    zip_discard(archive);
    std::error_code ec;
    fs::remove(partial, ec);
    throw IoError(zipPath.string(), why);
  };
  std::vector<fs::path> entries;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  std::sort(entries.begin(), entries.end(),
            [&](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
  for (const fs::path& entry : entries) {
    const std::string name = fs::relative(entry, folder).generic_string();
    if (fs::is_directory(entry, ec)) {
      if (zip_dir_add(archive, name.c_str(), ZIP_FL_ENC_UTF_8) < 0) fail("cannot add folder " + name);
      continue;
    }
    zip_source_t* source = zip_source_file(archive, entry.c_str(), 0, -1);
    if (!source) fail("cannot read " + entry.string());
    if (zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
      zip_source_free(source);
      fail("cannot add " + name);
    }
  }
  if (zip_close(archive) != 0) fail(std::string("cannot write the archive: ") + zip_strerror(archive));
  fs::rename(partial, zipPath, ec);
  if (ec) {
    fs::remove(partial, ec);
    throw IoError(zipPath.string(), "cannot move the finished archive into place");
  }
}

class OutputTarget {
 public:
  explicit OutputTarget(const fs::path& output) : output_(output) {
    std::string ext = output.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    zip_ = ext == ".zip";
    std::error_code ec;
    if (zip_) {
      if (!output.parent_path().empty() && !fs::is_directory(output.parent_path(), ec))
        throw IoError(output.string(), "the folder to write the zip into does not exist");
      folder_ = makeTemporaryFolder("labelstation-export");
    } else {
      folder_ = output;
      fs::create_directories(folder_, ec);
      if (!fs::is_directory(folder_, ec)) throw IoError(output.string(), "cannot create the output folder");
    }
  }
  ~OutputTarget() {
    std::error_code ec;
    if (zip_) fs::remove_all(folder_, ec);
  }
  OutputTarget(const OutputTarget&) = delete;
  OutputTarget& operator=(const OutputTarget&) = delete;

  const fs::path& folder() const { return folder_; }
  const fs::path& output() const { return output_; }
  fs::path pathOf(const std::string& relative) const { return folder_ / fs::path(relative); }

  void makeFolder(const std::string& relative) const {
    std::error_code ec;
    fs::create_directories(pathOf(relative), ec);
    if (ec) throw IoError(pathOf(relative).string(), "cannot create the folder");
  }
  void writeFile(const std::string& relative, std::string_view content) const {
    const fs::path path = pathOf(relative);
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    writeFileAtomically(path, content);
  }
  // Packs the zip (no-op for folders). Call once, after everything is written.
  void commit() const {
    if (zip_) packFolderAsZip(folder_, output_);
  }

 private:
  fs::path output_, folder_;
  bool zip_ = false;
};

// Copies a frame's media file for saveMedia; a missing source is an error naming the frame.
inline void copyMediaFile(const std::string& source, const fs::path& destination, const std::string& frame) {
  if (source.empty()) throw IoError(frame, "has no media file to save (FrameInfo::path is empty)");
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) throw IoError(source, "media file of frame '" + frame + "' is missing");
  fs::create_directories(destination.parent_path(), ec);
  fs::copy_file(source, destination, fs::copy_options::overwrite_existing, ec);
  if (ec) throw IoError(destination.string(), "cannot copy " + source + ": " + ec.message());
}

// The frame's point cloud as a .pcd (the formats name clouds <id>.pcd; CVAT stores no .bin).
inline void savePointCloudAsPcd(const std::string& source, const fs::path& destination, const std::string& frame) {
  std::string ext = fs::path(source).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (source.empty() || ext == ".pcd") return copyMediaFile(source, destination, frame);
  std::error_code ec;
  if (!fs::is_regular_file(source, ec)) throw IoError(source, "media file of frame '" + frame + "' is missing");
  fs::create_directories(destination.parent_path(), ec);
  writePcd(destination, readPointCloud(source), PcdEncoding::Binary);
}

// The item id a frame is written under: its name without folders and without a media extension,
// as CVAT's 3D exports name items; "%010d" of the index when the frame has no name.
inline std::string itemIdOf(const FrameInfo& frame, std::size_t index) {
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

inline std::vector<std::string> itemIdsOf(const Task& task, const fs::path& output) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < task.frames.size(); ++i) {
    ids.push_back(itemIdOf(task.frames[i], i));
    if (!seen.insert(ids.back()).second)
      throw IoError(output.string(), "two frames would both be written as item '" + ids.back() + "'");
  }
  return ids;
}

// ---------------------------------------------------------------------------------------------
// Reading: per-frame cuboids → labels, shapes and tracks

struct DeclaredAttribute {
  std::string name;
  std::optional<AttributeInputType> type;  // unset: inferred from the values (checkbox or text)
  std::vector<std::string> values;
  std::optional<bool> isMutable;  // unset: inferred from the tracks
};

struct ImportedCuboid {
  int frame = 0;  // index into the set's frames
  std::string label;
  std::vector<double> geometry;  // px py pz rx ry rz sx sy sz
  bool occluded = false;
  int group = 0;
  std::vector<std::pair<std::string, std::string>> attributes;  // name, value text
  std::optional<long long> trackId;                             // set: a sample of a track
  bool keyframe = true;                                         // for track samples: false = an interpolated frame
  std::string where;                                            // "item '0000000001'", for messages
  std::string file;                                             // the file it was read from, when not the builder's
};

// Collects cuboids read from `file` and builds the set's labels and objects:
//  - shapes: one object each;
//  - tracks (samples sharing a track id and label): keyframes where the file marks them and
//    where a visible range starts; an outside keyframe after each range (a gap, or the last
//    sample before the end of the task), as CVAT rebuilds tracks on import;
//  - attributes: checkbox when every value is true/false, else text (unless declared); immutable
//    when every track of the label keeps one value (the formats do not say), else mutable.
class CuboidSetBuilder {
 public:
  CuboidSetBuilder(std::string file, std::vector<std::string>& warnings) : file_(std::move(file)), warnings_(warnings) {}

  void declareLabel(const std::string& name, const std::string& color = "", std::vector<DeclaredAttribute> attributes = {}) {
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
  bool hasLabel(const std::string& name) const { return labels_.count(name) != 0; }

  void add(ImportedCuboid cuboid) {
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

  void build(AnnotationSet& set) {
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

 private:
  struct LabelDraft {
    std::string color;
    std::vector<std::string> attributeOrder;
    std::map<std::string, DeclaredAttribute> attributes;
    std::map<std::string, std::vector<std::string>> values;
  };
  enum class Which { All, Mutable, Immutable };

  void inferMutability(const std::vector<std::vector<const ImportedCuboid*>>& tracks) {
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

  ShapeState stateOf(const AnnotationSet& set, const ImportedCuboid& c, Which which) const {
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

  std::string file_;
  std::vector<std::string>& warnings_;
  std::vector<std::string> labelOrder_;
  std::map<std::string, LabelDraft> labels_;
  std::vector<ImportedCuboid> samples_;
};

// ---------------------------------------------------------------------------------------------
// Writing: shapes and tracks → per-frame cuboids

struct ExportedCuboid {
  int frame = 0;
  const Label* label = nullptr;
  const AnnotationObject* object = nullptr;
  std::vector<double> geometry;  // px py pz rx ry rz sx sy sz
  bool occluded = false;
  std::vector<std::pair<std::string, std::string>> attributes;  // name, value text, in label order
  bool inTrack = false;
  bool keyframe = false;  // tracks: a keyframe of ours (else an interpolated frame)
};

inline std::vector<std::pair<std::string, std::string>> namedValues(const Label& label, const AttributeValues& immutable,
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

// Whether a frame is written: selectForExport leaves deleted frames flagged when they are to be
// skipped, and CVAT's exports leave them out.
inline bool isWrittenFrame(const AnnotationSet& set, std::size_t frame) {
  return frame < set.task.frames.size() && !set.task.frames[frame].deleted;
}

// Every 3D cuboid of the set on every written frame it is visible on (tracks interpolated between
// their keyframes, as CVAT exports them, or only their keyframes with onlyKeyframes), sorted by
// frame then object order. Other shape types are not cuboids and are left out.
inline std::vector<ExportedCuboid> cuboidsForExport(const AnnotationSet& set, const ExportOptions& options) {
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
    if (object.keyframes.empty()) continue;
    const int last = std::min(object.lastVisibleFrame(frameCount - 1), frameCount - 1);
    for (int frame = std::max(0, object.firstFrame()); frame <= last; ++frame) {
      const std::optional<ShapeState> state = stateAt(object, frame);
      if (state && !state->outside) add(frame, *state, true, isKeyframe(object, frame));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const ExportedCuboid& a, const ExportedCuboid& b) { return a.frame < b.frame; });
  return out;
}

}  // namespace labelstation::io::formats::common

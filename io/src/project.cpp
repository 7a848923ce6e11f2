#include "labelstation/io/project.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <utility>

#include "annotation_json.h"
#include "safe_input.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/label_json.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using ojson = nlohmann::ordered_json;  // written files keep their keys in the documented order

constexpr const char* kFormat = "labelstation project";
constexpr int kVersion = 1;

fs::path journalOf(const fs::path& project) { return fs::path(project.string() + ".journal"); }
fs::path backupOf(const fs::path& project) { return fs::path(project.string() + ".bak"); }

std::string newSaveId() {
  std::random_device rd;
  std::mt19937_64 rng((static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^
                      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// Stored relative to the project's folder when that is possible, so a project and its data move
// together.
std::string storedPath(const fs::path& path, const fs::path& base) {
  if (path.empty()) return {};
  const fs::path absolute = fs::absolute(path).lexically_normal();
  const fs::path relative = absolute.lexically_relative(base);
  return (relative.empty() ? absolute : relative).generic_string();
}

fs::path resolvedPath(const std::string& stored, const fs::path& base) {
  if (stored.empty()) return {};
  const fs::path p(stored);
  return p.is_absolute() ? p : (base / p).lexically_normal();
}

fs::path baseOf(const fs::path& file) { return fs::absolute(file).lexically_normal().parent_path(); }

std::string journalHeader(const std::string& saveId) {
  return ojson{{"labelstation journal", 1}, {"save_id", saveId}}.dump() + "\n";
}

ojson encode(const ProjectContents& c, const fs::path& file, const std::string& saveId) {
  const fs::path base = baseOf(file);
  ojson frames = ojson::array();
  for (const FrameInfo& f : c.task.frames) {
    ojson related = ojson::array();
    for (const std::string& r : f.relatedImages) related.push_back(storedPath(r, base));
    frames.push_back({{"name", f.name},
                      {"path", storedPath(f.path, base)},
                      {"related_images", std::move(related)},
                      {"deleted", f.deleted},
                      {"width", f.width},
                      {"height", f.height}});
  }
  ojson objects = ojson::array();
  for (const AnnotationObject& o : c.objects) objects.push_back(detail::objectToJson(o));
  return {{"format", kFormat},
          {"version", kVersion},
          {"save_id", saveId},
          {"dataset", storedPath(c.dataset, base)},
          {"settings", {{"autosave_minutes", c.settings.autosaveMinutes}}},
          {"task",
           {{"name", c.task.name},
            {"dimension", c.task.dimension == TaskDimension::PointCloud3D ? "3d" : "2d"},
            {"frames", std::move(frames)}}},
          {"labels", ojson::parse(writeLabelJson(c.task.labels))},
          {"objects", std::move(objects)}};
}

json parseJson(const std::string& text, const std::string& name) {
  try {
    detail::checkJsonDepth(text, name);  // dump() and the readers recurse: no file chooses the depth
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw IoError(name, std::string("malformed JSON: ") + e.what());
  }
}

template <class T>
T value(const json& j, const char* key, const std::string& name, const std::string& where, T fallback, bool required = false) {
  if (!j.is_object() || !j.contains(key)) {
    if (required) throw IoError(name, where + ": missing \"" + key + "\"");
    return fallback;
  }
  try {
    return j[key].get<T>();
  } catch (const json::exception&) {
    throw IoError(name, where + ": \"" + key + "\" has the wrong type");
  }
}

void checkObject(const AnnotationObject& o, const ProjectContents& c, const std::string& name) {
  const std::string who = "object " + std::to_string(o.id);
  if (o.id <= 0) throw IoError(name, who + ": ids must be positive");
  const Label* label = c.task.labels.label(o.label);
  if (!label) throw IoError(name, who + ": label id " + std::to_string(o.label) + " is not among the project's labels");
  auto checkState = [&](const ShapeState& s) {
    if (o.kind == ObjectKind::Tag) return;
    const std::string problem = checkGeometry(s);
    if (!problem.empty()) throw IoError(name, who + ": " + problem);
  };
  if (o.isTrack())
    for (const auto& [frame, state] : o.keyframes) checkState(state);
  else
    checkState(o.shape);
}

struct Decoded {
  ProjectContents contents;
  std::string saveId;
};

Decoded decode(const std::string& text, const fs::path& file) {
  const std::string name = file.string();
  const json j = parseJson(text, name);
  if (!j.is_object() || value<std::string>(j, "format", name, "project", "") != kFormat)
    throw IoError(name, "not a Labelstation project (no \"format\": \"labelstation project\")");
  const int version = value<int>(j, "version", name, "project", 0, true);
  if (version > kVersion)
    throw IoError(name, "project version " + std::to_string(version) + " is newer than this Labelstation reads (" + std::to_string(kVersion) + ")");
  Decoded d;
  ProjectContents& c = d.contents;
  const fs::path base = baseOf(file);
  d.saveId = value<std::string>(j, "save_id", name, "project", "");
  c.dataset = resolvedPath(value<std::string>(j, "dataset", name, "project", ""), base);
  if (j.contains("settings")) c.settings.autosaveMinutes = value<int>(j["settings"], "autosave_minutes", name, "settings", ProjectSettings{}.autosaveMinutes);
  const json& task = j.contains("task") ? j["task"] : throw IoError(name, "missing \"task\"");
  c.task.name = value<std::string>(task, "name", name, "task", "");
  const std::string dimension = value<std::string>(task, "dimension", name, "task", "2d");
  if (dimension != "2d" && dimension != "3d") throw IoError(name, "task: dimension '" + dimension + "' is neither 2d nor 3d");
  c.task.dimension = dimension == "3d" ? TaskDimension::PointCloud3D : TaskDimension::Image2D;
  if (task.contains("frames")) {
    if (!task["frames"].is_array()) throw IoError(name, "task: \"frames\" is not an array");
    for (const json& f : task["frames"]) {
      const std::string where = "frame " + std::to_string(c.task.frames.size());
      FrameInfo frame;
      frame.name = value<std::string>(f, "name", name, where, "", true);
      frame.path = resolvedPath(value<std::string>(f, "path", name, where, ""), base).string();
      for (const std::string& r : value<std::vector<std::string>>(f, "related_images", name, where, {}))
        frame.relatedImages.push_back(resolvedPath(r, base).string());
      frame.deleted = value<bool>(f, "deleted", name, where, false);
      frame.width = value<int>(f, "width", name, where, 0);
      frame.height = value<int>(f, "height", name, where, 0);
      c.task.frames.push_back(std::move(frame));
    }
  }
  if (j.contains("labels")) c.task.labels = parseLabelJson(j["labels"].dump(), name);
  if (j.contains("objects")) {
    if (!j["objects"].is_array()) throw IoError(name, "\"objects\" is not an array");
    std::set<ObjectId> ids;
    for (const json& o : j["objects"]) {
      try {
        c.objects.push_back(detail::objectFromJson(o, "objects"));
      } catch (const std::runtime_error& e) {
        throw IoError(name, e.what());
      }
      checkObject(c.objects.back(), c, name);
      if (!ids.insert(c.objects.back().id).second) throw IoError(name, "object id " + std::to_string(c.objects.back().id) + " is used twice");
    }
  }
  return d;
}

// Applies the journal's change batches to `loaded`. A damaged last line (a crash while writing
// it) is skipped with a warning; a journal that follows another save is ignored.
void replayJournal(const fs::path& file, const std::string& saveId, LoadedProject& loaded) {
  const fs::path journal = journalOf(file);
  std::error_code ec;
  if (!fs::exists(journal, ec)) return;
  const std::string text = readWholeFile(journal);
  std::vector<std::string> lines;
  for (std::size_t start = 0; start < text.size();) {
    const std::size_t nl = text.find('\n', start);
    lines.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  if (lines.empty()) return;
  json header;
  try {
    header = json::parse(lines[0]);
  } catch (const json::exception&) {
    loaded.warnings.push_back(journal.string() + ": the journal's header is damaged; the journal was ignored");
    return;
  }
  if (!header.is_object() || !header.contains("save_id") || header["save_id"] != saveId) {
    // Written before the last save (a crash between saving and starting the new journal): the
    // saved project already holds these changes.
    return;
  }
  std::map<ObjectId, AnnotationObject> objects;
  for (auto& o : loaded.contents.objects) objects[o.id] = std::move(o);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;
    json entry;
    try {
      detail::checkJsonDepth(lines[i], journal.string());
      entry = json::parse(lines[i]);
      // A line applies whole or not at all: its labels and objects are read and checked first
      // (the objects against the line's labels).
      ProjectContents& contents = loaded.contents;
      std::optional<LabelSchema> previousLabels;  // only lines that edit the labels keep a copy
      std::vector<std::pair<ObjectId, std::optional<AnnotationObject>>> changes;
      try {
        if (entry.contains("labels")) {
          LabelSchema edited = parseLabelJson(entry["labels"].dump(), journal.string());
          previousLabels = std::exchange(contents.task.labels, std::move(edited));
        }
        for (const json& change : entry.at("objects")) {
          const ObjectId id = change.at("id").get<ObjectId>();
          if (change.contains("removed")) {
            changes.emplace_back(id, std::nullopt);
            continue;
          }
          AnnotationObject o = detail::objectFromJson(change.at("after"), journal.string());
          checkObject(o, contents, journal.string());
          changes.emplace_back(id, std::move(o));
        }
      } catch (...) {
        if (previousLabels) contents.task.labels = std::move(*previousLabels);
        throw;
      }
      for (auto& [id, after] : changes) {
        if (after) objects[id] = std::move(*after);
        else objects.erase(id);
      }
      for (const json& f : entry.at("frames")) {
        const int frame = f.at(0).get<int>();
        if (frame >= 0 && frame < static_cast<int>(loaded.contents.task.frames.size()))
          loaded.contents.task.frames[static_cast<std::size_t>(frame)].deleted = f.at(1).get<bool>();
      }
      ++loaded.journalEntries;
    } catch (const std::exception& e) {
      const bool last = i + 1 == lines.size() || (i + 2 == lines.size() && lines.back().empty());
      loaded.warnings.push_back(journal.string() + ": line " + std::to_string(i + 1) +
                                (last ? " was cut short (the program stopped while writing it); that last change is lost"
                                      : " is damaged (" + std::string(e.what()) + "); the changes from there on were not recovered"));
      break;
    }
  }
  loaded.contents.objects.clear();
  for (auto& [id, o] : objects) loaded.contents.objects.push_back(std::move(o));
}

// The save id in a journal's header line; empty when there is no readable header.
std::string journalSaveId(const fs::path& journal) {
  std::ifstream in(journal);
  std::string line;
  if (!in || !std::getline(in, line)) return {};
  try {
    const json header = json::parse(line);
    return header.is_object() && header.contains("save_id") && header["save_id"].is_string() ? header["save_id"].get<std::string>() : "";
  } catch (const json::exception&) {
    return {};
  }
}

std::string saveIdOf(const fs::path& file) {
  const json j = parseJson(readWholeFile(file), file.string());
  return j.is_object() && j.contains("save_id") && j["save_id"].is_string() ? j["save_id"].get<std::string>() : "";
}

// Change batches after the header line of a journal.
std::size_t countEntries(const fs::path& journal) {
  std::ifstream in(journal);
  std::string line;
  std::size_t entries = 0;
  for (bool header = true; std::getline(in, line); header = false)
    if (!header && !line.empty()) ++entries;
  return entries;
}

}  // namespace

ProjectContents projectContentsOf(const Document& document, const fs::path& dataset, const ProjectSettings& settings) {
  ProjectContents c;
  c.dataset = dataset;
  c.task = document.task();
  c.settings = settings;
  for (const auto& [id, o] : document.objects()) c.objects.push_back(o);
  return c;
}

void saveProject(const fs::path& file, const ProjectContents& contents) {
  const std::string saveId = newSaveId();
  const std::string text = encode(contents, file, saveId).dump(1);
  std::error_code ec;
  if (fs::is_regular_file(file, ec)) {
    // The previous version becomes FILE.bak without ever leaving FILE missing: a hard link (or a
    // copy) under a temporary name, renamed over the old backup.
    const fs::path bak = backupOf(file), staging = fs::path(bak.string() + ".tmp");
    fs::remove(staging, ec);
    fs::create_hard_link(file, staging, ec);
    if (ec) fs::copy_file(file, staging, fs::copy_options::overwrite_existing, ec);
    if (!ec) fs::rename(staging, bak, ec);
    if (ec) throw IoError(bak.string(), "cannot keep the previous version: " + ec.message());
  }
  writeFileAtomically(file, text);
  writeFileAtomically(journalOf(file), journalHeader(saveId));
}

LoadedProject loadProject(const fs::path& file) {
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw IoError(file.string(), "is a folder, not a project file");
  if (!fs::exists(file, ec)) throw IoError(file.string(), "does not exist");
  Decoded d = decode(readWholeFile(file), file);
  LoadedProject loaded;
  loaded.contents = std::move(d.contents);
  replayJournal(file, d.saveId, loaded);
  return loaded;
}

std::size_t journalledChanges(const fs::path& file) {
  const fs::path journal = journalOf(file);
  std::error_code ec;
  if (!fs::is_regular_file(journal, ec) || !fs::is_regular_file(file, ec)) return 0;
  try {
    // A project that cannot be read has no journal that follows it (recovery scans must not stop).
    const std::string saveId = saveIdOf(file);
    return !saveId.empty() && journalSaveId(journal) == saveId ? countEntries(journal) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

void discardJournal(const fs::path& file) { writeFileAtomically(journalOf(file), journalHeader(saveIdOf(file))); }

std::unique_ptr<Document> documentOf(const ProjectContents& contents) {
  auto document = std::make_unique<Document>(contents.task);
  std::vector<Document::Change> changes;
  changes.reserve(contents.objects.size());
  for (const AnnotationObject& o : contents.objects) changes.push_back({o.id, o});
  document->applyChanges(changes, {});
  return document;
}

ProjectJournal::ProjectJournal(fs::path projectFile, Document& document) : file_(std::move(projectFile)), document_(document) {
  open();
  token_ = document_.subscribe([this](const std::vector<ChangeEvent>& events) { append(events); });
}

ProjectJournal::~ProjectJournal() {
  document_.unsubscribe(token_);
  if (fd_ >= 0) ::close(fd_);
}

void ProjectJournal::open() {
  if (fd_ >= 0) ::close(fd_);
  const fs::path journal = journalOf(file_);
  // Continue the journal only if it follows the project's last save. One left over from an earlier
  // save (a crash between writing the project and starting its journal) would have its new
  // entries ignored on the next open: start a fresh one instead.
  const std::string saveId = saveIdOf(file_);
  entries_ = 0;
  if (journalSaveId(journal) != saveId) {
    writeFileAtomically(journal, journalHeader(saveId));
  } else {
    entries_ = countEntries(journal);  // continued: the changes already in it are unsaved too
  }
  fd_ = ::open(journal.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd_ < 0) throw IoError(journal.string(), std::string("cannot open the journal: ") + std::strerror(errno));
}

void ProjectJournal::discard() {
  discardJournal(file_);
  error_.clear();
  open();
}

void ProjectJournal::save(const fs::path& dataset, const ProjectSettings& settings) {
  saveProject(file_, projectContentsOf(document_, dataset, settings));
  error_.clear();
  lastSave_ = std::chrono::steady_clock::now();
  open();
}

bool ProjectJournal::autosaveIfDue(std::chrono::steady_clock::time_point now, const fs::path& dataset, const ProjectSettings& settings) {
  if (settings.autosaveMinutes <= 0 || entries_ == 0 || now - lastSave_ < std::chrono::minutes(settings.autosaveMinutes)) return false;
  save(dataset, settings);
  lastSave_ = now;
  return true;
}

void ProjectJournal::append(const std::vector<ChangeEvent>& events) {
  ojson objects = ojson::array(), frames = ojson::array();
  bool labelsChanged = false;
  std::set<ObjectId> seen;
  for (const ChangeEvent& e : events) {
    switch (e.type) {
      case ChangeEvent::Type::ObjectAdded:
      case ChangeEvent::Type::ObjectChanged:
      case ChangeEvent::Type::ObjectRemoved:
        if (!seen.insert(e.object).second) break;
        if (const AnnotationObject* o = document_.object(e.object)) objects.push_back({{"id", e.object}, {"after", detail::objectToJson(*o)}});
        else objects.push_back({{"id", e.object}, {"removed", true}});
        break;
      case ChangeEvent::Type::FrameDeleted:
      case ChangeEvent::Type::FrameRestored: frames.push_back({e.firstFrame, e.type == ChangeEvent::Type::FrameDeleted}); break;
      case ChangeEvent::Type::LabelsChanged: labelsChanged = true; break;
      case ChangeEvent::Type::ViewStateChanged: break;
    }
  }
  if ((objects.empty() && frames.empty() && !labelsChanged) || fd_ < 0) return;
  ojson entry;
  if (labelsChanged) entry["labels"] = ojson::parse(writeLabelJson(document_.labels()));
  entry["objects"] = std::move(objects);
  entry["frames"] = std::move(frames);
  const std::string line = entry.dump() + "\n";
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // A line left half-written ends the journal: stop appending until the next save.
      error_ = journalOf(file_).string() + ": cannot write the journal: " + std::strerror(errno);
      ::close(fd_);
      fd_ = -1;
      return;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0 && error_.empty()) error_ = journalOf(file_).string() + ": cannot flush the journal: " + std::strerror(errno);
  ++entries_;
}

}  // namespace labelstation::io

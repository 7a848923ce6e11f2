#pragma once
// The native project: where the data is, the task (frames, labels), settings and annotations, as
// readable JSON beside the data. Saves are atomic (temporary file, flush, rename) and keep the
// previous version as FILE.bak. Between saves, every change of the document is appended to
// FILE.journal and flushed to disk before the edit returns; opening a project replays its journal,
// so a crash loses at most the change that was being written.
//
// File layout (version 1):
//   {"format": "labelstation project", "version": 1, "save_id": "…",
//    "dataset": "data/street",                       (relative to the project's folder when possible)
//    "settings": {"autosave_minutes": 5},
//    "task": {"name": …, "dimension": "2d" | "3d",
//             "frames": [{"name": …, "path": …, "related_images": […], "deleted": false,
//                         "width": 0, "height": 0}]},
//    "labels": [CVAT raw label JSON, with ids],
//    "objects": [see src/annotation_json.h]}
// Journal: a header line {"labelstation journal": 1, "save_id": "…"} naming the save it follows,
// then one line per change batch: {"labels": [the whole new label JSON, only when the labels
// were edited], "objects": [{"id": 3, "after": {…}} | {"id": 3, "removed": true}],
// "frames": [[frame, deleted], …]}.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "labelstation/core/annotation.h"
#include "labelstation/core/document.h"

namespace labelstation::io {

struct ProjectSettings {
  // Minutes between autosaves; 0: off. On by default (a project file that says 0 keeps it off).
  int autosaveMinutes = 5;
};

struct ProjectContents {
  std::filesystem::path dataset;  // the folder or zip the frames come from (absolute once loaded)
  Task task;                      // frame paths absolute once loaded
  std::vector<AnnotationObject> objects;
  ProjectSettings settings;
};

// The document's task and objects with the given dataset and settings.
ProjectContents projectContentsOf(const Document& document, const std::filesystem::path& dataset,
                                  const ProjectSettings& settings);

// Writes the project atomically, keeps the previous file as FILE.bak and starts an empty journal.
// Throws IoError naming the file.
void saveProject(const std::filesystem::path& file, const ProjectContents& contents);

struct LoadedProject {
  ProjectContents contents;
  std::size_t journalEntries = 0;  // change batches replayed from the journal
  std::vector<std::string> warnings;  // e.g. a journal entry cut short by a crash, skipped
};
// Reads the project and replays its journal. Throws IoError naming the file and the problem
// (malformed JSON, a missing field, an object of an unknown label, …).
LoadedProject loadProject(const std::filesystem::path& file);

// Change batches in the project's journal since its last save (0 when it has no journal, or one
// left from an earlier save).
std::size_t journalledChanges(const std::filesystem::path& file);
// Forgets the journalled changes (the user chose to discard them): the journal starts afresh
// after the project's last save. Throws IoError naming the journal.
void discardJournal(const std::filesystem::path& file);

// A document whose contents are loaded into it (objects through one batch, before journalling).
std::unique_ptr<Document> documentOf(const ProjectContents& contents);

// Journals a document's changes next to its project file for as long as it lives.
class ProjectJournal {
 public:
  // The project must exist (saved or loaded): its journal is continued.
  ProjectJournal(std::filesystem::path projectFile, Document& document);
  ~ProjectJournal();
  ProjectJournal(const ProjectJournal&) = delete;
  ProjectJournal& operator=(const ProjectJournal&) = delete;

  // Saves the document as the project (saveProject) and continues with the fresh journal.
  void save(const std::filesystem::path& dataset, const ProjectSettings& settings);
  // Autosave: saves when settings.autosaveMinutes > 0, changes were made since the last save and
  // that many minutes have passed since it (or since this journal started). Returns whether it
  // saved. The GUI calls it on a timer; the journal covers the time in between.
  bool autosaveIfDue(std::chrono::steady_clock::time_point now, const std::filesystem::path& dataset,
                     const ProjectSettings& settings);
  // Forgets the changes journalled since the last save (discardJournal) and continues afresh.
  void discard();
  // Change batches in the journal since the last save (a continued journal's included).
  std::size_t entries() const { return entries_; }
  // The first error met while appending (disk full, …); empty when all went well. Edits are not
  // refused, but the caller should tell the user that crash recovery is off until the next save.
  const std::string& error() const { return error_; }

 private:
  void open();
  void append(const std::vector<ChangeEvent>& events);

  std::filesystem::path file_;
  Document& document_;
  int token_ = 0;
  int fd_ = -1;
  std::size_t entries_ = 0;
  std::string error_;
  std::chrono::steady_clock::time_point lastSave_ = std::chrono::steady_clock::now();
};

}  // namespace labelstation::io

#include "labelstation/io/project.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "formats/sample_sets.h"
#include "formats/set_compare.h"
#include "labelstation/core/edits.h"
#include "labelstation/core/undo_stack.h"
#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

class Project : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("labelstation_project_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data" / "street");
    file_ = dir_ / "street.lsproj";
  }
  void TearDown() override { fs::remove_all(dir_); }

  ProjectContents sample() {
    const AnnotationSet set = testing::sampleImageSet();
    ProjectContents c;
    c.dataset = dir_ / "data" / "street";
    c.task = set.task;
    for (auto& f : c.task.frames) f.path = (dir_ / "data" / "street" / f.name).string();
    c.task.frames[1].relatedImages = {(dir_ / "data" / "street" / "right.jpg").string()};
    c.task.frames[2].deleted = true;
    c.objects = set.objects;
    c.settings.autosaveMinutes = 15;
    return c;
  }

  static AnnotationSet asSet(const ProjectContents& c) {
    AnnotationSet s;
    s.task = c.task;
    s.objects = c.objects;
    return s;
  }

  fs::path dir_, file_;
};

TEST_F(Project, SavesReadableJsonAndLoadsItBack) {
  const ProjectContents c = sample();
  saveProject(file_, c);
  const std::string text = readWholeFile(file_);
  EXPECT_NE(text.find("\"format\": \"labelstation project\""), std::string::npos);
  EXPECT_NE(text.find("\"dataset\": \"data/street\""), std::string::npos) << "stored relative to the project";
  EXPECT_NE(text.find("\"path\": \"data/street/cam0/frame_0.jpg\""), std::string::npos);
  const LoadedProject loaded = loadProject(file_);
  EXPECT_TRUE(loaded.warnings.empty());
  EXPECT_EQ(loaded.journalEntries, 0u);
  const ProjectContents& b = loaded.contents;
  EXPECT_EQ(b.dataset, c.dataset);
  EXPECT_EQ(b.settings.autosaveMinutes, 15);
  ASSERT_EQ(b.task.frames.size(), c.task.frames.size());
  for (std::size_t i = 0; i < c.task.frames.size(); ++i) {
    EXPECT_EQ(b.task.frames[i].name, c.task.frames[i].name);
    EXPECT_EQ(b.task.frames[i].path, c.task.frames[i].path);
    EXPECT_EQ(b.task.frames[i].relatedImages, c.task.frames[i].relatedImages);
    EXPECT_EQ(b.task.frames[i].deleted, c.task.frames[i].deleted);
    EXPECT_EQ(b.task.frames[i].width, 640);
  }
  EXPECT_EQ(b.task.labels.allLabels().size(), c.task.labels.allLabels().size());
  // Exactly the same objects, ids included.
  ASSERT_EQ(b.objects.size(), c.objects.size());
  for (std::size_t i = 0; i < c.objects.size(); ++i) EXPECT_EQ(b.objects[i], c.objects[i]) << "object " << c.objects[i].id;

  // The project and its data move together.
  const fs::path moved = dir_.string() + "_moved";
  fs::remove_all(moved);
  fs::rename(dir_, moved);
  const LoadedProject there = loadProject(moved / "street.lsproj");
  EXPECT_EQ(there.contents.dataset, moved / "data" / "street");
  fs::rename(moved, dir_);
}

TEST_F(Project, KeepsThePreviousVersionAsBackup) {
  ProjectContents c = sample();
  saveProject(file_, c);
  const std::string first = readWholeFile(file_);
  c.objects.pop_back();
  saveProject(file_, c);
  EXPECT_EQ(readWholeFile(fs::path(file_.string() + ".bak")), first);
  EXPECT_EQ(loadProject(file_).contents.objects.size(), c.objects.size());
}

TEST_F(Project, JournalRecoversEditsMadeAfterTheLastSave) {
  saveProject(file_, sample());
  std::vector<AnnotationObject> expected;
  {
    LoadedProject loaded = loadProject(file_);
    auto doc = documentOf(loaded.contents);
    ProjectJournal journal(file_, *doc);
    UndoStack undo(*doc);
    const LabelId person = doc->labels().labelByName("person")->id;
    AnnotationObject box;
    box.label = person;
    box.frame = 1;
    box.shape = testing::shapeOf(ShapeType::Rectangle, {1, 2, 3, 4});
    undo.push(edits::create(*doc, {box}));
    const ObjectId created = doc->objects().rbegin()->first;
    ShapeState moved = doc->object(created)->shape;
    moved.points = {11, 12, 13, 14};
    undo.push(edits::editShape(*doc, created, 1, moved));
    undo.push(edits::remove(*doc, {doc->objects().begin()->first}));
    undo.undo();  // the removal is undone: that is journalled too
    undo.push(edits::deleteFrame(*doc, 3));
    EXPECT_EQ(journal.entries(), 5u);
    EXPECT_TRUE(journal.error().empty());
    for (const auto& [id, o] : doc->objects()) expected.push_back(o);
  }  // no save: as if the program had been killed here
  const LoadedProject recovered = loadProject(file_);
  EXPECT_EQ(recovered.journalEntries, 5u);
  ASSERT_EQ(recovered.contents.objects.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(recovered.contents.objects[i], expected[i]);
  EXPECT_TRUE(recovered.contents.task.frames[3].deleted);
  EXPECT_EQ(recovered.contents.objects.back().shape.points, (std::vector<double>{11, 12, 13, 14}));

  // A save folds the journal into the project and starts an empty one.
  {
    LoadedProject loaded = loadProject(file_);
    auto doc = documentOf(loaded.contents);
    ProjectJournal journal(file_, *doc);
    journal.save(loaded.contents.dataset, loaded.contents.settings);
    EXPECT_EQ(journal.entries(), 0u);
  }
  const LoadedProject saved = loadProject(file_);
  EXPECT_EQ(saved.journalEntries, 0u);
  EXPECT_EQ(saved.contents.objects.size(), expected.size());
}

// Edited labels go into the journal with the objects they took along, and come back after a
// crash; undoing the edit is journalled too.
TEST_F(Project, JournalRecoversEditedLabels) {
  saveProject(file_, sample());
  std::size_t objectsLeft = 0;
  {
    LoadedProject loaded = loadProject(file_);
    auto doc = documentOf(loaded.contents);
    ProjectJournal journal(file_, *doc);
    UndoStack undo(*doc);
    LabelSchema labels = doc->labels();
    labels.removeLabel(labels.labelByName("person")->id);  // with its objects
    labels.label(labels.labelByName("car")->id)->color = "#010203";
    labels.addLabel({kNoLabel, "bus", "#0000aa", LabelType::Rectangle, {}, kNoLabel, {}, {}, {}});
    ASSERT_GT(std::count_if(doc->objects().begin(), doc->objects().end(),
                            [&](const auto& o) { return doc->labels().label(o.second.label)->name == "person"; }), 0);
    undo.push(edits::editLabels(*doc, labels));
    objectsLeft = doc->objects().size();
    EXPECT_EQ(journal.entries(), 1u);
  }
  const LoadedProject recovered = loadProject(file_);
  EXPECT_EQ(recovered.journalEntries, 1u);
  const LabelSchema& labels = recovered.contents.task.labels;
  EXPECT_EQ(labels.labelByName("person"), nullptr);
  ASSERT_NE(labels.labelByName("bus"), nullptr);
  EXPECT_EQ(labels.labelByName("car")->color, "#010203");
  EXPECT_EQ(recovered.contents.objects.size(), objectsLeft);
}

TEST_F(Project, ACutShortLastJournalLineLosesOnlyThatChange) {
  saveProject(file_, sample());
  {
    LoadedProject loaded = loadProject(file_);
    auto doc = documentOf(loaded.contents);
    ProjectJournal journal(file_, *doc);
    UndoStack undo(*doc);
    undo.push(edits::remove(*doc, {1}));
    undo.push(edits::remove(*doc, {2}));
  }
  const fs::path journal = file_.string() + ".journal";
  std::string text = readWholeFile(journal);
  text.resize(text.size() - 7);  // the second entry loses its end
  std::ofstream(journal, std::ios::trunc) << text;
  const LoadedProject recovered = loadProject(file_);
  EXPECT_EQ(recovered.journalEntries, 1u);
  ASSERT_EQ(recovered.warnings.size(), 1u);
  EXPECT_NE(recovered.warnings[0].find("cut short"), std::string::npos) << recovered.warnings[0];
  EXPECT_EQ(recovered.contents.objects.size(), sample().objects.size() - 1);
  EXPECT_EQ(recovered.contents.objects.front().id, 2) << "object 1's removal was recovered, object 2's was not";
}

TEST_F(Project, AJournalOfAnEarlierSaveIsIgnored) {
  saveProject(file_, sample());
  const std::string oldJournal = readWholeFile(file_.string() + ".journal");
  {
    LoadedProject loaded = loadProject(file_);
    auto doc = documentOf(loaded.contents);
    ProjectJournal journal(file_, *doc);
    UndoStack undo(*doc);
    undo.push(edits::remove(*doc, {1}));
    journal.save(loaded.contents.dataset, loaded.contents.settings);
  }
  // A crash between writing the project and starting its journal leaves the old journal behind.
  std::ofstream(file_.string() + ".journal", std::ios::trunc)
      << oldJournal << R"({"objects":[{"id":2,"removed":true}],"frames":[]})" << "\n";
  LoadedProject loaded = loadProject(file_);
  EXPECT_EQ(loaded.journalEntries, 0u);
  EXPECT_EQ(loaded.contents.objects.size(), sample().objects.size() - 1);
  // The next session starts a journal of its own instead of appending to the stale one, so its
  // changes are recovered.
  {
    auto doc = documentOf(loaded.contents);
    ProjectJournal journal(file_, *doc);
    UndoStack undo(*doc);
    undo.push(edits::remove(*doc, {3}));
  }
  const LoadedProject again = loadProject(file_);
  EXPECT_EQ(again.journalEntries, 1u);
  EXPECT_EQ(again.contents.objects.size(), sample().objects.size() - 2);
}

TEST_F(Project, AutosavesOnItsIntervalOnlyWhenThereAreChanges) {
  saveProject(file_, sample());
  LoadedProject loaded = loadProject(file_);
  auto doc = documentOf(loaded.contents);
  ProjectJournal journal(file_, *doc);
  UndoStack undo(*doc);
  const auto start = std::chrono::steady_clock::now();
  ProjectSettings off;
  off.autosaveMinutes = 0;
  EXPECT_GT(ProjectSettings().autosaveMinutes, 0) << "on by default";
  ProjectSettings every15;
  every15.autosaveMinutes = 15;
  EXPECT_FALSE(journal.autosaveIfDue(start + std::chrono::hours(2), loaded.contents.dataset, every15)) << "nothing to save";
  undo.push(edits::remove(*doc, {1}));
  EXPECT_FALSE(journal.autosaveIfDue(start + std::chrono::hours(2), loaded.contents.dataset, off));
  EXPECT_FALSE(journal.autosaveIfDue(start + std::chrono::minutes(10), loaded.contents.dataset, every15)) << "too early";
  EXPECT_TRUE(journal.autosaveIfDue(start + std::chrono::minutes(16), loaded.contents.dataset, every15));
  EXPECT_EQ(journal.entries(), 0u);
  EXPECT_EQ(loadProject(file_).journalEntries, 0u) << "the change is in the saved project now";
  EXPECT_EQ(loadProject(file_).contents.objects.size(), sample().objects.size() - 1);
  undo.push(edits::remove(*doc, {2}));
  EXPECT_FALSE(journal.autosaveIfDue(start + std::chrono::minutes(20), loaded.contents.dataset, every15)) << "15 minutes after the last save";
  EXPECT_TRUE(journal.autosaveIfDue(start + std::chrono::minutes(32), loaded.contents.dataset, every15));
}

TEST_F(Project, BadFilesNameTheFileAndTheProblem) {
  auto expectError = [&](const std::string& text, const std::string& needle) {
    std::ofstream(file_, std::ios::trunc) << text;
    try {
      loadProject(file_);
      ADD_FAILURE() << "no error for: " << needle;
    } catch (const IoError& e) {
      EXPECT_EQ(e.file(), file_.string());
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  };
  expectError("{\"format\": \"labelstation project\", \"version\": 1, ", "malformed JSON");
  expectError("{\"format\": \"something else\"}", "not a Labelstation project");
  expectError("{\"format\": \"labelstation project\", \"version\": 9, \"task\": {}}", "newer than this Labelstation reads");
  expectError("{\"format\": \"labelstation project\", \"version\": 1, \"task\": {\"frames\": [{}]}}", "frame 0: missing \"name\"");
  expectError(R"({"format": "labelstation project", "version": 1, "task": {"dimension": "2d"},
                  "labels": [{"name": "car", "id": 1, "attributes": []}],
                  "objects": [{"id": 1, "kind": "shape", "label": 7, "frame": 0, "type": "rectangle", "points": [0, 0, 1, 1]}]})",
              "label id 7 is not among the project's labels");
  expectError(R"({"format": "labelstation project", "version": 1, "task": {"dimension": "2d"},
                  "labels": [{"name": "car", "id": 1, "attributes": []}],
                  "objects": [{"id": 1, "kind": "shape", "label": 1, "frame": 0, "type": "rectangle", "points": [0, 0, 1]}]})",
              "object 1");
  EXPECT_THROW(loadProject(dir_ / "absent.lsproj"), IoError);
  EXPECT_THROW(loadProject(dir_), IoError);
}

// The child saves and journals in a loop; the parent kills it with SIGKILL at a random moment,
// again and again, and reopens the project each time: it must always load, hold objects 1..m
// with no gap (a prefix of the child's work), and m must cover every change the child had
// reported as journalled (reported only after the journal write was flushed).
TEST_F(Project, SurvivesSigkillDuringSavesAndJournalling) {
  ProjectContents start = sample();
  start.objects.clear();
  saveProject(file_, start);
  std::mt19937 rng(7);
  int killedDuringSaves = 0;
  std::size_t lastCount = 0;
  for (int round = 0; round < 25; ++round) {
    int pipeFds[2];
    ASSERT_EQ(::pipe(pipeFds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(pipeFds[0]);
      try {
        LoadedProject loaded = loadProject(file_);
        auto doc = documentOf(loaded.contents);
        ProjectJournal journal(file_, *doc);
        UndoStack undo(*doc);
        const LabelId car = doc->labels().labelByName("car")->id;
        for (int k = static_cast<int>(doc->objects().size()) + 1;; ++k) {
          AnnotationObject box;
          box.id = k;
          box.label = car;
          box.frame = k % 4;
          box.shape = testing::shapeOf(ShapeType::Rectangle, {double(k), 0, double(k) + 5, 5});
          undo.push(edits::create(*doc, {box}));
          const std::uint32_t done = static_cast<std::uint32_t>(k);
          if (::write(pipeFds[1], &done, sizeof done) != sizeof done) ::_exit(3);
          if (k % 25 == 0) {
            const std::uint32_t saving = 0xffffffffu;
            if (::write(pipeFds[1], &saving, sizeof saving) != sizeof saving) ::_exit(3);
            journal.save(loaded.contents.dataset, loaded.contents.settings);
          }
        }
      } catch (...) {
        ::_exit(2);
      }
    }
    ::close(pipeFds[1]);
    std::this_thread::sleep_for(std::chrono::microseconds(2000 + rng() % 30000));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child ended by itself (exit " << WEXITSTATUS(status) << ")";
    std::uint32_t reported = static_cast<std::uint32_t>(lastCount), message = 0;  // killed before its first report: no new work
    bool saving = false;
    while (::read(pipeFds[0], &message, sizeof message) == sizeof message) {
      if (message == 0xffffffffu) saving = true;
      else {
        reported = message;
        saving = false;
      }
    }
    ::close(pipeFds[0]);
    killedDuringSaves += saving ? 1 : 0;
    LoadedProject loaded;
    ASSERT_NO_THROW(loaded = loadProject(file_)) << "round " << round;
    const auto& objects = loaded.contents.objects;
    for (std::size_t i = 0; i < objects.size(); ++i) {
      ASSERT_EQ(objects[i].id, static_cast<ObjectId>(i + 1)) << "round " << round << ": a gap";
      ASSERT_EQ(objects[i].shape.points[0], double(i + 1)) << "round " << round;
    }
    ASSERT_GE(objects.size(), reported) << "round " << round << ": a journalled change was lost";
    ASSERT_LE(objects.size(), reported + 1) << "round " << round;
    ASSERT_GE(objects.size(), lastCount) << "round " << round << ": earlier work was lost";
    lastCount = objects.size();
  }
  EXPECT_GT(lastCount, 25u) << "the child made progress";
  std::cout << "killed " << killedDuringSaves << " of 25 times while saving; " << lastCount << " objects at the end\n";
}

}  // namespace
}  // namespace labelstation::io

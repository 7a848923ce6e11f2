// The recovery folder: what a session that is killed leaves is found at the next start, whatever
// killed it; a running session's work is never taken; saved or discarded work leaves nothing.

#include "labelstation/io/recovery.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "labelstation/core/edits.h"
#include "labelstation/core/geometry.h"
#include "labelstation/io/project.h"
#include "temp_dir.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;

Task streetTask() {
  Task task;
  task.name = "street";
  task.dimension = TaskDimension::PointCloud3D;
  Label car;
  car.name = "car";
  car.type = LabelType::Cuboid3D;
  task.labels.addLabel(car);
  for (int f = 0; f < 5; ++f) task.frames.push_back({"f" + std::to_string(f), "", {}, false});
  return task;
}

void addCar(Document& doc, int frame) {
  AnnotationObject car;
  car.label = doc.labels().labelByName("car")->id;
  car.frame = frame;
  car.shape.type = ShapeType::Cuboid3D;
  car.shape.points = Cuboid3D().toPoints();
  edits::create(doc, {car})->apply(doc);
}

TEST(Recovery, AKilledSessionsUntitledWorkIsFound) {
  testing::TempDir dir;
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The session: registered, three changes journalled, then killed outright.
    Document doc(streetTask());
    auto claim = RecoveryClaim::create(dir.path(), "street", "/data/street", {});
    addCar(doc, 0);  // before the journal: the recovery project holds it
    auto journal = claim->startUntitledJournal(doc, "/data/street");
    addCar(doc, 1);
    edits::deleteFrame(doc, 4)->apply(doc);
    ::raise(SIGKILL);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status));

  const auto found = findOrphanedWork(dir.path());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].title, "street");
  EXPECT_EQ(found[0].source, "/data/street");
  EXPECT_TRUE(found[0].untitled);
  EXPECT_EQ(found[0].changes, 2u);
  const LoadedProject work = loadProject(found[0].project);
  EXPECT_EQ(work.contents.objects.size(), 2u);
  EXPECT_TRUE(work.contents.task.frames[4].deleted);

  discardOrphanedWork(found[0]);
  EXPECT_TRUE(findOrphanedWork(dir.path()).empty());
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(Recovery, ARunningSessionsWorkIsNotOffered) {
  testing::TempDir dir;
  Document doc(streetTask());
  auto claim = RecoveryClaim::create(dir.path(), "street", "/data/street", {});
  auto journal = claim->startUntitledJournal(doc, "/data/street");
  addCar(doc, 0);
  EXPECT_TRUE(findOrphanedWork(dir.path()).empty());
  EXPECT_EQ(RecoveryClaim::adopt(claim->record()), nullptr);  // locked by its owner
  journal.reset();
  claim.reset();  // the lock goes, the files stay
  const auto found = findOrphanedWork(dir.path());
  ASSERT_EQ(found.size(), 1u);
  auto adopted = RecoveryClaim::adopt(found[0]);
  ASSERT_NE(adopted, nullptr);
  EXPECT_TRUE(findOrphanedWork(dir.path()).empty());  // adopted: running again
  adopted->release();  // saved or discarded: nothing is left
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(Recovery, UntouchedTasksLeaveNothing) {
  testing::TempDir dir;
  { auto claim = RecoveryClaim::create(dir.path(), "street", "/data/street", {}); }
  EXPECT_TRUE(findOrphanedWork(dir.path()).empty());
  EXPECT_TRUE(fs::is_empty(dir.path()));
  // A registration a crash left half made is cleaned too.
  dir.file("123-abc.recovery.new", "{\"title\"");
  dir.file("456-def.recovery", "not json");
  EXPECT_TRUE(findOrphanedWork(dir.path()).empty());
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

TEST(Recovery, AProjectsJournalIsOfferedAndCanBeDiscarded) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "recovery");
  const fs::path project = dir.path() / "street.lsproj";
  Document doc(streetTask());
  saveProject(project, projectContentsOf(doc, dir.path(), {}));
  {
    auto claim = RecoveryClaim::create(dir.path() / "recovery", "street", project.string(), project);
    ProjectJournal journal(project, doc);
    addCar(doc, 0);
    addCar(doc, 2);
  }
  const auto found = findOrphanedWork(dir.path() / "recovery");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].untitled);
  EXPECT_EQ(found[0].changes, 2u);
  EXPECT_EQ(loadProject(project).contents.objects.size(), 2u);
  discardOrphanedWork(found[0]);
  EXPECT_EQ(journalledChanges(project), 0u);
  EXPECT_EQ(loadProject(project).contents.objects.size(), 0u);
  EXPECT_TRUE(fs::exists(project));  // the user's project stays
  EXPECT_TRUE(fs::is_empty(dir.path() / "recovery"));
}

TEST(Recovery, SavingAsAProjectRemovesTheUntitledWork) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "recovery");
  Document doc(streetTask());
  auto claim = RecoveryClaim::create(dir.path() / "recovery", "street", "/data/street", {});
  auto journal = claim->startUntitledJournal(doc, "/data/street");
  addCar(doc, 0);
  const fs::path untitled = claim->record().project;
  EXPECT_TRUE(fs::exists(untitled));
  const fs::path project = dir.path() / "street.lsproj";
  journal.reset();
  saveProject(project, projectContentsOf(doc, dir.path(), {}));
  claim->becomeProject(project);
  EXPECT_FALSE(fs::exists(untitled));
  EXPECT_FALSE(claim->record().untitled);
  claim.reset();
  EXPECT_TRUE(findOrphanedWork(dir.path() / "recovery").empty());  // saved: no change journalled since
}

}  // namespace
}  // namespace labelstation::io

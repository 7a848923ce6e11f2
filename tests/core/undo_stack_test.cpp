#include <gtest/gtest.h>

#include "test_document.h"

namespace labelstation {
namespace {

using testing::Fixture;

TEST(UndoStack, UndoRedoAndTexts) {
  Fixture f;
  EXPECT_FALSE(f.undo.canUndo());
  const ObjectId s = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  EXPECT_TRUE(f.undo.canUndo());
  EXPECT_EQ(f.undo.undoText(), "Create object");
  f.undo.undo();
  EXPECT_EQ(f.doc.object(s), nullptr);
  EXPECT_EQ(f.undo.redoText(), "Create object");
  f.undo.redo();
  EXPECT_NE(f.doc.object(s), nullptr);
}

TEST(UndoStack, NewEditClearsRedo) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  f.undo.push(edits::setOccluded(f.doc, s, 0, true));
  f.undo.undo();
  EXPECT_TRUE(f.undo.canRedo());
  f.undo.push(edits::setZOrder(f.doc, s, 0, 2));
  EXPECT_FALSE(f.undo.canRedo());
  EXPECT_EQ(f.undo.count(), 2u);
}

TEST(UndoStack, DragStepsOfOneObjectMergeIntoOneUndo) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  const std::size_t before = f.undo.count();
  for (int i = 1; i <= 10; ++i) f.undo.push(edits::editShape(f.doc, s, 0, Fixture::rect(i, i, i + 1, i + 1)));
  EXPECT_EQ(f.undo.count(), before + 1);
  f.undo.undo();
  EXPECT_EQ(f.doc.object(s)->shape.points, (std::vector<double>{0, 0, 1, 1}));
  f.undo.redo();
  EXPECT_EQ(f.doc.object(s)->shape.points, (std::vector<double>{10, 10, 11, 11}));
}

TEST(UndoStack, ClosedMergeWindowStartsANewStep) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  const ObjectId t = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  const std::size_t before = f.undo.count();
  f.undo.push(edits::editShape(f.doc, s, 0, Fixture::rect(1, 1, 2, 2)));
  f.undo.push(edits::editShape(f.doc, s, 0, Fixture::rect(2, 2, 3, 3)));
  f.undo.closeMergeWindow();  // mouse released: the next drag is its own step
  f.undo.push(edits::editShape(f.doc, s, 0, Fixture::rect(3, 3, 4, 4)));
  f.undo.push(edits::editShape(f.doc, t, 0, Fixture::rect(5, 5, 6, 6)));  // another object
  EXPECT_EQ(f.undo.count(), before + 3);
  f.undo.undo();
  f.undo.undo();
  EXPECT_EQ(f.doc.object(s)->shape.points, (std::vector<double>{2, 2, 3, 3}));
}

TEST(UndoStack, CleanState) {
  Fixture f;
  const ObjectId s = f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  f.undo.setClean();
  EXPECT_TRUE(f.undo.isClean());
  f.undo.push(edits::editShape(f.doc, s, 0, Fixture::rect(1, 1, 2, 2)));
  EXPECT_FALSE(f.undo.isClean());
  f.undo.undo();
  EXPECT_TRUE(f.undo.isClean());
  f.undo.redo();
  f.undo.push(edits::editShape(f.doc, s, 0, Fixture::rect(1, 1, 2, 2)));
  // A drag step right after a save must not merge into the saved step.
  f.undo.push(edits::editShape(f.doc, s, 0, Fixture::rect(1.5, 1.5, 2, 2)));
  f.undo.setClean();
  f.undo.push(edits::editShape(f.doc, s, 0, Fixture::rect(2, 2, 3, 3)));
  f.undo.undo();
  EXPECT_TRUE(f.undo.isClean());
  EXPECT_EQ(f.doc.object(s)->shape.points, (std::vector<double>{1.5, 1.5, 2, 2}));
}

TEST(UndoStack, FailedCommandLeavesEverythingAsItWas) {
  Fixture f;
  f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  const std::size_t count = f.undo.count();
  EXPECT_THROW(f.undo.push(edits::remove(f.doc, {777})), CommandError);
  EXPECT_EQ(f.undo.count(), count);
}

TEST(UndoStack, ListenerHearsEveryChange) {
  Fixture f;
  int calls = 0;
  f.undo.setStateListener([&] { ++calls; });
  f.addShape(f.car, 0, Fixture::rect(0, 0, 1, 1));
  f.undo.undo();
  f.undo.redo();
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace labelstation

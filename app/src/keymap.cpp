#include "keymap.h"

#include <stdexcept>

namespace labelstation::app {

const std::vector<KeyBinding>& keymap() {
  static const std::vector<KeyBinding> table = {
      {ActionId::NewTask, QObject::tr("&New task…"), {QKeySequence::New}},
      {ActionId::OpenProject, QObject::tr("&Open project…"), {QKeySequence::Open}},
      {ActionId::Open, QObject::tr("Open point cloud &folder…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)}},
      {ActionId::Save, QObject::tr("&Save"), {QKeySequence::Save}},
      {ActionId::SaveAs, QObject::tr("Save &as project…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)}},
      {ActionId::ExportAnnotations, QObject::tr("&Export annotations…"), {QKeySequence(Qt::CTRL | Qt::Key_E)}},
      {ActionId::ImportAnnotations, QObject::tr("&Import annotations…"), {QKeySequence(Qt::CTRL | Qt::Key_I)}},
      {ActionId::Screenshot, QObject::tr("Save &screenshot…"), {}},
      {ActionId::Quit, QObject::tr("&Quit"), {QKeySequence::Quit}},
      {ActionId::Undo, QObject::tr("&Undo"), {QKeySequence(Qt::CTRL | Qt::Key_Z)}},
      {ActionId::Redo, QObject::tr("&Redo"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)}},
      {ActionId::Copy, QObject::tr("&Copy object"), {QKeySequence::Copy}},
      {ActionId::Paste, QObject::tr("&Paste object on this frame"), {QKeySequence::Paste}},
      {ActionId::DeleteObject, QObject::tr("&Delete object"), {QKeySequence(Qt::Key_Delete)}},
      {ActionId::ToggleKeyframe, QObject::tr("Toggle &keyframe"), {QKeySequence(Qt::Key_K)}},
      {ActionId::ToggleOutside, QObject::tr("Toggle &outside"), {QKeySequence(Qt::Key_O)}},
      {ActionId::ToggleOccluded, QObject::tr("Toggle o&ccluded"), {QKeySequence(Qt::Key_Q)}},
      {ActionId::ToggleHidden, QObject::tr("&Hide object"), {QKeySequence(Qt::Key_H)}},
      {ActionId::ToggleLocked, QObject::tr("&Lock object"), {QKeySequence(Qt::Key_L)}},
      {ActionId::FirstFrame, QObject::tr("&First frame"), {QKeySequence(Qt::Key_Home)}},
      {ActionId::PreviousFrame, QObject::tr("&Previous frame"), {QKeySequence(Qt::Key_D)}},
      {ActionId::NextFrame, QObject::tr("&Next frame"), {QKeySequence(Qt::Key_F)}},
      {ActionId::LastFrame, QObject::tr("&Last frame"), {QKeySequence(Qt::Key_End)}},
      {ActionId::ResetCamera, QObject::tr("&Reset camera"), {QKeySequence(Qt::Key_R)}},
      {ActionId::ColorByHeight, QObject::tr("Colour points by &height"), {}},
      {ActionId::ColorByIntensity, QObject::tr("Colour points by &intensity"), {}},
      {ActionId::ColorByRgb, QObject::tr("Colour points by their &RGB"), {}},
      {ActionId::ColorSingle, QObject::tr("&White points"), {}},
      {ActionId::LargerPoints, QObject::tr("&Larger points"), {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)}},
      {ActionId::SmallerPoints, QObject::tr("&Smaller points"), {QKeySequence(Qt::CTRL | Qt::Key_Minus)}},
      {ActionId::PointsInImages, QObject::tr("Show LiDAR points in camera &images"), {}},
      {ActionId::NewCuboid, QObject::tr("&New cuboid (follows the cursor, click puts it down)"), {QKeySequence(Qt::Key_N)}},
      {ActionId::MoveForward, QObject::tr("Move forward"), {QKeySequence(Qt::CTRL | Qt::Key_Up)}},
      {ActionId::MoveBack, QObject::tr("Move back"), {QKeySequence(Qt::CTRL | Qt::Key_Down)}},
      {ActionId::MoveLeft, QObject::tr("Move left"), {QKeySequence(Qt::CTRL | Qt::Key_Left)}},
      {ActionId::MoveRight, QObject::tr("Move right"), {QKeySequence(Qt::CTRL | Qt::Key_Right)}},
      {ActionId::MoveUp, QObject::tr("Move up"), {QKeySequence(Qt::CTRL | Qt::Key_PageUp)}},
      {ActionId::MoveDown, QObject::tr("Move down"), {QKeySequence(Qt::CTRL | Qt::Key_PageDown)}},
      {ActionId::TurnLeft, QObject::tr("Turn left 1°"), {QKeySequence(Qt::CTRL | Qt::Key_BracketLeft)}},
      {ActionId::TurnRight, QObject::tr("Turn right 1°"), {QKeySequence(Qt::CTRL | Qt::Key_BracketRight)}},
      {ActionId::Longer, QObject::tr("Longer (front face)"), {QKeySequence(Qt::ALT | Qt::Key_Up)}},
      {ActionId::Shorter, QObject::tr("Shorter (front face)"), {QKeySequence(Qt::ALT | Qt::Key_Down)}},
      {ActionId::Wider, QObject::tr("Wider (left face)"), {QKeySequence(Qt::ALT | Qt::Key_Right)}},
      {ActionId::Narrower, QObject::tr("Narrower (left face)"), {QKeySequence(Qt::ALT | Qt::Key_Left)}},
      {ActionId::Taller, QObject::tr("Taller (top face)"), {QKeySequence(Qt::ALT | Qt::Key_PageUp)}},
      {ActionId::Lower, QObject::tr("Lower (top face)"), {QKeySequence(Qt::ALT | Qt::Key_PageDown)}},
      {ActionId::NewCuboidTrack, QObject::tr("New cuboid &track; over a cuboid: pick it up to move it"), {QKeySequence(Qt::SHIFT | Qt::Key_N)}},
      {ActionId::PlaceCuboid, QObject::tr("Put the cuboid down where it is"), {QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)}},
      {ActionId::CancelPlacement, QObject::tr("Cancel placing or merging"), {QKeySequence(Qt::Key_Escape)}},
      {ActionId::MergeTracks, QObject::tr("&Merge objects into a track (M, choose, M)"), {QKeySequence(Qt::Key_M)}},
      {ActionId::SplitTrack, QObject::tr("&Split the track on this frame"), {QKeySequence(Qt::ALT | Qt::Key_M)}},
      {ActionId::Propagate, QObject::tr("&Propagate…"), {QKeySequence(Qt::CTRL | Qt::Key_B)}},
      {ActionId::StepBack, QObject::tr("Step &back"), {QKeySequence(Qt::Key_C)}},
      {ActionId::StepForward, QObject::tr("Step &forward"), {QKeySequence(Qt::Key_V)}},
      {ActionId::PlayPause, QObject::tr("P&lay / pause"), {QKeySequence(Qt::Key_Space)}},
      {ActionId::PreviousKeyframe, QObject::tr("Previous &keyframe of the track"), {QKeySequence(Qt::SHIFT | Qt::Key_D)}},
      {ActionId::NextKeyframe, QObject::tr("Next k&eyframe of the track"), {QKeySequence(Qt::SHIFT | Qt::Key_F)}},
      {ActionId::GroundGrid, QObject::tr("Ground &grid"), {}},
      {ActionId::Axes, QObject::tr("LiDAR &axes"), {}},
      {ActionId::ObjectTexts, QObject::tr("Object &texts (id and label)"), {}},
      {ActionId::Settings, QObject::tr("S&ettings…"), {QKeySequence(Qt::Key_F2)}},
      {ActionId::DeleteFrame, QObject::tr("&Delete frame"), {}},
      {ActionId::RestoreFrame, QObject::tr("&Restore frame"), {}},
      {ActionId::FitCuboid, QObject::tr("&Fit to the points inside"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F)}},
  };
  return table;
}

const KeyBinding& binding(ActionId id) {
  for (const auto& b : keymap())
    if (b.id == id) return b;
  throw std::logic_error("action without a key binding");
}

}  // namespace labelstation::app

#include "keymap.h"

#include <QSettings>
#include <algorithm>
#include <stdexcept>

namespace labelstation::app {

// CVAT's fast label change: the object under the cursor takes the label with that digit, or else
// the next shape is drawn with it.
#define LABEL_KEY(digit)                                                                                              \
  KeyBinding {                                                                                                         \
    ActionId::LabelKey##digit, "LabelKey" #digit,                                                                      \
        QObject::tr("Label with key %1: to the object under the cursor, else the next shape").arg(digit),              \
        {QKeySequence(Qt::CTRL | Qt::Key_##digit)}                                                                     \
  }

const std::vector<KeyBinding>& keymap() {
  static const std::vector<KeyBinding> table = {
      {ActionId::NewTask, "NewTask", QObject::tr("&New task…"), {QKeySequence::New}},
      {ActionId::OpenProject, "OpenProject", QObject::tr("&Open project…"), {QKeySequence::Open}},
      {ActionId::Open, "Open", QObject::tr("Open dataset &folder (point clouds or images)…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)}},
      {ActionId::OpenFile, "OpenFile", QObject::tr("Open f&ile (a point cloud, image, video or dataset zip)…"), {}},
      {ActionId::Save, "Save", QObject::tr("&Save"), {QKeySequence::Save}},
      {ActionId::SaveAs, "SaveAs", QObject::tr("Save &as project…"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)}},
      {ActionId::ExportAnnotations, "ExportAnnotations", QObject::tr("&Export annotations…"), {QKeySequence(Qt::CTRL | Qt::Key_E)}},
      {ActionId::ImportAnnotations, "ImportAnnotations", QObject::tr("&Import annotations…"), {QKeySequence(Qt::CTRL | Qt::Key_I)}},
      {ActionId::Screenshot, "Screenshot", QObject::tr("Save &screenshot…"), {}},
      {ActionId::Quit, "Quit", QObject::tr("&Quit"), {QKeySequence::Quit}},
      {ActionId::Undo, "Undo", QObject::tr("&Undo"), {QKeySequence(Qt::CTRL | Qt::Key_Z)}},
      {ActionId::Redo, "Redo", QObject::tr("&Redo"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)}},
      {ActionId::Copy, "Copy", QObject::tr("&Copy object"), {QKeySequence::Copy}},
      {ActionId::Paste, "Paste", QObject::tr("&Paste object on this frame"), {QKeySequence::Paste}},
      {ActionId::DeleteObject, "DeleteObject", QObject::tr("&Delete object"), {QKeySequence(Qt::Key_Delete)}},
      {ActionId::ToggleKeyframe, "ToggleKeyframe", QObject::tr("Toggle &keyframe"), {QKeySequence(Qt::Key_K)}},
      {ActionId::ToggleOutside, "ToggleOutside", QObject::tr("Toggle &outside"), {QKeySequence(Qt::Key_O)}},
      {ActionId::ToggleOccluded, "ToggleOccluded", QObject::tr("Toggle o&ccluded"), {QKeySequence(Qt::Key_Q)}},
      {ActionId::ToggleHidden, "ToggleHidden", QObject::tr("&Hide object"), {QKeySequence(Qt::Key_H)}},
      {ActionId::ToggleLocked, "ToggleLocked", QObject::tr("&Lock object"), {QKeySequence(Qt::Key_L)}},
      {ActionId::FirstFrame, "FirstFrame", QObject::tr("&First frame"), {QKeySequence(Qt::Key_Home)}},
      {ActionId::PreviousFrame, "PreviousFrame", QObject::tr("&Previous frame"), {QKeySequence(Qt::Key_D)}},
      {ActionId::NextFrame, "NextFrame", QObject::tr("&Next frame"), {QKeySequence(Qt::Key_F)}},
      {ActionId::LastFrame, "LastFrame", QObject::tr("&Last frame"), {QKeySequence(Qt::Key_End)}},
      {ActionId::ResetCamera, "ResetCamera", QObject::tr("&Reset camera"), {QKeySequence(Qt::Key_R)}},
      {ActionId::ColorByHeight, "ColorByHeight", QObject::tr("Colour points by &height"), {}},
      {ActionId::ColorByIntensity, "ColorByIntensity", QObject::tr("Colour points by &intensity"), {}},
      {ActionId::ColorByRgb, "ColorByRgb", QObject::tr("Colour points by their &RGB"), {}},
      {ActionId::ColorSingle, "ColorSingle", QObject::tr("&White points"), {}},
      {ActionId::LargerPoints, "LargerPoints", QObject::tr("&Larger points"), {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)}},
      {ActionId::SmallerPoints, "SmallerPoints", QObject::tr("&Smaller points"), {QKeySequence(Qt::CTRL | Qt::Key_Minus)}},
      {ActionId::PointsInImages, "PointsInImages", QObject::tr("Show LiDAR points in camera &images"), {}},
      {ActionId::NewCuboid, "NewCuboid", QObject::tr("&New cuboid (follows the cursor, click puts it down)"), {QKeySequence(Qt::Key_N)}},
      {ActionId::MoveForward, "MoveForward", QObject::tr("Move forward"), {QKeySequence(Qt::CTRL | Qt::Key_Up)}},
      {ActionId::MoveBack, "MoveBack", QObject::tr("Move back"), {QKeySequence(Qt::CTRL | Qt::Key_Down)}},
      {ActionId::MoveLeft, "MoveLeft", QObject::tr("Move left"), {QKeySequence(Qt::CTRL | Qt::Key_Left)}},
      {ActionId::MoveRight, "MoveRight", QObject::tr("Move right"), {QKeySequence(Qt::CTRL | Qt::Key_Right)}},
      {ActionId::MoveUp, "MoveUp", QObject::tr("Move up"), {QKeySequence(Qt::CTRL | Qt::Key_PageUp)}},
      {ActionId::MoveDown, "MoveDown", QObject::tr("Move down"), {QKeySequence(Qt::CTRL | Qt::Key_PageDown)}},
      {ActionId::TurnLeft, "TurnLeft", QObject::tr("Turn left 1°"), {QKeySequence(Qt::CTRL | Qt::Key_BracketLeft)}},
      {ActionId::TurnRight, "TurnRight", QObject::tr("Turn right 1°"), {QKeySequence(Qt::CTRL | Qt::Key_BracketRight)}},
      {ActionId::Longer, "Longer", QObject::tr("Longer (front face)"), {QKeySequence(Qt::ALT | Qt::Key_Up)}},
      {ActionId::Shorter, "Shorter", QObject::tr("Shorter (front face)"), {QKeySequence(Qt::ALT | Qt::Key_Down)}},
      {ActionId::Wider, "Wider", QObject::tr("Wider (left face)"), {QKeySequence(Qt::ALT | Qt::Key_Right)}},
      {ActionId::Narrower, "Narrower", QObject::tr("Narrower (left face)"), {QKeySequence(Qt::ALT | Qt::Key_Left)}},
      {ActionId::Taller, "Taller", QObject::tr("Taller (top face)"), {QKeySequence(Qt::ALT | Qt::Key_PageUp)}},
      {ActionId::Lower, "Lower", QObject::tr("Lower (top face)"), {QKeySequence(Qt::ALT | Qt::Key_PageDown)}},
      {ActionId::NewCuboidTrack, "NewCuboidTrack", QObject::tr("New cuboid &track"), {QKeySequence(Qt::SHIFT | Qt::Key_N)}},
      {ActionId::PickUpCuboid, "PickUpCuboid", QObject::tr("Pick &up the cuboid under the cursor (a double-click puts it down)"), {QKeySequence::Cut}},
      {ActionId::PlaceCuboid, "PlaceCuboid", QObject::tr("Put the cuboid down where it is"), {QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)}},
      {ActionId::CancelPlacement, "CancelPlacement", QObject::tr("Cancel placing or merging"), {QKeySequence(Qt::Key_Escape)}},
      {ActionId::ShrinkToPoints, "ShrinkToPoints", QObject::tr("S&hrink to the points inside"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T)}},
      {ActionId::FitHeightToPoints, "FitHeightToPoints", QObject::tr("Fit the &height to the points (ground to top)"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H)}},
      {ActionId::TopView, "TopView", QObject::tr("&Top view (bird's eye)"), {QKeySequence(Qt::ALT | Qt::Key_1)}},
      {ActionId::FrontView, "FrontView", QObject::tr("&Front view (along the LiDAR's x)"), {QKeySequence(Qt::ALT | Qt::Key_2)}},
      {ActionId::SideView, "SideView", QObject::tr("&Side view (from the left)"), {QKeySequence(Qt::ALT | Qt::Key_3)}},
      {ActionId::Fullscreen, "Fullscreen", QObject::tr("F&ull screen"), {QKeySequence(Qt::Key_F11)}},
      {ActionId::JobInfo, "JobInfo", QObject::tr("&Job info (annotation statistics)…"), {}},
      {ActionId::EditLabels, "EditLabels", QObject::tr("&Labels…"), {}},
      {ActionId::DrawRectangle, "DrawRectangle", QObject::tr("&Rectangle"), {}},
      {ActionId::DrawRectangleByExtremePoints, "DrawRectangleByExtremePoints", QObject::tr("Rectangle by &4 extreme points"), {}},
      {ActionId::DrawPolygon, "DrawPolygon", QObject::tr("&Polygon"), {}},
      {ActionId::DrawPolyline, "DrawPolyline", QObject::tr("Poly&line"), {}},
      {ActionId::DrawPoints, "DrawPoints", QObject::tr("P&oints"), {}},
      {ActionId::DrawEllipse, "DrawEllipse", QObject::tr("&Ellipse"), {}},
      {ActionId::DrawCuboid, "DrawCuboid", QObject::tr("&Cuboid (from a rectangle)"), {}},
      {ActionId::DrawCuboidByPoints, "DrawCuboidByPoints", QObject::tr("Cuboid by 4 po&ints"), {}},
      {ActionId::DrawSkeleton, "DrawSkeleton", QObject::tr("&Skeleton (the label's template)"), {}},
      {ActionId::DrawMask, "DrawMask", QObject::tr("&Mask (brush)"), {}},
      {ActionId::ZoomToRegion, "ZoomToRegion", QObject::tr("&Zoom to a region (drag a box)"), {}},
      {ActionId::GroupObjects, "GroupObjects", QObject::tr("&Group objects (G, choose, G)"), {QKeySequence(Qt::Key_G)}},
      {ActionId::PreviousMatchingFrame, "PreviousMatchingFrame", QObject::tr("Previous frame with a &match (the filter; else any object)"), {}},
      {ActionId::NextMatchingFrame, "NextMatchingFrame", QObject::tr("Next frame with a ma&tch (the filter; else any object)"), {}},
      {ActionId::PreviousEmptyFrame, "PreviousEmptyFrame", QObject::tr("Previous &empty frame"), {}},
      {ActionId::NextEmptyFrame, "NextEmptyFrame", QObject::tr("Next empt&y frame"), {}},
      {ActionId::JoinMasks, "JoinMasks", QObject::tr("&Join masks (J, choose, J)"), {QKeySequence(Qt::Key_J)}},
      {ActionId::SliceShape, "SliceShape", QObject::tr("S&lice a polygon or mask (draw a cut across it)"), {QKeySequence(Qt::ALT | Qt::Key_J)}},
      {ActionId::RunActions, "RunActions", QObject::tr("&Run actions (shapes converter)…"), {}},
      {ActionId::Ungroup, "Ungroup", QObject::tr("&Ungroup the selected object"), {QKeySequence(Qt::SHIFT | Qt::Key_G)}},
      {ActionId::ToForeground, "ToForeground", QObject::tr("To &foreground (z-order)"), {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)}},
      {ActionId::ToBackground, "ToBackground", QObject::tr("To &background (z-order)"), {QKeySequence(Qt::Key_Minus), QKeySequence(Qt::Key_Underscore)}},
      {ActionId::RotateClockwise, "RotateClockwise", QObject::tr("Rotate the image clock&wise"), {QKeySequence(Qt::CTRL | Qt::Key_R)}},
      {ActionId::RotateAnticlockwise, "RotateAnticlockwise", QObject::tr("Rotate the image a&nticlockwise"),
       {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R)}},
      {ActionId::MergeTracks, "MergeTracks", QObject::tr("&Merge objects into a track (M, choose, M)"), {QKeySequence(Qt::Key_M)}},
      {ActionId::SplitTrack, "SplitTrack", QObject::tr("&Split the track on this frame"), {QKeySequence(Qt::ALT | Qt::Key_M)}},
      {ActionId::Propagate, "Propagate", QObject::tr("&Propagate…"), {QKeySequence(Qt::CTRL | Qt::Key_B)}},
      {ActionId::StepBack, "StepBack", QObject::tr("Step &back"), {QKeySequence(Qt::Key_C)}},
      {ActionId::StepForward, "StepForward", QObject::tr("Step &forward"), {QKeySequence(Qt::Key_V)}},
      {ActionId::PlayPause, "PlayPause", QObject::tr("P&lay / pause"), {QKeySequence(Qt::Key_Space)}},
      {ActionId::PreviousKeyframe, "PreviousKeyframe", QObject::tr("Previous &keyframe of the track"), {QKeySequence(Qt::SHIFT | Qt::Key_D)}},
      {ActionId::NextKeyframe, "NextKeyframe", QObject::tr("Next k&eyframe of the track"), {QKeySequence(Qt::SHIFT | Qt::Key_F)}},
      {ActionId::GroundGrid, "GroundGrid", QObject::tr("Ground &grid"), {}},
      {ActionId::Axes, "Axes", QObject::tr("LiDAR &axes"), {}},
      {ActionId::ObjectTexts, "ObjectTexts", QObject::tr("Object &texts (id and label)"), {}},
      {ActionId::Settings, "Settings", QObject::tr("S&ettings…"), {QKeySequence(Qt::Key_F2)}},
      {ActionId::DeleteFrame, "DeleteFrame", QObject::tr("&Delete frame"), {}},
      {ActionId::RestoreFrame, "RestoreFrame", QObject::tr("&Restore frame"), {}},
      {ActionId::FitCuboid, "FitCuboid", QObject::tr("&Fit to the points inside"), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F)}},
      LABEL_KEY(1), LABEL_KEY(2), LABEL_KEY(3), LABEL_KEY(4), LABEL_KEY(5),
      LABEL_KEY(6), LABEL_KEY(7), LABEL_KEY(8), LABEL_KEY(9), LABEL_KEY(0),
  };
  return table;
}
#undef LABEL_KEY

int labelKeyDigit(ActionId id) {
  const int first = static_cast<int>(ActionId::LabelKey1), index = static_cast<int>(id) - first;
  if (index < 0 || index > 9) return -1;
  return (index + 1) % 10;
}

Shortcuts currentShortcuts() {
  QSettings settings;
  Shortcuts shortcuts;
  for (const KeyBinding& b : keymap()) {
    const QString key = QString("shortcuts/") + b.name;
    if (!settings.contains(key)) {
      shortcuts[b.id] = b.keys;
      continue;
    }
    QList<QKeySequence> keys;
    for (const QString& text : settings.value(key).toStringList())
      if (const QKeySequence k = QKeySequence::fromString(text, QKeySequence::PortableText); !k.isEmpty()) keys << k;
    shortcuts[b.id] = keys;
  }
  return shortcuts;
}

void saveShortcuts(const Shortcuts& shortcuts) {
  QSettings settings;
  for (const KeyBinding& b : keymap()) {
    const QString key = QString("shortcuts/") + b.name;
    const auto it = shortcuts.find(b.id);
    if (it == shortcuts.end() || it->second == b.keys) {
      settings.remove(key);
      continue;
    }
    QStringList texts;
    for (const QKeySequence& k : it->second) texts << k.toString(QKeySequence::PortableText);
    settings.setValue(key, texts);
  }
}

bool isCanvasAction(ActionId id) { return id == ActionId::SliceShape; }

bool isReservedKey(const QKeySequence& key, ActionId id) {
  if (key.count() != 1) return false;
  const QKeyCombination combination = key[0];
  const Qt::KeyboardModifiers mods = combination.keyboardModifiers() & ~Qt::KeypadModifier;
  const int k = combination.key();
  if (mods == Qt::NoModifier && k >= Qt::Key_0 && k <= Qt::Key_9) return true;
  if (mods == Qt::ShiftModifier && (k == Qt::Key_Left || k == Qt::Key_Right || k == Qt::Key_Up || k == Qt::Key_Down)) return true;
  return mods == Qt::AltModifier && !isCanvasAction(id) &&
         (k == Qt::Key_J || k == Qt::Key_L || k == Qt::Key_U || k == Qt::Key_O || k == Qt::Key_I || k == Qt::Key_K);
}

std::vector<KeyConflict> conflictsIn(const Shortcuts& shortcuts) {
  std::vector<KeyConflict> conflicts;
  for (const KeyBinding& b : keymap()) {
    const auto it = shortcuts.find(b.id);
    if (it == shortcuts.end()) continue;
    for (const QKeySequence& key : it->second) {
      auto known = std::find_if(conflicts.begin(), conflicts.end(), [&](const KeyConflict& c) { return c.key == key; });
      if (known == conflicts.end()) conflicts.push_back({key, {b.id}});
      else if (std::find(known->actions.begin(), known->actions.end(), b.id) == known->actions.end()) known->actions.push_back(b.id);
    }
  }
  conflicts.erase(std::remove_if(conflicts.begin(), conflicts.end(), [](const KeyConflict& c) { return c.actions.size() < 2; }), conflicts.end());
  return conflicts;
}

const KeyBinding& binding(ActionId id) {
  for (const auto& b : keymap())
    if (b.id == id) return b;
  throw std::logic_error("action without a key binding");
}

}  // namespace labelstation::app

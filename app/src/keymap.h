#pragma once
// One table of every action's shortcut (CVAT's defaults), so menus, toolbars and shortcuts
// cannot drift apart.

#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>
#include <vector>

namespace labelstation::app {

enum class ActionId {
  NewTask, OpenProject, Open, Save, SaveAs, ExportAnnotations, ImportAnnotations, Screenshot, Quit,
  Undo, Redo, Copy, Paste, DeleteObject, ToggleKeyframe, ToggleOutside, ToggleOccluded, ToggleHidden, ToggleLocked,
  FirstFrame, PreviousFrame, NextFrame, LastFrame, ResetCamera,
  ColorByHeight, ColorByIntensity, ColorByRgb, ColorSingle, LargerPoints, SmallerPoints, PointsInImages,
  NewCuboid, MoveForward, MoveBack, MoveLeft, MoveRight, MoveUp, MoveDown, TurnLeft, TurnRight,
  Longer, Shorter, Wider, Narrower, Taller, Lower, FitCuboid, NewCuboidTrack, Propagate,
  StepBack, StepForward, PlayPause, DeleteFrame, RestoreFrame, Settings, PreviousKeyframe, NextKeyframe,
  GroundGrid, Axes, ObjectTexts, PlaceCuboid, CancelPlacement, MergeTracks, SplitTrack,
};

struct KeyBinding {
  ActionId id;
  QString text;
  QList<QKeySequence> keys;
};

const std::vector<KeyBinding>& keymap();
const KeyBinding& binding(ActionId id);

}  // namespace labelstation::app

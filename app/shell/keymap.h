#pragma once
// One table of every action's shortcut (CVAT's defaults), so menus, toolbars and shortcuts
// cannot drift apart.

#include <QKeySequence>
#include <QList>
#include <QObject>
#include <QString>
#include <map>
#include <vector>

namespace labelstation::app {

enum class ActionId {
  NewTask, OpenProject, Open, OpenFile, Save, SaveAs, ExportAnnotations, ImportAnnotations, Screenshot, Quit,
  Undo, Redo, Copy, Paste, DeleteObject, ToggleKeyframe, ToggleOutside, ToggleOccluded, ToggleHidden, ToggleLocked,
  FirstFrame, PreviousFrame, NextFrame, LastFrame, ResetCamera,
  ColorByHeight, ColorByIntensity, ColorByRgb, ColorSingle, LargerPoints, SmallerPoints, PointsInImages,
  NewCuboid, MoveForward, MoveBack, MoveLeft, MoveRight, MoveUp, MoveDown, TurnLeft, TurnRight,
  Longer, Shorter, Wider, Narrower, Taller, Lower, FitCuboid, NewCuboidTrack, PickUpCuboid, Propagate,
  StepBack, StepForward, PlayPause, DeleteFrame, RestoreFrame, Settings, PreviousKeyframe, NextKeyframe,
  GroundGrid, Axes, ObjectTexts, PlaceCuboid, CancelPlacement, MergeTracks, SplitTrack,
  ShrinkToPoints, FitHeightToPoints, TopView, FrontView, SideView, Fullscreen, JobInfo, EditLabels,
  DrawRectangle, DrawRectangleByExtremePoints, DrawPolygon, DrawPolyline, DrawPoints, DrawEllipse, RotateClockwise, RotateAnticlockwise,
  ToForeground, ToBackground, DrawCuboid, DrawCuboidByPoints, DrawSkeleton, DrawMask, ZoomToRegion, GroupObjects, Ungroup,
  PreviousMatchingFrame, NextMatchingFrame, PreviousEmptyFrame, NextEmptyFrame, JoinMasks, SliceShape, RunActions,
  // Fast label change (Ctrl+1 … Ctrl+9, Ctrl+0): the label given that digit in the Labels tab.
  LabelKey1, LabelKey2, LabelKey3, LabelKey4, LabelKey5, LabelKey6, LabelKey7, LabelKey8, LabelKey9, LabelKey0,
};
// The digit (0–9) of a LabelKey action, or -1 for any other action.
int labelKeyDigit(ActionId id);

struct KeyBinding {
  ActionId id;
  const char* name;  // how settings store the action's shortcuts ("NewTask")
  QString text;
  QList<QKeySequence> keys;  // CVAT's defaults
};

const std::vector<KeyBinding>& keymap();
const KeyBinding& binding(ActionId id);

// Every action's shortcuts: the defaults, with the annotator's own choices (QSettings) over them.
using Shortcuts = std::map<ActionId, QList<QKeySequence>>;
Shortcuts currentShortcuts();
// Remembers the choices (only those that differ from the defaults are stored).
void saveShortcuts(const Shortcuts& shortcuts);

// Actions of the 2D canvas alone (their keys work while it has the focus, as CVAT scopes its
// standard workspace's keys): the 3D camera's keys are free for them.
bool isCanvasAction(ActionId id);
// Keys that work without being in the table: 1–9 and 0 (the annotation modes' digits), Shift+arrows and
// Alt+J/L/U/O/I/K move the 3D camera. Action `id` cannot take them (a canvas action may take the
// camera's).
bool isReservedKey(const QKeySequence& key, ActionId id);

// Each key sequence given to more than one action, with those actions, in keymap order.
struct KeyConflict {
  QKeySequence key;
  std::vector<ActionId> actions;
};
std::vector<KeyConflict> conflictsIn(const Shortcuts& shortcuts);

}  // namespace labelstation::app

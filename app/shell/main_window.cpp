#include "main_window.h"

#include <QAction>
#include <QActionGroup>
#include <cstdlib>
#include <QCloseEvent>
#include <QStandardPaths>
#include <QSettings>
#include <QDockWidget>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeWidget>

#include "labelstation/core/edits.h"
#include "labelstation/core/interpolation.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/label_json.h"
#include "labelstation/plugins/cuboid_fit.h"
#include "labelstation/render/scene.h"
#include "image_canvas.h"
#include "job_info.h"
#include "navigation_bar.h"
#include "new_task_dialog.h"
#include "vtk_view.h"

namespace labelstation::app {
namespace fs = std::filesystem;

MainWindow::MainWindow(std::unique_ptr<Session> session, QWidget* parent)
    : QMainWindow(parent), context_(new AnnotationContext(this)), settings_(ViewSettings::load()), scene_(std::make_unique<render::Scene>()) {
  view_ = new VtkView(*scene_, this);
  buildCanvas();  // the central widget: the 3D view or, for images, the canvas
  buildActions();
  buildMenus();
  buildNavigationBar();
  buildSidebar();
  buildContextImages();
  buildLabelsPanel();
  buildDetails();
  buildImageSettings();
  buildDrawingToolbars();
  buildModes();
  buildPlayer();
  connectViewMouse();
  scene_->setTextStyle(settings_.textSize, settings_.textCentred);
  projections_->setGripPixels(settings_.controlPointSize);
  resize(1280, 800);
  // Autosave is checked twice a minute; the session saves only when its interval has passed
  // with unsaved changes (off unless the project's settings turn it on).
  autosaveTimer_ = new QTimer(this);
  autosaveTimer_->setInterval(30000);
  connect(autosaveTimer_, &QTimer::timeout, this, [this] {
    try {
      if (session_->autosaveIfDue(std::chrono::steady_clock::now())) statusBar()->showMessage(tr("Autosaved"), 4000);
    } catch (const io::IoError& e) {
      statusBar()->showMessage(tr("Autosave failed: %1").arg(QString::fromStdString(e.what())));
    }
    refreshTitle();
  });
  autosaveTimer_->start();
  notices_ = new QLabel(this);
  notices_->setObjectName("notices");
  statusBar()->addPermanentWidget(notices_);
  attachSession(std::move(session));
  focusWorkspace();  // single-key shortcuts (F, D, K…) must not be typed into the frame box
}

MainWindow::~MainWindow() {
  // The session's loader thread may still post to this window: stop it first.
  session_.reset();
  delete view_;  // before the scene it renders
  view_ = nullptr;
}

void MainWindow::buildActions() {
  const Shortcuts shortcuts = currentShortcuts();  // the defaults with the annotator's own (F2)
  for (const auto& b : keymap()) {
    auto* action = new QAction(b.text, this);
    action->setShortcuts(shortcuts.at(b.id));
    // Shortcuts work even when the action is in no visible menu; a canvas action's only while
    // the canvas has the focus (its keys may be the 3D view's elsewhere).
    action->setShortcutContext(isCanvasAction(b.id) ? Qt::WidgetShortcut : Qt::WindowShortcut);
    if (isCanvasAction(b.id)) canvas_->addAction(action);
    else addAction(action);
    actions_[b.id] = action;
  }
  auto on = [this](ActionId id, auto slot) { connect(actions_[id], &QAction::triggered, this, slot); };
  on(ActionId::NewTask, [this] {
    // The suggested labels take any shape, so they suit point clouds and images alike.
    LabelSchema suggested = defaultLidarLabels();
    for (const Label* l : suggested.topLevelLabels()) suggested.label(l->id)->type = LabelType::Any;
    NewTaskDialog dialog(suggested, this);
    if (dialog.exec() == QDialog::Accepted) newTask(dialog.dataset(), dialog.labels());
  });
  on(ActionId::OpenProject, [this] { openProject(); });
  on(ActionId::Open, [this] { openPath(); });
  on(ActionId::OpenFile, [this] { openFile(); });
  on(ActionId::Save, [this] { save(); });
  on(ActionId::SaveAs, [this] { saveAs(); });
  on(ActionId::ExportAnnotations, [this] { exportWithDialog(); });
  on(ActionId::ImportAnnotations, [this] { importWithDialog(); });
  on(ActionId::EditLabels, [this] { editLabelsWithDialog(); });
  on(ActionId::RotateClockwise, [this] { rotateImage(1); });
  // Z-order: image tasks only (cuboids have none), never a locked object.
  auto zOrderable = [this] { return isImageTask() && context_->selected() && !session_->document().viewState(context_->selected()).locked; };
  on(ActionId::ToForeground, [this, zOrderable] {
    if (zOrderable()) runEdit([this] { return edits::bringToFront(session_->document(), context_->selected(), context_->frame()); });
  });
  on(ActionId::ToBackground, [this, zOrderable] {
    if (zOrderable()) runEdit([this] { return edits::sendToBack(session_->document(), context_->selected(), context_->frame()); });
  });
  on(ActionId::RotateAnticlockwise, [this] { rotateImage(-1); });
  on(ActionId::ZoomToRegion, [this] {
    if (isImageTask()) canvas_->startRegionZoom();
  });
  on(ActionId::Screenshot, [this] { saveScreenshot(); });
  on(ActionId::Quit, [this] { close(); });
  on(ActionId::Undo, [this] { session_->undoStack().undo(); });
  on(ActionId::Copy, [this] {
    if (!context_->selected()) return;
    clipboard_ = edits::copy(session_->document(), {context_->selected()}, context_->frame());
    statusBar()->showMessage(tr("Copied"), 2000);
  });
  on(ActionId::Paste, [this] { pasteObjects(); });
  on(ActionId::PlaceCuboid, [this] {
    if (canvas_->isDrawing()) canvas_->finishDrawing();
    else finishPlacement();
  });
  on(ActionId::CancelPlacement, [this] {
    // Escape ends what is going on; with nothing going on, it clears the selection.
    const bool busy = canvas_->isInteracting() || choosing_ || placement_.what != Placing::Nothing;
    if (!busy) {
      selectObject(0);
      return;
    }
    canvas_->escape();
    if (choosing_) {
      statusBar()->showMessage(tr("Cancelled"), 3000);
      choosing_.reset();
      refreshActions();
    }
    cancelPlacement();
  });
  on(ActionId::MergeTracks, [this] { toggleChoice(ChoiceMode::Kind::Merge); });
  on(ActionId::GroupObjects, [this] { toggleChoice(ChoiceMode::Kind::Group); });
  on(ActionId::JoinMasks, [this] { toggleChoice(ChoiceMode::Kind::Join); });
  on(ActionId::SliceShape, [this] {
    if (!isImageTask()) return;
    if (canvas_->isSlicing()) canvas_->finishDrawing();
    else canvas_->startSlicing(context_->selected());
  });
  on(ActionId::RunActions, [this] { runActionsWithDialog(); });
  on(ActionId::Ungroup, [this] {
    if (context_->selected()) runEdit([this] { return edits::ungroup(session_->document(), {context_->selected()}); });
    refreshShapes();
  });
  on(ActionId::SplitTrack, [this] {
    const AnnotationObject* obj = session_->document().object(context_->selected());
    if (!obj || !obj->isTrack()) return;
    runEdit([&] { return edits::splitTrack(session_->document(), context_->selected(), context_->frame()); });
  });
  on(ActionId::Redo, [this] { session_->undoStack().redo(); });
  on(ActionId::DeleteObject, [this] {
    if (context_->selected() && !session_->document().viewState(context_->selected()).locked)
      runEdit([this] { return edits::remove(session_->document(), {context_->selected()}); });
  });
  on(ActionId::ToggleKeyframe, [this] {
    const AnnotationObject* obj = session_->document().object(context_->selected());
    if (!obj || !obj->isTrack()) return;
    const bool make = !isKeyframe(*obj, context_->frame());
    runEdit([&] { return edits::setKeyframe(session_->document(), context_->selected(), context_->frame(), make); });
  });
  on(ActionId::ToggleOutside, [this] {
    const AnnotationObject* obj = session_->document().object(context_->selected());
    if (!obj || !obj->isTrack()) return;
    const auto state = stateAt(*obj, context_->frame());
    if (!state) return;
    runEdit([&] { return edits::setOutside(session_->document(), context_->selected(), context_->frame(), !state->outside); });
  });
  on(ActionId::ToggleOccluded, [this] {
    const AnnotationObject* obj = session_->document().object(context_->selected());
    const auto state = obj ? stateAt(*obj, context_->frame()) : std::nullopt;
    if (!state) return;
    runEdit([&] { return edits::setOccluded(session_->document(), context_->selected(), context_->frame(), !state->occluded); });
  });
  on(ActionId::ToggleHidden, [this] {
    if (context_->selected()) session_->document().setHidden(context_->selected(), !session_->document().viewState(context_->selected()).hidden);
  });
  on(ActionId::ToggleLocked, [this] {
    if (context_->selected()) session_->document().setLocked(context_->selected(), !session_->document().viewState(context_->selected()).locked);
  });
  on(ActionId::FirstFrame, [this] { setFrame(shownFrameFrom(0, 1)); });
  on(ActionId::PreviousFrame, [this] { setFrame(frameAfterStep(-1)); });
  on(ActionId::NextFrame, [this] { setFrame(frameAfterStep(1)); });
  on(ActionId::LastFrame, [this] { setFrame(shownFrameFrom(session_->document().frameCount() - 1, -1)); });
  // Point colouring: one checked mode, remembered across sessions (QSettings).
  auto* coloring = new QActionGroup(this);
  const std::pair<ActionId, render::PointColoring> modes[] = {{ActionId::ColorByHeight, render::PointColoring::Height},
                                                              {ActionId::ColorByIntensity, render::PointColoring::Intensity},
                                                              {ActionId::ColorByRgb, render::PointColoring::Rgb},
                                                              {ActionId::ColorSingle, render::PointColoring::Single}};
  QSettings settings;
  const int savedMode = settings.value("view/pointColoring", 0).toInt();
  for (const auto& [id, mode] : modes) {
    QAction* a = actions_[id];
    a->setCheckable(true);
    a->setActionGroup(coloring);
    a->setChecked(static_cast<int>(mode) == savedMode);
    const render::PointColoring m = mode;
    connect(a, &QAction::triggered, this, [this, m] { setPointColoring(m); });
  }
  scene_->setPointColoring(static_cast<render::PointColoring>(std::clamp(savedMode, 0, 3)));
  scene_->setPointSize(settings.value("view/pointSize", 2.0).toFloat());
  const QColor background = ViewSettings::load().background;
  scene_->setBackground({static_cast<std::uint8_t>(background.red()), static_cast<std::uint8_t>(background.green()),
                         static_cast<std::uint8_t>(background.blue())});
  on(ActionId::NewCuboid, [this] { newCuboid(); });
  on(ActionId::FitCuboid, [this] { fitSelectedCuboid(); });
  on(ActionId::ShrinkToPoints, [this] { tightenSelectedCuboid(false); });
  on(ActionId::FitHeightToPoints, [this] { tightenSelectedCuboid(true); });
  on(ActionId::TopView, [this] { lookFrom(89, 180); });   // +x (ahead) up on the screen
  on(ActionId::FrontView, [this] { lookFrom(8, 180); });  // from behind the sensor, looking ahead
  on(ActionId::SideView, [this] { lookFrom(8, 90); });    // from the left (+y), ahead to the right
  actions_[ActionId::Fullscreen]->setCheckable(true);
  on(ActionId::Fullscreen, [this] { actions_[ActionId::Fullscreen]->isChecked() ? showFullScreen() : showNormal(); });
  on(ActionId::JobInfo, [this] {
    JobInfoDialog dialog(session_->document(), this);
    dialog.exec();
  });
  const std::pair<ActionId, Nudge> nudges[] = {
      {ActionId::MoveForward, Nudge::Forward}, {ActionId::MoveBack, Nudge::Back},     {ActionId::MoveLeft, Nudge::Left},
      {ActionId::MoveRight, Nudge::Right},     {ActionId::MoveUp, Nudge::Up},         {ActionId::MoveDown, Nudge::Down},
      {ActionId::TurnLeft, Nudge::TurnLeft},   {ActionId::TurnRight, Nudge::TurnRight}, {ActionId::Longer, Nudge::Longer},
      {ActionId::Shorter, Nudge::Shorter},     {ActionId::Wider, Nudge::Wider},       {ActionId::Narrower, Nudge::Narrower},
      {ActionId::Taller, Nudge::Taller},       {ActionId::Lower, Nudge::Lower}};
  for (const auto& [id, nudge] : nudges) {
    const Nudge n = nudge;
    on(id, [this, n] { editSelectedCuboid([n](const Cuboid3D& box) { return nudged(box, n); }); });
  }
  // Guides: remembered like the other view settings.
  for (ActionId id : {ActionId::GroundGrid, ActionId::Axes}) {
    actions_[id]->setCheckable(true);
    actions_[id]->setChecked(settings.value(id == ActionId::GroundGrid ? "view/grid" : "view/axes", false).toBool());
    on(id, [this] {
      const bool grid = actions_[ActionId::GroundGrid]->isChecked(), axes = actions_[ActionId::Axes]->isChecked();
      QSettings().setValue("view/grid", grid);
      QSettings().setValue("view/axes", axes);
      scene_->setGuides(grid, axes);
      view_->update();
    });
  }
  scene_->setGuides(actions_[ActionId::GroundGrid]->isChecked(), actions_[ActionId::Axes]->isChecked());
  actions_[ActionId::ObjectTexts]->setCheckable(true);
  actions_[ActionId::ObjectTexts]->setChecked(settings.value("view/texts", false).toBool());
  scene_->setCuboidTexts(actions_[ActionId::ObjectTexts]->isChecked());
  canvas_->setShowAllTexts(actions_[ActionId::ObjectTexts]->isChecked());
  on(ActionId::ObjectTexts, [this] {
    const bool on = actions_[ActionId::ObjectTexts]->isChecked();
    QSettings().setValue("view/texts", on);
    scene_->setCuboidTexts(on);
    canvas_->setShowAllTexts(on);
    view_->update();
  });
  actions_[ActionId::PointsInImages]->setCheckable(true);
  on(ActionId::PointsInImages, [this] { contextImages_->setShowPoints(actions_[ActionId::PointsInImages]->isChecked()); });
  on(ActionId::LargerPoints, [this] { setPointSize(scene_->pointSize() + 1); });
  on(ActionId::SmallerPoints, [this] { setPointSize(scene_->pointSize() - 1); });
  on(ActionId::ResetCamera, [this] {
    scene_->resetCamera();
    view_->update();
  });
}

void MainWindow::buildMenus() {
  auto add = [this](QMenu* menu, std::initializer_list<ActionId> ids) {
    for (ActionId id : ids) menu->addAction(actions_[id]);
  };
  QMenu* file = menuBar()->addMenu(tr("&File"));
  add(file, {ActionId::NewTask, ActionId::OpenProject, ActionId::Open, ActionId::OpenFile});
  recentMenu_ = file->addMenu(tr("&Recent projects"));
  refreshRecentMenu();
  file->addSeparator();
  add(file, {ActionId::Save, ActionId::SaveAs});
  file->addSeparator();
  add(file, {ActionId::ExportAnnotations, ActionId::ImportAnnotations});
  file->addSeparator();
  add(file, {ActionId::JobInfo, ActionId::Screenshot, ActionId::Settings});
  file->addSeparator();
  add(file, {ActionId::Quit});
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  add(edit, {ActionId::Undo, ActionId::Redo});
  edit->addSeparator();
  add(edit, {ActionId::Copy, ActionId::Paste});
  edit->addSeparator();
  add(edit, {ActionId::DeleteObject, ActionId::ToggleKeyframe, ActionId::ToggleOutside, ActionId::ToggleOccluded,
             ActionId::ToggleHidden, ActionId::ToggleLocked});
  edit->addSeparator();
  add(edit, {ActionId::MergeTracks, ActionId::SplitTrack, ActionId::GroupObjects, ActionId::Ungroup});
  edit->addSeparator();
  add(edit, {ActionId::JoinMasks, ActionId::SliceShape, ActionId::RunActions});
  edit->addSeparator();
  add(edit, {ActionId::ToForeground, ActionId::ToBackground});
  edit->addSeparator();
  add(edit, {ActionId::EditLabels});
  // Images: what N draws (one at a time); point clouds: the Cuboid menu. showWorkspace shows one.
  QMenu* draw = menuBar()->addMenu(tr("&Draw"));
  draw->setObjectName("drawMenu");
  auto* drawTypes = new QActionGroup(this);
  for (const auto& [id, type] : {std::pair{ActionId::DrawRectangle, ShapeType::Rectangle},
                                 std::pair{ActionId::DrawRectangleByExtremePoints, ShapeType::Rectangle}, std::pair{ActionId::DrawPolygon, ShapeType::Polygon},
                                 std::pair{ActionId::DrawPolyline, ShapeType::Polyline}, std::pair{ActionId::DrawPoints, ShapeType::Points},
                                 std::pair{ActionId::DrawEllipse, ShapeType::Ellipse}, std::pair{ActionId::DrawCuboid, ShapeType::Cuboid2D},
                                 std::pair{ActionId::DrawCuboidByPoints, ShapeType::Cuboid2D}, std::pair{ActionId::DrawSkeleton, ShapeType::Skeleton},
                                 std::pair{ActionId::DrawMask, ShapeType::Mask}}) {
    QAction* a = actions_[id];
    a->setCheckable(true);
    a->setChecked(id == ActionId::DrawRectangle);
    drawTypes->addAction(a);
    draw->addAction(a);
    const ShapeType chosen = type;
    const bool extreme = id == ActionId::DrawRectangleByExtremePoints || id == ActionId::DrawCuboidByPoints;
    connect(a, &QAction::triggered, this, [this, chosen, extreme] { chooseDrawType(chosen, extreme); });
  }
  draw->addSeparator();
  add(draw, {ActionId::ZoomToRegion});
  QMenu* cuboid = menuBar()->addMenu(tr("&Cuboid"));
  cuboid->setObjectName("cuboidMenu");
  add(cuboid, {ActionId::NewCuboid, ActionId::NewCuboidTrack, ActionId::PickUpCuboid, ActionId::FitCuboid, ActionId::ShrinkToPoints,
               ActionId::FitHeightToPoints, ActionId::Propagate});
  cuboid->addSeparator();
  add(cuboid, {ActionId::MoveForward, ActionId::MoveBack, ActionId::MoveLeft, ActionId::MoveRight, ActionId::MoveUp,
               ActionId::MoveDown, ActionId::TurnLeft, ActionId::TurnRight});
  cuboid->addSeparator();
  add(cuboid, {ActionId::Longer, ActionId::Shorter, ActionId::Wider, ActionId::Narrower, ActionId::Taller, ActionId::Lower});
  QMenu* nav = menuBar()->addMenu(tr("&Navigate"));
  add(nav, {ActionId::FirstFrame, ActionId::StepBack, ActionId::PreviousFrame, ActionId::NextFrame, ActionId::StepForward,
            ActionId::LastFrame, ActionId::PlayPause});
  nav->addSeparator();
  add(nav, {ActionId::PreviousKeyframe, ActionId::NextKeyframe});
  nav->addSeparator();
  add(nav, {ActionId::PreviousMatchingFrame, ActionId::NextMatchingFrame, ActionId::PreviousEmptyFrame, ActionId::NextEmptyFrame});
  nav->addSeparator();
  add(nav, {ActionId::DeleteFrame, ActionId::RestoreFrame});
  QMenu* view = menuBar()->addMenu(tr("&View"));
  add(view, {ActionId::ResetCamera, ActionId::TopView, ActionId::FrontView, ActionId::SideView, ActionId::Fullscreen});
  view->addSeparator();
  add(view, {ActionId::ColorByHeight, ActionId::ColorByIntensity, ActionId::ColorByRgb, ActionId::ColorSingle});
  view->addSeparator();
  add(view, {ActionId::LargerPoints, ActionId::SmallerPoints});
  view->addSeparator();
  add(view, {ActionId::GroundGrid, ActionId::Axes, ActionId::ObjectTexts, ActionId::PointsInImages});
  view->addSeparator();
  add(view, {ActionId::RotateClockwise, ActionId::RotateAnticlockwise});
}

void MainWindow::buildNavigationBar() {
  navigation_ = new NavigationBar(*context_, actions_, this);
  addToolBar(navigation_);
  connect(navigation_, &NavigationBar::frameRequested, this, [this](int f) { setFrame(f); });
  connect(navigation_, &NavigationBar::frameEntered, this, [this] { focusWorkspace(); });
}

void MainWindow::buildContextImages() {
  auto* projectionsDock = new QDockWidget(tr("Projections"), this);
  projectionsDock->setObjectName("projectionsDock");
  projections_ = new ProjectionPanes(projectionsDock);
  projectionsDock->setWidget(projections_);
  addDockWidget(Qt::BottomDockWidgetArea, projectionsDock);
  auto* dock = new QDockWidget(tr("Cameras"), this);
  dock->setObjectName("camerasDock");
  contextImages_ = new ContextImagesPanel(dock);
  contextImages_->setObjectName("contextImages");
  dock->setWidget(contextImages_);
  splitDockWidget(projectionsDock, dock, Qt::Horizontal);
  connect(projections_, &ProjectionPanes::cuboidEdited, this, [this](const Cuboid3D& box, bool finished) {
    editSelectedCuboid([box](const Cuboid3D&) { return box; }, !finished);
  });
  // Once the window is laid out (before that the docks take their size hints instead).
  QTimer::singleShot(0, this, [this, projectionsDock] { resizeDocks({projectionsDock}, {260}, Qt::Vertical); });
}

void MainWindow::attachSession(std::unique_ptr<Session> session) {
  if (session_) canvas_->cancelInteraction();  // a mask being painted goes to the task it was painted on
  session_ = std::move(session);  // the old session's loader stops with it
  try {
    session_->registerForRecovery(recoveryFolder());
  } catch (const io::IoError& e) {
    statusBar()->showMessage(tr("Crash recovery is off: %1").arg(QString::fromStdString(e.what())));
  }
  context_->setSelected(0);
  hovered_ = 0;
  placement_ = {};
  choosing_.reset();
  updated_.clear();
  context_->setFrame(0);
  shownFrame_ = -1;
  // Called on the loader thread: hop to the UI thread. Posted calls die with this window.
  session_->onFrameReady([this](int frame) {
    QMetaObject::invokeMethod(this, [this, frame] { frameLoaded(frame); }, Qt::QueuedConnection);
  });
  session_->document().subscribe([this](const std::vector<ChangeEvent>& events) {
    for (const auto& e : events)
      if (e.type == ChangeEvent::Type::ObjectAdded || e.type == ChangeEvent::Type::ObjectChanged) updated_[e.object] = ++updates_;
    for (const auto& e : events) {
      if (e.type != ChangeEvent::Type::ObjectRemoved) continue;
      if (e.object == context_->selected()) context_->setSelected(0);
      if (e.object == hovered_) hovered_ = 0;
      if (choosing_) choosing_->ids.erase(std::remove(choosing_->ids.begin(), choosing_->ids.end(), e.object), choosing_->ids.end());
    }
    if (!events.empty() && events.front().type == ChangeEvent::Type::LabelsChanged) {
      if (!session_->document().labels().label(currentLabel_)) currentLabel_ = kNoLabel;
      clipboard_ = {};  // its objects name labels by id, which may now mean another label
      refreshLabelsPanel();
    }
    dropHiddenSelection();  // hidden, gone outside
    for (const auto& e : events) {
      if ((e.type == ChangeEvent::Type::FrameDeleted || e.type == ChangeEvent::Type::FrameRestored) && e.firstFrame == context_->frame()) {
        refreshFrame();  // the frame's name shows whether it is deleted
        return;
      }
      if (e.firstFrame <= context_->frame() && context_->frame() <= e.lastFrame) {
        refreshCuboids();
        refreshObjectList();
        return;
      }
    }
  });
  session_->undoStack().setStateListener([this] {
    refreshActions();
    refreshTitle();
  });
  refreshTitle();
  showWorkspace();
  refreshLabelsPanel(/*sameTask=*/false);  // another task's labels: no switches to keep
  QStringList notices;
  for (const auto& n : session_->notices()) notices << QString::fromStdString(n);
  notices_->setText(notices.join(" · "));
  navigation_->setFrameCount(session_->document().frameCount());
  firstCloud_ = true;  // frame the first cloud when it arrives
  // The cameras dock only for data that has camera images.
  const auto& frames = session_->document().task().frames;
  const bool images = std::any_of(frames.begin(), frames.end(), [](const FrameInfo& f) { return !f.relatedImages.empty(); });
  if (auto* dock = findChild<QDockWidget*>("camerasDock")) dock->setVisible(images);
  refreshFrame();
}

void MainWindow::setFrame(int frame) {
  const int last = session_->document().frameCount() - 1;
  frame = std::clamp(frame, 0, std::max(0, last));
  if (frame == context_->frame()) return;
  canvas_->cancelInteraction();  // a drawing or drag belongs to the frame it began on
  context_->setFrame(frame);  // the navigation bar follows
  refreshFrame();
}

bool MainWindow::isShownOnFrame(ObjectId id) const {
  Document& doc = session_->document();
  const AnnotationObject* obj = doc.object(id);
  if (!obj || doc.viewState(id).hidden) return false;
  if (filter_ && !filter_->matches(doc, *obj, context_->frame())) return false;
  if (obj->kind == ObjectKind::Tag) return obj->frame == context_->frame();
  const auto state = stateAt(*obj, context_->frame());
  if (!state) return settings_.showAllTracks && obj->isTrack();
  return !state->outside || settings_.showAllTracks;
}

bool MainWindow::keepSelectionShown() {
  if (!context_->selected() || isShownOnFrame(context_->selected())) return false;
  context_->setSelected(0);
  objectList_->blockSignals(true);
  objectList_->clearSelection();
  objectList_->blockSignals(false);
  return true;
}

void MainWindow::dropHiddenSelection() {
  if (!keepSelectionShown()) return;
  refreshCuboids();
  refreshActions();
}

void MainWindow::selectObject(ObjectId id) {
  if (id && !isShownOnFrame(id)) id = 0;
  for (int i = 0; i < objectList_->topLevelItemCount(); ++i) {
    QTreeWidgetItem* item = objectList_->topLevelItem(i);
    if (item->data(0, Qt::UserRole).toLongLong() == id) {
      objectList_->setCurrentItem(item);
      return;
    }
  }
  objectList_->clearSelection();
}

void MainWindow::refreshFrame() {
  Document& doc = session_->document();
  if (doc.frameCount() == 0) return;
  navigation_->setFrameName(QString::fromStdString(doc.frame(context_->frame()).name) +
                           (doc.isFrameDeleted(context_->frame()) ? tr(" (deleted)") : QString()));
  keepSelectionShown();  // a track shown on this frame stays selected; anything else is let go
  showCloud();
  refreshCuboids();
  refreshObjectList();
  refreshActions();
}

void MainWindow::showCloud() {
  const auto loaded = session_->frame(context_->frame());
  if (!loaded) {
    // The previous cloud stays until this one arrives (no flash of an empty view).
    statusBar()->showMessage(tr("Loading frame %1…").arg(context_->frame()));
    return;
  }
  if (shownFrame_ == context_->frame()) return;
  shownFrame_ = context_->frame();
  showContextImages(loaded->data);
  if (isImageTask()) {
    showImage(*loaded);
    return;
  }
  if (!loaded->ok()) {
    scene_->setPointCloud({});
    statusBar()->showMessage(QString::fromStdString(loaded->error));
  } else {
    scene_->setPointCloud(loaded->data->cloud);
    QString message = tr("%1 points").arg(loaded->data->cloud.size());
    for (const auto& problem : loaded->data->problems) message += "  ·  " + QString::fromStdString(problem);
    statusBar()->showMessage(message);
  }
  refreshDetails();  // the point count needs the cloud
  if (firstCloud_) {
    firstCloud_ = false;
    scene_->resetCamera();
  }
  view_->update();
}

void MainWindow::frameLoaded(int frame) {
  if (frame == context_->frame()) showCloud();
}

void MainWindow::showContextImages(std::shared_ptr<const io::FrameData> data) {
  std::vector<const io::CameraCalibration*> cameras;
  std::vector<QString> titles;
  const FrameInfo& info = session_->document().frame(context_->frame());
  for (std::size_t i = 0; i < info.relatedImages.size(); ++i) {
    cameras.push_back(session_->cameraFor(context_->frame(), i));
    // The camera's name when known, else the image's folder (KITTI's image_02) or file name.
    const std::filesystem::path path(info.relatedImages[i]);
    const std::string folder = path.parent_path().filename() == "data" ? path.parent_path().parent_path().filename().string()
                                                                         : path.parent_path().filename().string();
    titles.push_back(QString::fromStdString(cameras.back() ? cameras.back()->name : folder.empty() ? path.filename().string() : folder));
  }
  contextImages_->setFrame(std::move(data), cameras, titles);
}

void MainWindow::refreshActions() {
  UndoStack& undo = session_->undoStack();
  actions_[ActionId::Undo]->setEnabled(undo.canUndo());
  actions_[ActionId::Redo]->setEnabled(undo.canRedo());
  actions_[ActionId::Undo]->setText(undo.canUndo() ? tr("&Undo %1").arg(QString::fromStdString(undo.undoText())) : tr("&Undo"));
  actions_[ActionId::Redo]->setText(undo.canRedo() ? tr("&Redo %1").arg(QString::fromStdString(undo.redoText())) : tr("&Redo"));
  for (ActionId id : {ActionId::Undo, ActionId::Redo}) actions_[id]->setToolTip(actions_[id]->text().remove('&'));
  const int last = session_->document().frameCount() - 1;
  actions_[ActionId::PreviousFrame]->setEnabled(context_->frame() > 0);
  actions_[ActionId::FirstFrame]->setEnabled(context_->frame() > 0);
  actions_[ActionId::NextFrame]->setEnabled(context_->frame() < last);
  actions_[ActionId::LastFrame]->setEnabled(context_->frame() < last);
  // Return and Escape belong to the fields and dialogs unless a cuboid is being placed.
  // … or a shape is being drawn on the canvas.
  const bool drawing = canvas_->isDrawing();
  actions_[ActionId::PlaceCuboid]->setEnabled(placement_.what != Placing::Nothing || drawing);
  actions_[ActionId::CancelPlacement]->setEnabled(placement_.what != Placing::Nothing || choosing_ || canvas_->isInteracting() ||
                                                  context_->selected());
  const bool hasSelection = context_->selected() != 0;
  for (ActionId id : {ActionId::DeleteObject, ActionId::ToggleKeyframe, ActionId::ToggleOutside, ActionId::ToggleOccluded,
                      ActionId::ToggleHidden, ActionId::ToggleLocked})
    actions_[id]->setEnabled(hasSelection);
}

void MainWindow::runEdit(const std::function<std::unique_ptr<Command>()>& makeCommand) {
  try {
    session_->undoStack().push(makeCommand());
  } catch (const CommandError& e) {
    statusBar()->showMessage(QString::fromStdString(e.what()), 6000);
  }
}

fs::path MainWindow::recoveryFolder() {
  if (const char* folder = std::getenv("LABELSTATION_RECOVERY_DIR"); folder && *folder) return folder;
  return fs::path(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).toStdString()) / "recovery";
}

bool MainWindow::settleUnsavedChanges() {
  canvas_->cancelInteraction();  // a mask being painted becomes a change first
  if (!session_->hasUnsavedChanges()) return true;
  QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"),
                  tr("Save the changes to %1?").arg(QString::fromStdString(session_->title())),
                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
  box.setInformativeText(tr("Without saving, they are lost."));
  box.setDefaultButton(QMessageBox::Save);
  switch (box.exec()) {
    case QMessageBox::Save: return save();
    case QMessageBox::Discard:
      try {
        session_->discardUnsavedChanges();
      } catch (const io::IoError& e) {
        // The journal could not be reset: the changes would come back when the project is opened.
        QMessageBox::warning(this, tr("Cannot discard"), QString::fromStdString(e.what()));
        return false;
      }
      refreshTitle();
      return true;
    default: return false;
  }
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (settleUnsavedChanges()) event->accept();
  else event->ignore();
}

bool MainWindow::openRecovered(const io::RecoveryRecord& record) {
  if (!settleUnsavedChanges()) return false;
  try {
    attachSession(Session::recover(record));
  } catch (const io::IoError& e) {
    QMessageBox::warning(this, tr("Cannot recover"), QString::fromStdString(e.what()));
    return false;
  }
  focusWorkspace();
  return true;
}

void MainWindow::openSession(const std::function<std::unique_ptr<Session>()>& open) {
  if (!settleUnsavedChanges()) return;
  try {
    attachSession(open());
  } catch (const io::IoError& e) {
    QMessageBox::warning(this, tr("Cannot open"), QString::fromStdString(e.what()));
  }
  focusWorkspace();
}

void MainWindow::openPath() {
  const QString path = QFileDialog::getExistingDirectory(this, tr("Open a dataset folder (point clouds or images)"));
  if (!path.isEmpty()) openSession([&] { return Session::open(path.toStdString()); });
}

void MainWindow::openFile() {
  const QString path = QFileDialog::getOpenFileName(
      this, tr("Open a point cloud, image, video or dataset zip"), QString(),
      tr("Point clouds, images, videos, zips (*.pcd *.bin *.ply *.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp *.mp4 *.avi *.mov *.mkv *.webm *.zip);;"
         "All files (*)"));
  if (!path.isEmpty()) openSession([&] { return Session::open(path.toStdString()); });
}

void MainWindow::openProject() {
  const QString path = QFileDialog::getOpenFileName(this, tr("Open a project"), QString(), tr("Labelstation projects (*.lsproj)"));
  if (path.isEmpty()) return;
  openSession([&] { return Session::openProject(path.toStdString()); });
  if (session_->projectFile() == path.toStdString()) rememberProject(session_->projectFile());
}

bool MainWindow::newTask(const std::filesystem::path& dataset, const LabelSchema& labels) {
  if (!settleUnsavedChanges()) return false;
  try {
    attachSession(Session::newTask(dataset, labels));
  } catch (const io::IoError& e) {
    QMessageBox::warning(this, tr("Cannot create the task"), QString::fromStdString(e.what()));
    return false;
  }
  focusWorkspace();
  return true;
}

QStringList MainWindow::recentProjects() { return QSettings().value("recentProjects").toStringList(); }

void MainWindow::rememberProject(const std::filesystem::path& file) {
  QStringList recent = recentProjects();
  const QString path = QString::fromStdString(std::filesystem::absolute(file).lexically_normal().string());
  recent.removeAll(path);
  recent.prepend(path);
  while (recent.size() > 8) recent.removeLast();
  QSettings().setValue("recentProjects", recent);
  refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = recentProjects();
  for (const QString& path : recent)
    connect(recentMenu_->addAction(path), &QAction::triggered, this, [this, path] {
      openSession([&] { return Session::openProject(path.toStdString()); });
      if (!session_->projectFile().empty()) rememberProject(session_->projectFile());
    });
  recentMenu_->setEnabled(!recent.isEmpty());
}

bool MainWindow::save() {
  if (session_->projectFile().empty()) return saveAs();
  return runSave([this] { session_->save(); });
}

bool MainWindow::runSave(const std::function<void()>& saveSession) {
  try {
    saveSession();
  } catch (const io::IoError& e) {
    QMessageBox::warning(this, tr("Cannot save"), QString::fromStdString(e.what()));
    return false;
  }
  statusBar()->showMessage(tr("Saved %1").arg(QString::fromStdString(session_->projectFile().string())), 4000);
  rememberProject(session_->projectFile());
  notices_->clear();
  refreshTitle();
  return true;
}

bool MainWindow::saveAs() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save as project"), QString::fromStdString(session_->title() + ".lsproj"),
                                                    tr("Labelstation projects (*.lsproj)"));
  if (path.isEmpty()) return false;
  return saveProjectAs(path.endsWith(".lsproj") ? path.toStdString() : (path + ".lsproj").toStdString());
}

bool MainWindow::saveProjectAs(const std::filesystem::path& file) {
  return runSave([&] { session_->saveAs(file); });
}

// "name* — Labelstation" while there are unsaved changes; the journal error, if any, in the status bar.
void MainWindow::refreshTitle() {
  setWindowTitle(QString::fromStdString(session_->title()) + (session_->hasUnsavedChanges() ? "*" : "") + " — Labelstation");
  const std::string error = session_->journalError();
  if (!error.empty()) statusBar()->showMessage(tr("Crash recovery is off until the next save: %1").arg(QString::fromStdString(error)));
}

void MainWindow::lookFrom(double elevation, double azimuth) {
  scene_->camera().elevation = elevation;
  scene_->camera().azimuth = azimuth;
  view_->update();
}

void MainWindow::setPointColoring(render::PointColoring coloring) {
  scene_->setPointColoring(coloring);
  QSettings().setValue("view/pointColoring", static_cast<int>(coloring));
  if (scene_->effectiveColoring() != coloring)
    statusBar()->showMessage(tr("This cloud has no %1: coloured by height")
                                 .arg(coloring == render::PointColoring::Intensity ? tr("intensity") : tr("colours")),
                             6000);
  view_->update();
}

void MainWindow::setPointSize(float pixels) {
  pixels = std::clamp(pixels, 1.0f, 12.0f);
  scene_->setPointSize(pixels);
  QSettings().setValue("view/pointSize", pixels);
  statusBar()->showMessage(tr("Point size %1").arg(pixels), 2000);
  view_->update();
}

void MainWindow::saveScreenshot() {
  const QString path = QFileDialog::getSaveFileName(this, tr("Save screenshot"), "labelstation.png", tr("PNG images (*.png)"));
  if (!path.isEmpty() && !grab().save(path))
    QMessageBox::warning(this, tr("Cannot save"), tr("%1: cannot write the image").arg(path));
}

}  // namespace labelstation::app

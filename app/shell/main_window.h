#pragma once
// The main window: menus and navigation bar, the 3D view (or for an image task the 2D canvas),
// the objects sidebar and a status bar.

#include <QMainWindow>
#include <QPointF>
#include <QStringList>
#include <QElapsedTimer>
#include <QTimer>
#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "annotation_context.h"
#include "appearance_panel.h"
#include "attributes_panel.h"
#include "context_images.h"
#include "cuboid_details.h"
#include "image_settings_panel.h"
#include "projections.h"
#include "settings_dialog.h"
#include "labelstation/io/annotation_formats.h"
#include "keymap.h"
#include "labelstation/core/edits.h"
#include "canvas_shapes.h"
#include "labelstation/core/filter.h"
#include "labelstation/render/scene.h"
#include "session.h"

class QAction;
class QComboBox;
class QLabel;
class QTreeWidget;

namespace labelstation::render {
class Scene;
}

class QMenu;

namespace labelstation::app {

class DrawingToolbar;
class ImageCanvas;
class MaskToolbar;
class LabelsPanel;
class ModePanel;
class NavigationBar;
enum class WorkspaceMode;
class VtkView;

// The labels an object can take (those allowing its shape), for its label select, menu and keys.
std::vector<const Label*> labelsThatFit(const Document& doc, const AnnotationObject& obj, int frame);

class MainWindow : public QMainWindow {
  Q_OBJECT
 public:
  explicit MainWindow(std::unique_ptr<Session> session, QWidget* parent = nullptr);
  ~MainWindow() override;

  int currentFrame() const { return context_->frame(); }
  void setFrame(int frame);
  ObjectId selectedObject() const { return context_->selected(); }
  // Whether the object is shown on the current frame (listed, not hidden, not outside unless the
  // settings list outside tracks): only such an object can be selected, so no key acts on an
  // object the annotator cannot see.
  bool isShownOnFrame(ObjectId id) const;
  // Whether the current frame's cloud is on screen (frames load in the background).
  bool isFrameLoaded() const { return shownFrame_ == context_->frame(); }
  void selectObject(ObjectId id);
  Session& session() { return *session_; }
  // The current frame and the selection, with signals when they change.
  AnnotationContext& context() const { return *context_; }
  // Saves the session as a project file and journals there from then on (what Save as… does
  // after its dialog). Reports failures in a message box; false when nothing was saved.
  bool saveProjectAs(const std::filesystem::path& file);
  // File > New task without its dialog: a dataset folder or zip with these labels (none: the
  // default LiDAR labels). Reports problems in a message box; false when not opened.
  bool newTask(const std::filesystem::path& dataset, const LabelSchema& labels);
  // File > Export annotations… without its dialog: the document in `format` at `output` (options
  // as the dialog sets them), on a worker thread behind a progress dialog with Cancel. Reports
  // failures in a message box; false when nothing was written (failed or cancelled).
  bool exportAnnotations(const io::AnnotationFormat& format, const std::filesystem::path& output, io::ExportOptions options);
  // File > Import annotations… without its dialog: reads `input`, checks every object against
  // the task's labels and frames, then adds them (or replaces all) as one undo step. Nothing
  // changes when anything is refused; the problems are listed in a message box.
  // `failure`: where to put what went wrong instead of a message box (the command line).
  bool importAnnotations(const io::AnnotationFormat& format, const std::filesystem::path& input, io::ImportOptions options,
                         QString* failure = nullptr);
  // Edit > Labels… without its dialog: gives the task these labels as one undo step (labels
  // matched by name, then id: matchLabelIds). Deleting labels that have objects asks first; problems go in a message box.
  // False when refused or cancelled; unchanged labels are accepted and change nothing.
  bool applyLabels(const LabelSchema& labels);
  // Opens the work a session left unsaved (the start-up offer, recovery_dialog.h). Asks about this
  // window's own unsaved work first; reports problems in a message box. False when not opened.
  bool openRecovered(const io::RecoveryRecord& record);
  // Where tasks are registered for crash recovery: $LABELSTATION_RECOVERY_DIR, else the
  // application's data folder's "recovery".
  static std::filesystem::path recoveryFolder();
  // Before the task is closed or replaced: with unsaved changes, asks Save / Discard / Cancel.
  // True when the window may go on (saved, discarded, or nothing to save).
  bool settleUnsavedChanges();
  // The projects opened or saved most recently, newest first (File > Recent projects).
  static QStringList recentProjects();
  // What the points' colours show and how large they are; both remembered (QSettings).
  void setPointColoring(render::PointColoring coloring);
  void setPointSize(float pixels);
  // Copies the selected object's state on this frame to the next `count` frames, or the previous
  // ones for a negative count (Ctrl+B asks).
  void propagateSelected(int count);
  // The first frame after the current one (wrapping) whose name contains `text`, any case.
  bool goToFrameNamed(const QString& text);
  bool isPlaying() const { return playTimer_ && playTimer_->isActive(); }
  // Fast label change (Ctrl+digit, as CVAT's): the object under the cursor takes the label with
  // that digit (when the label fits it and it is not locked); with none under the cursor, the
  // label becomes the one the next shape is drawn with.
  void applyLabelKey(int digit);
  // Each digit's label: chosen in the Labels tab (remembered by label name), else the n-th
  // top-level label has digit n (the tenth 0). A digit belongs to one label.
  std::map<int, LabelId> labelKeys() const;
  // Gives the label this digit (-1: none), taking it from the label that had it.
  void setLabelKey(LabelId label, int digit);
  // Hides (or locks) every object of the label, or shows (unlocks) them again: view state.
  void setLabelViewState(LabelId label, bool hide, bool on);
  QTreeWidget* labelsList() const;
  LabelId currentLabel() const { return currentLabel_; }
  // What the settings dialog (F2) sets: remembered, and applied to the view, the player and the
  // project's autosave.
  void applySettings(const ViewSettings& settings);
  // Makes these the actions' shortcuts, remembered (the settings' Shortcuts tab).
  void applyShortcuts(const Shortcuts& shortcuts);
  // The frame `by` frames from the current one, skipping deleted frames unless the settings show
  // them (the nearest one beyond, in the direction of travel; the current frame when there is none).
  int frameAfterStep(int by) const;
  // The first frame from `target` on, going in `direction` (±1), that is not deleted (any frame
  // when the settings show deleted ones); the current frame when there is none.
  int shownFrameFrom(int target, int direction) const;
  // Placing a cuboid with the mouse (N, Shift+N, Ctrl+V; see main_window_placement.cpp).
  enum class Placing { Nothing, NewShape, NewTrack, Pasted, Moved };
  Placing placing() const { return placement_.what; }
  const Cuboid3D& placementBox() const { return placement_.box; }
  // The cuboid under the cursor in the 3D view (0: none), drawn highlighted.
  ObjectId hoveredObject() const { return hovered_; }
  VtkView* view() const { return view_; }
  // What the object's text in the view says with this state (settings: ID, label, attributes,
  // source, dimensions; one line each after the first).
  std::string textOf(const AnnotationObject& object, const ShapeState& state) const;
  QAction* action(ActionId id) const { return actions_.at(id); }
  QTreeWidget* objectList() const { return objectList_; }
  AppearancePanel* appearancePanel() const { return appearancePanel_; }
  // M: merge mode is on while objects are being chosen.
  bool isMerging() const { return choosing_ && choosing_->kind == ChoiceMode::Kind::Merge; }
  // G: group mode is on while objects are being chosen.
  bool isGrouping() const { return choosing_ && choosing_->kind == ChoiceMode::Kind::Group; }
  // J: masks are being chosen to join.
  bool isJoining() const { return choosing_ && choosing_->kind == ChoiceMode::Kind::Join; }
  ContextImagesPanel* contextImages() const { return contextImages_; }
  CuboidDetails* cuboidDetails() const { return details_; }
  ProjectionPanes* projections() const { return projections_; }
  // The 2D workspace's canvas, shown in place of the 3D view for an image task.
  ImageCanvas* canvas() const { return canvas_; }
  // What N draws in an image task (the Draw menu).
  // `byPoints`: rectangles by four extreme points instead of two corners; 2D cuboids by four
  // points instead of a rectangle.
  void chooseDrawType(ShapeType type, bool byPoints = false);
  ShapeType drawType() const { return drawType_; }
  bool isImageTask() const;
  // The annotation mode (standard, attribute annotation, single shape, tag annotation).
  WorkspaceMode workspaceMode() const;
  void setWorkspaceMode(WorkspaceMode mode);
  ModePanel* modePanel() const { return modes_; }
  // Tags this frame with the label (type tag or any; the drawing bar's Add tag, CVAT's "Setup
  // tag"), one undo step; false when refused (another label type, or the frame has that tag).
  bool tagFrame(LabelId label);
  AttributesPanel* attributes() const { return attributes_; }

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void buildActions();
  void buildMenus();
  void buildNavigationBar();
  void buildSidebar();
  void buildContextImages();
  void buildPlayer();
  void showPlaybackRate();
  void buildDetails();
  void buildLabelsPanel();
  void refreshLabelsPanel(bool sameTask = true);
  void refreshDetails();
  // Replaces the selected cuboid's geometry on the current frame (an undoable edit).
  // `dragging`: more edits of the same drag follow (they merge into one undo step).
  void editSelectedCuboid(const std::function<Cuboid3D(const Cuboid3D&)>& change, bool dragging = false);
  void newCuboid(bool track = false);
  void pickUpCuboid();
  void pasteObjects();
  // `extra` adds actions at the top (the canvas: what the shape type offers).
  void showObjectMenu(const QPoint& globalPosition, const std::function<void(QMenu&)>& extra = {});
  // M and G: collecting objects to merge into a track or to group.
  struct ChoiceMode {
    enum class Kind { Merge, Group, Join } kind = Kind::Merge;
    std::vector<ObjectId> ids;
  };
  void toggleChoice(ChoiceMode::Kind kind);
  void addToChoice(ObjectId id);
  void applyAppearance(const Appearance& appearance);
  // The object's colour as the appearance says: its label's, its own, or its group's.
  render::Rgb colorOf(const AnnotationObject& object) const;
  void connectViewMouse();
  // The drawn cuboid the view ray at `at` enters first (0: none), and the ground beneath the
  // point under the cursor (or where the ray meets the ground plane).
  ObjectId cuboidUnder(QPointF at);
  std::optional<Eigen::Vector3d> groundUnder(QPointF at);
  void startPlacement(Placing what, const Cuboid3D& box, ObjectId moved = 0, LabelId label = kNoLabel);
  void followCursor();
  void finishPlacement();
  void cancelPlacement();
  void fitSelectedCuboid();
  void tightenSelectedCuboid(bool heightOnly);
  // Preset camera views around the current focus: elevation and azimuth in degrees.
  void lookFrom(double elevation, double azimuth);
  // The frame's camera images with their calibrated cameras (null data: none yet).
  void showContextImages(std::shared_ptr<const io::FrameData> data);
  void attachSession(std::unique_ptr<Session> session);
  void refreshFrame();       // cloud + cuboids + list for the current frame
  // Drops the selection when its object is no longer shown (another frame, hidden, outside,
  // filtered away); true when it did (the caller redraws).
  bool keepSelectionShown();
  void dropHiddenSelection();  // the same, redrawing the cuboids and actions when it did
  void showCloud();          // the current frame's cloud, if loaded
  void frameLoaded(int frame);
  void refreshCuboids();
  void refreshObjectList();
  void refreshActions();
  void runEdit(const std::function<std::unique_ptr<Command>()>& makeCommand);
  void openPath();   // a dataset folder
  void openFile();   // one cloud, image or video, or a dataset zip
  void openProject();
  void rememberProject(const std::filesystem::path& file);
  void refreshRecentMenu();
  void openSession(const std::function<std::unique_ptr<Session>()>& open);
  // Ctrl+S: saves the project, or asks where to save one first. False when nothing was saved.
  bool save();
  bool saveAs();
  // Runs a save of the session; reports a failure in a message box, a success in the status bar.
  bool runSave(const std::function<void()>& saveSession);
  void refreshTitle();
  void saveScreenshot();
  void exportWithDialog();
  void importWithDialog();
  void editLabelsWithDialog();
  // The 2D workspace (main_window_canvas.cpp).
  void buildCanvas();
  void showCanvasStatus();  // the pixel under the cursor and the zoom
  void buildImageSettings();
  // Keys go to the workspace shown (single-key shortcuts must not be typed into fields).
  void focusWorkspace();
  void showWorkspace();
  void showImage(const io::FrameCache::Result& loaded);
  void refreshShapes();
  void focusOn(ObjectId id, double margin);
  CanvasShape canvasShapeOf(const AnnotationObject& object, const ShapeState& state) const;
  void pasteOnCanvas(QPointF offset);
  void drawShape(bool track);
  void addDrawnShape(ShapeType type, const std::vector<double>& points, bool removeUnderlying = false);
  void saveMask(ObjectId edited, const std::vector<double>& points);
  static void setCanvasPoints(ShapeState& state, const std::vector<double>& points);
  void showCanvasMenu(ObjectId id, int vertex, const QPoint& globalPosition);
  void editMaskOnCanvas(ObjectId id);
  void buildDrawingToolbars();
  void joinMasks(const std::vector<ObjectId>& ids);
  void sliceShape(ObjectId id, const std::vector<double>& line);
  void runActionsWithDialog();
  // Annotation modes (main_window_modes.cpp).
  void buildModes();
  void refreshModePanel();
  std::vector<ObjectId> aamObjects() const;
  void stepAamObject(int by);
  void setAamValue(int index, const QString& typed);
  void startSingleShape();
  void nextSingleShapeFrame();
  void addTag(LabelId label);      // tag annotation mode: then the next frame, when chosen
  void createTag(LabelId label);   // one undo step, no checks
  void editShapeOnCanvas(ObjectId id, const std::function<void(ShapeState&)>& change, bool finished);
  void applyImageSettings(const ImageSettings& settings);
  // Ctrl+R / Ctrl+Shift+R: quarter turns of the shown image (or of all, per the image settings).
  void rotateImage(int quarterTurns);

  std::unique_ptr<Session> session_;
  AnnotationContext* context_ = nullptr;  // the frame and the selection every part observes
  ViewSettings settings_;  // F2's, as last applied
  QTimer* autosaveTimer_ = nullptr;
  QMenu* recentMenu_ = nullptr;
  QTimer* playTimer_ = nullptr;
  QElapsedTimer playClock_;             // while playing: when each frame was shown
  std::deque<qint64> playedFrames_;     // … over the last two seconds
  qint64 lastRateShown_ = -1000;
  LabelId currentLabel_ = kNoLabel;
  std::optional<Filter> filter_;  // objects listed and drawn (CVAT's filter language)
  edits::Clipboard clipboard_;  // for new cuboids; kNoLabel: the first label that takes cuboids  // Space: one frame every 100 ms, once the shown one is loaded
  ContextImagesPanel* contextImages_ = nullptr;
  CuboidDetails* details_ = nullptr;
  ProjectionPanes* projections_ = nullptr;
  AttributesPanel* attributes_ = nullptr;
  LabelsPanel* labels_ = nullptr;  // the Labels tab
  QLabel* notices_ = nullptr;  // lasting status: changes recovered from the journal, until saved
  std::unique_ptr<render::Scene> scene_;
  VtkView* view_ = nullptr;
  ImageCanvas* canvas_ = nullptr;
  QLabel* canvasStatus_ = nullptr;
  std::optional<QPointF> canvasCursor_;  // over the canvas, in image pixels
  DrawingToolbar* drawingToolbar_ = nullptr;
  MaskToolbar* maskToolbar_ = nullptr;
  ModePanel* modes_ = nullptr;
  QComboBox* modeBox_ = nullptr;
  int aamAttribute_ = 0;  // attribute annotation: the active attribute's index
  std::pair<ObjectId, int> aamZoomed_{0, -1};  // … the object (and frame) the canvas last zoomed on
  ShapeType drawType_ = ShapeType::Rectangle;
  bool drawByPoints_ = false;
  ImageSettings imageSettings_;
  std::optional<bool> shownWorkspaceIsImages_;  // which workspace's docks are set up
  std::map<int, int> frameTurns_;  // quarter turns of each image (rotating one at a time)
  int allTurns_ = 0;               // … of every image (rotating all)
  bool drawingTrack_ = false;          // the shape being drawn starts a track
  LabelId drawingLabel_ = kNoLabel;    // … with this label
  QTreeWidget* objectList_ = nullptr;
  NavigationBar* navigation_ = nullptr;
  std::map<ActionId, QAction*> actions_;
  struct Placement {
    Placing what = Placing::Nothing;
    Cuboid3D box;
    ObjectId moved = 0;        // Moved: the object picked up
    LabelId label = kNoLabel;  // NewShape / NewTrack
  };
  Placement placement_;
  ObjectId hovered_ = 0;
  std::optional<ChoiceMode> choosing_;  // M or G pressed: the objects chosen so far
  AppearancePanel* appearancePanel_ = nullptr;
  Appearance appearance_;
  QComboBox* objectSort_ = nullptr;
  std::map<ObjectId, std::uint64_t> updated_;  // when each object last changed (a counter), for sorting
  std::uint64_t updates_ = 0;
  std::optional<QPointF> cursor_;  // over the 3D view, in its pixels
  std::vector<render::SceneCuboid> drawnCuboids_;  // what the view shows, for picking
  int shownFrame_ = -1;  // whose cloud the scene shows
  bool firstCloud_ = true;
};

}  // namespace labelstation::app

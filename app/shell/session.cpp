#include "session.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "labelstation/core/edits.h"
#include "labelstation/io/errors.h"
#include "labelstation/io/point_cloud_io.h"
#include "labelstation/io/dataset_source.h"
#include "labelstation/io/synthetic_street.h"

namespace labelstation::app {
namespace fs = std::filesystem;

namespace {

// The synthetic street, scanned on demand.
class SyntheticSource : public io::FrameSource {
 public:
  explicit SyntheticSource(int frames) : frames_(frames) {}
  int frameCount() const override { return frames_; }
  io::FrameData load(int frame) override {
    io::FrameData data;
    data.cloud = street_.scan(frame);
    return data;
  }

 private:
  int frames_;
  io::SyntheticStreet street_;
};

}  // namespace

void Session::start(Task task, std::shared_ptr<io::FrameSource> source) {
  start(std::make_unique<Document>(std::move(task)), std::move(source));
}

void Session::start(std::unique_ptr<Document> document, std::shared_ptr<io::FrameSource> source) {
  document_ = std::move(document);
  undo_ = std::make_unique<UndoStack>(*document_);
  cache_ = std::make_unique<io::FrameCache>(std::move(source));
}

Session::~Session() {
  if (firstChangeToken_ >= 0) document_->unsubscribe(firstChangeToken_);
  // Unsaved work stays registered, for the next start to offer; otherwise the entry goes.
  if (recovery_ && !hasUnsavedChanges()) recovery_->release();
  journal_.reset();  // stops listening before the document goes
  cache_.reset();    // joins the loader before the files it reads go away
  stopExtracting_ = true;
  if (extractor_.joinable()) extractor_.join();
  if (dataset_ && dataset_->extracted) {
    std::error_code ec;
    fs::remove_all(dataset_->root, ec);
  }
}

std::unique_ptr<Session> Session::synthetic(int frames) {
  std::unique_ptr<Session> s(new Session);
  s->title_ = "synthetic street";
  s->source_ = io::kSyntheticSource;
  Task task;
  task.name = s->title_;
  task.dimension = TaskDimension::PointCloud3D;
  task.labels = defaultLidarLabels();
  for (int f = 0; f < frames; ++f) task.frames.push_back({"synthetic_" + std::to_string(f), "", {}, false});
  s->start(std::move(task), std::make_shared<SyntheticSource>(frames));

  // One track per object, keyframed on the first and last frame: the frames between are
  // interpolated, as an annotator would leave them.
  const io::SyntheticStreet street;
  const auto first = street.objectsAt(0), last = street.objectsAt(frames - 1);
  std::vector<AnnotationObject> tracks;
  for (std::size_t i = 0; i < first.size(); ++i) {
    AnnotationObject track;
    track.kind = ObjectKind::Track;
    track.label = s->document_->labels().labelByName(first[i].label)->id;
    for (const auto& [frame, objects] : {std::pair{0, &first}, std::pair{frames - 1, &last}}) {
      ShapeState state;
      state.type = ShapeType::Cuboid3D;
      state.points = (*objects)[i].box.toPoints();
      track.keyframes[frame] = state;
    }
    tracks.push_back(track);
  }
  edits::create(*s->document_, tracks)->apply(*s->document_);  // the starting state, not an undo step
  return s;
}

std::unique_ptr<Session> Session::open(const fs::path& path) {
  if (path.extension() == ".lsproj") return openProject(path);
  return openDataset(path, {});
}

// A video's frames, named as CVAT names them ("frame_000000"), each read from the video.
std::vector<FrameInfo> videoFrames(const fs::path& video, int count, int width, int height) {
  std::vector<FrameInfo> frames;
  char name[32];
  for (int i = 0; i < count; ++i) {
    std::snprintf(name, sizeof name, "frame_%06d", i);
    frames.push_back({name, video.string(), {}, false, width, height});
  }
  return frames;
}

std::unique_ptr<Session> Session::openVideo(const fs::path& path, const LabelSchema& labels) {
  std::unique_ptr<Session> s(new Session);
  auto source = std::make_shared<io::VideoFrameSource>(path);  // throws IoError naming the file
  io::Dataset video;  // the video's folder; frames all point at the video
  video.source = video.root = path;
  video.layout = io::DatasetLayout::Images2D;
  s->dataset_ = video;
  s->title_ = path.filename().string();
  s->source_ = fs::absolute(path).lexically_normal().string();
  Task task;
  task.name = s->title_;
  task.dimension = TaskDimension::Image2D;
  task.labels = labels.empty() ? defaultImageLabels() : labels;
  const io::Image first = source->load(0).image;  // its size, for the task's frames
  task.frames = videoFrames(path, source->frameCount(), first.width, first.height);
  s->start(std::move(task), source);
  return s;
}

std::unique_ptr<Session> Session::openDataset(const fs::path& path, const LabelSchema& labels) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec) && io::isVideoFile(path)) return openVideo(path, labels);
  std::unique_ptr<Session> s(new Session);
  const bool cloudFile = fs::is_regular_file(path, ec) && io::isPointCloudFile(path);
  if (cloudFile || (fs::is_regular_file(path, ec) && io::isImageFile(path))) {
    io::Dataset single;  // one cloud or image opened on its own
    single.source = single.root = path.parent_path();
    single.layout = cloudFile ? io::DatasetLayout::PointCloudsFlat : io::DatasetLayout::Images2D;
    single.frames.push_back({path.stem().string(), path, {}});
    s->dataset_ = single;
  } else {
    io::ScanOptions options;
    options.deferMedia = true;  // frame 0 shows while the rest of a zip is still extracting
    s->dataset_ = io::scanDataset(path, options);
  }
  const io::Dataset& dataset = *s->dataset_;
  // The labels must be able to hold what the data is annotated with.
  const bool cloud = dataset.is3D();
  if (!labels.empty() && std::none_of(labels.allLabels().begin(), labels.allLabels().end(), [cloud](const Label& l) {
        return cloud ? labelAllowsShape(l.type, ShapeType::Cuboid3D)
                     : l.type != LabelType::Cuboid3D && l.type != LabelType::Tag && l.parent == kNoLabel;
      }))
    throw io::IoError(path.string(), cloud ? "none of the labels takes cuboids (type any or cuboid_3d): a point cloud task needs one"
                                           : "holds images, but every label is for 3D cuboids or tags: an image task needs a 2D label");
  s->title_ = fs::absolute(path).lexically_normal().filename().string();
  if (s->title_.empty()) s->title_ = path.string();
  s->source_ = fs::absolute(path).lexically_normal().string();
  Task task = io::taskFromDataset(dataset, s->title_);
  task.labels = !labels.empty() ? labels : cloud ? defaultLidarLabels() : defaultImageLabels();
  s->loadCalibration();
  s->start(std::move(task), std::make_shared<io::DatasetFrameSource>(dataset));
  if (auto media = dataset.deferredMedia) {
    s->extractor_ = std::thread([media, stop = &s->stopExtracting_] {
      try {
        media->extractAll(stop);
      } catch (const std::exception&) {
        // A damaged entry (or a full disk): the frame that needs it reports it when it loads.
      }
    });
  }
  return s;
}

bool Session::extractAllMedia(const std::atomic<bool>* stop) {
  return !dataset_ || !dataset_->deferredMedia || dataset_->deferredMedia->extractAll(stop);
}

std::unique_ptr<Session> Session::newTask(const fs::path& dataset, const LabelSchema& labels) {
  if (dataset.extension() == ".lsproj") throw io::IoError(dataset.string(), "is a project: open it instead");
  return openDataset(dataset, labels);
}

std::unique_ptr<Session> Session::openProject(const fs::path& file) {
  io::LoadedProject loaded = io::loadProject(file);
  io::ProjectContents& c = loaded.contents;
  std::unique_ptr<Session> s(new Session);
  // The frames as the project lists them (no rescan: the project fixes their order and names).
  io::Dataset frames;
  frames.source = frames.root = c.dataset;
  frames.layout = c.task.dimension == TaskDimension::PointCloud3D ? io::DatasetLayout::PointCloudsFlat : io::DatasetLayout::Images2D;
  for (const FrameInfo& f : c.task.frames) {
    io::DatasetFrame frame{f.name, f.path, {}};
    for (const auto& image : f.relatedImages) frame.relatedImages.push_back(image);
    frames.frames.push_back(std::move(frame));
  }
  s->dataset_ = frames;
  s->title_ = file.stem().string();
  s->projectFile_ = file;
  s->source_ = fs::absolute(file).lexically_normal().string();
  s->settings_ = c.settings;
  s->notices_ = loaded.warnings;
  if (loaded.journalEntries > 0)
    s->notices_.push_back("Recovered " + std::to_string(loaded.journalEntries) + " unsaved change" +
                          (loaded.journalEntries == 1 ? "" : "s") + " from the journal");
  // A video task's frames come from its video (the project's dataset is the video file).
  std::error_code ec;
  std::shared_ptr<io::FrameSource> source;
  if (fs::is_regular_file(c.dataset, ec) && io::isVideoFile(c.dataset)) source = std::make_shared<io::VideoFrameSource>(c.dataset);
  else source = std::make_shared<io::DatasetFrameSource>(frames);
  s->start(io::documentOf(c), std::move(source));
  s->journal_ = std::make_unique<io::ProjectJournal>(file, *s->document_);
  s->loadCalibration();
  return s;
}

std::unique_ptr<Session> Session::recover(const io::RecoveryRecord& record) {
  std::unique_ptr<Session> s;
  if (!record.untitled) {
    s = openProject(record.project);  // its journal replays
  } else {
    io::LoadedProject loaded = io::loadProject(record.project);
    s = record.source == io::kSyntheticSource ? synthetic() : openDataset(record.source, {});
    // The frames must be the ones the work was made on; their deleted flags come from the work.
    Task task = s->document_->task();
    const std::vector<FrameInfo>& saved = loaded.contents.task.frames;
    bool same = saved.size() == task.frames.size();
    for (std::size_t i = 0; same && i < saved.size(); ++i) same = saved[i].name == task.frames[i].name;
    if (!same)
      throw io::IoError(record.source, "no longer holds the frames the unsaved work was made on (" + std::to_string(saved.size()) +
                                           " frames then, " + std::to_string(task.frames.size()) + " now); the work is kept in " +
                                           record.project.string());
    for (std::size_t i = 0; i < saved.size(); ++i) task.frames[i].deleted = saved[i].deleted;
    task.labels = loaded.contents.task.labels;
    loaded.contents.task = std::move(task);
    s->document_ = io::documentOf(loaded.contents);
    s->undo_ = std::make_unique<UndoStack>(*s->document_);
    s->notices_ = loaded.warnings;
    s->recovered_ = true;
  }
  s->recovery_ = io::RecoveryClaim::adopt(record);
  if (!s->recovery_) throw io::IoError(record.project.string(), "is open in another Labelstation window");
  if (record.untitled) s->journal_ = std::make_unique<io::ProjectJournal>(record.project, *s->document_);
  s->notices_.push_back("Recovered the unsaved work of " + record.title);
  return s;
}

void Session::registerForRecovery(const fs::path& folder) {
  if (recovery_) return;
  recoveryFolder_ = folder;
  recovery_ = io::RecoveryClaim::create(folder, title_, source_, projectFile_);
  if (projectFile_.empty()) journalUntitledChanges();
}

void Session::journalUntitledChanges() {
  firstChangeToken_ = document_->subscribe([this](const std::vector<ChangeEvent>& events) {
    if (std::all_of(events.begin(), events.end(), [](const ChangeEvent& e) { return e.type == ChangeEvent::Type::ViewStateChanged; }))
      return;
    document_->unsubscribe(std::exchange(firstChangeToken_, -1));
    try {
      // The document as it is now, this change included; the journal takes every later one.
      journal_ = recovery_->startUntitledJournal(*document_, source_);
    } catch (const io::IoError& e) {
      notices_.push_back(std::string("Crash recovery is off: ") + e.what());
    }
  });
}

void Session::discardUnsavedChanges() {
  if (!projectFile_.empty()) {
    if (journal_) journal_->discard();
    return;
  }
  journal_.reset();
  recovered_ = false;
  undo_->setClean();
  if (!recovery_) return;
  recovery_->release();
  recovery_.reset();
  // The task stays open until it is replaced (or the replacing fails): later changes are
  // journalled afresh.
  registerForRecovery(recoveryFolder_);
}

void Session::loadCalibration() {
  if (!dataset_) return;
  const fs::path root = dataset_->root;
  std::error_code ec;
  try {
    if (fs::exists(root / "calib_velo_to_cam.txt", ec) && fs::exists(root / "calib_cam_to_cam.txt", ec))
      calibration_ = io::readKittiRawCalibration(root / "calib_velo_to_cam.txt", root / "calib_cam_to_cam.txt");
    else if (fs::exists(root / "calibration.json", ec))
      calibration_ = io::readCalibrationJson(root / "calibration.json");
  } catch (const io::IoError& e) {
    // The frames are still worth annotating: the camera images just go without overlays.
    notices_.push_back(std::string("Calibration not used: ") + e.what());
  }
}

const io::CameraCalibration* Session::cameraFor(int frame, std::size_t image) const {
  if (!calibration_ || frame < 0 || frame >= document_->frameCount()) return nullptr;
  const FrameInfo& info = document_->frame(frame);
  if (image >= info.relatedImages.size()) return nullptr;
  for (const auto& part : fs::path(info.relatedImages[image]))
    if (const io::CameraCalibration* camera = calibration_->camera(part.string())) return camera;
  return image < calibration_->cameras.size() ? &calibration_->cameras[image] : nullptr;
}

fs::path Session::datasetPath() const {
  if (!dataset_) return {};
  return dataset_->extracted ? dataset_->source : dataset_->root;
}

void Session::save() {
  if (projectFile_.empty()) throw io::IoError(title_, "has no project file yet: save it as one first");
  journal_->save(datasetPath(), settings_);
  undo_->setClean();
}

void Session::saveAs(const fs::path& file) {
  if (dataset_ && dataset_->extracted)
    throw io::IoError(file.string(), "this dataset was opened from a zip, whose files are only extracted for this session; "
                                     "create the project with `labelstation-cli create PROJECT --data ZIP`, which keeps them beside it");
  io::saveProject(file, io::projectContentsOf(*document_, datasetPath(), settings_));
  if (firstChangeToken_ >= 0) document_->unsubscribe(std::exchange(firstChangeToken_, -1));
  journal_.reset();
  journal_ = std::make_unique<io::ProjectJournal>(file, *document_);
  projectFile_ = file;
  source_ = fs::absolute(file).lexically_normal().string();
  title_ = file.stem().string();
  recovered_ = false;
  undo_->setClean();
  if (recovery_) {
    try {
      recovery_->becomeProject(file);
    } catch (const io::IoError& e) {
      notices_.push_back(std::string("Crash recovery registration: ") + e.what());
    }
  }
}

bool Session::autosaveIfDue(std::chrono::steady_clock::time_point now) {
  if (projectFile_.empty() || !journal_ || !journal_->autosaveIfDue(now, datasetPath(), settings_)) return false;
  undo_->setClean();
  return true;
}

bool Session::hasUnsavedChanges() const {
  if (!projectFile_.empty()) return journal_ && journal_->entries() > 0;
  return recovered_ || !undo_->isClean();
}

}  // namespace labelstation::app

// labelstation: the GUI. `--screenshot FILE` renders the window headless (under Xvfb) and exits.

#include <QApplication>
#include <QCommandLineParser>
#include <QSurfaceFormat>
#include <QTimer>
#include <QWindow>
#include <cstdio>

#include "labelstation/io/errors.h"
#include "labelstation/io/point_cloud_io.h"
#include "main_window.h"
#include "labelstation/io/annotation_formats.h"
#include "recovery_dialog.h"
#include "screenshot.h"

int main(int argc, char** argv) {
  labelstation::io::keepFreedMemoryForFrameLoading();
  QSurfaceFormat::setDefaultFormat(labelstation::app::vtkSurfaceFormat());
  QApplication app(argc, argv);
  QApplication::setApplicationName("Labelstation");
  QApplication::setApplicationVersion(LABELSTATION_VERSION);

  QCommandLineParser parser;
  parser.setApplicationDescription("Annotate LiDAR point clouds and camera images.");
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption open({"o", "open"}, "Open a point cloud, or a dataset folder or zip.", "PATH");
  QCommandLineOption screenshot("screenshot", "Render the window to FILE (PNG) and exit.", "FILE");
  QCommandLineOption frame("frame", "Start on frame N.", "N", "0");
  QCommandLineOption size("size", "Window size for screenshots, WxH.", "WxH", "1280x800");
  QCommandLineOption colorBy("color-by", "Colour points by height, intensity, rgb or white (remembered).", "MODE");
  QCommandLineOption select("select", "Select object ID (its projections and details show).", "ID");
  QCommandLineOption import("import", "Import annotations from FILE into the opened task (its labels are added when missing).", "FILE");
  QCommandLineOption importFormat("import-format", "The format of --import: cvat_images, cvat_video, kitti_raw, … (default cvat_images).",
                                  "ID", "cvat_images");
  parser.addOptions({open, screenshot, frame, size, colorBy, select, import, importFormat});
  parser.addPositionalArgument("path", "Same as --open.", "[path]");
  parser.process(app);

  QString path = parser.value(open);
  if (path.isEmpty() && !parser.positionalArguments().isEmpty()) path = parser.positionalArguments().front();

  std::unique_ptr<labelstation::app::Session> session;
  try {
    session = path.isEmpty() ? labelstation::app::Session::synthetic()
                             : labelstation::app::Session::open(path.toStdString());
  } catch (const labelstation::io::IoError& e) {
    std::fprintf(stderr, "labelstation: %s\n", e.what());
    return 2;
  }

  labelstation::app::MainWindow window(std::move(session));
  const QStringList wh = parser.value(size).split('x');
  if (wh.size() == 2) window.resize(wh[0].toInt(), wh[1].toInt());
  if (parser.isSet(colorBy)) {
    const QString mode = parser.value(colorBy);
    const QStringList modes{"height", "intensity", "rgb", "white"};
    if (!modes.contains(mode)) {
      std::fprintf(stderr, "labelstation: --color-by takes height, intensity, rgb or white, not %s\n", qPrintable(mode));
      return 2;
    }
    window.setPointColoring(static_cast<labelstation::render::PointColoring>(modes.indexOf(mode)));
  }
  if (parser.isSet(import)) {
    const auto* format = labelstation::io::findAnnotationFormat(parser.value(importFormat).toStdString());
    if (!format) {
      std::fprintf(stderr, "labelstation: no annotation format %s\n", qPrintable(parser.value(importFormat)));
      return 2;
    }
    labelstation::io::ImportOptions options;
    options.createMissingLabels = true;
    QString failure;
    if (!window.importAnnotations(*format, parser.value(import).toStdString(), options, &failure)) {
      std::fprintf(stderr, "labelstation: %s\n", qPrintable(failure));
      return 2;
    }
  }
  window.setFrame(parser.value(frame).toInt());
  if (parser.isSet(select)) window.selectObject(parser.value(select).toLongLong());
  window.show();

  if (parser.isSet(screenshot)) {
    const QString file = parser.value(screenshot);
    // Nothing an annotator did: what --import brought is not kept for recovery.
    window.session().discardUnsavedChanges();
    if (!labelstation::app::saveWindowScreenshot(window, file, [&] { return window.isFrameLoaded(); })) {
      std::fprintf(stderr, "labelstation: cannot write screenshot %s\n", qPrintable(file));
      return 1;
    }
    return 0;
  }
  // Work a session left unsaved (a crash, a kill) is offered once the window is up.
  QTimer::singleShot(0, &window, [&window] { labelstation::app::offerRecovery(window); });
  return app.exec();
}

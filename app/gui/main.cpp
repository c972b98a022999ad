// SPDX-License-Identifier: GPL-3.0-or-later
// mobilenet-lab: the desktop application. Parses the command line and shows the window (ui/,
// mnl_ui); for --screenshot, --measure and --soak it also drives the window from here
// (scripted_screenshot.h, pipeline_meter.h) and quits when they are done.
#include <QApplication>
#include <QIcon>
#include <QJsonDocument>
#include <QStringList>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "mnl/media/source_worker.h"
#include "mnl/process_setup.h"
#include "mnl/version.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/save_whole.h"
#include "mnl/ui/status_bar.h"
#include "command_line.h"
#include "guarded_application.h"
#include "pipeline_meter.h"
#include "scripted_screenshot.h"
#include "simulated_camera.h"

int main(int argc, char* argv[]) {
  QCoreApplication::setOrganizationName(QStringLiteral("MobileNetLab"));
  QCoreApplication::setApplicationName(QStringLiteral("mobilenet-lab"));
  QCoreApplication::setApplicationVersion(QString::fromLatin1(mnl::kVersion));

  // Parsed before QApplication exists, so --help, --version and a bad option work without a
  // display.
  QStringList arguments;
  for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
  QString error;
  int exitCode = 0;
  std::optional<mnl::gui::LaunchPlan> launch =
      mnl::gui::parseCommandLine(arguments, &error, &exitCode);
  if (!launch) {
    if (!error.isEmpty()) std::fprintf(stderr, "mobilenet-lab: %s\n", qPrintable(error));
    return exitCode;
  }
  // The network's OpenMP threads sleep as soon as a layer is done instead of spinning for
  // milliseconds on cores the capture and drawing threads need (docs/benchmarks.md, "A busy
  // machine"): libgomp reads that only when the program loads, so the window starts itself
  // again with it, once, unless the person chose a policy in the environment. Two malloc
  // arenas keep the memory its threads free from wandering (heap_policy.h).
  try {
    mnl::configureProcess(argv, {.openMpWait = mnl::OpenMpWait::Passive, .heapArenas = 2});
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "mobilenet-lab: %s; the network's threads spin between layers\n",
                 e.what());
  }
  mnl::ui::WindowOptions& options = launch->window;
  // A scripted screenshot should not change what the next interactive run starts with.
  if (!launch->screenshot.isEmpty()) options.useSavedSettings = false;
  const bool metering = launch->measureSeconds > 0 || launch->soakFrames > 0;
  std::optional<mnl::gui::MeterPlan> plan;
  std::unique_ptr<mnl::gui::SimulatedCamera> camera;
  if (metering) {
    // Measurements start from the defaults (or the command line), never from the last session,
    // and read frames from a simulated camera faster than the network.
    options.useSavedSettings = false;
    camera = std::make_unique<mnl::gui::SimulatedCamera>();
    options.sourceFactory = camera->factory();
    plan.emplace();
    if (launch->soakFrames > 0) {
      plan->mode = mnl::gui::MeterPlan::Mode::Soak;
      plan->frames = launch->soakFrames;
      plan->soakSeconds = launch->soakSeconds;
      // A timed soak measures memory at a fixed point once a minute (MeterPlan::tour).
      if (plan->soakSeconds > 0) plan->tourEveryMs = 60'000;
      plan->sources = launch->soakSources;
      plan->seed = launch->seed;
    } else {
      plan->seconds = launch->measureSeconds;
    }
  }
  const QString reportFile = launch->report;
  const QString screenshotFile = launch->screenshot;
  const int screenshotFrames = launch->screenshotFrames;

  int code = 0;
  {
    mnl::gui::GuardedApplication app(argc, argv);
    QGuiApplication::setDesktopFileName(QStringLiteral(MNL_APP_ID));
    QApplication::setWindowIcon(QIcon::fromTheme(
        QStringLiteral(MNL_APP_ID), QIcon(QStringLiteral(":/icons/" MNL_APP_ID ".png"))));
    mnl::ui::MainWindow window(std::move(options));
    if (camera) camera->attach(window.inference());
    window.show();
    std::unique_ptr<mnl::gui::ScriptedScreenshot> screenshot;
    if (!screenshotFile.isEmpty()) {
      screenshot = std::make_unique<mnl::gui::ScriptedScreenshot>(&window, screenshotFile,
                                                                  screenshotFrames);
      QObject::connect(screenshot.get(), &mnl::gui::ScriptedScreenshot::finished, &window,
                       [&](bool saved) {
                         if (!saved)
                           std::fprintf(stderr, "mobilenet-lab: could not write %s\n",
                                        qPrintable(screenshotFile));
                         window.close();
                         QCoreApplication::exit(saved ? 0 : 1);
                       });
      screenshot->start();
    }
    std::unique_ptr<mnl::gui::PipelineMeter> meter;
    if (plan) {
      if (plan->sources.isEmpty())
        plan->sources << QString::fromStdString(window.demoClip().string());
      meter = std::make_unique<mnl::gui::PipelineMeter>(&window, *plan);
      QObject::connect(meter.get(), &mnl::gui::PipelineMeter::finished, &window, [&](bool ok) {
        std::printf("%s\n", qPrintable(meter->summary()));
        if (!reportFile.isEmpty()) {
          if (!mnl::ui::saveTextWhole(QJsonDocument(meter->report().toJson()).toJson(), reportFile))
            std::fprintf(stderr, "mobilenet-lab: could not write %s\n", qPrintable(reportFile));
        }
        window.close();
        QCoreApplication::exit(ok ? 0 : 1);
      });
      meter->start();
    }
    code = QApplication::exec();
  }
  // Closing the window never waits on a source: a worker inside a call (a camera open that
  // takes seconds, a hung seek) was let go and finishes it on its own thread, inside OpenCV.
  // Static destructors (OpenCV's, the C++ runtime's) must not run under its feet, so wait for
  // it here, with the window gone and the settings saved. Every source call gives up on its
  // own within seconds (camera_source.cpp, video_file_source.cpp). A call still running after
  // several times that is blocked in the kernel (a hung file system), not running OpenCV's
  // code: the process then exits anyway, and says so.
  constexpr std::chrono::seconds kAbandonedWait{15};
  if (!mnl::SourceWorker::waitForAbandoned(kAbandonedWait))
    std::fprintf(stderr, "mobilenet-lab: a frame source call did not return; exiting anyway\n");
  return code;
}

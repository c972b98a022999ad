// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the window starts with: the command line ([FILE…], --source, --alpha, --resolution, --layer,
// --mode, --device, --precision, --screenshot, --measure, --soak) over the saved settings over the defaults.

#include <QString>
#include <QStringList>
#include <filesystem>
#include <optional>

#include "mnl/architecture.h"
#include "mnl/compute_device.h"
#include "mnl/media/source_factory.h"

namespace mnl::ui {

struct LaunchOptions {
  QString source;  // camera index, file or folder; empty: last source, a camera, or the demo clip
  // `mobilenet-lab FILE…`: the first weights file (told by content) loads as the user's model;
  // the first other file opens as the source where --source gives none.
  QStringList files;
  std::optional<double> alpha;
  std::optional<int> resolution;
  std::optional<ConvMode> conv;
  QString layer;
  QString saliency;  // --saliency cam, gradcam or gradcam:LAYER; empty: off
  std::optional<DeviceKind> device;    // empty: CUDA when available
  Precision precision = Precision::Float32;  // --precision fp16: CUDA only (the CPU stays FP32)
  int threads = 0;                     // CPU threads for the network; 0: one fewer than the machine has
  bool adaptThreads = true;            // fewer while other programs are busy; --fixed-threads: off
  QString screenshot;                  // save the window here after the first frames, then quit
  int screenshotFrames = 12;           // classified frames to show before the screenshot
  bool useSavedSettings = true;        // tests start from the defaults and leave no trace
  bool machineView = false;            // --machine-view: show "Your machine" from the start
  std::filesystem::path resourcesDir;  // empty: mnl::defaultResourcesDir()
  int settleMs = 50;  // see InferenceThread::Options
  SourceFactory sourceFactory;  // empty: mnl::openSource (tests hand in fake sources)
  // The app measuring itself (PipelineMeter), then quitting: --measure SECONDS (steady phase,
  // then α/ρ switches) or --soak FRAMES (random changes), the JSON report to --report FILE.
  double measureSeconds = 0;
  long long soakFrames = 0;
  double soakSeconds = 0;  // --soak-seconds: the soak also ends then (0: frames alone)
  QStringList soakSources;  // --soak-source, repeatable; empty: the demo clip alone
  unsigned seed = 1;
  QString report;
};

// Parses the application's arguments (argv[0] first). On --help/--version prints and returns
// nullopt with *exitCode 0; on an invalid option or value returns nullopt with *error set and
// *exitCode 2.
std::optional<LaunchOptions> parseCommandLine(const QStringList& arguments, QString* error,
                                              int* exitCode);

}  // namespace mnl::ui

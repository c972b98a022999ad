// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the window starts with: what the program was told (app/gui/command_line.h parses it)
// over the saved settings over the defaults. What the program does with the window after
// (--screenshot, --measure, --soak) is the program's, not the window's.

#include <QString>
#include <QStringList>
#include <filesystem>
#include <optional>

#include "mnl/architecture.h"
#include "mnl/compute_device.h"
#include "mnl/media/source_factory.h"

namespace mnl::ui {

struct WindowOptions {
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
  // --precision: fp16 on CUDA only; bf16 and int8 on a CPU with the instructions (else FP32)
  Precision precision = Precision::Float32;
  int threads = 0;                     // CPU threads for the network; 0: one fewer than the machine has
  bool adaptThreads = true;            // fewer while other programs are busy; --fixed-threads: off
  bool useSavedSettings = true;        // tests start from the defaults and leave no trace
  bool machineView = false;            // --machine-view: show "Your machine" from the start
  QString teachFolder;                 // --teach DIR: the Teach room open, DIR imported, taught
  std::filesystem::path resourcesDir;  // empty: mnl::defaultResourcesDir()
  int settleMs = 50;  // see InferenceThread::Options
  SourceFactory sourceFactory;  // empty: mnl::openSource (tests hand in fake sources)
};

}  // namespace mnl::ui

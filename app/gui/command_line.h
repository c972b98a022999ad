// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// mobilenet-lab's command line: what the window starts with (ui::WindowOptions) and what this
// program then does with it: a scripted screenshot (--screenshot) or the app measuring itself
// (--measure, --soak, reported to --report).

#include <QString>
#include <QStringList>
#include <optional>

#include "mnl/ui/window_options.h"

namespace mnl::gui {

struct LaunchPlan {
  ui::WindowOptions window;
  QString screenshot;         // save the window here after the first classified frames, then quit
  int screenshotFrames = 12;  // classified frames to show before the screenshot
  // The app measuring itself (PipelineMeter), then quitting: --measure SECONDS (steady phase,
  // then α/ρ switches) or --soak FRAMES (random changes), the JSON report to --report FILE.
  double measureSeconds = 0;
  long long soakFrames = 0;
  double soakSeconds = 0;    // --soak-seconds: the soak also ends then (0: frames alone)
  QStringList soakSources;   // --soak-source, repeatable; empty: the demo clip alone
  unsigned seed = 1;
  QString report;
};

// Parses the application's arguments (argv[0] first). On --help/--version prints and returns
// nullopt with *exitCode 0; on an invalid option or value returns nullopt with *error set and
// *exitCode 2.
std::optional<LaunchPlan> parseCommandLine(const QStringList& arguments, QString* error,
                                           int* exitCode);

}  // namespace mnl::gui

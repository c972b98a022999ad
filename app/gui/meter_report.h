// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the window measured about itself (PipelineMeter, --measure and --soak): one value, from
// which both the JSON report (--report) and the lines for people are made.

#include <QJsonObject>
#include <QString>
#include <optional>
#include <utility>
#include <vector>

#include "mnl/architecture.h"

namespace mnl::gui {

struct MeterReport {
  bool soakMode = false;  // "soak", else "measure"
  QString failure;        // empty: ok
  QString device;
  double seconds = 0;
  long long resultsShown = 0;
  int rebuilds = 0;
  long long framesRun = 0, framesDropped = 0;

  // --measure: the steady phase at one network.
  struct Steady {
    NetworkConfig network;
    QString layer;
    double seconds = 0;
    long long resultsShown = 0;
    std::vector<double> preprocessMs, forwardMs, postprocessMs, captureToScreenMs;
    // The window's drawing per shown frame.
    double frameUpdateMs = 0, framePaintMs = 0, featureUpdateMs = 0, featurePaintMs = 0;
    double fps() const { return seconds > 0 ? double(resultsShown) / seconds : 0; }
    double frameMs() const { return fps() > 0 ? 1000 / fps() : 0; }
    // The app's own overhead per shown frame: preprocessing plus feature-map rendering.
    double overheadMs() const;
  };
  std::optional<Steady> steady;

  // --measure: α/ρ moved to other networks and back, timed until live.
  struct Switches {
    std::vector<NetworkConfig> targets;
    std::vector<double> toNewNetworkMs, backToRecentNetworkMs;
  };
  std::optional<Switches> switches;

  // --soak: what the random walk did.
  struct Soak {
    int controlChanges = 0, sourceSwitches = 0;
    unsigned seed = 1;
  };
  std::optional<Soak> soak;

  // Resident memory, {seconds since start, MiB}: every second, and after each tour (a timed soak).
  std::vector<std::pair<double, double>> rss, rssAfterTour;
  // Heap in use (malloc's, heap_policy.h) at the moments of rssAfterTour: a leak grows it, a
  // fragmented heap does not.
  std::vector<std::pair<double, double>> heapAfterTour;

  bool ok() const { return failure.isEmpty(); }
  QJsonObject toJson() const;
  // A few lines for people.
  QString summary() const;
};

}  // namespace mnl::gui

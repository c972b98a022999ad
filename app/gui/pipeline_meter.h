// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// mobilenet-lab measuring itself, on the real window, threads, engine and sources:
//
// - Measure: for a while, frames shown per second, the time of each stage of a frame
//   (preprocessing, network, post-processing on the inference thread; converting and painting
//   the camera frame and the feature maps on the UI thread), resident memory every second;
//   then the time from moving α/ρ to the first result of the new network on screen, over
//   several switches. For `mobilenet-lab --measure` and scripts/bench-app.sh.
// - Soak: random α/ρ/layer/page changes every few frames and a source switch now and then,
//   watching for a stall (no result for stallMs while one is due) and recording resident
//   memory. For `mobilenet-lab --soak`, scripts/soak.sh and the short tst_soak.
//
// Frames should come faster than the network runs, as from a camera faster than the network
// (simulated_camera.h): a video played at its own 15 FPS would measure the video.

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QTimer>
#include <optional>
#include <random>
#include <vector>

#include "meter_report.h"
#include "mnl/architecture.h"
#include "mnl/ui/main_window.h"

namespace mnl::gui {

struct MeterPlan {
  enum class Mode { Measure, Soak };
  Mode mode = Mode::Measure;
  // Measure: the steady phase, then a move of the controls to each of `switchTargets` and back
  // (each waits for the first result of the network moved to on screen, then
  // `settleAfterSwitchMs`). Each target is a network not built before (trained or not): the
  // engine keeps the last few it built, so a move back is a network built recently.
  double seconds = 10;
  int warmupResults = 30;  // results shown before the steady phase starts counting
  std::vector<NetworkConfig> switchTargets{
      {0.75, 192, 1000, ConvMode::Separable}, {1.0, 224, 1000, ConvMode::Separable},
      {0.25, 128, 1000, ConvMode::Separable}, {0.6, 176, 1000, ConvMode::Separable},
      {0.35, 112, 1000, ConvMode::Separable}, {0.85, 208, 1000, ConvMode::Separable},
      {0.45, 144, 1000, ConvMode::Separable}, {0.9, 256, 1000, ConvMode::Separable},
      {0.3, 96, 1000, ConvMode::Separable},   {0.65, 240, 1000, ConvMode::Separable}};
  int settleAfterSwitchMs = 500;
  // Soak: ends after `frames` results shown, or after `soakSeconds` when that is set (an hour's
  // soak, scripts/soak.sh --minutes); a control change every 1 to 6 results' worth of time
  // (random), a source switch every `sourceEveryMs` (random ±50%) among `sources`.
  long long frames = 10000;
  double soakSeconds = 0;
  // Every `tourEveryMs` (0: never) the soak leaves its random walk for a fixed tour: the first
  // source, layer conv0, page 1, then the networks of `tour` in turn, each until it is live;
  // a second after the last one it measures resident memory. The window then holds the same
  // networks and buffers at every such measurement, so they compare: what they gain over an
  // hour is memory lost, not the network that happened to be in use (scripts/soak.sh --minutes).
  int tourEveryMs = 0;
  std::vector<NetworkConfig> tour = {{0.25, 160, 1000, ConvMode::Separable},
                                     {0.75, 160, 1000, ConvMode::Separable},
                                     {1.0, 160, 1000, ConvMode::Separable},
                                     {0.5, 160, 1000, ConvMode::Separable}};
  QStringList sources;
  int sourceEveryMs = 8000;
  unsigned seed = 1;
  int stallMs = 20000;
};

class PipelineMeter : public QObject {
  Q_OBJECT
 public:
  PipelineMeter(ui::MainWindow* window, MeterPlan plan, QObject* parent = nullptr);

  // Starts once the window has shown its first result.
  void start();
  bool done() const { return done_; }
  // Empty while running; "stalled: …" when results stopped coming.
  QString failure() const { return failure_; }
  // What was measured (empty until done): report().toJson() for --report, summary() for people.
  const MeterReport& report() const { return report_; }
  QString summary() const { return report_.summary(); }

  // Resident set size of this process, MiB (/proc/self/statm; 0 where it cannot be read).
  static double residentMiB();

 signals:
  void finished(bool ok);

 private:
  enum class Phase { WaitingForFirst, Warmup, Steady, Switching, Soak, Tour, Done };
  void onResult();
  void onSecond();
  void beginSwitch();
  void soakAction();
  void scheduleSoakAction();
  void tourNext();
  void finish(const QString& failure);
  double elapsedSeconds() const { return clock_.nsecsElapsed() / 1e9; }

  ui::MainWindow* window_;
  MeterPlan plan_;
  Phase phase_ = Phase::WaitingForFirst;
  QElapsedTimer clock_;       // since start()
  QElapsedTimer sinceResult_; // since the last result shown
  QTimer second_;
  QTimer soakTimer_;
  std::mt19937 random_;

  // Steady phase.
  double steadyStart_ = 0, steadyEnd_ = 0;
  long long steadyResults_ = 0;
  std::vector<double> preprocessMs_, forwardMs_, postprocessMs_, endToEndMs_;
  // The window's drawing clocks when the steady phase began and ended.
  std::optional<ui::MainWindow::DrawingTime> drawAtStart_, drawAtEnd_;
  // Switches.
  NetworkConfig home_;
  std::optional<NetworkConfig> awaited_;
  QElapsedTimer switchClock_;
  int switchesDone_ = 0;
  std::vector<double> newNetworkMs_, recentNetworkMs_;
  // Memory: {seconds since start, MiB}.
  std::vector<std::pair<double, double>> rss_;
  // Soak.
  long long results_ = 0;
  int controlChanges_ = 0, sourceSwitches_ = 0;
  qint64 nextSourceAtMs_ = 0;
  int sourceIndex_ = 0;
  // The soak's tours (MeterPlan::tourEveryMs): the step reached, when the next is due, and the
  // resident memory measured at the end of each.
  int tourStep_ = 0;
  qint64 nextTourAtMs_ = 0;
  std::vector<std::pair<double, double>> tourRss_;
  std::vector<std::pair<double, double>> tourHeap_;  // heap in use (MiB) at the same moments

  bool done_ = false;
  QString failure_;
  MeterReport report_;
};

}  // namespace mnl::gui

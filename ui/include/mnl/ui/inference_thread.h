// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The thread that owns the Engine. It waits for the newest frame (a one-slot mailbox: a frame
// that arrives while the network is busy replaces the one waiting, so nothing queues up), applies
// the newest settings between frames, and sends each result to the UI as an immutable snapshot.
//
// Settings that change the network (α, resolution, conv mode) are coalesced: the thread keeps
// classifying with the network it has until the requested one has been stable for settleMs,
// then rebuilds once, so a slider drag costs one rebuild for where it stopped. With no new frame
// (paused, a still image) a settings change re-runs the last frame, so a frozen frame follows
// the sliders.

#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <atomic>
#include <chrono>
#include <optional>

#include "mnl/engine.h"
#include "mnl/ui/metatypes.h"

namespace mnl::ui {

class InferenceThread : public QThread {
  Q_OBJECT
 public:
  struct Options {
    EngineOptions engine;
    // Quiet time before a network change is built: longer than the gap between the slider
    // steps of a drag (so a drag makes one rebuild), short enough that a new α/ρ is live soon
    // after the slider stops (docs/benchmarks.md gives the time to live).
    int settleMs = 50;
  };

  explicit InferenceThread(Options options, QObject* parent = nullptr);
  ~InferenceThread() override;  // stops and joins

  // Any thread, never blocks for long: the newest frame wins.
  void submitFrame(const Frame& frame);
  // Any thread: the newest settings win; network changes wait for settleMs of quiet.
  void setSettings(const EngineSettings& settings);
  // Any thread: the control has stopped (a slider let go): build the requested network now
  // instead of after settleMs of quiet.
  void settleNow();
  // Any thread: while held, run nothing (no frame, no re-run for new settings, no timing);
  // what comes in meanwhile is kept and run when released. The window holds it while "Your
  // machine" measures, so no forward pass runs beside the sweep's timed runs (both would
  // share the cores and LibTorch's one thread count).
  void setHeld(bool held);
  // Any thread: time every layer once the next frame is done.
  void requestProfile();
  // Asks the loop to end after what it is doing now; join with wait().
  void requestStop();

  // Nothing to do and nothing on its way to the receiver: every frame and setting handed in so
  // far has been classified and taken (for tests that need a quiet pipeline).
  bool idle() const;

  // Counters for the status line and the tests.
  int rebuilds() const { return rebuilds_.load(); }
  long long framesRun() const { return framesRun_.load(); }
  long long framesDropped() const { return framesDropped_.load(); }
  // Called by the receiver of resultReady for each result it takes off its event queue: how
  // many newer results are still queued behind it (the receiver may skip drawing this one).
  int resultTaken() { return queuedResults_.fetch_sub(1) - 1; }

 signals:
  void engineReady(const mnl::DeviceInfo& device);
  void resultReady(const mnl::ui::ResultPtr& result, const mnl::Frame& frame);
  void layerTimingsReady(const mnl::ui::LayerTimings& timings, const mnl::NetworkConfig& network);
  // Emitted on this thread as it takes a frame from its mailbox, which is empty again: a source
  // that reads only what the network will see reads its next frame now.
  void frameTaken();
  // Something went wrong, in words for the status line.
  void warning(const QString& message);
  // The weights or labels file asked for could not be used: the engine runs on with the model
  // it had, and the request is taken back (the next settings carry the old file again).
  // `kept` holds the user model it runs on (file, request, labels, normalisation): the request
  // goes back to exactly that, not to whatever result the window drew last.
  void weightsRejected(const QString& reason, const mnl::EngineSettings& kept);

 protected:
  void run() override;

 private:
  using Clock = std::chrono::steady_clock;

  // Configures `engine` for `settings` and returns the settings it then holds: a user model it
  // refuses (a file that cannot be used) gives way to `kept`, here and in the request, and is
  // reported by weightsRejected; any other failure is thrown.
  EngineSettings configure(Engine& engine, EngineSettings settings, const UserWeights& kept);

  Options options_;
  mutable QMutex mutex_;
  QWaitCondition wake_;
  // Guarded by mutex_:
  std::optional<Frame> pendingFrame_;
  EngineSettings requested_;
  bool haveSettings_ = false;
  bool settingsDirty_ = false;
  Clock::time_point requestedAt_{};
  bool profileRequested_ = false;
  bool stop_ = false;
  bool held_ = false;
  bool busy_ = true;  // between taking work and waiting again (true until the first wait)

  std::atomic<int> rebuilds_{0};
  std::atomic<long long> framesRun_{0};
  std::atomic<long long> framesDropped_{0};
  std::atomic<int> queuedResults_{0};
};

}  // namespace mnl::ui

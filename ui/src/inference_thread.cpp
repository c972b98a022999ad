// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/inference_thread.h"

#include <QMutexLocker>
#include <algorithm>
#include <exception>
#include <vector>

#include "mnl/sample_stats.h"
#include "mnl/ui/next_work.h"

namespace mnl::ui {

InferenceThread::InferenceThread(Options options, QObject* parent)
    : QThread(parent), options_(std::move(options)) {
  setObjectName(QStringLiteral("inference"));
}

InferenceThread::~InferenceThread() {
  requestStop();
  wait();
}

void InferenceThread::submitFrame(const Frame& frame) {
  QMutexLocker lock(&mutex_);
  if (pendingFrame_) framesDropped_.fetch_add(1);
  pendingFrame_ = frame;
  wake_.wakeOne();
}

void InferenceThread::setSettings(const EngineSettings& settings) {
  QMutexLocker lock(&mutex_);
  if (haveSettings_ && settings == requested_) return;
  if (!haveSettings_ || settings.network != requested_.network) requestedAt_ = Clock::now();
  requested_ = settings;
  haveSettings_ = true;
  settingsDirty_ = true;
  wake_.wakeOne();
}

void InferenceThread::setHeld(bool held) {
  QMutexLocker lock(&mutex_);
  held_ = held;
  wake_.wakeOne();
}

void InferenceThread::settleNow() {
  QMutexLocker lock(&mutex_);
  requestedAt_ = Clock::now() - std::chrono::milliseconds(options_.settleMs);
  wake_.wakeOne();
}

void InferenceThread::requestProfile() {
  QMutexLocker lock(&mutex_);
  profileRequested_ = true;
  wake_.wakeOne();
}

bool InferenceThread::idle() const {
  QMutexLocker lock(&mutex_);
  return !busy_ && !pendingFrame_ && !settingsDirty_ && !profileRequested_ &&
         queuedResults_.load() == 0;
}

EngineSettings InferenceThread::configure(Engine& engine, EngineSettings settings,
                                          const UserWeights& kept) {
  try {
    engine.configure(settings);
    return settings;
  } catch (const std::exception& e) {
    // (Before the first model, `kept` is none: the bundled models stand in.)
    if (settings.user == kept) throw;
    // A file that cannot be used: the engine kept the model it had, and so does the request,
    // unless a newer one came in meanwhile.
    {
      QMutexLocker lock(&mutex_);
      if (requested_.user == settings.user) requested_.user = kept;
    }
    settings.user = kept;
    emit weightsRejected(QString::fromUtf8(e.what()), settings);
    engine.configure(settings);
    return settings;
  }
}

void InferenceThread::requestStop() {
  QMutexLocker lock(&mutex_);
  stop_ = true;
  wake_.wakeAll();
}


void InferenceThread::run() {
  std::unique_ptr<Engine> engine;
  try {
    engine = std::make_unique<Engine>(options_.engine);
  } catch (const std::exception& e) {
    emit warning(tr("The inference engine could not start: %1").arg(QString::fromUtf8(e.what())));
    return;
  }
  emit engineReady(engine->device());

  std::optional<Frame> last;  // re-run when settings change with no new frame
  bool configured = false;    // the engine holds settings from requested_ at least once
  EngineSettings applied;
  bool profileAfterRebuild = false;
  const auto settle = std::chrono::milliseconds(options_.settleMs);
  // A closing window joins this thread: between steps that cannot be interrupted (a rebuild, a
  // forward pass, one timed pass) it asks whether to go on, so the close waits for one of them
  // at most, not for a rebuild plus a pass plus three timed passes.
  const auto stopping = [this] {
    QMutexLocker lock(&mutex_);
    return stop_;
  };

  while (true) {
    std::optional<Frame> frame;
    EngineSettings settings;
    bool profile = false;
    {
      QMutexLocker lock(&mutex_);
      busy_ = false;
      while (true) {
        if (stop_) return;
        const Clock::time_point now = Clock::now();
        const NextWork next = nextWork({.haveSettings = haveSettings_,
                                        .configured = configured,
                                        .networkRequested = requested_.network != applied.network,
                                        .quietLongEnough = now - requestedAt_ >= settle,
                                        .frameWaiting = pendingFrame_.has_value(),
                                        .haveLastFrame = last.has_value(),
                                        .settingsChanged = settingsDirty_,
                                        .profileRequested = profileRequested_,
                                        .held = held_});
        if (next.action == NextWork::Action::Run) {
          if (next.takeRequest) {
            settings = requested_;
            settingsDirty_ = false;
          } else {
            settings = applied;  // keep the current network until the slider rests
          }
          frame = std::exchange(pendingFrame_, std::nullopt);
          profile = std::exchange(profileRequested_, false);
          busy_ = true;
          break;
        }
        if (next.action == NextWork::Action::WaitToSettle) {
          const auto left =
              std::chrono::duration_cast<std::chrono::milliseconds>(requestedAt_ + settle - now);
          wake_.wait(&mutex_, static_cast<unsigned long>(std::max<long long>(1, left.count())));
        } else {
          wake_.wait(&mutex_);
        }
      }
    }

    if (frame) emit frameTaken();
    try {
      if (!configured || !(settings == applied)) {
        const bool rebuild = !configured || settings.network != applied.network ||
                             settings.user != applied.user;
        applied = configure(*engine, settings, applied.user);
        configured = true;
        if (rebuild) {
          rebuilds_.fetch_add(1);
          profileAfterRebuild = true;
        }
        if (stopping()) return;
      }
      Frame input;
      if (frame) {
        input = *frame;
      } else {
        // A re-run of the last frame: latency is measured from now, not from its old capture.
        input = *last;
        input.captured = Clock::now();
      }
      last = input;
      ResultPtr result = engine->run(input);
      framesRun_.fetch_add(1);
      queuedResults_.fetch_add(1);
      emit resultReady(result, input);
      // A timed pass is several forward passes: never make a closing window wait for one.
      if ((profile || profileAfterRebuild) && !stopping()) {
        profileAfterRebuild = false;
        // Three passes of one repetition, not profileLayers(3), so a close waits for one pass
        // at most; the median of the three per layer is what profileLayers(3) reports.
        std::vector<LayerTimings> passes;
        for (int i = 0; i < 3 && !stopping(); ++i) passes.push_back(engine->profileLayers(1));
        if (passes.size() == 3) {
          LayerTimings timings = passes.front();
          for (std::size_t layer = 0; layer < timings.size(); ++layer) {
            std::vector<double> ms;
            for (const LayerTimings& pass : passes) ms.push_back(pass[layer].milliseconds);
            timings[layer].milliseconds = summarize(std::move(ms)).median;
          }
          emit layerTimingsReady(timings, applied.network);
        }
      }
    } catch (const std::exception& e) {
      emit warning(tr("Inference failed: %1").arg(QString::fromUtf8(e.what())));
      // Do not spin on the same failure: wait for the next frame or settings.
      QMutexLocker lock(&mutex_);
      if (!stop_ && !pendingFrame_ && !settingsDirty_) wake_.wait(&mutex_, 500);
    }
  }
}

}  // namespace mnl::ui

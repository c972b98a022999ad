// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/source_worker.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <utility>
#include <vector>

namespace mnl {

namespace {
using Clock = std::chrono::steady_clock;

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}
}  // namespace

struct SourceWorker::State {
  // The owner's requests, guarded by `mutex`.
  std::mutex mutex;
  std::condition_variable wake;
  bool paused = false;
  bool stepRequested = false;
  // Set once, when the owner lets go: the thread stops at its next check. Atomic because a
  // successor's hand-over wait reads it under the yard's mutex.
  std::atomic<bool> released{false};

  // The listener is called only with `gate` held, and is null once the owner let go: the
  // owner takes it away under the gate, so no call is under way or to come when it leaves.
  std::mutex gate;
  Listener* listener = nullptr;

  // Guarded by the yard's mutex: the thread has freed its source and is about to end.
  bool finished = false;
};

namespace {

// Where worker threads go when their owner lets go of them: joined as they end, by the next
// owner that lets go of one and by waitForAbandoned(). Never destroyed: threads still inside a
// call at exit report to it, and a std::thread destroyed unjoined would terminate the process.
class Yard {
 public:
  static Yard& instance() {
    static Yard* yard = new Yard;
    return *yard;
  }

  void adopt(std::thread thread, std::shared_ptr<SourceWorker::State> state) {
    std::vector<std::thread> ended;
    {
      std::lock_guard lock(mutex_);
      ended = takeEnded();
      if (state->finished)
        ended.push_back(std::move(thread));
      else
        running_.push_back({std::move(thread), std::move(state)});
    }
    // A successor may be waiting for this worker (released, or finished just now).
    changed_.notify_all();
    for (std::thread& t : ended) t.join();  // they have returned: no wait
  }

  // The last thing a worker's thread does.
  void finished(SourceWorker::State& state) {
    {
      std::lock_guard lock(mutex_);
      state.finished = true;
    }
    changed_.notify_all();
  }

  // Until `predecessor` has finished, `self` was let go, or `timeout` passed.
  void awaitHandOver(const SourceWorker::State& predecessor, const SourceWorker::State& self,
                     Clock::duration timeout) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, timeout,
                      [&] { return predecessor.finished || self.released.load(); });
  }

  int abandoned() {
    std::lock_guard lock(mutex_);
    int count = 0;
    for (const Entry& e : running_) count += e.state->finished ? 0 : 1;
    return count;
  }

  bool waitForAll(std::chrono::milliseconds timeout) {
    std::vector<std::thread> ended;
    bool all = false;
    {
      std::unique_lock lock(mutex_);
      all = changed_.wait_for(lock, timeout, [&] {
        for (const Entry& e : running_)
          if (!e.state->finished) return false;
        return true;
      });
      ended = takeEnded();
    }
    for (std::thread& t : ended) t.join();
    return all;
  }

 private:
  struct Entry {
    std::thread thread;
    std::shared_ptr<SourceWorker::State> state;
  };

  // Under mutex_.
  std::vector<std::thread> takeEnded() {
    std::vector<std::thread> ended;
    for (auto it = running_.begin(); it != running_.end();) {
      if (it->state->finished) {
        ended.push_back(std::move(it->thread));
        it = running_.erase(it);
      } else {
        ++it;
      }
    }
    return ended;
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Entry> running_;
};

// Calls the listener unless the owner has let go; false when it has (the worker then stops).
template <class Call>
bool tell(SourceWorker::State& state, Call&& call) {
  std::lock_guard lock(state.gate);
  if (!state.listener) return false;
  call(*state.listener);
  return true;
}

// Waits for the next frame to be due (or a step while paused); false when let go.
bool awaitTurn(SourceWorker::State& state, Clock::time_point due) {
  std::unique_lock lock(state.mutex);
  while (true) {
    if (state.released) return false;
    if (state.paused && state.stepRequested) {
      state.stepRequested = false;  // this read is the single step
      return true;
    }
    if (!state.paused) {
      if (Clock::now() >= due) return true;
      state.wake.wait_until(lock, due);
      continue;
    }
    state.wake.wait(lock);
  }
}

// The worker's life: open, then read until let go or the source ends. Everything it was given
// is freed when this returns, before the thread reports itself finished.
void work(SourceWorker::State& state, std::string spec, SourceFactory open,
          SourceOptions options) {
  std::unique_ptr<FrameSource> source = open(spec, options);
  if (!source || !source->lastResult().ok()) {
    SourceResult result = source ? source->lastResult() : SourceResult{};
    source.reset();
    tell(state, [&](SourceWorker::Listener& l) { l.failed(result); });
    return;
  }
  if (!tell(state, [&](SourceWorker::Listener& l) { l.opened(*source); })) return;

  // A single image is read once and then stays: looping it would only re-run the network on
  // the same pixels (the inference thread re-runs it when the settings change).
  if (source->kind() == SourceKind::Image) {
    Frame frame;
    const bool read = source->read(frame).ok();
    if (read && !tell(state, [&](SourceWorker::Listener& l) { l.frame(frame); })) return;
    const std::string name = source->name();
    source.reset();
    tell(state, [&](SourceWorker::Listener& l) { l.ended(name); });
    return;
  }

  // Pacing: a video plays at its own rate, not as fast as it decodes; a camera gives frames
  // at its own pace.
  const double fps = source->frameRate();
  const double interval = source->isLive() ? 0.0
                          : fps > 0          ? 1.0 / fps
                                             : SourceWorker::kSlideSeconds;
  Clock::time_point due = Clock::now();
  while (awaitTurn(state, due)) {
    // Can block: a camera waiting for a frame (or for its timeout once unplugged), a video
    // seeking back to its start when it loops.
    Frame frame;
    const SourceResult result = source->read(frame);
    if (result.ok()) {
      if (!tell(state, [&](SourceWorker::Listener& l) { l.frame(frame); })) return;
      if (interval > 0) {
        due += seconds(interval);
        // Fell behind (a slow decode, a pause): start the schedule again from now.
        if (due < Clock::now()) due = Clock::now();
      }
    } else if (result.status == SourceStatus::Skipped) {
      // A folder's undecodable file, a run of damaged video frames: say so and read on.
      if (!tell(state, [&](SourceWorker::Listener& l) { l.skipped(result); })) return;
    } else if (result.status == SourceStatus::EndOfStream) {
      const std::string name = source->name();
      source.reset();
      tell(state, [&](SourceWorker::Listener& l) { l.ended(name); });
      return;
    } else {
      // Unplugged, or a file broken mid-way. Freed before saying so: a camera's device stays
      // taken while it is open, and a re-plugged one should come back under the same index.
      const std::string name = source->name();
      source.reset();
      tell(state, [&](SourceWorker::Listener& l) { l.lost(name, result); });
      return;
    }
  }
}

}  // namespace

SourceWorker::SourceWorker(std::string spec, SourceFactory open, SourceOptions options,
                           Listener& listener, bool paused,
                           std::unique_ptr<SourceWorker> predecessor)
    : state_(std::make_shared<State>()) {
  state_->paused = paused;
  state_->listener = &listener;
  std::shared_ptr<const State> before = predecessor ? predecessor->state_ : nullptr;
  predecessor.reset();  // let go before this worker can say anything
  // The thread holds the state, never `this`: an abandoned worker outlives its object.
  thread_ = std::thread([state = state_, before = std::move(before), spec = std::move(spec),
                         open = std::move(open), options]() mutable {
    if (before) Yard::instance().awaitHandOver(*before, *state, seconds(kHandOverSeconds));
    before.reset();
    if (!state->released) work(*state, std::move(spec), std::move(open), options);
    Yard::instance().finished(*state);
  });
}

SourceWorker::~SourceWorker() {
  {
    std::lock_guard lock(state_->gate);  // waits for a listener call under way
    state_->listener = nullptr;
  }
  {
    std::lock_guard lock(state_->mutex);
    state_->released = true;
  }
  state_->wake.notify_all();
  Yard::instance().adopt(std::move(thread_), state_);
}

void SourceWorker::setPaused(bool paused) {
  {
    std::lock_guard lock(state_->mutex);
    state_->paused = paused;
  }
  state_->wake.notify_all();
}

void SourceWorker::step() {
  {
    std::lock_guard lock(state_->mutex);
    state_->stepRequested = true;
  }
  state_->wake.notify_all();
}

int SourceWorker::abandoned() {
  return Yard::instance().abandoned();
}

bool SourceWorker::waitForAbandoned(std::chrono::milliseconds timeout) {
  return Yard::instance().waitForAll(timeout);
}

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/capture_thread.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "mnl/media/open_source.h"

namespace mnl::ui {

namespace {
using Clock = std::chrono::steady_clock;

std::atomic<int> gAbandonedCalls{0};

QString kindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::Camera: return QStringLiteral("camera");
    case SourceKind::VideoFile: return QStringLiteral("video");
    case SourceKind::Image: return QStringLiteral("image");
    case SourceKind::Folder: return QStringLiteral("folder");
  }
  return {};
}

// What one read brings back from its call thread.
struct ReadAnswer {
  SourceResult result;
  Frame frame;
};
}  // namespace

struct CaptureThread::Control {
  std::mutex mutex;
  std::condition_variable wake;
  // Guarded by mutex:
  std::optional<QString> pendingSpec;
  bool paused = false;
  bool stepRequested = false;
  bool stop = false;
};

CaptureThread::CaptureThread(Sink sink, SourceFactory factory, QObject* parent)
    : QThread(parent),
      sink_(std::move(sink)),
      factory_(factory ? std::move(factory) : SourceFactory(&mnl::openSource)),
      control_(std::make_shared<Control>()) {
  setObjectName(QStringLiteral("capture"));
}

CaptureThread::~CaptureThread() {
  requestStop();
  wait();
}

int CaptureThread::abandonedCalls() {
  return gAbandonedCalls.load();
}

void CaptureThread::openSource(const QString& spec) {
  {
    std::lock_guard lock(control_->mutex);
    control_->pendingSpec = spec;
  }
  control_->wake.notify_all();
}

void CaptureThread::setPaused(bool paused) {
  {
    std::lock_guard lock(control_->mutex);
    control_->paused = paused;
  }
  control_->wake.notify_all();
}

bool CaptureThread::paused() const {
  std::lock_guard lock(control_->mutex);
  return control_->paused;
}

void CaptureThread::step() {
  {
    std::lock_guard lock(control_->mutex);
    control_->stepRequested = true;
  }
  control_->wake.notify_all();
}

void CaptureThread::requestStop() {
  {
    std::lock_guard lock(control_->mutex);
    control_->stop = true;
  }
  control_->wake.notify_all();
}

template <class R>
std::optional<R> CaptureThread::await(std::function<R()> call) {
  struct State {
    // Guarded by Control::mutex:
    bool done = false;
    bool abandoned = false;
    std::optional<R> answer;
  };
  auto state = std::make_shared<State>();
  // `call` holds what it works on (a shared_ptr to the source, or the factory and the spec),
  // never `this`: an abandoned call may outlive this object. The call thread reports through
  // `control`, which it co-owns for the same reason.
  std::thread([control = control_, state, call = std::move(call)]() mutable {
    std::optional<R> answer(call());
    // Drop our reference to the source before reporting: whoever lets go last frees it, and
    // never while a call runs on it. Once a call is abandoned the capture thread lets go of the
    // source at once (a new source, or the end of run()), so it is normally freed here.
    call = nullptr;
    bool abandoned = false;
    {
      std::lock_guard lock(control->mutex);
      state->done = true;
      abandoned = state->abandoned;
      if (!abandoned) state->answer = std::move(answer);
    }
    control->wake.notify_all();
    answer.reset();  // an abandoned open's new source is freed here, outside the lock
    if (abandoned) gAbandonedCalls.fetch_sub(1);
  }).detach();

  std::unique_lock lock(control_->mutex);
  control_->wake.wait(
      lock, [&] { return state->done || control_->stop || control_->pendingSpec.has_value(); });
  // A finished read is still used when a new source was asked for (one more frame is harmless).
  // Once the stop is seen every answer is dropped: a call that returns after it reaches neither
  // the sink nor a signal. (A stop that comes after this check lets this one answer through; the
  // loop then sees it. The owner joins this thread before the sink's target goes.)
  if (state->done && !control_->stop) return std::move(state->answer);
  if (!state->done) {
    // Decided under the lock the call thread reports under: it either sees `abandoned` and
    // keeps (and frees) everything, or it has already reported and we let go of the answer.
    state->abandoned = true;
    gAbandonedCalls.fetch_add(1);
  }
  return std::nullopt;
}

void CaptureThread::run() {
  // Shared with the call thread of a read in progress; see await().
  std::shared_ptr<FrameSource> source;
  QString openSpec;   // what `source` was opened from
  bool ended = true;  // nothing to read until a source opens
  Clock::time_point due = Clock::now();
  double interval = 0;  // seconds between frames; 0: as fast as the source gives them (camera)

  while (true) {
    std::optional<QString> spec;
    {
      std::unique_lock lock(control_->mutex);
      Control& c = *control_;
      while (true) {
        if (c.stop) return;
        if (c.pendingSpec) break;
        const bool canRead = source && !ended;
        if (canRead && c.paused && c.stepRequested) break;
        if (canRead && !c.paused) {
          // Pacing: a video plays at its own rate, not as fast as it decodes.
          if (Clock::now() >= due) break;
          c.wake.wait_until(lock, due);
          continue;
        }
        c.wake.wait(lock);
      }
      spec = std::exchange(c.pendingSpec, std::nullopt);
      if (c.paused) c.stepRequested = false;  // this read is the single step
    }

    if (spec) {
      // Releases a camera before another one opens (unless an abandoned read still holds it:
      // then it goes when that read returns).
      source.reset();
      ended = true;
      SourceOptions options;
      options.loop = true;  // videos and folders start again; the demo clip plays forever
      std::optional<std::unique_ptr<FrameSource>> opened =
          await<std::unique_ptr<FrameSource>>([factory = factory_, path = spec->toStdString(),
                                               options] { return factory(path, options); });
      if (!opened) continue;  // stopped, or another source asked for: the loop sees which
      if (!*opened || !(*opened)->lastResult().ok()) {
        emit sourceFailed(
            *spec, *opened ? QString::fromStdString((*opened)->lastResult().message) : QString());
        continue;
      }
      source = std::move(*opened);
      openSpec = *spec;
      ended = false;
      const double fps = source->frameRate();
      interval = source->isLive()                      ? 0.0
                 : fps > 0                             ? 1.0 / fps
                 : source->kind() == SourceKind::Image ? 0.0
                                                       : kSlideSeconds;
      due = Clock::now();
      emit sourceOpened(*spec, QString::fromStdString(source->name()), kindName(source->kind()),
                        fps);
      // A single image is read once and then stays: looping it would only re-run the network
      // on the same pixels. The inference thread re-runs it when the settings change.
      if (source->kind() == SourceKind::Image) {
        std::optional<ReadAnswer> read = await<ReadAnswer>([source] {
          ReadAnswer a;
          a.result = source->read(a.frame);
          return a;
        });
        if (!read) continue;
        if (read->result.ok()) sink_(read->frame);
        ended = true;
        emit sourceEnded(QString::fromStdString(source->name()));
      }
      continue;
    }

    // A read can block: a camera waiting for a frame (or for a timeout once unplugged), a video
    // seeking back to its start when it loops.
    std::optional<ReadAnswer> read = await<ReadAnswer>([source] {
      ReadAnswer a;
      a.result = source->read(a.frame);
      return a;
    });
    if (!read) continue;
    const SourceResult& result = read->result;
    if (result.ok()) {
      sink_(read->frame);
      emit frameCaptured(read->frame.sequence);
      if (interval > 0) {
        due += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval));
        // Fell behind (a slow decode, a pause): start the schedule again from now.
        if (due < Clock::now()) due = Clock::now();
      }
    } else if (result.status == SourceStatus::Skipped) {
      // A folder's undecodable file, a run of damaged video frames: say so and read on.
      emit sourceSkipped(QString::fromStdString(result.message));
      continue;
    } else if (result.status == SourceStatus::EndOfStream) {
      ended = true;
      emit sourceEnded(QString::fromStdString(source->name()));
    } else {
      // Unplugged, or a file broken mid-way: the window keeps the last frame. The source is let
      // go now: a camera's device stays taken while it is open, and a re-plugged one should
      // come back under the same index when it is chosen again.
      ended = true;
      emit sourceLost(openSpec, QString::fromStdString(source->name()),
                      QString::fromStdString(result.message));
      source.reset();
    }
  }
}

}  // namespace mnl::ui

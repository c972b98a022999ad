// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/capture_thread.h"

#include <QMutexLocker>
#include <chrono>

#include "mnl/media/open_source.h"

namespace mnl::ui {

namespace {
using Clock = std::chrono::steady_clock;

QString kindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::Camera: return QStringLiteral("camera");
    case SourceKind::VideoFile: return QStringLiteral("video");
    case SourceKind::Image: return QStringLiteral("image");
    case SourceKind::Folder: return QStringLiteral("folder");
  }
  return {};
}
}  // namespace

CaptureThread::CaptureThread(Sink sink, QObject* parent) : QThread(parent), sink_(std::move(sink)) {
  setObjectName(QStringLiteral("capture"));
}

CaptureThread::~CaptureThread() {
  requestStop();
  wait();
}

void CaptureThread::openSource(const QString& spec) {
  QMutexLocker lock(&mutex_);
  pendingSpec_ = spec;
  wake_.wakeAll();
}

void CaptureThread::setPaused(bool paused) {
  QMutexLocker lock(&mutex_);
  paused_ = paused;
  wake_.wakeAll();
}

bool CaptureThread::paused() const {
  QMutexLocker lock(&mutex_);
  return paused_;
}

void CaptureThread::step() {
  QMutexLocker lock(&mutex_);
  stepRequested_ = true;
  wake_.wakeAll();
}

void CaptureThread::requestStop() {
  QMutexLocker lock(&mutex_);
  stop_ = true;
  wake_.wakeAll();
}

void CaptureThread::run() {
  std::unique_ptr<FrameSource> source;
  bool ended = true;  // nothing to read until a source opens
  Clock::time_point due = Clock::now();
  double interval = 0;  // seconds between frames; 0: as fast as the source gives them (camera)

  while (true) {
    std::optional<QString> spec;
    {
      QMutexLocker lock(&mutex_);
      while (true) {
        if (stop_) return;
        if (pendingSpec_) break;
        const bool canRead = source && !ended;
        if (canRead && paused_ && stepRequested_) break;
        if (canRead && !paused_) {
          // Pacing: a video plays at its own rate, not as fast as it decodes.
          const auto now = Clock::now();
          if (now >= due) break;
          const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(due - now);
          wake_.wait(&mutex_, static_cast<unsigned long>(std::max<long long>(1, left.count())));
          continue;
        }
        wake_.wait(&mutex_);
      }
      spec = std::exchange(pendingSpec_, std::nullopt);
      if (paused_) stepRequested_ = false;  // this read is the single step
    }

    if (spec) {
      source.reset();  // releases a camera before another one opens
      SourceOptions options;
      options.loop = true;  // videos and folders start again; the demo clip plays forever
      std::unique_ptr<FrameSource> opened = mnl::openSource(spec->toStdString(), options);
      if (!opened->lastResult().ok()) {
        emit sourceFailed(*spec, QString::fromStdString(opened->lastResult().message));
        ended = true;
        continue;
      }
      source = std::move(opened);
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
        Frame frame;
        if (source->read(frame).ok()) sink_(frame);
        ended = true;
        emit sourceEnded(QString::fromStdString(source->name()));
      }
      continue;
    }

    Frame frame;
    const SourceResult result = source->read(frame);
    if (result.ok()) {
      sink_(frame);
      emit frameCaptured(frame.sequence);
      if (interval > 0) {
        due += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval));
        // Fell behind (a slow decode, a pause): start the schedule again from now.
        if (due < Clock::now()) due = Clock::now();
      }
    } else if (result.status == SourceStatus::Skipped) {
      continue;  // a folder's undecodable file: go on with the next one
    } else if (result.status == SourceStatus::EndOfStream) {
      ended = true;
      emit sourceEnded(QString::fromStdString(source->name()));
    } else {
      ended = true;
      emit sourceFailed(QString::fromStdString(source->name()),
                        QString::fromStdString(result.message));
    }
  }
}

}  // namespace mnl::ui

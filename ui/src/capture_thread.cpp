// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/capture_thread.h"

#include <utility>

#include "mnl/media/open_source.h"
#include "mnl/media/source_worker.h"

namespace mnl::ui {

namespace {
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

// Runs on the worker's thread, and only while the worker is current (SourceWorker's gate): the
// CaptureThread is alive for every call.
class CaptureThread::Relay : public SourceWorker::Listener {
 public:
  Relay(CaptureThread& owner, QString spec) : owner_(owner), spec_(std::move(spec)) {}

  void opened(const FrameSource& source) override {
    Q_EMIT owner_.sourceOpened(spec_, QString::fromStdString(source.name()),
                               kindName(source.kind()), source.frameRate());
  }
  void failed(const SourceResult& result) override {
    Q_EMIT owner_.sourceFailed(spec_, QString::fromStdString(result.message));
  }
  void frame(const Frame& frame) override {
    owner_.sink_(frame);
    Q_EMIT owner_.frameCaptured(frame.sequence);
  }
  void skipped(const SourceResult& result) override {
    Q_EMIT owner_.sourceSkipped(QString::fromStdString(result.message));
  }
  void ended(const std::string& name) override {
    Q_EMIT owner_.sourceEnded(QString::fromStdString(name));
  }
  void lost(const std::string& name, const SourceResult& result) override {
    Q_EMIT owner_.sourceLost(spec_, QString::fromStdString(name),
                             QString::fromStdString(result.message));
  }

 private:
  CaptureThread& owner_;
  const QString spec_;
};

CaptureThread::CaptureThread(Sink sink, SourceFactory factory, QObject* parent)
    : QObject(parent),
      sink_(std::move(sink)),
      factory_(factory ? std::move(factory) : SourceFactory(&mnl::openSource)) {
  setObjectName(QStringLiteral("capture"));
}

CaptureThread::~CaptureThread() {
  requestStop();
}

void CaptureThread::openSource(const QString& spec) {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  SourceOptions options;
  options.loop = true;  // videos and folders start again; the demo clip plays forever
  options.maxPixels = maxPixels_;
  auto relay = std::make_unique<Relay>(*this, spec);
  // The new worker lets go of the current one before it starts, and opens once that one has
  // freed its source (a camera chosen again is then free); the old relay goes after it.
  worker_ = std::make_unique<SourceWorker>(spec.toStdString(), factory_, options, *relay, paused_,
                                           std::move(worker_));
  relay_ = std::move(relay);
}

void CaptureThread::setMaxPixels(qint64 maxPixels) {
  std::lock_guard lock(mutex_);
  maxPixels_ = maxPixels;
}

void CaptureThread::setPaused(bool paused) {
  std::lock_guard lock(mutex_);
  paused_ = paused;
  if (worker_) worker_->setPaused(paused);
}

bool CaptureThread::paused() const {
  std::lock_guard lock(mutex_);
  return paused_;
}

void CaptureThread::step() {
  std::lock_guard lock(mutex_);
  if (worker_) worker_->step();
}

void CaptureThread::requestStop() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  worker_.reset();
  relay_.reset();
}

}  // namespace mnl::ui

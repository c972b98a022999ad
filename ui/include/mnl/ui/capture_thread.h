// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The window's frame capture: which source is open, and the thread that reads it. Each source
// opened gets its own mnl::SourceWorker (mnl/media/source_worker.h), one thread that opens it
// (which may take seconds for a camera) and then reads it at its own pace for as long as it is
// the current source, handing each frame to a sink (the inference thread's mailbox) without
// waiting for it to be used. Pausing stops reading; a single step reads one frame while paused.
//
// A new source, or a stop, lets go of the current worker at once, whatever call it is in (a
// camera open that takes seconds, a hung seek): it finishes that call on its own thread, frees
// its source and ends, and never calls the sink or emits a signal after it was let go. So
// closing the window never waits on a source; main() waits for such a worker to end
// (mnl::SourceWorker::waitForAbandoned) before the process exits.
//
// Not a QThread: the threads are the workers'. The signals are emitted on the current worker's
// thread; connect them queued (the default for receivers living in another thread).

#include <QObject>
#include <functional>
#include <memory>
#include <mutex>

#include "mnl/frame.h"
#include "mnl/media/source_factory.h"

namespace mnl {
class SourceWorker;
}

namespace mnl::ui {

class CaptureThread : public QObject {
  Q_OBJECT
 public:
  using Sink = std::function<void(const Frame&)>;

  // `factory` empty: mnl::openSource.
  explicit CaptureThread(Sink sink, SourceFactory factory = {}, QObject* parent = nullptr);
  ~CaptureThread() override;  // requestStop()

  // Any thread: replaces the current source with `spec` (camera index, file or folder); the
  // current worker is let go.
  void openSource(const QString& spec);
  // Any thread: the most pixels an image or a video frame may declare (SourceOptions::maxPixels)
  // in the sources opened from now on.
  void setMaxPixels(qint64 maxPixels);
  void setPaused(bool paused);
  bool paused() const;
  void step();
  // Lets go of the current worker (never waits on its source) and opens nothing any more. Once
  // this returns, the sink is not called and no signal is emitted again.
  void requestStop();

 Q_SIGNALS:
  // kind: the name of mnl::SourceKind ("camera", "video", "image", "folder").
  void sourceOpened(const QString& spec, const QString& name, const QString& kind, double fps);
  // `spec` could not be opened (no such camera or file, a busy camera): nothing was shown.
  void sourceFailed(const QString& spec, const QString& message);
  // A non-looping source has no more frames (a single image): the last frame stays frozen.
  void sourceEnded(const QString& name);
  // The open source `spec` stopped with an error after frames were shown (a camera unplugged,
  // a video truncated mid-way): the last frame stays; opening `spec` again retries it.
  void sourceLost(const QString& spec, const QString& name, const QString& message);
  // Something the source passed over and went on after (a folder's file that is not an image,
  // damaged frames in the middle of a video), in words.
  void sourceSkipped(const QString& message);
  void frameCaptured(qint64 sequence);

 private:
  class Relay;

  Sink sink_;
  SourceFactory factory_;
  mutable std::mutex mutex_;  // guards the members below
  bool paused_ = false;
  bool stopped_ = false;
  qint64 maxPixels_ = 50'000'000;
  // The current worker's listener: turns what it says into the sink and signals, naming the
  // spec it opened. Declared first, so it outlives the worker.
  std::unique_ptr<Relay> relay_;
  std::unique_ptr<SourceWorker> worker_;
};

}  // namespace mnl::ui

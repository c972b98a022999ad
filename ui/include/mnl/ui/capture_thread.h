// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The thread that owns the frame source (camera, video file, image, folder). It opens sources
// (which may take seconds for a camera), reads frames at the source's pace and hands each one
// to a sink (the inference thread's mailbox) without waiting for it to be used.
// Pausing stops reading; a single step reads one frame while paused.
//
// Every call into a source (open, read, and so a video's loop seek) runs on a short-lived call
// thread while this thread waits for its answer *or* for a stop or a new source request. When
// one of those comes first the call is abandoned: the call thread alone owns the source from
// then on and frees it when the call returns; it never calls the sink or emits a signal (only
// this thread does, and only with answers of calls it did not abandon). So closing the window
// during a camera open that takes seconds, or a seek that hangs, joins at once. An abandoned
// call may outlive this object and main(): see abandonedCalls().

#include <QThread>
#include <functional>
#include <memory>
#include <optional>

#include "mnl/frame.h"
#include "mnl/ui/source_factory.h"

namespace mnl::ui {

class CaptureThread : public QThread {
  Q_OBJECT
 public:
  using Sink = std::function<void(const Frame&)>;
  // Folders and images have no frame rate: this is how long each image stays up.
  static constexpr double kSlideSeconds = 2.0;

  // `factory` empty: mnl::openSource.
  explicit CaptureThread(Sink sink, SourceFactory factory = {}, QObject* parent = nullptr);
  ~CaptureThread() override;  // stops and joins (never waits on a source call)

  // Any thread: replaces the current source with `spec` (camera index, file or folder). A call
  // still running on the current source is abandoned.
  void openSource(const QString& spec);
  void setPaused(bool paused);
  bool paused() const;
  void step();
  void requestStop();

  // Process-wide: abandoned source calls that have not returned yet. Each still owns its source
  // (maybe a camera in the middle of opening); main() checks this before the process exits.
  static int abandonedCalls();

 signals:
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

 protected:
  void run() override;

 private:
  struct Control;
  // Runs `call` on a call thread; its answer, or nothing when a stop or a new source request
  // came first (the call is then abandoned, see above).
  template <class R>
  std::optional<R> await(std::function<R()> call);

  Sink sink_;
  SourceFactory factory_;
  // Requests from other threads, shared with the call threads so that a call that returns
  // after this object is gone still has a lock and a condition variable to report to.
  std::shared_ptr<Control> control_;
};

}  // namespace mnl::ui

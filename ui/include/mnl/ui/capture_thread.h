// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The thread that owns the frame source (camera, video file, image, folder). It opens sources
// (which may take seconds for a camera), reads frames at the source's pace and hands each one
// to a sink (the inference thread's mailbox) without waiting for it to be used.
// Pausing stops reading; a single step reads one frame while paused.

#include <QMutex>
#include <QThread>
#include <QWaitCondition>
#include <functional>
#include <optional>
#include <string>

#include "mnl/engine.h"

namespace mnl::ui {

class CaptureThread : public QThread {
  Q_OBJECT
 public:
  using Sink = std::function<void(const Frame&)>;
  // Folders and images have no frame rate: this is how long each image stays up.
  static constexpr double kSlideSeconds = 2.0;

  explicit CaptureThread(Sink sink, QObject* parent = nullptr);
  ~CaptureThread() override;  // stops and joins

  // Any thread: replaces the current source with `spec` (camera index, file or folder).
  void openSource(const QString& spec);
  void setPaused(bool paused);
  bool paused() const;
  void step();
  void requestStop();

 signals:
  // kind: the name of mnl::SourceKind ("camera", "video", "image", "folder").
  void sourceOpened(const QString& spec, const QString& name, const QString& kind, double fps);
  void sourceFailed(const QString& spec, const QString& message);
  // A non-looping source has no more frames (a single image): the last frame stays frozen.
  void sourceEnded(const QString& name);
  void frameCaptured(qint64 sequence);

 protected:
  void run() override;

 private:
  Sink sink_;
  mutable QMutex mutex_;
  QWaitCondition wake_;
  // Guarded by mutex_:
  std::optional<QString> pendingSpec_;
  bool paused_ = false;
  bool stepRequested_ = false;
  bool stop_ = false;
};

}  // namespace mnl::ui

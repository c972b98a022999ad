// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which source plays and what the line over the picture says about it. Something must always
// play: a window starts on the source asked for, else the last session's (if it is still there),
// else the first camera, else the bundled demo clip; a source that cannot be opened falls back
// to the demo clip, once, and the line says what failed. A source that stops (a camera
// unplugged, a single image shown) keeps its last frame on screen instead: the sliders still
// re-run it.
//
// No thread and no widget here: the window wires the capture thread's reports in and the
// signals out (to the capture thread, the live view's line, the status bar's source warning).

#include <QObject>
#include <QString>
#include <filesystem>
#include <functional>
#include <vector>

#include "mnl/media/camera_list.h"

namespace mnl::ui {

class SourcePolicy : public QObject {
  Q_OBJECT
 public:
  // `cameraPresent` says whether any camera is plugged in now (empty: mnl::listCameras()); the
  // line over the demo clip says "No camera found" when none is.
  explicit SourcePolicy(std::filesystem::path demoClip, std::function<bool()> cameraPresent = {},
                        QObject* parent = nullptr);

  // Where a window starts: `commandLine` if given; else `lastSession` if it is still there (a
  // camera still among `cameras`, a file still on disk); else the first camera; else the demo
  // clip.
  static QString startingSource(const QString& commandLine, const QString& lastSession,
                                const std::vector<CameraInfo>& cameras, const QString& demoClip);

  QString demoClip() const { return demoClip_; }
  // A source chosen now (command line, menu, a dropped file): a failure before it no longer
  // stands, and a fall-back still pending for it is forgotten.
  void choose(const QString& spec);
  // The spec open now (empty before the first opens).
  QString current() const { return current_; }
  // The source gives no more frames (a single image shown, a source lost): results come only
  // when a slider re-runs the last frame, so a frame rate means nothing.
  bool still() const { return still_; }

  // The capture thread's reports, in its signals' words.
  void onOpened(const QString& spec, const QString& name, const QString& kind, double fps);
  void onFailed(const QString& spec, const QString& message);
  void onEnded(const QString& name);
  void onLost(const QString& spec, const QString& name, const QString& message);

 signals:
  // Ask the capture thread to open `spec`.
  void openRequested(const QString& spec);
  // The line over the picture.
  void lineChanged(const QString& line);
  // The status bar's source warning; empty: none stands any more.
  void warningChanged(const QString& message);
  // `spec` opened; `line` describes it. Frames (and a new frame rate) follow.
  void opened(const QString& spec, const QString& line);
  // The source gave its last frame (a single image): that frame stays.
  void ended();
  // The source stopped giving frames; `overlay` goes over the last frame, which stays.
  void lost(const QString& overlay);

 private:
  void startOpening(const QString& spec);
  bool isDemoClip(const QString& spec) const;

  QString demoClip_;
  std::function<bool()> cameraPresent_;
  QString current_;    // the spec the capture thread has open
  QString requested_;  // the spec asked for last
  // What could not be opened, named in the line over the demo clip that replaced it; empty
  // when no fall-back is under way.
  QString failed_;
  bool fellBack_ = false;  // the fall-back to the demo clip happens once per window
  bool still_ = false;
};

}  // namespace mnl::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/source_policy.h"

#include <QFileInfo>
#include <optional>

#include "mnl/media/source_spec.h"

namespace mnl::ui {

SourcePolicy::SourcePolicy(std::filesystem::path demoClip, std::function<bool()> cameraPresent,
                           QObject* parent)
    : QObject(parent),
      demoClip_(QString::fromStdString(demoClip.string())),
      cameraPresent_(cameraPresent ? std::move(cameraPresent)
                                   : [] { return !listCameras().empty(); }) {}

QString SourcePolicy::startingSource(const QString& commandLine, const QString& lastSession,
                                     const std::vector<CameraInfo>& cameras,
                                     const QString& demoClip) {
  if (!commandLine.isEmpty()) return commandLine;
  if (!lastSession.isEmpty()) {
    if (const std::optional<int> index = cameraIndex(lastSession.toStdString())) {
      for (const CameraInfo& camera : cameras)
        if (camera.index == *index) return lastSession;
    } else if (QFileInfo::exists(lastSession)) {
      return lastSession;
    }
  }
  if (!cameras.empty()) return QString::number(cameras.front().index);
  return demoClip;
}

bool SourcePolicy::isDemoClip(const QString& spec) const {
  return QFileInfo(spec) == QFileInfo(demoClip_);
}

void SourcePolicy::choose(const QString& spec) {
  failed_.clear();
  startOpening(spec);
}

void SourcePolicy::startOpening(const QString& spec) {
  requested_ = spec;
  emit lineChanged(tr("opening %1\u2026").arg(spec));
  emit openRequested(spec);
}

void SourcePolicy::onOpened(const QString& spec, const QString& name, const QString& kind,
                            double fps) {
  current_ = spec;
  still_ = false;
  const bool demo = isDemoClip(spec);
  QString line = demo ? tr("demo clip %1 (bundled)").arg(name) : tr("%1: %2").arg(kind, name);
  if (fps > 0) line += tr(" \u00b7 %1 frames/s").arg(fps, 0, 'f', fps >= 10 ? 0 : 1);
  const QString hint =
      tr("Open a video, image or folder from the File menu, or drop a file here.");
  if (demo && !failed_.isEmpty())
    line = tr("Could not open %1 \u2014 playing the bundled demo clip (%2) instead. %3")
               .arg(failed_, name, hint);
  else if (demo && !cameraPresent_())
    line = tr("No camera found \u2014 playing the bundled demo clip (%1). %2").arg(name, hint);
  // A source the user chose opened: what went wrong with the last one no longer stands. (A
  // fall-back to the demo clip keeps the warning that says why.)
  if (failed_.isEmpty()) emit warningChanged(QString());
  failed_.clear();
  emit lineChanged(line);
  emit opened(spec, line);
}

void SourcePolicy::onFailed(const QString& spec, const QString& message) {
  emit warningChanged(message.isEmpty() ? tr("Could not open %1").arg(spec) : message);
  // Something must play: fall back to the demo clip once.
  if (!fellBack_ && !isDemoClip(requested_) && QFileInfo::exists(demoClip_)) {
    fellBack_ = true;
    failed_ = isCameraSpec(spec.toStdString()) ? tr("camera %1").arg(spec) : spec;
    startOpening(demoClip_);
  } else {
    failed_.clear();
    emit lineChanged(tr("No source: %1").arg(message));
  }
}

void SourcePolicy::onEnded(const QString& name) {
  still_ = true;
  emit lineChanged(
      tr("%1 \u2014 still frame: move a slider and it is classified again").arg(name));
  emit ended();
}

void SourcePolicy::onLost(const QString& spec, const QString& name, const QString& message) {
  // No fall-back to the demo clip here: the last frame stays (the sliders still re-run it) and
  // the line over it says what happened and how to get the source back.
  still_ = true;
  emit warningChanged(message.isEmpty() ? tr("%1 stopped").arg(name) : message);
  const QString again = isCameraSpec(spec.toStdString())
                            ? tr("Plug it back in and choose it from Source \u203a Camera, or open "
                                 "another source.")
                            : tr("Open it again or another source from the File menu.");
  emit lineChanged(tr("%1 stopped: %2 \u2014 showing the last frame. %3")
                       .arg(name, message.isEmpty() ? tr("no more frames") : message, again));
  emit lost(tr("%1 lost \u2014 last frame").arg(name));
}

}  // namespace mnl::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "scripted_screenshot.h"

#include <QDockWidget>

#include "mnl/ui/machine_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/source_policy.h"
#include "mnl/ui/status_bar.h"
#include "mnl/ui/teach_panel.h"

namespace mnl::gui {

ScriptedScreenshot::ScriptedScreenshot(ui::MainWindow* window, QString file, int frames,
                                       QObject* parent)
    : QObject(parent), window_(window), file_(std::move(file)), frames_(frames) {
  deadline_.setSingleShot(true);
  connect(&deadline_, &QTimer::timeout, this, [this] {
    if (window_->resultsShown() < 1)
      window_->statusLine()->setWarning(ui::StatusBar::Topic::File,
                                        tr("Screenshot taken before any frame was classified"));
    check(true);
  });
}

void ScriptedScreenshot::start(int deadlineMs) {
  connect(window_, &ui::MainWindow::resultShown, this, [this] {
    if (taught_) ++resultsSinceTaught_;
    check();
  });
  // --teach: the picture shows the taught model at work, so its results are waited for too.
  connect(window_->teachPanel(), &ui::TeachPanel::taught, this, [this] { taught_ = true; });
  connect(window_, &ui::MainWindow::timingsShown, this, [this] { check(); });
  connect(window_->sources(), &ui::SourcePolicy::ended, this, [this] { check(); });
  deadline_.start(deadlineMs);
  check();
}

void ScriptedScreenshot::check(bool force) {
  if (taken_) return;
  if (!force) {
    // A still image gives one result (and one timed pass), a video as many as asked for.
    if (window_->resultsShown() < (window_->sourceIsStill() ? 1 : frames_)) return;
    if (!window_->timedPassShown()) return;
    if (!window_->options().teachFolder.isEmpty() && resultsSinceTaught_ < 3) return;
  }
  taken_ = true;
  deadline_.stop();
  // Let the charts' queued replots and the last paint happen first.
  // With "Your machine" open as its own window (--machine-view), that view is the picture.
  QTimer::singleShot(300, this, [this] {
    const QDockWidget* dock = window_->machineDock();
    emit finished(dock->isVisible() && dock->isFloating() ? window_->machineView()->saveViewPng(file_)
                                                          : window_->saveWindowPng(file_));
  });
}

}  // namespace mnl::gui

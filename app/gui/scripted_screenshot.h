// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `mobilenet-lab --screenshot FILE`: the window saved as a PNG once it shows what a person would
// see after a moment (the first classified frames and a timed pass of the network in the cost
// panel), for the README's pictures and scripts; with --machine-view, the "Your machine" view
// instead. The program quits when finished() comes.

#include <QObject>
#include <QString>
#include <QTimer>

namespace mnl::ui {
class MainWindow;
}

namespace mnl::gui {

class ScriptedScreenshot : public QObject {
  Q_OBJECT
 public:
  // Waits for `frames` classified frames shown (one for a single image) and for the per-layer
  // times of the network on the controls, then saves `window` to `file`.
  ScriptedScreenshot(ui::MainWindow* window, QString file, int frames, QObject* parent = nullptr);

  // Never hang a script: after `deadlineMs` the window is saved whatever it shows.
  void start(int deadlineMs = 90'000);

 signals:
  void finished(bool saved);

 private:
  // Takes the screenshot when the window is ready (or `force`).
  void check(bool force = false);

  ui::MainWindow* window_;
  QString file_;
  int frames_;
  bool taken_ = false;
  bool taught_ = false;          // the Teach room's model is ready (--teach)
  int resultsSinceTaught_ = 0;
  QTimer deadline_;
};

}  // namespace mnl::gui

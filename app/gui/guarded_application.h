// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The window's QApplication, with one difference: an exception that escapes an event handler
// (a slot, a paint, a timer) does not end the program. It is said in a message box and on
// stderr, and the window goes on with the model and the source it has; the worker threads
// catch their own (InferenceThread, SweepThread, SourceWorker). Without this, Qt lets it reach
// std::terminate and the window vanishes with whatever the person was doing.
#include <QApplication>
#include <QString>

namespace mnl::gui {

class GuardedApplication : public QApplication {
  Q_OBJECT
 public:
  GuardedApplication(int& argc, char** argv);
  bool notify(QObject* receiver, QEvent* event) override;

  // How many exceptions were caught, and what the last one said (for the tests).
  int caught() const { return caught_; }
  QString lastError() const { return lastError_; }

 private:
  void report(const QString& what);

  int caught_ = 0;
  QString lastError_;
};

}  // namespace mnl::gui

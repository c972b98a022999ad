// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The thread that times latency sweeps for the "Your machine" view (runSweep, in the core),
// so the UI thread never waits on one. One long-lived thread, as Qt's Mandelbrot example has:
// measure() hands it a request and returns, cancel() drops the sweep in progress (the sweep
// asks between runs, so it ends within one forward pass), and a newer request replaces an
// older one that has not started. Results come back as immutable snapshots in queued signals.

#include <QMetaType>
#include <QThread>
#include <memory>
#include <optional>

#include "mnl/latency_sweep_runner.h"
#include "mnl/ui/request_mailbox.h"

namespace mnl::ui {

using SweepResultPtr = std::shared_ptr<const SweepResult>;

class SweepThread : public QThread {
  Q_OBJECT
 public:
  explicit SweepThread(QObject* parent = nullptr);
  ~SweepThread() override;  // stops and joins

  // Any thread, never blocks for long: times `request` next (a sweep in progress is cancelled
  // first). Starts the thread on first use.
  void measure(const SweepRequest& request);
  // Any thread: drops the sweep in progress (cancelled() follows) and any waiting request.
  void cancel();
  // Asks the loop to end after the run in progress; join with wait().
  void requestStop();

 Q_SIGNALS:
  void progressed(int done, int total, const QString& what);
  void measured(const mnl::ui::SweepResultPtr& result, const QString& notice);
  void cancelled();
  void failed(const QString& message);

 protected:
  void run() override;

 private:
  RequestMailbox<SweepRequest> mailbox_;
};

}  // namespace mnl::ui

Q_DECLARE_METATYPE(mnl::ui::SweepResultPtr)

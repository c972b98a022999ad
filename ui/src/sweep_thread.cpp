// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/sweep_thread.h"

#include <optional>
#include <exception>

namespace mnl::ui {

SweepThread::SweepThread(QObject* parent) : QThread(parent) {
  setObjectName(QStringLiteral("latency sweep"));
  qRegisterMetaType<SweepResultPtr>("mnl::ui::SweepResultPtr");
}

SweepThread::~SweepThread() {
  requestStop();
  wait();
}

void SweepThread::measure(const SweepRequest& request) {
  mailbox_.post(request);
  if (!isRunning()) start(QThread::LowPriority);
}

void SweepThread::cancel() { mailbox_.cancel(); }

void SweepThread::requestStop() { mailbox_.stop(); }

void SweepThread::run() {
  while (std::optional<SweepRequest> request = mailbox_.next()) {
    SweepCallbacks callbacks;
    callbacks.progress = [this](const SweepProgress& p) {
      const QString network = QStringLiteral("%1/%2").arg(p.network.alpha).arg(p.network.resolution);
      Q_EMIT progressed(p.done, p.total,
                        p.building ? tr("building %1").arg(network) : tr("timing %1").arg(network));
    };
    callbacks.stopRequested = [this] { return mailbox_.stopRequested(); };
    try {
      std::string notice;
      auto result = std::make_shared<const SweepResult>(runSweep(*request, callbacks, &notice));
      if (mailbox_.stopRequested()) {
        Q_EMIT cancelled();
        continue;
      }
      Q_EMIT measured(result, QString::fromStdString(notice));
    } catch (const std::exception& e) {
      Q_EMIT failed(tr("The latency sweep failed: %1").arg(QString::fromUtf8(e.what())));
    }
  }
}

}  // namespace mnl::ui

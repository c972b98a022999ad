// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/sweep_thread.h"

#include <QMutexLocker>
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
  {
    QMutexLocker lock(&mutex_);
    pending_ = request;
    cancel_ = true;  // the sweep in progress, if any, makes way for this one
    wake_.wakeOne();
  }
  if (!isRunning()) start(QThread::LowPriority);
}

void SweepThread::cancel() {
  QMutexLocker lock(&mutex_);
  pending_.reset();
  cancel_ = true;
}

void SweepThread::requestStop() {
  QMutexLocker lock(&mutex_);
  stop_ = true;
  pending_.reset();
  wake_.wakeAll();
}

bool SweepThread::shouldStop() const {
  QMutexLocker lock(&mutex_);
  return cancel_ || stop_;
}

void SweepThread::run() {
  for (;;) {
    SweepRequest request;
    {
      QMutexLocker lock(&mutex_);
      while (!pending_ && !stop_) wake_.wait(&mutex_);
      if (stop_) return;
      request = *pending_;
      pending_.reset();
      cancel_ = false;
    }
    SweepCallbacks callbacks;
    callbacks.progress = [this](const SweepProgress& p) {
      const QString network = QStringLiteral("%1/%2").arg(p.network.alpha).arg(p.network.resolution);
      Q_EMIT progressed(p.done, p.total,
                        p.building ? tr("building %1").arg(network) : tr("timing %1").arg(network));
    };
    callbacks.stopRequested = [this] { return shouldStop(); };
    try {
      std::string notice;
      auto result = std::make_shared<const SweepResult>(runSweep(request, callbacks, &notice));
      if (shouldStop()) {
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

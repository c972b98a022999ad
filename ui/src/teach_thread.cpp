// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/teach_thread.h"

#include <exception>

namespace mnl::ui {

TeachThread::TeachThread(QObject* parent) : QThread(parent) {
  setObjectName(QStringLiteral("teach"));
  qRegisterMetaType<TeachOutcomePtr>("mnl::ui::TeachOutcomePtr");
}

TeachThread::~TeachThread() {
  requestStop();
  wait();
}

void TeachThread::teach(const teach::TeachRequest& request, quint64 generation) {
  mailbox_.post({request, generation});
  if (!isRunning()) start(QThread::LowPriority);
}

void TeachThread::cancel() { mailbox_.cancel(); }

void TeachThread::requestStop() { mailbox_.stop(); }

void TeachThread::run() {
  teach::Teacher teacher;  // lives and dies on this thread, with its cache
  while (std::optional<Job> job = mailbox_.next()) {
    const quint64 generation = job->generation;
    teach::TeachCallbacks callbacks;
    callbacks.progress = [this, generation](teach::TeachStage stage, int done, int total) {
      Q_EMIT progressed(stage == teach::TeachStage::Embedding ? tr("Embedding") : tr("Training"),
                        done, total, generation);
      return !mailbox_.stopRequested();
    };
    try {
      std::optional<teach::TeachOutcome> outcome = teacher.teach(job->request, callbacks);
      if (!outcome) {
        Q_EMIT cancelled(generation);
        continue;
      }
      Q_EMIT taught(std::make_shared<const teach::TeachOutcome>(std::move(*outcome)), generation);
    } catch (const std::exception& e) {
      Q_EMIT failed(tr("Teaching failed: %1").arg(QString::fromUtf8(e.what())), generation);
    }
  }
}

}  // namespace mnl::ui

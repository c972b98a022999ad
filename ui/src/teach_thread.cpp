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

void TeachThread::teach(const teach::TeachRequest& request) {
  mailbox_.post(request);
  if (!isRunning()) start(QThread::LowPriority);
}

void TeachThread::cancel() { mailbox_.cancel(); }

void TeachThread::requestStop() { mailbox_.stop(); }

void TeachThread::run() {
  teach::Teacher teacher;  // lives and dies on this thread, with its cache
  while (std::optional<teach::TeachRequest> request = mailbox_.next()) {
    teach::TeachCallbacks callbacks;
    callbacks.progress = [this](teach::TeachStage stage, int done, int total) {
      Q_EMIT progressed(stage == teach::TeachStage::Embedding ? tr("Embedding") : tr("Training"),
                        done, total);
      return !mailbox_.stopRequested();
    };
    try {
      std::optional<teach::TeachOutcome> outcome = teacher.teach(*request, callbacks);
      if (!outcome) {
        Q_EMIT cancelled();
        continue;
      }
      Q_EMIT taught(std::make_shared<const teach::TeachOutcome>(std::move(*outcome)));
    } catch (const std::exception& e) {
      Q_EMIT failed(tr("Teaching failed: %1").arg(QString::fromUtf8(e.what())));
    }
  }
}

}  // namespace mnl::ui

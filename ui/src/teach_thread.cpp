// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/teach_thread.h"

#include <exception>

namespace mnl::ui {

TeachThread::TeachThread(QObject* parent) : QThread(parent) {
  setObjectName(QStringLiteral("teach"));
  qRegisterMetaType<TeachOutcomePtr>("mnl::ui::TeachOutcomePtr");
  qRegisterMetaType<NetworkSearchPtr>("mnl::ui::NetworkSearchPtr");
}

TeachThread::~TeachThread() {
  requestStop();
  wait();
}

void TeachThread::teach(const teach::TeachRequest& request, quint64 generation) {
  mailbox_.post({request, {}, generation});
  if (!isRunning()) start(QThread::LowPriority);
}

void TeachThread::search(const teach::TeachRequest& request,
                         const std::vector<NetworkConfig>& networks, quint64 generation) {
  mailbox_.post({request, networks, generation});
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
      if (!job->networks.empty()) {
        search(*job);
        continue;
      }
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

void TeachThread::search(const Job& job) {
  const quint64 generation = job.generation;
  const std::vector<NetworkConfig>& networks = job.networks;
  teach::Teacher searcher;  // its cache holds one network's embeddings at a time
  const auto accuracies = teach::teachEachNetwork(
      searcher, job.request, networks, [&](const teach::NetworkSearchProgress& p) {
        const NetworkConfig& n = networks[static_cast<std::size_t>(p.network)];
        // Progress over the whole search: each network's embedding counts as one step.
        const int done = p.network * 100 +
                         (p.stage == teach::TeachStage::Embedding && p.total > 0
                              ? 100 * p.done / p.total : 100);
        Q_EMIT progressed(tr("\u03b1 %1 at %2 px (%3 of %4)")
                              .arg(n.alpha).arg(n.resolution).arg(p.network + 1).arg(p.networks),
                          done, p.networks * 100, generation);
        return !mailbox_.stopRequested();
      });
  if (!accuracies) {
    Q_EMIT cancelled(generation);
    return;
  }
  Q_EMIT searched(std::make_shared<const std::vector<teach::TaughtAccuracy>>(*accuracies),
                  generation);
}

}  // namespace mnl::ui

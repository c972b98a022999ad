// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The thread that teaches for the Teach panel (mnl::teach::Teacher, in the core), so the UI
// thread never waits on embedding or training. One long-lived thread, as SweepThread: teach()
// hands it a request and returns, cancel() drops the run in progress (it asks between batches
// and epochs), and a newer request replaces an older one that has not started. The Teacher
// lives on this thread with its embedding cache, so teaching again embeds only new examples.
// It also searches for the smallest network that does the job (teachEachNetwork: the same
// examples taught on each network of a grid), with a Teacher of its own, so that the panel's
// cache of its own backbone's embeddings survives a search.
// Results come back as immutable snapshots in queued signals.

#include <QMetaType>
#include <QThread>
#include <memory>

#include "mnl/teach/network_search.h"
#include "mnl/teach/teacher.h"
#include "mnl/ui/request_mailbox.h"

namespace mnl::ui {

using TeachOutcomePtr = std::shared_ptr<const teach::TeachOutcome>;
using NetworkSearchPtr = std::shared_ptr<const std::vector<teach::TaughtAccuracy>>;

class TeachThread : public QThread {
  Q_OBJECT

 public:
  explicit TeachThread(QObject* parent = nullptr);
  ~TeachThread() override;  // stops and joins

  // Any thread, never blocks for long: teaches `request` next (a run in progress is cancelled
  // first). Starts the thread on first use. Every signal of that run carries `generation`, so
  // that the caller can tell a late answer of a run it has given up on from the current one.
  void teach(const teach::TeachRequest& request, quint64 generation);
  // As teach(), for `request` taught on each of `networks` in turn: searched() answers.
  void search(const teach::TeachRequest& request, const std::vector<NetworkConfig>& networks,
              quint64 generation);
  // Any thread: drops the run in progress (cancelled() follows) and any waiting request.
  void cancel();
  // Asks the loop to end after the step in progress; join with wait().
  void requestStop();

 Q_SIGNALS:
  // stage: tr("Embedding") or tr("Training").
  void progressed(const QString& stage, int done, int total, quint64 generation);
  void taught(const mnl::ui::TeachOutcomePtr& outcome, quint64 generation);
  // A search's progress comes as progressed() with the stage naming the network.
  void searched(const mnl::ui::NetworkSearchPtr& accuracies, quint64 generation);
  void cancelled(quint64 generation);
  void failed(const QString& message, quint64 generation);

 protected:
  void run() override;

 private:
  struct Job {
    teach::TeachRequest request;
    std::vector<NetworkConfig> networks;  // empty: teach; else search them
    quint64 generation = 0;
  };
  void search(const Job& job);  // on this thread
  RequestMailbox<Job> mailbox_;
};

}  // namespace mnl::ui

Q_DECLARE_METATYPE(mnl::ui::TeachOutcomePtr)
Q_DECLARE_METATYPE(mnl::ui::NetworkSearchPtr)

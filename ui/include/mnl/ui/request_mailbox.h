// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The mailbox of a long-lived worker thread that does one job at a time (the latency sweep,
// teaching), as in Qt's Mandelbrot example: posting a request replaces one that has not
// started and cancels the one in progress; the worker waits for the next request, asks
// between steps whether to stop, and ends when told. Any thread may post, cancel or stop.

#include <QMutex>
#include <QMutexLocker>
#include <QWaitCondition>
#include <optional>
#include <utility>

namespace mnl::ui {

template <class Request>
class RequestMailbox {
 public:
  // Any thread: `request` is next; the one in progress should stop.
  void post(Request request) {
    QMutexLocker lock(&mutex_);
    pending_ = std::move(request);
    cancel_ = true;
    wake_.wakeOne();
  }
  // Any thread: drop the waiting request and the one in progress.
  void cancel() {
    QMutexLocker lock(&mutex_);
    pending_.reset();
    cancel_ = true;
  }
  // Any thread: the worker ends after its step in progress.
  void stop() {
    QMutexLocker lock(&mutex_);
    stop_ = true;
    pending_.reset();
    wake_.wakeAll();
  }
  // The worker, between steps: whether the job in progress should end.
  bool stopRequested() const {
    QMutexLocker lock(&mutex_);
    return cancel_ || stop_;
  }
  // The worker: waits for the next request; nullopt once stopped.
  std::optional<Request> next() {
    QMutexLocker lock(&mutex_);
    while (!pending_ && !stop_) wake_.wait(&mutex_);
    if (stop_) return std::nullopt;
    std::optional<Request> request = std::move(pending_);
    pending_.reset();
    cancel_ = false;
    return request;
  }

 private:
  mutable QMutex mutex_;
  QWaitCondition wake_;
  std::optional<Request> pending_;
  bool cancel_ = false;
  bool stop_ = false;
};

}  // namespace mnl::ui

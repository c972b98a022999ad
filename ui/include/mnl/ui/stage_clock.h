// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Time spent in one stage of putting a frame on screen (converting the camera frame, colouring
// the feature maps, painting them), summed over the run. The app's own measurement
// (--measure, scripts/bench-app.sh) reports it against the frame's total time. Reading the
// clock twice per stage costs tens of nanoseconds, so it is always on. UI thread only.

#include <QElapsedTimer>

namespace mnl::ui {

class StageClock {
 public:
  // Times the enclosing scope: `auto timing = clock.measure();`
  class Scope {
   public:
    explicit Scope(StageClock& clock) : clock_(clock) { timer_.start(); }
    ~Scope() {
      clock_.totalNs_ += timer_.nsecsElapsed();
      ++clock_.count_;
    }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    StageClock& clock_;
    QElapsedTimer timer_;
  };

  [[nodiscard]] Scope measure() { return Scope(*this); }
  double totalMs() const { return static_cast<double>(totalNs_) / 1e6; }
  long long count() const { return count_; }

 private:
  qint64 totalNs_ = 0;
  long long count_ = 0;
};

}  // namespace mnl::ui

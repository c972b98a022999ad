// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Frames shown per second, as the status bar and the live view print it: the rate between shown
// frames, smoothed over about ten of them so that the number holds still long enough to be read.

#include <chrono>
#include <optional>

namespace mnl::ui {

class FrameRateMeter {
 public:
  using Clock = std::chrono::steady_clock;

  // A frame is on screen now (or at `when`); returns the smoothed rate (0 until two frames).
  double frameShown() { return frameShown(Clock::now()); }
  double frameShown(Clock::time_point when);
  // A new source: the last one's rate says nothing about it.
  void restart();
  double perSecond() const { return rate_; }

 private:
  std::optional<Clock::time_point> last_;
  double rate_ = 0;
};

}  // namespace mnl::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/frame_rate_meter.h"

#include <algorithm>

namespace mnl::ui {

double FrameRateMeter::frameShown(Clock::time_point when) {
  if (last_) {
    // Two frames in the same millisecond (a burst of queued results) count as one apart: the
    // rate stays finite.
    const double seconds = std::max(1e-3, std::chrono::duration<double>(when - *last_).count());
    // An exponential average with weight 0.1: about the last ten frames.
    rate_ = rate_ <= 0 ? 1.0 / seconds : 0.9 * rate_ + 0.1 / seconds;
  }
  last_ = when;
  return rate_;
}

void FrameRateMeter::restart() {
  last_.reset();
  rate_ = 0;
}

}  // namespace mnl::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/saliency_pacer.h"

#include <algorithm>
#include <cmath>

namespace mnl {
namespace {

// Weight of the newest sample in the running means: a few frames to follow a new network,
// enough to ride over one slow frame.
constexpr double kNewest = 0.25;

double follow(double mean, double sample) {
  return mean <= 0 ? sample : mean + kNewest * (sample - mean);
}

}  // namespace

void SaliencyPacer::restart() { restart_ = true; }

bool SaliencyPacer::due() {
  if (restart_ || ++sinceLast_ >= interval()) {
    restart_ = false;
    sinceLast_ = 0;
    return true;
  }
  return false;
}

void SaliencyPacer::recordForward(double milliseconds) {
  forwardMs_ = follow(forwardMs_, std::max(0.0, milliseconds));
}

void SaliencyPacer::recordMap(double milliseconds) {
  mapMs_ = follow(mapMs_, std::max(0.0, milliseconds));
}

int SaliencyPacer::interval() const {
  if (forwardMs_ <= 0 || mapMs_ <= 0) return 1;
  // forward + map / n ≤ kAllowedSlowdown × forward  ⇔  n ≥ map / ((kAllowedSlowdown − 1) × forward)
  const double frames = mapMs_ / ((kAllowedSlowdown - 1.0) * forwardMs_);
  return std::clamp(static_cast<int>(std::ceil(frames - 1e-9)), 1, 1000);
}

}  // namespace mnl

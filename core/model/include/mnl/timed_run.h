// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one way this project times a piece of device work: what every timing loop of the CLI's
// bench, of the latency sweep and of explain measures. Torch header: a translation unit that
// also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <chrono>
#include <utility>

#include "mnl/torch_device.h"

namespace mnl {

// Wall time of one call of `work` in milliseconds, once the device has finished it (and
// everything queued before it): CUDA runs asynchronously, so only then is a timing honest.
template <class Work>
double timedMs(const torch::Device& device, Work&& work) {
  synchronize(device);
  const auto start = std::chrono::steady_clock::now();
  std::forward<Work>(work)();
  synchronize(device);
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace mnl

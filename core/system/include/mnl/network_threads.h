// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How many CPU threads the window gives the network; `sweep` times with the same count unless
// told otherwise, so that it answers for the network the window will run. Torch-free.

#include <algorithm>

namespace mnl {

// `requested` (the --threads option) when it is positive; otherwise one fewer than the
// machine's `idealThreadCount` (QThread::idealThreadCount(), std::thread::hardware_concurrency()),
// and at least one. The capture
// thread (decoding) and the UI thread (drawing) need a core too: a network on every core spins
// its OpenMP threads against them and the window shows fewer frames (docs/benchmarks.md).
constexpr int networkThreads(int requested, int idealThreadCount) {
  if (requested > 0) return requested;
  return std::max(1, idealThreadCount - 1);
}

}  // namespace mnl

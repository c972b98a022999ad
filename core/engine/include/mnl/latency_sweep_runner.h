// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Times a latency sweep (latency_sweep.h) on this machine with LibTorch: every network of the
// grid built once (random weights: time does not depend on their values), then timed in
// rounds that visit the points in interleavedOrder(). Torch stays inside the implementation:
// the CLI and the window's sweep thread include this header.

#include <functional>
#include <string>

#include "mnl/compute_device.h"
#include "mnl/latency_sweep.h"

namespace mnl {

struct SweepRequest {
  SweepGrid grid = paperSweepGrid();
  DeviceKind device = DeviceKind::Cpu;
  Precision precision = Precision::Float32;
  int threads = 0;  // intra-op threads; 0: LibTorch's default (set for the calling thread)
  int batch = 1;
  int iterations = 20;  // timed runs per point, spread over `rounds` visits
  int rounds = 4;
};

// How far a sweep has got: `done` of `total` steps (building each network, then each visit of
// each round), and the network of the step just finished.
struct SweepProgress {
  int done = 0;
  int total = 0;
  bool building = true;
  NetworkConfig network;
};

struct SweepCallbacks {
  // After each step, on the sweep's thread.
  std::function<void(const SweepProgress&)> progress;
  // Asked between runs: true stops the sweep, which returns what it has timed so far (rows
  // of points with no timed run left out, complete = false).
  std::function<bool()> stopRequested;
};

// Where a sweep of `request` runs, without running it (the window's cache key). Names the
// CUDA device only where it is used: CUDA asked for without one is the CPU, as in runSweep.
MachineInfo describeMachine(const SweepRequest& request);

// Why a sweep of `request` would not run as asked (the device or the number format it falls
// back to: the notice runSweep gives), without running it; empty when it would.
std::string fallbackNotice(const SweepRequest& request);

// Runs the sweep on the calling thread. `notice` (may be null) gets why the device in use is
// not the one asked for, or is left empty. Throws std::invalid_argument for an invalid grid
// or request.
SweepResult runSweep(const SweepRequest& request, const SweepCallbacks& callbacks = {},
                     std::string* notice = nullptr);

}  // namespace mnl

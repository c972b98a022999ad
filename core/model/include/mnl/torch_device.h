// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A DeviceKind turned into a torch::Device. One place decides it for the engine and every CLI
// command, so that all of them fall back the same way and run CUDA with the same numerics.
// Torch header: a translation unit that also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <torch/types.h>

#include <string>

#include "mnl/compute_device.h"

namespace mnl {

// The one place that sets LibTorch's CPU thread count (OpenMP's, for the calling thread's
// parallel regions): the engine before each frame (fewer on a busy machine, cpu_load.h), the
// sweep before its timed runs, bench once. 0 or less leaves it as it is; the same count is not
// set again. The window never runs the engine and the sweep at once (InferenceThread::setHeld),
// so the two never set it under each other.
void useCpuThreads(int threads);

struct DeviceChoice {
  torch::Device device{torch::kCPU};
  std::string notice;  // non-empty when CUDA was asked for and the CPU was chosen instead
};

// CUDA when requested and LibTorch sees a GPU, else the CPU with a notice. On CUDA it turns
// TF32 off for convolutions and matrix products: TF32 keeps only 10 mantissa bits and moved
// probabilities further from the CPU's than a float32 network should (docs/gpu-check.md);
// reduced precision is a choice to make explicitly, not a side effect of the device.
DeviceChoice chooseDevice(DeviceKind requested);

torch::ScalarType scalarTypeOf(Precision precision);

// Waits for the device's queued work: CUDA runs asynchronously, so a timing is only honest once
// the device is done. Nothing to wait for on the CPU.
void synchronize(const torch::Device& device);

}  // namespace mnl

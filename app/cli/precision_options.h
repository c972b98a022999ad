// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// --precision and --calibration, shared by the commands that run a network (classify, bench):
// fp32; fp16 (CUDA); bf16 and int8 on the CPU where it has the instructions (the direct oneDNN
// path). Int8's activation scales, and int8's and bf16's channel means (bias correction), come
// from a file `calibrate` wrote, or from frames the command hands over. Torch header
// (inference_network.h).

#include <CLI/App.hpp>
#include <functional>
#include <string>

#include <torch/types.h>

#include "input_frames.h"
#include "mnl/inference_network.h"
#include "mnl/preprocess.h"

namespace mnl::cli {

struct PrecisionOptions {
  std::string precision = "fp32";
  std::string calibration;  // a file `calibrate --out` wrote; int8 and bf16
};

// Adds --precision and --calibration to `command`.
void addPrecisionOptions(CLI::App* command, PrecisionOptions& options);

// The runtime options the flags ask for `model` on `device`: UsageError (exit 2) for an
// unknown precision or a calibration without int8 or bf16; InputError (exit 1) for a precision
// this machine cannot run (the reason said) or a calibration file that cannot be used. For int8
// and bf16 without a file, `calibrationFrames` (preprocessed frames, [N, 3, S, S]) sets the
// scales and means, or, when it is empty or gives no frame, ReLU6's bound does and the biases
// stay as they are (stderr says so).
RuntimeOptions runtimeFor(const PrecisionOptions& options, const MobileNetV1& model,
                          const NetworkConfig& network, const torch::Device& device,
                          const std::function<torch::Tensor()>& calibrationFrames = {});

// How many frames int8 calibrates on when the command measures the scales itself.
inline constexpr int kCalibrationFrames = 64;

// The first `limit` pictures of `inputs` (frames `every` apart in a video), preprocessed as
// `preprocessing` says: [N, 3, S, S] float32 on the CPU. Unreadable inputs are skipped
// silently (the command reading them for its own work says so once).
torch::Tensor calibrationFramesOf(const std::vector<std::string>& inputs,
                                  const InputOptions& options, const Preprocessing& preprocessing,
                                  int limit = kCalibrationFrames);

}  // namespace mnl::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "precision_options.h"

#include <torch/torch.h>

#include <iostream>
#include <utility>

#include "command.h"
#include "mnl/activation_calibration.h"

namespace mnl::cli {

void addPrecisionOptions(CLI::App* command, PrecisionOptions& options) {
  command
      ->add_option("--precision", options.precision,
                   "fp32; fp16 (CUDA; on the CPU it is slow); bf16 or int8: the CPU, where it "
                   "has AVX512_BF16 / AMX, or AVX-512 VNNI / AVX-VNNI")
      ->capture_default_str();
  command->add_option("--calibration", options.calibration,
                      "With --precision int8 or bf16: the activation scales and channel means "
                      "`calibrate --out` wrote (default: measured on the inputs)");
}

RuntimeOptions runtimeFor(const PrecisionOptions& options, const MobileNetV1& model,
                          const NetworkConfig& network, const torch::Device& device,
                          const std::function<torch::Tensor()>& calibrationFrames) {
  RuntimeOptions runtime;
  runtime.precision = parsedOption([&] { return parsePrecision(options.precision); });
  const bool calibrated = isCpuReduced(runtime.precision);
  if (!options.calibration.empty() && !calibrated)
    throw UsageError("--calibration goes with --precision int8 or bf16");
  if (const std::string problem =
          InferenceNetwork::reducedPrecisionProblem(runtime.precision, device);
      !problem.empty())
    throw InputError(problem);
  if (const std::string note = InferenceNetwork::emulationNote(runtime.precision, device);
      !note.empty())
    std::cerr << "mobilenet-lab-cli: " << note << "\n";
  if (!calibrated) return runtime;
  // The scales and means: the file's, or measured now on the float32 network.
  if (!options.calibration.empty()) {
    try {
      const ActivationCalibration calibration = loadCalibration(options.calibration);
      checkMeasuredOn(calibration, network, convolutionNames(buildLayers(network)));
      runtime.activationMax = calibration.maxima;
      runtime.activationMean = calibration.means;
    } catch (const std::exception& e) {
      throw InputError(options.calibration + ": " + e.what());
    }
    return runtime;
  }
  const torch::Tensor frames = calibrationFrames ? calibrationFrames() : torch::Tensor();
  if (!frames.defined() || frames.size(0) == 0) {
    std::cerr << "mobilenet-lab-cli: " << nameOf(runtime.precision)
              << " without calibration: "
              << (runtime.precision == Precision::Int8
                      ? "every layer's scale covers ReLU6's range (0 to 6), "
                      : "")
              << "no bias correction\n";
    return runtime;
  }
  torch::InferenceMode inference;
  ActivationCalibration measured = calibrateActivations(InferenceNetwork(model, device), frames);
  runtime.activationMax = std::move(measured.maxima);
  runtime.activationMean = std::move(measured.means);
  return runtime;
}

torch::Tensor calibrationFramesOf(const std::vector<std::string>& inputs,
                                  const InputOptions& options, const Preprocessing& preprocessing,
                                  int limit) {
  std::vector<torch::Tensor> frames;
  for (const std::string& input : inputs) {
    if (static_cast<int>(frames.size()) >= limit) break;
    readInput(
        input, options,
        [&](const InputFrame& frame) {
          if (static_cast<int>(frames.size()) >= limit) return;
          const BgrImageView view{frame.bgr, frame.width, frame.height, frame.stride};
          frames.push_back(preprocess(view, preprocessing));
        },
        [](const std::string&) {});
  }
  return frames.empty() ? torch::Tensor() : torch::cat(frames);
}

}  // namespace mnl::cli

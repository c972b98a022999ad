// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Int8's calibration: the largest output of each convolution of a float32 network over real
// frames, which sets the scale of that layer's u8 activations (onednn_network.h). Kept in a
// small JSON file so that a run can be repeated with the same scales (`calibrate --out`).

#include <torch/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "mnl/architecture.h"
#include "mnl/mobilenet_v1.h"

namespace mnl {

class InferenceNetwork;

inline constexpr const char* kCalibrationFormat = "mobilenet-lab activation calibration";
inline constexpr int kCalibrationFormatVersion = 1;

struct ActivationCalibration {
  NetworkConfig network;  // what it was measured on (α, resolution, conv mode, classes)
  std::string weights;    // the weights' description ("mobilenet_v1_0.5_160_quant.tflite …")
  int frames = 0;
  std::vector<std::string> layers;  // the convolutions, in order
  std::vector<float> maxima;        // one per layer
};

// Runs `images` ([N, 3, H, W] float32, preprocessed) through `network`, which must compute in
// float32, and keeps each convolution's largest output. Throws std::invalid_argument for a
// network of another precision or no images.
ActivationCalibration calibrateActivations(const InferenceNetwork& network,
                                           const torch::Tensor& images);

// Raises each of `maxima` (one per tap, in order; empty: sized here) to the largest value of
// that tap in `pass`: calibration over passes the caller runs anyway (the window's checks).
void keepLargest(std::vector<float>& maxima, const ForwardResult& pass);

// Written whole (atomic_file.h); throws std::system_error naming the file.
void saveCalibration(const std::filesystem::path& file, const ActivationCalibration& calibration);
// Throws std::runtime_error naming the file: missing, not JSON, another format or version, or
// values no calibration has (negative, not finite, a layer count that does not match).
ActivationCalibration loadCalibration(const std::filesystem::path& file);

// The maxima for `network` (its α and conv mode; the resolution may differ) whose convolutions
// are `layers`: the calibration's, when it was measured on such a network; throws
// std::invalid_argument saying what differs otherwise.
std::vector<float> maximaFor(const ActivationCalibration& calibration, const NetworkConfig& network,
                             const std::vector<std::string>& layers);

}  // namespace mnl

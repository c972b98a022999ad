// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Int8's calibration: the largest output of each convolution of a float32 network over real
// frames, which sets the scale of that layer's u8 activations, and the mean of each of its
// channels, with which the next layer's bias makes up for its weights' rounding
// (onednn_network.h). Kept in a small JSON file so that a run can be repeated with the same
// scales (`calibrate --out`).

#include <torch/types.h>

#include <cstdint>
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
  // One per layer, one per channel of its output; empty in a file written before they were
  // measured (its int8 runs without bias correction).
  std::vector<std::vector<float>> means;
};

// What calibration keeps of float32 passes, added one at a time: each tap's largest value and
// the mean of each of its channels (over images and pixels).
class ActivationTally {
 public:
  void add(const ForwardResult& pass);
  const std::vector<float>& maxima() const { return maxima_; }
  std::vector<std::vector<float>> means() const;

 private:
  std::vector<float> maxima_;
  std::vector<std::vector<double>> sums_;  // per tap and channel: the sum of its pixels' means
  std::int64_t images_ = 0;
};

// Runs `images` ([N, 3, H, W] float32, preprocessed) through `network`, which must compute in
// float32, and keeps each convolution's largest output. Throws std::invalid_argument for a
// network of another precision or no images.
ActivationCalibration calibrateActivations(const InferenceNetwork& network,
                                           const torch::Tensor& images);

// Written whole (atomic_file.h); throws std::system_error naming the file.
void saveCalibration(const std::filesystem::path& file, const ActivationCalibration& calibration);
// Throws std::runtime_error naming the file: missing, not JSON, another format or version, or
// values no calibration has (negative, not finite, a layer count that does not match).
ActivationCalibration loadCalibration(const std::filesystem::path& file);

// Throws std::invalid_argument saying what differs unless `calibration` was measured on a
// network such as `network` (its α and conv mode; the resolution may differ) whose
// convolutions are `layers`.
void checkMeasuredOn(const ActivationCalibration& calibration, const NetworkConfig& network,
                     const std::vector<std::string>& layers);

}  // namespace mnl

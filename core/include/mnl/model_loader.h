// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Builds the MobileNet v1 a caller asks for, with the best weights there are: the user's file,
// else the bundled model of that α, else random ones. Used by the CLI and the inference engine.
// Torch header: a translation unit that also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "mnl/architecture.h"
#include "mnl/mobilenet_v1.h"
#include "mnl/input_convention.h"

namespace mnl {

struct ModelRequest {
  NetworkConfig network;  // α, resolution and conv mode; classes come from the weights
  // A weights file of the user's (TFLite, Keras .h5 or this app's format, told apart by
  // content) instead of the bundled one; headFile completes a TFLite model split in two.
  std::optional<std::filesystem::path> weightsFile, headFile;
  bool allowUntrained = true;  // false: no trained weights for the request is an error
  torch::Device device = torch::kCPU;
  std::filesystem::path resourcesDir;  // empty: defaultResourcesDir()
  PaddingMode padding = PaddingMode::TensorFlowSame;
  std::uint64_t seed = 1;  // for random weights
};

struct LoadedModel {
  MobileNetV1 model{nullptr};  // in eval() mode, on the requested device
  Preprocessing preprocessing;  // inputSize = the requested resolution; scaling from the weights
  std::vector<std::string> labels;  // one per class
  bool trained = false;
  // "mobilenet_v1_0.5_160_quant.tflite (bundled)", "my.pt (user file)",
  // "untrained (random weights, seed 1)"
  std::string weightsDescription;
};

// Throws WeightsError for a weights file that is missing, unreadable, of another α or conv
// mode, or not a MobileNet v1; or, when allowUntrained is false, for a request without trained
// weights. Throws std::invalid_argument for an invalid network.
LoadedModel loadModel(const ModelRequest& request);

// Classes and labels of a network with random weights: the 1001 ImageNet classes of the
// TFLite models, so that switching between trained and untrained keeps the class list.
inline constexpr int kUntrainedClasses = 1001;

}  // namespace mnl

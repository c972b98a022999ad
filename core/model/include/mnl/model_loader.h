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
#include "mnl/weight_set.h"

namespace mnl {

struct ModelRequest {
  NetworkConfig network;  // α, resolution and conv mode; classes come from the weights
  // A weights file of the user's (TFLite, Keras .h5, this app's format, a PyTorch checkpoint
  // or safetensors, told apart by content) instead of the bundled one; headFile completes a
  // TFLite model split in two.
  std::optional<std::filesystem::path> weightsFile, headFile;
  // A user's own model: α, conv mode and classes come from the file instead of being checked
  // against `network`, and a resolution of 0 means the file's own.
  bool networkFromFile = false;
  // One label a line, as many as the model has classes; default: the file's own, ImageNet's
  // for 1000 or 1001 classes, else "class N".
  std::optional<std::filesystem::path> labelsFile;
  // Overrides the input scaling the weights were trained with.
  std::optional<Normalization> normalization;
  bool allowUntrained = true;  // false: no trained weights for the request is an error
  torch::Device device = torch::kCPU;
  std::filesystem::path resourcesDir;  // empty: defaultResourcesDir()
  PaddingMode padding = PaddingMode::TensorFlowSame;  // without a file; a file says its own
  std::uint64_t seed = 1;  // for random weights
};

struct LoadedModel {
  MobileNetV1 model{nullptr};  // in eval() mode, on the requested device
  Preprocessing preprocessing;  // inputSize = the requested resolution; scaling from the weights
  std::vector<std::string> labels;  // one per class
  // ImageNet's WordNet id of each class when the labels are ImageNet's (1000, or 1001 with ""
  // for background), else empty: a folder of ILSVRC's layout names its classes so.
  std::vector<std::string> wordNetIds;
  bool trained = false;
  NetworkConfig network;  // as built: the file's α and classes, the requested resolution
  std::optional<WeightsFormat> format;  // of the weights file, when there is one
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

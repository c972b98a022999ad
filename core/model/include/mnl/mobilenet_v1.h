// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// MobileNet v1 in the LibTorch C++ frontend (paper Table 1), built from mnl::buildLayers so the
// model and the cost model share one description. Torch header: a translation
// unit that also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <string>
#include <utility>
#include <vector>

#include "mnl/architecture.h"

namespace mnl {

// conv (no bias) → batch norm → ReLU6: one row of Table 1. Pads the input itself so that it
// can follow TensorFlow's asymmetric SAME rule.
class ConvBnReluImpl : public torch::nn::Module {
 public:
  ConvBnReluImpl(const LayerSpec& spec, PaddingMode padding);
  torch::Tensor forward(const torch::Tensor& input);

  const LayerSpec& spec() const { return spec_; }
  torch::nn::Conv2d conv{nullptr};
  torch::nn::BatchNorm2d bn{nullptr};

 private:
  LayerSpec spec_;
  PaddingMode padding_;
};
TORCH_MODULE(ConvBnRelu);

// TensorFlow's epsilon, also right for the Keras weights (BatchNormalization(epsilon=1e-3)).
inline constexpr double kBatchNormEpsilon = 1e-3;

struct ModelOptions {
  NetworkConfig network;
  PaddingMode padding = PaddingMode::TensorFlowSame;
  double dropout = 0.001;  // TF-slim's keep_prob 0.999; only active in training mode
};

// Logits plus the outputs of the layers the caller asked for, in the order asked.
struct ForwardResult {
  torch::Tensor logits;
  std::vector<std::pair<std::string, torch::Tensor>> taps;
};

// Collects the outputs a forward pass was asked to keep, for both forms of the network
// (MobileNetV1 and InferenceNetwork). Throws std::invalid_argument on construction for a name
// the network does not have.
class LayerTaps {
 public:
  LayerTaps(const std::vector<LayerSpec>& layers, const std::vector<std::string>& names);
  bool empty() const { return names_.empty(); }
  void keep(const std::string& name, const torch::Tensor& output);
  // The kept outputs, in the order asked, with the logits.
  ForwardResult finish(torch::Tensor logits);

 private:
  const std::vector<std::string>& names_;
  ForwardResult result_;
};

class MobileNetV1Impl : public torch::nn::Module {
 public:
  explicit MobileNetV1Impl(const ModelOptions& options);

  torch::Tensor forward(const torch::Tensor& images);
  // The C++ frontend has no forward hooks, so the layers to keep are named up front:
  // conv0, dw1…dw13, pw1…pw13 (conv1…conv13 in standard mode), pool, fc.
  // Throws std::invalid_argument for a name the network does not have.
  ForwardResult forward(const torch::Tensor& images, const std::vector<std::string>& tapNames);

  const ModelOptions& options() const { return options_; }
  const std::vector<LayerSpec>& layers() const { return layers_; }

  // Stages in order: `features` holds conv0 … pw13 (or conv13) as children named after their
  // layers, so parameters are named e.g. features.dw3.conv.weight; `classifier` is the FC
  // layer applied after global average pooling and dropout.
  torch::nn::Sequential features{nullptr};
  torch::nn::Dropout dropout{nullptr};
  torch::nn::Linear classifier{nullptr};

 private:
  ModelOptions options_;
  std::vector<LayerSpec> layers_;
  std::vector<ConvBnRelu> units_;  // the children of `features`, for a forward without lookups
};
TORCH_MODULE(MobileNetV1);

}  // namespace mnl

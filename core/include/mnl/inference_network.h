// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// MobileNetV1 prepared for inference: batch norm folded into each convolution's weights and
// bias, so every row of Table 1 is one convolution with ReLU6 applied in place. Same outputs
// as the training-form model in eval mode (to float rounding), fewer operators per frame.
// Torch header: keep it out of any translation unit that includes Qt.

#include <torch/types.h>

#include <string>
#include <utility>
#include <vector>

#include "mnl/mobilenet_v1.h"

namespace mnl {

class InferenceNetwork {
 public:
  // Folds the model's batch norms (its eval-mode statistics) and moves everything to `device`.
  InferenceNetwork(MobileNetV1 model, torch::Device device);

  torch::Tensor forward(const torch::Tensor& images) const;
  // As MobileNetV1::forward with taps: throws std::invalid_argument for an unknown layer name.
  ForwardResult forward(const torch::Tensor& images, const std::vector<std::string>& tapNames) const;

  // Median time of each layer over `repetitions` passes, one timer per layer (a separate pass:
  // the timers' synchronisation slows the whole network down).
  std::vector<std::pair<std::string, double>> profileLayers(const torch::Tensor& images,
                                                            int repetitions) const;

  const std::vector<LayerSpec>& layers() const { return layers_; }
  const torch::Device& device() const { return device_; }

 private:
  struct FoldedConv {
    LayerSpec spec;
    torch::Tensor weight;  // BN scale folded in
    torch::Tensor bias;    // BN shift
    PaddingMode padding;
    // For a depthwise layer whose SAME padding at its planned input size is 0 before and 1
    // after: the same kernel with a zero row and column in front (4×4), run with symmetric
    // padding 1. Same sums, without copying the input into a padded tensor. Undefined when it
    // does not apply.
    torch::Tensor shiftedWeight;
    torch::Tensor run(const torch::Tensor& input) const;
  };

  std::vector<FoldedConv> convs_;
  // Channels-last on the CPU: oneDNN's depthwise and 1×1 kernels work on NHWC without the
  // reorders NCHW costs them (measured in docs/benchmarks.md).
  torch::MemoryFormat memoryFormat_ = torch::MemoryFormat::Contiguous;
  torch::Tensor fcWeight_, fcBias_;
  std::vector<LayerSpec> layers_;
  torch::Device device_;
};

}  // namespace mnl

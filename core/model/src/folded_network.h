// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// MobileNetV1 with each batch norm folded into the convolution before it (its eval-mode
// statistics), on the network's device and in its precision: what every back end of
// InferenceNetwork runs (backends/backend.h). Immutable once made, shared by the back ends.

#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "mnl/compute_device.h"
#include "mnl/mobilenet_v1.h"

namespace mnl {

struct FoldedConv {
  LayerSpec spec;
  torch::Tensor weight;  // the batch norm's scale folded in
  torch::Tensor bias;    // its shift
};

struct FoldedNetwork {
  // y = γ (conv(x) − μ) / √(σ² + ε) + β  =  conv_{w·s}(x) + (β − μ·s),  s = γ / √(σ² + ε):
  // folded in float32, then rounded once to `precision`.
  FoldedNetwork(MobileNetV1 model, torch::Device device, Precision precision, bool channelsLast);

  std::vector<FoldedConv> convs;
  torch::Tensor fcWeight, fcBias;
  std::vector<LayerSpec> layers;  // the convolutions, pool, fc (MobileNetV1Impl::layers())
  PaddingMode padding;
  torch::ScalarType dtype;
  torch::MemoryFormat memoryFormat;
  torch::Device device;
  // The largest input + output of one layer for one image, in bytes (RuntimeOptions::cpuBatchBytes).
  std::int64_t peakBytesPerImage = 0;
};

}  // namespace mnl

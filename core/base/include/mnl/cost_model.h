// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Analytic cost of MobileNet v1: mult-adds, parameters and activation memory per layer,
// computed from the architecture alone (no tensors), so the UI can redraw it on every slider
// step. Counting follows the paper: mult-adds of conv and FC layers; BN, ReLU6 and pooling
// count none.

#include <map>
#include <optional>
#include <vector>

#include "mnl/architecture.h"

namespace mnl {

struct LayerCost {
  LayerSpec layer;
  long long multAdds = 0;
  long long weights = 0;  // conv kernels and FC weights: the paper's parameter rule
  long long params = 0;   // every learnable value: weights + BN γ and β + FC bias
  long long activationBytes = 0;  // float32 output of the layer
  // Depthwise and pointwise layers: cost of their separable pair over a standard 3×3 conv with
  // the same input and output, 1/N + 1/D_K² (Section 3.1). Empty for other layers.
  std::optional<double> ratioToStandard;
};

struct TypeShare {
  long long multAdds = 0;
  long long weights = 0;
  double multAddsShare = 0.0;  // fraction of the network's total, 0…1
  double weightsShare = 0.0;
};

struct NetworkCost {
  NetworkConfig config;
  std::vector<LayerCost> layers;
  long long multAdds = 0;
  long long weights = 0;
  long long params = 0;
  long long activationBytes = 0;      // all layer outputs together (what layer taps hold)
  long long peakActivationBytes = 0;  // largest input + output of one layer (inference need)
  std::map<LayerType, TypeShare> byType;

  const LayerCost* find(const std::string& name) const;
};

NetworkCost computeCost(const NetworkConfig& config);

// The cost of one layer as in the paper's Table 3: a 3×3 layer of input side×side×inChannels
// to outChannels, stride 1, as a standard conv and as a depthwise separable pair.
struct SingleLayerCost {
  long long standardMultAdds = 0;
  long long standardWeights = 0;
  long long separableMultAdds = 0;
  long long separableWeights = 0;
};
SingleLayerCost singleLayerCost(int side, int inChannels, int outChannels, int kernel = 3);

}  // namespace mnl

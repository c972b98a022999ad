// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/cost_model.h"

#include <algorithm>

namespace mnl {
namespace {

constexpr long long kBytesPerActivation = sizeof(float);

LayerCost costOf(const LayerSpec& layer) {
  LayerCost cost;
  cost.layer = layer;
  const long long outPixels = static_cast<long long>(layer.output.height) * layer.output.width;
  const long long kernelArea = static_cast<long long>(layer.kernel) * layer.kernel;
  const long long inC = layer.input.channels;
  const long long outC = layer.output.channels;
  switch (layer.type) {
    case LayerType::Conv:
      cost.weights = kernelArea * inC * outC;
      cost.multAdds = outPixels * cost.weights;
      cost.params = cost.weights + 2 * outC;  // BN γ, β
      break;
    case LayerType::Depthwise:
      cost.weights = kernelArea * inC;
      cost.multAdds = outPixels * cost.weights;
      cost.params = cost.weights + 2 * outC;
      break;
    case LayerType::Pointwise:
      cost.weights = inC * outC;
      cost.multAdds = outPixels * cost.weights;
      cost.params = cost.weights + 2 * outC;
      break;
    case LayerType::Pool:
      break;  // the paper counts no mult-adds for pooling
    case LayerType::FullyConnected:
      cost.weights = inC * outC;
      cost.multAdds = cost.weights;
      cost.params = cost.weights + outC;  // bias
      break;
  }
  cost.activationBytes = layer.output.elements() * kBytesPerActivation;
  return cost;
}

}  // namespace

const LayerCost* NetworkCost::find(const std::string& name) const {
  const auto it = std::find_if(layers.begin(), layers.end(),
                               [&](const LayerCost& c) { return c.layer.name == name; });
  return it == layers.end() ? nullptr : &*it;
}

NetworkCost computeCost(const NetworkConfig& config) {
  NetworkCost total;
  total.config = config;
  for (const LayerSpec& layer : buildLayers(config)) {
    LayerCost cost = costOf(layer);
    total.multAdds += cost.multAdds;
    total.weights += cost.weights;
    total.params += cost.params;
    total.activationBytes += cost.activationBytes;
    total.peakActivationBytes =
        std::max(total.peakActivationBytes,
                 (layer.input.elements() + layer.output.elements()) * kBytesPerActivation);
    TypeShare& share = total.byType[layer.type];
    share.multAdds += cost.multAdds;
    share.weights += cost.weights;
    total.layers.push_back(std::move(cost));
  }

  // Ratio of each separable pair to the standard conv it replaces: (dw + pw) / standard.
  for (std::size_t i = 0; i + 1 < total.layers.size(); ++i) {
    LayerCost& dw = total.layers[i];
    LayerCost& pw = total.layers[i + 1];
    if (dw.layer.type != LayerType::Depthwise || pw.layer.type != LayerType::Pointwise) continue;
    const long long standard = static_cast<long long>(dw.layer.kernel) * dw.layer.kernel *
                               dw.layer.input.channels * pw.layer.output.channels *
                               pw.layer.output.height * pw.layer.output.width;
    const double ratio = static_cast<double>(dw.multAdds + pw.multAdds) / standard;
    dw.ratioToStandard = ratio;
    pw.ratioToStandard = ratio;
  }

  for (auto& [type, share] : total.byType) {
    share.multAddsShare = total.multAdds ? static_cast<double>(share.multAdds) / total.multAdds : 0;
    share.weightsShare = total.weights ? static_cast<double>(share.weights) / total.weights : 0;
  }
  return total;
}

SingleLayerCost singleLayerCost(int side, int inChannels, int outChannels, int kernel) {
  const long long pixels = static_cast<long long>(side) * side;
  const long long k2 = static_cast<long long>(kernel) * kernel;
  SingleLayerCost cost;
  cost.standardWeights = k2 * inChannels * outChannels;
  cost.standardMultAdds = pixels * cost.standardWeights;
  cost.separableWeights = k2 * inChannels + static_cast<long long>(inChannels) * outChannels;
  cost.separableMultAdds = pixels * cost.separableWeights;
  return cost;
}

}  // namespace mnl

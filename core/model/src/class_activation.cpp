// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/class_activation.h"

#include <torch/autograd.h>
#include <torch/nn/functional/pooling.h>

#include <c10/core/InferenceMode.h>
#include <chrono>
#include <stdexcept>

namespace mnl {
namespace {

namespace F = torch::nn::functional;
using Clock = std::chrono::steady_clock;

// A [h, w] map into `map` (normalised as saliency.h says).
void fill(SaliencyMap& map, const torch::Tensor& raw) {
  const torch::Tensor host = raw.detach().to(torch::kCPU, torch::kFloat).contiguous();
  map.height = static_cast<int>(host.size(0));
  map.width = static_cast<int>(host.size(1));
  const float* p = host.data_ptr<float>();
  normaliseSaliency(std::vector<float>(p, p + host.numel()), map);
}

// Σ_c w[k,c]·A_c: the logit of class k is the spatial mean of this map plus the bias, because
// global average pooling and the linear layer commute.
torch::Tensor classActivation(MobileNetV1& model, const torch::Tensor& activations, int k) {
  const torch::Tensor w =
      model->classifier->weight.detach()[k].to(activations.device(), torch::kFloat);
  return (activations.to(torch::kFloat)[0] * w.view({-1, 1, 1})).sum(0);
}

// Σ_c α_c·A_c with α_c the spatial mean of d logit_k / d A_c. Only the layers after `unit`
// are run (again, in training form): the activations are a leaf of the graph, so the backward
// pass stops there.
torch::Tensor gradientWeighted(MobileNetV1& model, std::size_t unit,
                               const torch::Tensor& layerOutput, int k) {
  c10::InferenceMode normalTensors(false);
  torch::AutoGradMode gradients(true);
  const torch::Tensor activations =
      layerOutput.detach().to(torch::kFloat).contiguous().clone().requires_grad_(true);
  torch::Tensor x = activations;
  for (std::size_t i = unit + 1; i < model->features->size(); ++i)
    x = model->features->at<ConvBnReluImpl>(i).forward(x);
  x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(1)).flatten(1);
  const torch::Tensor logit = model->classifier(model->dropout(x))[0][k];
  const torch::Tensor gradient = torch::autograd::grad({logit}, {activations})[0];
  const torch::Tensor weights = gradient.mean({2, 3}, /*keepdim=*/true);
  return (weights * activations.detach()).sum(1)[0];
}

}  // namespace

SaliencyMap saliencyMap(SaliencyMethod method, MobileNetV1 model, const std::string& layer,
                        const torch::Tensor& layerOutput, int classIndex) {
  const auto start = Clock::now();
  const auto& layers = model->features;
  std::size_t unit = layers->size();
  for (std::size_t i = 0; i < layers->size(); ++i)
    if (layers->at<ConvBnReluImpl>(i).spec().name == layer) unit = i;
  if (unit == layers->size())
    throw std::invalid_argument("the network has no convolution named '" + layer + "'");
  if (method == SaliencyMethod::Cam && unit + 1 != layers->size())
    throw std::invalid_argument("CAM is exact only at the last convolution, not at '" + layer +
                                "'");
  if (method == SaliencyMethod::Off) throw std::invalid_argument("no saliency method asked for");
  const auto classes = model->classifier->weight.size(0);
  if (classIndex < 0 || classIndex >= classes)
    throw std::invalid_argument("class " + std::to_string(classIndex) + " is out of range");

  SaliencyMap map;
  map.method = method;
  map.layer = layer;
  map.classIndex = classIndex;
  if (method == SaliencyMethod::Cam) {
    torch::NoGradGuard noGradients;
    fill(map, classActivation(model, layerOutput, classIndex));
  } else {
    fill(map, gradientWeighted(model, unit, layerOutput, classIndex));
  }
  map.milliseconds = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return map;
}

}  // namespace mnl

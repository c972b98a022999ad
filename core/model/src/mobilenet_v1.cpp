// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/mobilenet_v1.h"

#include <torch/nn/functional/padding.h>
#include <torch/nn/functional/pooling.h>
#include <torch/nn/options/conv.h>

#include <algorithm>
#include <stdexcept>

namespace mnl {
namespace F = torch::nn::functional;

ConvBnReluImpl::ConvBnReluImpl(const LayerSpec& spec, PaddingMode padding)
    : spec_(spec), padding_(padding) {
  const bool depthwise = spec.type == LayerType::Depthwise;
  // Symmetric mode lets the convolution pad (cheaper); SAME pads in forward().
  const int convPadding = padding == PaddingMode::Symmetric ? spec.kernel / 2 : 0;
  conv = register_module(
      "conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(spec.input.channels,
                                                         spec.output.channels, spec.kernel)
                                    .stride(spec.stride)
                                    .padding(convPadding)
                                    .groups(depthwise ? spec.input.channels : 1)
                                    .bias(false)));
  bn = register_module("bn", torch::nn::BatchNorm2d(torch::nn::BatchNorm2dOptions(
                                                        spec.output.channels)
                                                        .eps(kBatchNormEpsilon)));
}

torch::Tensor ConvBnReluImpl::forward(const torch::Tensor& input) {
  torch::Tensor x = input;
  if (padding_ == PaddingMode::TensorFlowSame && spec_.kernel > 1) {
    const auto [top, bottom] = samePadding(int(x.size(2)), spec_.stride, spec_.kernel);
    const auto [left, right] = samePadding(int(x.size(3)), spec_.stride, spec_.kernel);
    x = F::pad(x, F::PadFuncOptions({left, right, top, bottom}));
  }
  return torch::clamp(bn(conv(x)), 0.0, 6.0);  // ReLU6
}

MobileNetV1Impl::MobileNetV1Impl(const ModelOptions& options)
    : options_(options), layers_(buildLayers(options.network)) {
  features = register_module("features", torch::nn::Sequential());
  for (const LayerSpec& spec : layers_) {
    if (spec.type == LayerType::Pool || spec.type == LayerType::FullyConnected) continue;
    units_.emplace_back(spec, options.padding);
    features->push_back(spec.name, units_.back().ptr());
  }
  dropout = register_module("dropout", torch::nn::Dropout(options.dropout));
  const LayerSpec& fc = layers_.back();
  classifier = register_module(
      "classifier", torch::nn::Linear(fc.input.channels, fc.output.channels));
}

torch::Tensor MobileNetV1Impl::forward(const torch::Tensor& images) {
  return forward(images, {}).logits;
}

LayerTaps::LayerTaps(const std::vector<LayerSpec>& layers, const std::vector<std::string>& names)
    : names_(names) {
  for (const std::string& name : names)
    if (std::none_of(layers.begin(), layers.end(),
                     [&](const LayerSpec& l) { return l.name == name; }))
      throw std::invalid_argument("the network has no layer named '" + name + "'");
  result_.taps.resize(names.size());
}

void LayerTaps::keep(const std::string& name, const torch::Tensor& output) {
  for (std::size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) result_.taps[i] = {name, output};
}

ForwardResult LayerTaps::finish(torch::Tensor logits) {
  result_.logits = std::move(logits);
  return std::move(result_);
}

ForwardResult MobileNetV1Impl::forward(const torch::Tensor& images,
                                       const std::vector<std::string>& tapNames) {
  LayerTaps taps(layers_, tapNames);
  torch::Tensor x = images;
  for (ConvBnRelu& unit : units_) {
    x = unit->forward(x);
    taps.keep(unit->spec().name, x);
  }
  // Global average pooling: a fixed 7×7 pool would only fit a 224-pixel input.
  x = F::adaptive_avg_pool2d(x, F::AdaptiveAvgPool2dFuncOptions(1));
  taps.keep("pool", x);
  x = classifier(dropout(x.flatten(1)));
  taps.keep("fc", x);
  return taps.finish(x);
}

}  // namespace mnl

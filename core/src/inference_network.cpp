// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/inference_network.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "mnl/compute_device.h"

namespace mnl {

torch::Tensor InferenceNetwork::FoldedConv::run(const torch::Tensor& input) const {
  const int groups = spec.type == LayerType::Depthwise ? spec.input.channels : 1;
  int64_t padH = 0, padW = 0;
  torch::Tensor x = input;
  if (shiftedWeight.defined() && x.size(2) == spec.input.height &&
      x.size(3) == spec.input.width) {
    return torch::conv2d(x, shiftedWeight, bias, spec.stride, spec.kernel / 2, 1, groups)
        .clamp_(0.0, 6.0);
  }
  if (spec.kernel > 1) {
    const auto [top, bottom] = samePadding(int(x.size(2)), spec.stride, spec.kernel);
    const auto [left, right] = samePadding(int(x.size(3)), spec.stride, spec.kernel);
    if (padding == PaddingMode::Symmetric || (top == bottom && left == right)) {
      // Symmetric padding is the convolution's own (no copy of the input).
      padH = padding == PaddingMode::Symmetric ? spec.kernel / 2 : top;
      padW = padding == PaddingMode::Symmetric ? spec.kernel / 2 : left;
    } else {
      x = torch::constant_pad_nd(x, {left, right, top, bottom});
    }
  }
  return torch::conv2d(x, weight, bias, spec.stride, {padH, padW}, 1, groups).clamp_(0.0, 6.0);
}

InferenceNetwork::InferenceNetwork(MobileNetV1 model, torch::Device device)
    : layers_(model->layers()), device_(device) {
  torch::NoGradGuard noGrad;
  if (device.is_cpu()) memoryFormat_ = torch::MemoryFormat::ChannelsLast;
  model->eval();
  const PaddingMode padding = model->options().padding;
  for (const auto& child : model->features->named_children()) {
    auto unit = child.value()->as<ConvBnRelu>();
    const auto& bn = unit->bn;
    // y = γ (conv(x) − μ) / √(σ² + ε) + β  =  conv_{w·s}(x) + (β − μ·s),  s = γ / √(σ² + ε)
    const torch::Tensor scale = bn->weight / torch::sqrt(bn->running_var + bn->options.eps());
    FoldedConv conv;
    conv.spec = unit->spec();
    conv.weight =
        (unit->conv->weight * scale.view({-1, 1, 1, 1})).to(device).contiguous(memoryFormat_);
    conv.bias = (bn->bias - bn->running_mean * scale).contiguous().to(device);
    conv.padding = padding;
    const auto [top, bottom] = samePadding(conv.spec.input.height, conv.spec.stride, conv.spec.kernel);
    const auto [left, right] = samePadding(conv.spec.input.width, conv.spec.stride, conv.spec.kernel);
    if (padding == PaddingMode::TensorFlowSame && conv.spec.type == LayerType::Depthwise &&
        top + 1 == bottom && left + 1 == right && top == conv.spec.kernel / 2 - 1 && left == top)
      conv.shiftedWeight = torch::constant_pad_nd(conv.weight, {1, 0, 1, 0}).contiguous(memoryFormat_);
    convs_.push_back(std::move(conv));
  }
  fcWeight_ = model->classifier->weight.detach().contiguous().to(device);
  fcBias_ = model->classifier->bias.detach().contiguous().to(device);
}

torch::Tensor InferenceNetwork::forward(const torch::Tensor& images) const {
  return forward(images, {}).logits;
}

ForwardResult InferenceNetwork::forward(const torch::Tensor& images,
                                        const std::vector<std::string>& tapNames) const {
  LayerTaps taps(layers_, tapNames);
  torch::Tensor x = images.contiguous(memoryFormat_);
  for (const FoldedConv& conv : convs_) {
    x = conv.run(x);
    if (!taps.empty()) taps.keep(conv.spec.name, x);
  }
  x = x.mean({2, 3}, /*keepdim=*/true);  // global average pooling
  taps.keep("pool", x);
  x = torch::addmm(fcBias_, x.flatten(1), fcWeight_.t());
  taps.keep("fc", x);
  return taps.finish(x);
}

std::vector<std::pair<std::string, double>> InferenceNetwork::profileLayers(
    const torch::Tensor& images, int repetitions) const {
  using Clock = std::chrono::steady_clock;
  const std::size_t count = convs_.size() + 2;
  std::vector<std::vector<double>> samples(count);
  for (int rep = 0; rep < std::max(1, repetitions); ++rep) {
    torch::Tensor x = images.contiguous(memoryFormat_);
    std::size_t i = 0;
    auto timed = [&](auto&& step) {
      synchronize(device_);
      const auto start = Clock::now();
      x = step(x);
      synchronize(device_);
      samples[i++].push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    };
    for (const FoldedConv& conv : convs_) timed([&](const torch::Tensor& in) { return conv.run(in); });
    timed([](const torch::Tensor& in) { return in.mean({2, 3}, true); });
    timed([&](const torch::Tensor& in) { return torch::addmm(fcBias_, in.flatten(1), fcWeight_.t()); });
  }
  std::vector<std::pair<std::string, double>> result;
  for (std::size_t i = 0; i < count; ++i) {
    auto& s = samples[i];
    std::nth_element(s.begin(), s.begin() + s.size() / 2, s.end());
    const std::string& name = i < convs_.size() ? convs_[i].spec.name
                              : i == convs_.size() ? std::string("pool")
                                                   : std::string("fc");
    result.emplace_back(name, s[s.size() / 2]);
  }
  return result;
}

}  // namespace mnl

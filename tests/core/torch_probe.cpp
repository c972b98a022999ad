// SPDX-License-Identifier: GPL-3.0-or-later
#include "torch_probe.h"

#include <sys/resource.h>
#include <torch/torch.h>

#include "mnl/cost_model.h"
#include "mnl/inference_network.h"
#include "mnl/mobilenet_v1.h"

namespace mnl::probe {
namespace {

MobileNetV1 makeModel(const NetworkConfig& config, PaddingMode padding) {
  torch::manual_seed(7);
  MobileNetV1 model(ModelOptions{config, padding});
  model->eval();
  return model;
}

}  // namespace

std::vector<TapShape> layerOutputShapes(const NetworkConfig& config, PaddingMode padding) {
  torch::NoGradGuard noGrad;
  MobileNetV1 model = makeModel(config, padding);
  const auto result = model->forward(
      torch::rand({1, 3, config.resolution, config.resolution}), layerNames(config));
  std::vector<TapShape> shapes;
  for (const auto& [name, tensor] : result.taps)
    shapes.push_back({name, std::vector<int64_t>(tensor.sizes().begin(), tensor.sizes().end())});
  return shapes;
}

long long parameterCount(const NetworkConfig& config) {
  MobileNetV1 model = makeModel(config, PaddingMode::TensorFlowSame);
  long long count = 0;
  for (const auto& p : model->parameters()) count += p.numel();
  return count;
}

std::vector<float> conv0Corners(int side, PaddingMode padding) {
  torch::NoGradGuard noGrad;
  MobileNetV1 model = makeModel({1.0, std::max(side, kMinResolution), 10}, padding);
  auto conv0 = model->features[0]->as<ConvBnRelu>();
  conv0->conv->weight.fill_(1.0 / 27.0);  // a full 3×3×3 window of ones sums to 1
  conv0->bn->running_var.fill_(1.0 - kBatchNormEpsilon);  // BN becomes the identity
  const auto out = conv0->forward(torch::ones({1, 3, side, side}))[0][0];
  const int64_t last = out.size(0) - 1;
  return {out[0][0].item<float>(), out[0][last].item<float>(), out[last][0].item<float>(),
          out[last][last].item<float>()};
}

bool tapsLeaveLogitsUnchanged(const NetworkConfig& config) {
  torch::NoGradGuard noGrad;
  MobileNetV1 model = makeModel(config, PaddingMode::TensorFlowSame);
  const auto input = torch::rand({2, 3, config.resolution, config.resolution});
  const auto plain = model->forward(input);
  const auto tapped = model->forward(input, {"pw13", "conv0", "fc"});
  return torch::equal(plain, tapped.logits) && torch::equal(plain, tapped.taps[2].second);
}

FoldingError foldingError(const NetworkConfig& config, PaddingMode padding,
                          const std::string& tap) {
  torch::NoGradGuard noGrad;
  MobileNetV1 model = makeModel(config, padding);
  for (auto& buffer : model->named_buffers()) {  // statistics a trained network could have
    if (buffer.key().find("running_mean") != std::string::npos) buffer.value().uniform_(-0.5, 0.5);
    if (buffer.key().find("running_var") != std::string::npos) buffer.value().uniform_(0.2, 2.0);
  }
  for (auto& p : model->named_parameters())
    if (p.key().find("bn.weight") != std::string::npos) p.value().uniform_(0.5, 1.5);
  const InferenceNetwork folded(model, torch::kCPU);
  const auto input = torch::rand({2, 3, config.resolution, config.resolution}) * 2 - 1;
  const auto reference = model->forward(input, {tap});
  const auto result = folded.forward(input, {tap});
  return {(reference.logits - result.logits).abs().max().item<double>(),
          (reference.taps[0].second - result.taps[0].second).abs().max().item<double>(),
          reference.logits.abs().max().item<double>()};
}

std::string tapError(const std::string& name) {
  MobileNetV1 model = makeModel({0.25, 64, 10}, PaddingMode::TensorFlowSame);
  try {
    model->forward(torch::zeros({1, 3, 64, 64}), {name});
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

BatchError batchVersusSingleError(const NetworkConfig& config, const std::vector<int>& batches,
                                  const std::string& tap, int budgetImages) {
  torch::NoGradGuard noGrad;
  const MobileNetV1 model = makeModel(config, PaddingMode::TensorFlowSame);
  RuntimeOptions runtime;
  // The largest layer's input + output in float32, as the cost model counts it.
  if (budgetImages > 0)
    runtime.cpuBatchBytes = computeCost(config).peakActivationBytes * budgetImages;
  const InferenceNetwork folded(model, torch::kCPU, runtime);
  BatchError error;
  const auto relative = [](const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>() / a.abs().max().item<double>();
  };
  for (const int batch : batches) {
    const auto images = torch::rand({batch, 3, config.resolution, config.resolution}) * 2 - 1;
    const ForwardResult together = folded.forward(images, {tap});
    std::vector<torch::Tensor> logits, taps;
    for (int i = 0; i < batch; ++i) {
      const ForwardResult alone = folded.forward(images.narrow(0, i, 1), {tap});
      logits.push_back(alone.logits);
      taps.push_back(alone.taps[0].second);
    }
    error.logits = std::max(error.logits, relative(together.logits, torch::cat(logits)));
    error.tap = std::max(error.tap, relative(together.taps[0].second, torch::cat(taps)));
  }
  return error;
}

double minorFaultsPerRun(const NetworkConfig& config, int batch, int runs) {
  torch::NoGradGuard noGrad;
  const InferenceNetwork folded(makeModel(config, PaddingMode::TensorFlowSame), torch::kCPU);
  const auto images = torch::rand({batch, 3, config.resolution, config.resolution});
  for (int i = 0; i < 3; ++i) folded.forward(images);
  const auto faults = [] {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
  };
  const long before = faults();
  for (int i = 0; i < runs; ++i) folded.forward(images);
  return double(faults() - before) / runs;
}

bool glibcAllocator() {
#if defined(__has_feature)  // clang
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer) || __has_feature(hwaddress_sanitizer)
  return false;
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)  // gcc
  return false;
#elif defined(__GLIBC__)
  return true;
#else
  return false;
#endif
}

bool cpuLayersAreFused() { return InferenceNetwork::fusedConvolutionAvailable(); }

}  // namespace mnl::probe

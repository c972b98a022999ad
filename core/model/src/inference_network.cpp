// SPDX-License-Identifier: GPL-3.0-or-later
// The front of the back ends (backends/backend.h): which one runs, sub-batches that bound a
// CPU batch's memory, and handing over to the next back end when one gives up.
#include "mnl/inference_network.h"

#include <torch/torch.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "backends/backend.h"
#include "folded_network.h"
#include "mnl/cuda_graph_forward.h"

namespace mnl {

std::string InferenceNetwork::reducedPrecisionProblem(Precision precision,
                                                      const torch::Device& device) {
  if (!isCpuReduced(precision)) return {};
  if (!device.is_cpu())
    return std::string(nameOf(precision)) + " runs on the CPU only (CUDA has fp16)";
  return backends::oneDnnUnsupported(precision);
}

std::string InferenceNetwork::emulationNote(Precision precision, const torch::Device& device) {
  if (!isCpuReduced(precision) || !device.is_cpu() || !backends::oneDnnEmulated(precision))
    return {};
  return std::string(nameOf(precision)) +
         " is emulated in software on this CPU (MNL_BF16_EMULATION=1): its accuracy is " +
         nameOf(precision) + "'s, its time is not";
}

template <typename Call>
auto InferenceNetwork::onOneDnn(Call call) const
    -> std::optional<decltype(call(std::declval<backends::Backend&>()))> {
  if (!oneDnn_) return std::nullopt;
  try {
    return call(*oneDnn_);
  } catch (const backends::GaveUp& e) {
    // bf16 and int8 have no other path: the reason goes to the caller.
    if (isCpuReduced(runtime_.precision)) throw std::runtime_error(e.what());
    directFailure_ = e.what();
    oneDnn_.reset();
    return std::nullopt;
  }
}

bool InferenceNetwork::fusedConvolutionAvailable() {
  return backends::fusedConvolutionAvailable();
}

std::string InferenceNetwork::directOneDnnVersion() { return backends::oneDnnVersion(); }

InferenceNetwork::~InferenceNetwork() = default;
InferenceNetwork::InferenceNetwork(InferenceNetwork&&) noexcept = default;
InferenceNetwork& InferenceNetwork::operator=(InferenceNetwork&&) noexcept = default;

InferenceNetwork::InferenceNetwork(MobileNetV1 model, torch::Device device,
                                   const RuntimeOptions& runtime)
    : runtime_(runtime), device_(device) {
  // Channels-last unless told: on the CPU oneDNN's depthwise and 1×1 kernels work on NHWC
  // without the reorders NCHW costs them (docs/benchmarks.md); on CUDA in float16 tensor-core
  // convolutions read NHWC.
  channelsLast_ = runtime.channelsLast.value_or(device.is_cpu() ||
                                                runtime.precision == Precision::Float16);
  network_ = std::make_shared<const FoldedNetwork>(std::move(model), device, runtime.precision,
                                                   channelsLast_);
  if (isCpuReduced(runtime.precision)) {
    if (const std::string problem = reducedPrecisionProblem(runtime.precision, device);
        !problem.empty())
      throw std::runtime_error(problem);
    try {
      oneDnn_ = backends::makeOneDnn(network_, runtime.precision, runtime.activationMax,
                                     runtime.activationMean);
    } catch (const backends::GaveUp& e) {
      throw std::runtime_error(e.what());
    }
    return;
  }
  if (runtime.directOneDnn && device.is_cpu() && runtime.precision == Precision::Float32) {
    try {
      oneDnn_ = backends::makeOneDnn(network_);
    } catch (const backends::GaveUp& e) {
      directFailure_ = e.what();
    }
  }
  if (!oneDnn_) libTorchLayers_ = backends::makeLibTorchLayers(network_, /*readyBatch=*/1);
  if (device.is_cuda() && runtime.cudaGraphs && CudaGraphForward::supported())
    cudaGraphs_ = backends::makeCudaGraphs(libTorchLayers(), network_);
}

const std::vector<LayerSpec>& InferenceNetwork::layers() const { return network_->layers; }

backends::Backend& InferenceNetwork::libTorchLayers() const {
  if (!libTorchLayers_) libTorchLayers_ = backends::makeLibTorchLayers(network_, 0);
  return *libTorchLayers_;
}

bool InferenceNetwork::replaysCudaGraphs() const {
  // supported(): after a failed recording anywhere in the process, none is tried again.
  return cudaGraphs_ && CudaGraphForward::supported();
}

torch::Tensor InferenceNetwork::forward(const torch::Tensor& images) const {
  return forward(images, {}).logits;
}

ForwardResult InferenceNetwork::forward(const torch::Tensor& images,
                                        const std::vector<std::string>& tapNames) const {
  if (replaysCudaGraphs()) {
    try {
      return cudaGraphs_->forward(images, tapNames);
    } catch (const backends::GaveUp& e) {
      graphFailure_ = e.what();
      cudaGraphs_.reset();
    }
  }
  const int64_t batch = images.size(0);
  const int64_t fits =
      device_.is_cpu()
          ? std::max<int64_t>(1, runtime_.cpuBatchBytes / network_->peakBytesPerImage)
          : batch;
  if (batch <= fits) return forwardWhole(images, tapNames);
  // Too large to run whole (RuntimeOptions::cpuBatchBytes): in sub-batches, joined.
  std::vector<ForwardResult> parts;
  for (int64_t first = 0; first < batch; first += fits)
    parts.push_back(forwardWhole(images.narrow(0, first, std::min(fits, batch - first)), tapNames));
  ForwardResult joined;
  std::vector<torch::Tensor> pieces;
  for (const ForwardResult& part : parts) pieces.push_back(part.logits);
  joined.logits = torch::cat(pieces);
  for (std::size_t t = 0; t < parts.front().taps.size(); ++t) {
    pieces.clear();
    for (const ForwardResult& part : parts) pieces.push_back(part.taps[t].second);
    joined.taps.emplace_back(parts.front().taps[t].first, torch::cat(pieces));
  }
  return joined;
}

ForwardResult InferenceNetwork::forwardWhole(const torch::Tensor& images,
                                             const std::vector<std::string>& tapNames) const {
  if (auto result = onOneDnn([&](backends::Backend& b) { return b.forward(images, tapNames); }))
    return std::move(*result);
  return libTorchLayers().forward(images, tapNames);
}

std::vector<std::pair<std::string, double>> InferenceNetwork::profileLayers(
    const torch::Tensor& images, int repetitions) const {
  std::vector<double> medians =
      onOneDnn([&](backends::Backend& b) { return b.profileLayers(images, repetitions); })
          .value_or(std::vector<double>{});
  if (medians.empty()) medians = libTorchLayers().profileLayers(images, repetitions);
  std::vector<std::pair<std::string, double>> result;
  for (std::size_t i = 0; i < medians.size(); ++i)
    result.emplace_back(network_->layers.at(i).name, medians.at(i));
  return result;
}

std::vector<std::pair<std::string, std::string>> InferenceNetwork::layerKernels(
    const torch::Tensor& images) const {
  const std::vector<std::string> kernels =
      onOneDnn([&](backends::Backend& b) { return b.layerKernels(images); })
          .value_or(std::vector<std::string>{});
  std::vector<std::pair<std::string, std::string>> result;
  for (std::size_t i = 0; i < kernels.size(); ++i)
    result.emplace_back(network_->layers.at(i).name, kernels[i]);
  return result;
}

}  // namespace mnl

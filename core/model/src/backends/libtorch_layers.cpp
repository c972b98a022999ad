// SPDX-License-Identifier: GPL-3.0-or-later
// LibTorch, one operator per layer, the whole batch through each layer: every device and
// precision, and what a CUDA graph records (cuda_graphs.cpp). On the CPU in float32 each layer
// is one call of oneDNN's fused convolution with its weights packed once and ReLU6 applied as
// it writes (faster than conv2d + clamp: docs/benchmarks.md); elsewhere conv2d, then clamp.
#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>

#include "backend.h"
#include "mnl/sample_stats.h"
#include "mnl/torch_device.h"

namespace mnl::backends {

namespace {

// oneDNN's convolution with fused post-ops, as registered by LibTorch for torch.compile's CPU
// backend (aten/src/ATen/native/mkldnn/Conv.cpp). It is not in the public C++ API, so it is
// reached through the dispatcher; a LibTorch built without oneDNN has no CPU kernel for it and
// the layers fall back to conv2d + clamp. A pin to check on every LibTorch upgrade
// (docs/architecture.md).
using FusedConvSignature =
    at::Tensor(const at::Tensor&, const at::Tensor&, const std::optional<at::Tensor>&,
               at::IntArrayRef, at::IntArrayRef, at::IntArrayRef, int64_t, c10::string_view,
               c10::List<std::optional<at::Scalar>>, std::optional<c10::string_view>);

const c10::TypedOperatorHandle<FusedConvSignature>* fusedConvOperator() {
  static const std::optional<c10::TypedOperatorHandle<FusedConvSignature>> op =
      []() -> std::optional<c10::TypedOperatorHandle<FusedConvSignature>> {
    if (!at::hasMKLDNN()) return std::nullopt;
    const auto handle =
        c10::Dispatcher::singleton().findSchema({"mkldnn::_convolution_pointwise", ""});
    if (!handle || !handle->hasKernelForDispatchKey(c10::DispatchKey::CPU)) return std::nullopt;
    return handle->typed<FusedConvSignature>();
  }();
  return op ? &*op : nullptr;
}

// The weights reordered once into the blocked layout oneDNN picks for this layer at this input
// size (the fused convolution would otherwise reorder them on every call).
torch::Tensor reorderForFusedConvolution(const torch::Tensor& weight, at::IntArrayRef padding,
                                         at::IntArrayRef stride, int64_t groups,
                                         at::IntArrayRef inputSize) {
  using Signature = at::Tensor(const at::Tensor&, at::IntArrayRef, at::IntArrayRef,
                               at::IntArrayRef, int64_t, at::OptionalIntArrayRef);
  static const auto op = c10::Dispatcher::singleton()
                             .findSchemaOrThrow("mkldnn::_reorder_convolution_weight", "")
                             .typed<Signature>();
  return op.call(weight.contiguous(), padding, stride, {1, 1}, groups, inputSize);
}

// ReLU6 as oneDNN's post-op: hardtanh(min 0, max 6).
c10::List<std::optional<at::Scalar>> relu6Bounds() {
  c10::List<std::optional<at::Scalar>> bounds;
  bounds.push_back(at::Scalar(0.0));
  bounds.push_back(at::Scalar(6.0));
  return bounds;
}

// How a layer pads an input of height × width: the convolution's own symmetric padding where it
// can (no copy of the input), else an explicit pad of the input first (TensorFlow SAME puts the
// odd pixel after).
struct PaddingPlan {
  std::vector<int64_t> conv{0, 0};  // {height, width}
  std::vector<int64_t> pre;         // {left, right, top, bottom}; empty: none
};

PaddingPlan paddingFor(int64_t height, int64_t width, const LayerSpec& spec, PaddingMode mode) {
  PaddingPlan plan;
  if (spec.kernel <= 1) return plan;
  if (mode == PaddingMode::Symmetric) {
    plan.conv = {spec.kernel / 2, spec.kernel / 2};
    return plan;
  }
  const auto [top, bottom] = samePadding(int(height), spec.stride, spec.kernel);
  const auto [left, right] = samePadding(int(width), spec.stride, spec.kernel);
  if (top == bottom && left == right)
    plan.conv = {top, left};
  else
    plan.pre = {left, right, top, bottom};
  return plan;
}

int64_t groupsOf(const LayerSpec& spec) {
  return spec.type == LayerType::Depthwise ? spec.input.channels : 1;
}

// One layer and how it runs at its planned input size (spec.input), worked out once.
struct PlannedConv {
  const FoldedConv* folded;
  PaddingMode padding;
  // `folded->weight`, or, for a 3×3 stride-2 depthwise layer whose SAME padding is 0 before and
  // 1 after, the same kernel with a zero row and column in front (4×4) run with symmetric
  // padding 1: same sums, without copying the input into a padded tensor.
  torch::Tensor weight;
  std::vector<int64_t> prePad;   // padding the convolution cannot express; empty: none
  std::vector<int64_t> convPad;  // {height, width}: the convolution's symmetric padding
  // The input oneDNN's blocked weights are reordered for, batch 1: {1, C, H, W} after prePad.
  std::vector<int64_t> packedInputSize;

  PlannedConv(const FoldedConv& conv, PaddingMode mode, torch::MemoryFormat memoryFormat)
      : folded(&conv), padding(mode), weight(conv.weight) {
    const LayerSpec& spec = conv.spec;
    const PaddingPlan plan = paddingFor(spec.input.height, spec.input.width, spec, mode);
    convPad = plan.conv;
    prePad = plan.pre;
    const int64_t before = spec.kernel / 2 - 1;
    if (spec.type == LayerType::Depthwise &&
        plan.pre == std::vector<int64_t>{before, before + 1, before, before + 1}) {
      weight = torch::constant_pad_nd(conv.weight, {1, 0, 1, 0}).contiguous(memoryFormat);
      convPad = {spec.kernel / 2, spec.kernel / 2};
      prePad.clear();
    }
    int64_t height = spec.input.height, width = spec.input.width;
    if (!prePad.empty()) {
      height += prePad[2] + prePad[3];
      width += prePad[0] + prePad[1];
    }
    packedInputSize = {1, spec.input.channels, height, width};
  }

  // `packed`: this layer's weights packed for the input's batch, or undefined (conv2d + clamp).
  torch::Tensor run(const torch::Tensor& input, const torch::Tensor& packed) const {
    const LayerSpec& spec = folded->spec;
    if (input.size(2) != spec.input.height || input.size(3) != spec.input.width)
      return runUnplanned(input);
    const torch::Tensor x = prePad.empty() ? input : torch::constant_pad_nd(input, prePad);
    if (packed.defined()) {
      static const c10::List<std::optional<at::Scalar>> bounds = relu6Bounds();
      return fusedConvOperator()->call(x, packed, folded->bias, convPad,
                                       {spec.stride, spec.stride}, {1, 1}, groupsOf(spec),
                                       "hardtanh", bounds, std::nullopt);
    }
    return torch::conv2d(x, weight, folded->bias, spec.stride, convPad, 1, groupsOf(spec))
        .clamp_(0.0, 6.0);
  }

  // Any input size (slower): padding worked out from the input.
  torch::Tensor runUnplanned(const torch::Tensor& input) const {
    const LayerSpec& spec = folded->spec;
    const PaddingPlan plan = paddingFor(input.size(2), input.size(3), spec, padding);
    const torch::Tensor x = plan.pre.empty() ? input : torch::constant_pad_nd(input, plan.pre);
    return torch::conv2d(x, folded->weight, folded->bias, spec.stride, plan.conv, 1,
                         groupsOf(spec))
        .clamp_(0.0, 6.0);
  }
};

class LibTorchLayers final : public Backend {
 public:
  LibTorchLayers(std::shared_ptr<const FoldedNetwork> network, std::int64_t readyBatch)
      : network_(std::move(network)) {
    torch::NoGradGuard noGrad;
    // oneDNN's fused operator is float32-only here (Zen 4 has no fast float16 either).
    fused_ = network_->device.is_cpu() && network_->dtype == torch::kFloat &&
             fusedConvolutionAvailable();
    for (const FoldedConv& conv : network_->convs)
      convs_.emplace_back(conv, network_->padding, network_->memoryFormat);
    if (readyBatch > 0) packedFor(readyBatch);
  }

  ForwardResult forward(const torch::Tensor& images,
                        const std::vector<std::string>& tapNames) override {
    LayerTaps taps(network_->layers, tapNames);
    const std::vector<torch::Tensor> packed = packedFor(images.size(0));
    torch::Tensor x = images.to(network_->dtype).contiguous(network_->memoryFormat);
    for (std::size_t layer = 0; layer < convs_.size(); ++layer) {
      x = convs_[layer].run(x, packed.empty() ? torch::Tensor() : packed[layer]);
      if (!taps.empty()) taps.keep(convs_[layer].folded->spec.name, x);
    }
    x = x.mean({2, 3}, /*keepdim=*/true);  // global average pooling
    taps.keep("pool", x);
    x = torch::addmm(network_->fcBias, x.flatten(1), network_->fcWeight.t());
    taps.keep("fc", x);
    return taps.finish(x.to(torch::kFloat));
  }

  // One timer per layer (a separate pass: the timers' synchronisation slows the whole
  // network down).
  std::vector<double> profileLayers(const torch::Tensor& images, int repetitions) override {
    using Clock = std::chrono::steady_clock;
    const torch::Device& device = network_->device;
    std::vector<std::vector<double>> samples(convs_.size() + 2);
    const std::vector<torch::Tensor> packed = packedFor(images.size(0));
    for (int rep = 0; rep < std::max(1, repetitions); ++rep) {
      torch::Tensor x = images.to(network_->dtype).contiguous(network_->memoryFormat);
      std::size_t i = 0;
      auto timed = [&](auto&& step) {
        synchronize(device);
        const auto start = Clock::now();
        x = step(x);
        synchronize(device);
        samples[i++].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      };
      for (std::size_t c = 0; c < convs_.size(); ++c)
        timed([&](const torch::Tensor& in) {
          return convs_[c].run(in, packed.empty() ? torch::Tensor() : packed[c]);
        });
      timed([](const torch::Tensor& in) { return in.mean({2, 3}, true); });
      timed([&](const torch::Tensor& in) {
        return torch::addmm(network_->fcBias, in.flatten(1), network_->fcWeight.t());
      });
    }
    std::vector<double> medians;
    for (const std::vector<double>& s : samples) medians.push_back(summarize(s).median);
    return medians;
  }

 private:
  // Each layer's weight reordered once into the blocked layout oneDNN picks for this layer at
  // this batch size. The layout depends on the batch: weights reordered for batch 1 and run
  // at batch 8 go back through a reorder on every call, which costs a large share of a batch's
  // time (docs/benchmarks.md). So each batch size gets its own set; empty where the layers run
  // conv2d + clamp. (By value: a later call may evict the cache's entries.)
  std::vector<torch::Tensor> packedFor(std::int64_t batch) {
    if (!fused_) return {};
    const auto found = std::find_if(packed_.begin(), packed_.end(),
                                    [batch](const PackedWeights& p) { return p.batch == batch; });
    if (found != packed_.end()) {
      std::rotate(packed_.begin(), found, found + 1);  // most recent first
      return packed_.front().layers;
    }
    PackedWeights set{batch, {}};
    for (const PlannedConv& conv : convs_) {
      std::vector<int64_t> inputSize = conv.packedInputSize;
      inputSize[0] = batch;
      const LayerSpec& spec = conv.folded->spec;
      set.layers.push_back(reorderForFusedConvolution(
          conv.weight, conv.convPad, {spec.stride, spec.stride}, groupsOf(spec), inputSize));
    }
    if (packed_.size() >= kMaxPackedBatches) packed_.pop_back();
    packed_.insert(packed_.begin(), std::move(set));
    return packed_.front().layers;
  }

  std::shared_ptr<const FoldedNetwork> network_;
  std::vector<PlannedConv> convs_;
  bool fused_ = false;
  struct PackedWeights {
    std::int64_t batch;
    std::vector<torch::Tensor> layers;  // one per entry of convs_
  };
  // Most recent first; batch 1 (the app's) and a few others (a benchmark's).
  static constexpr std::size_t kMaxPackedBatches = 3;
  std::vector<PackedWeights> packed_;
};

}  // namespace

bool fusedConvolutionAvailable() { return fusedConvOperator() != nullptr; }

std::unique_ptr<Backend> makeLibTorchLayers(std::shared_ptr<const FoldedNetwork> network,
                                            std::int64_t readyBatch) {
  return std::make_unique<LibTorchLayers>(std::move(network), readyBatch);
}

}  // namespace mnl::backends

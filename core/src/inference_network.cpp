// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/inference_network.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include "mnl/torch_device.h"
#include "mnl/sample_stats.h"
#ifdef MNL_WITH_ONEDNN
#include "mnl/onednn_network.h"
#endif

namespace mnl {

namespace {

// oneDNN's convolution with fused post-ops, as registered by LibTorch for torch.compile's CPU
// backend (aten/src/ATen/native/mkldnn/Conv.cpp). It is not in the public C++ API, so it is
// reached through the dispatcher; a LibTorch built without oneDNN has no CPU kernel for it and
// the layers fall back to conv2d + clamp.
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

}  // namespace

bool InferenceNetwork::fusedConvolutionAvailable() { return fusedConvOperator() != nullptr; }

std::string InferenceNetwork::directOneDnnVersion() {
#ifdef MNL_WITH_ONEDNN
  return OneDnnNetwork::version();
#else
  return {};
#endif
}

InferenceNetwork::~InferenceNetwork() = default;
InferenceNetwork::InferenceNetwork(InferenceNetwork&&) noexcept = default;
InferenceNetwork& InferenceNetwork::operator=(InferenceNetwork&&) noexcept = default;

torch::Tensor InferenceNetwork::FoldedConv::run(const torch::Tensor& input,
                                               const torch::Tensor& packed) const {
  if (input.size(2) != spec.input.height || input.size(3) != spec.input.width)
    return runUnplanned(input);
  const torch::Tensor x = prePad.empty() ? input : torch::constant_pad_nd(input, prePad);
  if (packed.defined()) {
    static const c10::List<std::optional<at::Scalar>> bounds = relu6Bounds();
    return fusedConvOperator()->call(x, packed, bias, convPad, {spec.stride, spec.stride},
                                     {1, 1}, groupsOf(spec), "hardtanh", bounds, std::nullopt);
  }
  return torch::conv2d(x, plannedWeight, bias, spec.stride, convPad, 1, groupsOf(spec))
      .clamp_(0.0, 6.0);
}

torch::Tensor InferenceNetwork::FoldedConv::runUnplanned(const torch::Tensor& input) const {
  const PaddingPlan plan = paddingFor(input.size(2), input.size(3), spec, padding);
  const torch::Tensor x = plan.pre.empty() ? input : torch::constant_pad_nd(input, plan.pre);
  return torch::conv2d(x, weight, bias, spec.stride, plan.conv, 1, groupsOf(spec))
      .clamp_(0.0, 6.0);
}

InferenceNetwork::InferenceNetwork(MobileNetV1 model, torch::Device device,
                                   const RuntimeOptions& runtime)
    : runtime_(runtime), layers_(model->layers()), device_(device) {
  torch::NoGradGuard noGrad;
  dtype_ = scalarTypeOf(runtime.precision);
  const bool channelsLast = runtime.channelsLast.value_or(
      device.is_cpu() || runtime.precision == Precision::Float16);
  if (channelsLast) memoryFormat_ = torch::MemoryFormat::ChannelsLast;
  // oneDNN's fused operator is float32-only here (Zen 4 has no fast float16 either).
  fused_ = device.is_cpu() && dtype_ == torch::kFloat && fusedConvolutionAvailable();
  const auto onDevice = torch::TensorOptions().device(device).dtype(dtype_);
  model->eval();
  const PaddingMode padding = model->options().padding;
  for (const auto& child : model->features->named_children()) {
    auto unit = child.value()->as<ConvBnRelu>();
    const auto& bn = unit->bn;
    // y = γ (conv(x) − μ) / √(σ² + ε) + β  =  conv_{w·s}(x) + (β − μ·s),  s = γ / √(σ² + ε)
    const torch::Tensor scale = bn->weight / torch::sqrt(bn->running_var + bn->options.eps());
    FoldedConv conv;
    conv.spec = unit->spec();
    const LayerSpec& spec = conv.spec;
    // Folded in float32, then rounded once to the network's precision.
    conv.weight =
        (unit->conv->weight * scale.view({-1, 1, 1, 1})).to(onDevice).contiguous(memoryFormat_);
    conv.bias = (bn->bias - bn->running_mean * scale).contiguous().to(onDevice);
    conv.padding = padding;

    // The plan at the planned input size.
    const PaddingPlan plan = paddingFor(spec.input.height, spec.input.width, spec, padding);
    conv.plannedWeight = conv.weight;
    conv.convPad = plan.conv;
    conv.prePad = plan.pre;
    const int64_t before = spec.kernel / 2 - 1;
    if (spec.type == LayerType::Depthwise &&
        plan.pre == std::vector<int64_t>{before, before + 1, before, before + 1}) {
      // Zero-fronted kernel instead of a padded copy of the input (see FoldedConv).
      conv.plannedWeight =
          torch::constant_pad_nd(conv.weight, {1, 0, 1, 0}).contiguous(memoryFormat_);
      conv.convPad = {spec.kernel / 2, spec.kernel / 2};
      conv.prePad.clear();
    }
    int64_t paddedHeight = spec.input.height, paddedWidth = spec.input.width;
    if (!conv.prePad.empty()) {
      paddedHeight += conv.prePad[2] + conv.prePad[3];
      paddedWidth += conv.prePad[0] + conv.prePad[1];
    }
    conv.packedInputSize = {1, spec.input.channels, paddedHeight, paddedWidth};
    convs_.push_back(std::move(conv));
  }
  fcWeight_ = model->classifier->weight.detach().contiguous().to(onDevice);
  fcBias_ = model->classifier->bias.detach().contiguous().to(onDevice);
  for (const FoldedConv& conv : convs_)
    peakBytesPerImage_ =
        std::max(peakBytesPerImage_, static_cast<std::int64_t>(conv.spec.input.elements() +
                                                               conv.spec.output.elements()) *
                                         static_cast<std::int64_t>(c10::elementSize(dtype_)));
#ifdef MNL_WITH_ONEDNN
  if (runtime.directOneDnn && device.is_cpu() && dtype_ == torch::kFloat) {
    direct_ = true;
    padding_ = padding;
    // The app's batch at the planned size, ready before the first frame.
    const LayerSpec& first = layers_.front();
    if (oneDnnPlanFor(torch::empty({1, 3, first.input.height, first.input.width}))) return;
  }
#endif
  packedFor(1);  // the app's batch, ready before the first frame
}

std::vector<torch::Tensor> InferenceNetwork::packedFor(int64_t batch) const {
  if (!fused_) return {};
  const auto found = std::find_if(packed_.begin(), packed_.end(),
                                  [batch](const PackedWeights& p) { return p.batch == batch; });
  if (found != packed_.end()) {
    std::rotate(packed_.begin(), found, found + 1);  // most recent first
    return packed_.front().layers;
  }
  PackedWeights set{batch, {}};
  for (const FoldedConv& conv : convs_) {
    std::vector<int64_t> inputSize = conv.packedInputSize;
    inputSize[0] = batch;
    set.layers.push_back(reorderForFusedConvolution(conv.plannedWeight, conv.convPad,
                                                    {conv.spec.stride, conv.spec.stride},
                                                    groupsOf(conv.spec), inputSize));
  }
  if (packed_.size() >= kMaxPackedBatches) packed_.pop_back();
  packed_.insert(packed_.begin(), std::move(set));
  return packed_.front().layers;
}

bool InferenceNetwork::replaysCudaGraphs() const {
  return device_.is_cuda() && runtime_.cudaGraphs && CudaGraphForward::supported() &&
         graphFailure_.empty();
}

CudaGraphForward* InferenceNetwork::graphFor(const torch::Tensor& images,
                                               const std::vector<std::string>& tapNames) const {
  if (!replaysCudaGraphs()) return nullptr;
  const std::vector<int64_t> sizes = images.sizes().vec();
  const auto found = std::find_if(recordings_.begin(), recordings_.end(), [&](const Recording& r) {
    return r.inputSizes == sizes && r.taps == tapNames;
  });
  if (found != recordings_.end()) {
    std::rotate(recordings_.begin(), found, found + 1);  // most recent first
    return recordings_.front().forward.get();
  }
  const LayerTaps namesChecked(layers_, tapNames);  // an unknown name throws before recording
  try {
    auto pass = [this, tapNames](const torch::Tensor& x) { return forwardDirect(x, tapNames); };
    auto recorded = std::make_unique<CudaGraphForward>(pass, images.to(torch::kFloat));
    if (recordings_.size() >= kMaxRecordings) recordings_.pop_back();
    recordings_.insert(recordings_.begin(), Recording{sizes, tapNames, std::move(recorded)});
    return recordings_.front().forward.get();
  } catch (const std::exception& e) {  // c10::Error from CUDA, or runtime_error
    // Direct runs from now on: same results, more launches.
    graphFailure_ = e.what();
    recordings_.clear();
    return nullptr;
  }
}

torch::Tensor InferenceNetwork::forward(const torch::Tensor& images) const {
  return forward(images, {}).logits;
}

ForwardResult InferenceNetwork::forward(const torch::Tensor& images,
                                        const std::vector<std::string>& tapNames) const {
  if (CudaGraphForward* captured = graphFor(images, tapNames)) return captured->replay(images);
  const int64_t batch = images.size(0);
  const int64_t fits =
      device_.is_cpu() ? std::max<int64_t>(1, runtime_.cpuBatchBytes / peakBytesPerImage_) : batch;
  if (batch <= fits) return forwardDirect(images, tapNames);
  // Too large to run whole (RuntimeOptions::cpuBatchBytes): in sub-batches, joined.
  std::vector<ForwardResult> parts;
  for (int64_t first = 0; first < batch; first += fits)
    parts.push_back(forwardDirect(images.narrow(0, first, std::min(fits, batch - first)), tapNames));
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

ForwardResult InferenceNetwork::forwardDirect(const torch::Tensor& images,
                                              const std::vector<std::string>& tapNames) const {
  if (direct_) return forwardOneDnn(images, tapNames);
  LayerTaps taps(layers_, tapNames);
  const std::vector<torch::Tensor> packed = packedFor(images.size(0));
  torch::Tensor x = images.to(dtype_).contiguous(memoryFormat_);
  for (std::size_t layer = 0; layer < convs_.size(); ++layer) {
    x = convs_[layer].run(x, packed.empty() ? torch::Tensor() : packed[layer]);
    if (!taps.empty()) taps.keep(convs_[layer].spec.name, x);
  }
  x = x.mean({2, 3}, /*keepdim=*/true);  // global average pooling
  taps.keep("pool", x);
  x = torch::addmm(fcBias_, x.flatten(1), fcWeight_.t());
  taps.keep("fc", x);
  return taps.finish(x.to(torch::kFloat));
}

#ifdef MNL_WITH_ONEDNN
DirectWeights InferenceNetwork::directWeights() const {
  DirectWeights weights;
  weights.padding = padding_;
  auto floats = [](const torch::Tensor& t) {
    const torch::Tensor plain = t.to(torch::kFloat).contiguous();
    return std::vector<float>(plain.data_ptr<float>(), plain.data_ptr<float>() + plain.numel());
  };
  for (const FoldedConv& conv : convs_)
    weights.convolutions.push_back({conv.spec, floats(conv.weight), floats(conv.bias)});
  weights.fcWeight = floats(fcWeight_);
  weights.fcBias = floats(fcBias_);
  weights.classes = int(fcWeight_.size(0));
  return weights;
}
#endif

OneDnnNetwork* InferenceNetwork::oneDnnPlanFor(const torch::Tensor& images) const {
#ifdef MNL_WITH_ONEDNN
  if (!direct_) return nullptr;
  const int batch = int(images.size(0)), height = int(images.size(2)), width = int(images.size(3));
  const int threads = torch::get_num_threads();
  const auto found =
      std::find_if(oneDnnPlans_.begin(), oneDnnPlans_.end(), [&](const OneDnnPlan& p) {
        return p.network->batch() == batch && p.network->height() == height &&
               p.network->width() == width && p.threads == threads;
      });
  if (found != oneDnnPlans_.end()) {
    std::rotate(oneDnnPlans_.begin(), found, found + 1);  // most recent first
    return oneDnnPlans_.front().network.get();
  }
  std::shared_ptr<OneDnnNetwork> plan;
  try {
    plan = std::make_shared<OneDnnNetwork>(directWeights(), batch, height, width);
  } catch (const std::runtime_error& e) {
    // oneDNN offers no kernel it may use here (an old CPU): LibTorch's path from now on.
    directFailure_ = e.what();
    direct_ = false;
    oneDnnPlans_.clear();
    return nullptr;
  }
  if (oneDnnPlans_.size() >= kMaxOneDnnPlans) oneDnnPlans_.pop_back();
  oneDnnPlans_.insert(oneDnnPlans_.begin(), OneDnnPlan{threads, std::move(plan)});
  return oneDnnPlans_.front().network.get();
#else
  (void)images;
  return nullptr;
#endif
}

ForwardResult InferenceNetwork::forwardOneDnn(const torch::Tensor& images,
                                              const std::vector<std::string>& tapNames) const {
#ifdef MNL_WITH_ONEDNN
  LayerTaps taps(layers_, tapNames);
  if (images.dim() != 4 || images.size(1) != 3)
    throw std::invalid_argument("InferenceNetwork: images must be [N, 3, H, W]");
  const torch::Tensor input = images.to(torch::kFloat).contiguous();
  OneDnnNetwork* planned = oneDnnPlanFor(input);
  if (!planned) return forwardDirect(images, tapNames);  // the direct path just went off
  OneDnnNetwork& plan = *planned;
  torch::Tensor logits = torch::empty({input.size(0), plan.classes()}, torch::kFloat);
  plan.run(input.data_ptr<float>(), logits.data_ptr<float>());
  if (!taps.empty()) {
    for (std::size_t layer = 0; layer < plan.layerCount(); ++layer) {
      const std::string& name = plan.layerName(layer);
      if (std::find(tapNames.begin(), tapNames.end(), name) == tapNames.end()) continue;
      const DirectShape s = plan.outputShape(layer);
      torch::Tensor out = torch::empty({s.batch, s.channels, s.height, s.width}, torch::kFloat);
      plan.copyOutput(layer, out.data_ptr<float>());
      taps.keep(name, out);
    }
    taps.keep("fc", logits);
  }
  return taps.finish(logits);
#else
  (void)images;
  (void)tapNames;
  throw std::logic_error("InferenceNetwork: built without the direct oneDNN path");
#endif
}

std::vector<std::pair<std::string, double>> InferenceNetwork::profileLayers(
    const torch::Tensor& images, int repetitions) const {
  const std::size_t count = convs_.size() + 2;
  // Median milliseconds per layer, in the order of layers_ (the convolutions, pool, fc).
  std::vector<double> medians;
#ifdef MNL_WITH_ONEDNN
  if (direct_) {
    const torch::Tensor input = images.to(torch::kFloat).contiguous();
    if (OneDnnNetwork* plan = oneDnnPlanFor(input))
      medians = plan->profileLayers(input.data_ptr<float>(), repetitions);
  }
#endif
  if (medians.empty()) medians = profileLibTorchLayers(images, repetitions);
  std::vector<std::pair<std::string, double>> result;
  for (std::size_t i = 0; i < count; ++i) result.emplace_back(layers_.at(i).name, medians.at(i));
  return result;
}

std::vector<double> InferenceNetwork::profileLibTorchLayers(const torch::Tensor& images,
                                                            int repetitions) const {
  using Clock = std::chrono::steady_clock;
  const std::size_t count = convs_.size() + 2;
  std::vector<std::vector<double>> samples(count);
  const std::vector<torch::Tensor> packed = packedFor(images.size(0));
  for (int rep = 0; rep < std::max(1, repetitions); ++rep) {
    torch::Tensor x = images.to(dtype_).contiguous(memoryFormat_);
    std::size_t i = 0;
    auto timed = [&](auto&& step) {
      synchronize(device_);
      const auto start = Clock::now();
      x = step(x);
      synchronize(device_);
      samples[i++].push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    };
    for (std::size_t c = 0; c < convs_.size(); ++c)
      timed([&](const torch::Tensor& in) {
        return convs_[c].run(in, packed.empty() ? torch::Tensor() : packed[c]);
      });
    timed([](const torch::Tensor& in) { return in.mean({2, 3}, true); });
    timed([&](const torch::Tensor& in) { return torch::addmm(fcBias_, in.flatten(1), fcWeight_.t()); });
  }
  std::vector<double> medians;
  for (const std::vector<double>& s : samples) medians.push_back(summarize(s).median);
  return medians;
}

}  // namespace mnl

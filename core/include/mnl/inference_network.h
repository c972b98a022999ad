// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// MobileNetV1 prepared for inference: batch norm folded into each convolution's weights and
// bias, so every row of Table 1 is one convolution with ReLU6 applied in place; on the CPU, one
// oneDNN call with prepacked weights and ReLU6 fused (faster than conv2d + clamp:
// docs/benchmarks.md). Same outputs as the training-form model in eval mode (to float
// rounding), fewer operators per frame.
// Torch header: a translation unit that also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mnl/cuda_graph_forward.h"
#include "mnl/compute_device.h"
#include "mnl/mobilenet_v1.h"

namespace mnl {

class OneDnnNetwork;
struct DirectWeights;

// How the folded network runs, beyond where.
struct RuntimeOptions {
  // Float16: weights, activations and convolutions in half precision (the logits come back as
  // float32). Meant for CUDA; on the CPU it runs, slowly, which the tests use to compare.
  Precision precision = Precision::Float32;
  // Channels-last (NHWC) activations. Unset: on the CPU (oneDNN's depthwise and 1×1 kernels
  // work on NHWC without reorders) and on CUDA in Float16 (tensor-core convolutions read
  // NHWC); NCHW for CUDA in Float32. `mobilenet-lab-cli bench --channels-last` measures both.
  std::optional<bool> channelsLast;
  // On CUDA, record each (batch, taps) pass once as a CUDA graph and replay it (see
  // CudaGraphForward). Falls back to direct runs, for good, if a recording fails.
  bool cudaGraphs = true;
  // On the CPU, the most memory one layer of a batch may take at once (its input and output
  // together); a larger batch runs in sub-batches that fit. It bounds memory at large sizes
  // (α 4 at 2048 pixels: 1.6 GB an image) and is far above what ordinary ones need (1.0/224:
  // 4.8 MB an image, so a batch of 8 runs whole).
  std::int64_t cpuBatchBytes = std::int64_t{1} << 30;
  // On the CPU in float32, run the whole network straight on oneDNN (OneDnnNetwork: primitives
  // planned once per batch and input size, no ATen call per layer) where this build has it.
  // Off: every layer through LibTorch, as `bench --no-direct` measures.
  bool directOneDnn = true;
};

// Not thread-safe: a forward may add to the network's caches (a CUDA graph; on the CPU, weights
// packed for a new batch size).
class InferenceNetwork {
 public:
  // Folds the model's batch norms (its eval-mode statistics) and moves everything to `device`.
  InferenceNetwork(MobileNetV1 model, torch::Device device, const RuntimeOptions& runtime = {});
  ~InferenceNetwork();
  InferenceNetwork(InferenceNetwork&&) noexcept;
  InferenceNetwork& operator=(InferenceNetwork&&) noexcept;

  // Images: float32 [N, 3, S, S] on the network's device. Logits: float32 [N, classes].
  torch::Tensor forward(const torch::Tensor& images) const;
  // As MobileNetV1::forward with taps: throws std::invalid_argument for an unknown layer name.
  // The taps are in the network's precision (float16 in Float16).
  ForwardResult forward(const torch::Tensor& images, const std::vector<std::string>& tapNames) const;

  // Median time of each layer over `repetitions` passes, one timer per layer (a separate pass:
  // the timers' synchronisation slows the whole network down).
  std::vector<std::pair<std::string, double>> profileLayers(const torch::Tensor& images,
                                                            int repetitions) const;

  const std::vector<LayerSpec>& layers() const { return layers_; }
  // Whether this LibTorch has oneDNN's fused convolution + ReLU6 for the CPU (it does when built
  // with oneDNN, as PyTorch's wheels are); without it each layer is conv2d, then clamp.
  static bool fusedConvolutionAvailable();
  // Whether this build has the direct oneDNN path (MNL_WITH_ONEDNN), and which oneDNN it runs
  // ("oneDNN 2.6.3"; empty without).
  static std::string directOneDnnVersion();
  // Whether forward() runs on the direct oneDNN path (asked for, on the CPU, float32, built in,
  // and oneDNN planned it). `directFailure()` says why a plan failed, if one did: from then on
  // the LibTorch path runs, same results.
  bool runsDirectOneDnn() const { return direct_; }
  const std::string& directFailure() const { return directFailure_; }
  const torch::Device& device() const { return device_; }
  Precision precision() const { return runtime_.precision; }
  bool channelsLast() const { return memoryFormat_ == torch::MemoryFormat::ChannelsLast; }
  // Whether forward() replays CUDA graphs: asked for, on CUDA, in a build that has them, and no
  // recording has failed. `graphFailure()` says why a recording failed, if one did.
  bool replaysCudaGraphs() const;
  const std::string& graphFailure() const { return graphFailure_; }

 private:
  struct FoldedConv {
    LayerSpec spec;
    torch::Tensor weight;  // BN scale folded in
    torch::Tensor bias;    // BN shift
    PaddingMode padding;
    // How the layer runs at its planned input size (spec.input), worked out once:
    // `plannedWeight` is `weight`, or, for a 3×3 stride-2 depthwise layer whose SAME padding is
    // 0 before and 1 after, the same kernel with a zero row and column in front (4×4) run with
    // symmetric padding 1: same sums, without copying the input into a padded tensor.
    // Padding the convolution cannot express (asymmetric) is `prePad`, applied to the input.
    torch::Tensor plannedWeight;
    std::vector<int64_t> prePad;  // {left, right, top, bottom}; empty: none
    std::vector<int64_t> convPad;  // {height, width}: the convolution's symmetric padding
    // The input oneDNN's blocked weights are reordered for (see PackedWeights), batch 1:
    // {1, channels, height, width} after `prePad`.
    std::vector<int64_t> packedInputSize;
    // `packed`: this layer's PackedWeights entry for the input's batch, or undefined (conv2d +
    // clamp).
    torch::Tensor run(const torch::Tensor& input, const torch::Tensor& packed) const;
    // Any input size (slower): padding worked out from the input.
    torch::Tensor runUnplanned(const torch::Tensor& input) const;
  };

  // forward() one operator at a time, the whole batch through each layer (what a CUDA graph
  // records, and what runs without one).
  ForwardResult forwardDirect(const torch::Tensor& images,
                              const std::vector<std::string>& tapNames) const;
  // profileLayers() one LibTorch call at a time: median ms per layer, in the order of layers_.
  std::vector<double> profileLibTorchLayers(const torch::Tensor& images, int repetitions) const;
  // forward() on the direct oneDNN path.
  ForwardResult forwardOneDnn(const torch::Tensor& images,
                              const std::vector<std::string>& tapNames) const;
  // The direct plan for this batch and input size, planned now if new; null (and the direct
  // path off for good) if oneDNN cannot plan it.
  OneDnnNetwork* oneDnnPlanFor(const torch::Tensor& images) const;

  // On the CPU, where LibTorch has oneDNN's fused convolution: each layer's `plannedWeight`
  // reordered once into the blocked layout oneDNN picks for this layer at this batch size, run
  // by one operator that applies bias and ReLU6 (a post-op) as it writes. The layout depends on
  // the batch: weights reordered for batch 1 and run at batch 8 go back through a reorder on
  // every call, which costs a large share of a batch's time (docs/benchmarks.md). So each batch size
  // gets its own set, batch 1 at construction and others when first run; null where the layers
  // run conv2d + clamp (empty).
  // (Returned by value: a later call may reorder or evict the cache's entries.)
  std::vector<torch::Tensor> packedFor(int64_t batch) const;

  // The recorded pass for this batch shape and these taps, recorded now if new; null when
  // graphs are off or recording failed.
  CudaGraphForward* graphFor(const torch::Tensor& images,
                               const std::vector<std::string>& tapNames) const;

  std::vector<FoldedConv> convs_;
  RuntimeOptions runtime_;
  torch::ScalarType dtype_ = torch::kFloat;
  // Channels-last on the CPU: oneDNN's depthwise and 1×1 kernels work on NHWC without the
  // reorders NCHW costs them (measured in docs/benchmarks.md).
  torch::MemoryFormat memoryFormat_ = torch::MemoryFormat::Contiguous;
  torch::Tensor fcWeight_, fcBias_;
  std::vector<LayerSpec> layers_;
  torch::Device device_;

  struct PackedWeights {
    int64_t batch;
    std::vector<torch::Tensor> layers;  // one per entry of convs_
  };
  // Most recent first; batch 1 (the app's) and a few others (a benchmark's).
  static constexpr std::size_t kMaxPackedBatches = 3;
  bool fused_ = false;
  // The largest input + output of one layer for one image, in bytes (for cpuBatchBytes).
  std::int64_t peakBytesPerImage_ = 0;
  mutable std::vector<PackedWeights> packed_;

  // Whether the direct oneDNN path runs; its plans, most recent first (the app's batch 1 and a
  // benchmark's batch 8, an odd size a person tried, the window's thread count and the fewer
  // it runs with on a busy machine). The plain arrays a plan packs its weights from are made
  // from convs_ for each new plan and dropped after (directWeights()): kept, they were one
  // more copy of every weight for each network the engine holds (17 MB at 1.0/224).
  mutable bool direct_ = false;
  PaddingMode padding_ = PaddingMode::TensorFlowSame;
  DirectWeights directWeights() const;
  mutable std::string directFailure_;
  static constexpr std::size_t kMaxOneDnnPlans = 3;
  // (shared_ptr: destructible in a build without the direct path, where OneDnnNetwork is
  // declared but not built)
  struct OneDnnPlan {
    int threads;  // the OpenMP threads it was planned for (torch::get_num_threads() then)
    std::shared_ptr<OneDnnNetwork> network;
  };
  mutable std::vector<OneDnnPlan> oneDnnPlans_;

  struct Recording {
    std::vector<int64_t> inputSizes;
    std::vector<std::string> taps;
    std::unique_ptr<CudaGraphForward> forward;
  };
  // Most recent first; a few at most (a person paging through layers makes a new one each).
  static constexpr std::size_t kMaxRecordings = 4;
  mutable std::vector<Recording> recordings_;
  mutable std::string graphFailure_;
};

}  // namespace mnl

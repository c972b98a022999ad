// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// MobileNetV1 prepared for inference: batch norm folded into each convolution's weights and
// bias, so every row of Table 1 is one convolution with ReLU6 applied as it writes, run by the
// best back end this build and device have (src/backends/, one file each): the whole CPU
// network on oneDNN, LibTorch one operator per layer, or CUDA-graph replay of that. Same
// outputs as the training-form model in eval mode (to float rounding), fewer operators per
// frame; a back end that gives up (no oneDNN kernel for this CPU, a failed recording) hands
// over to the next for good, and says why.
// Torch header: a translation unit that also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <torch/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "mnl/compute_device.h"
#include "mnl/mobilenet_v1.h"

namespace mnl {

struct FoldedNetwork;
namespace backends {
class Backend;
}

// How the folded network runs, beyond where.
struct RuntimeOptions {
  // Float16: weights, activations and convolutions in half precision (the logits come back as
  // float32). Meant for CUDA; on the CPU it runs, slowly, which the tests use to compare.
  // BFloat16 and Int8: the CPU only, on the direct oneDNN path, where the CPU has the
  // instructions (onednn_network.h); the constructor throws, with the reason, elsewhere.
  Precision precision = Precision::Float32;
  // Int8: the largest output of each convolution, from calibration frames
  // (activation_calibration.h); empty: ReLU6's bound, 6, for every layer.
  std::vector<float> activationMax;
  // Int8 and bf16: the mean output of each channel of each convolution over the same frames;
  // with it the biases make up for the weights' rounding (onednn_network.h), without it they
  // do not.
  std::vector<std::vector<float>> activationMean;
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
  // Throws std::runtime_error for bf16 or int8 where they cannot run (reducedPrecisionProblem).
  InferenceNetwork(MobileNetV1 model, torch::Device device, const RuntimeOptions& runtime = {});
  // Empty when `precision` can run on `device` here; else why not, in a sentence.
  static std::string reducedPrecisionProblem(Precision precision, const torch::Device& device);
  // Empty, or why `precision` on `device` measures accuracy and not speed here: bf16 emulated
  // in software on an AVX-512 CPU without AVX512_BF16, when MNL_BF16_EMULATION=1
  // (onednn_network.h).
  static std::string emulationNote(Precision precision, const torch::Device& device);
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

  // The oneDNN kernel each layer runs for images of this shape (layer name, oneDNN's name for
  // it, as profileLayers orders them) where forward() runs on the direct oneDNN path; empty
  // elsewhere.
  std::vector<std::pair<std::string, std::string>> layerKernels(const torch::Tensor& images) const;

  const std::vector<LayerSpec>& layers() const;
  // Whether this LibTorch has oneDNN's fused convolution + ReLU6 for the CPU (it does when built
  // with oneDNN, as PyTorch's wheels are); without it each layer is conv2d, then clamp.
  static bool fusedConvolutionAvailable();
  // Whether this build has the direct oneDNN path (MNL_WITH_ONEDNN), and which oneDNN it runs
  // ("oneDNN 2.6.3"; empty without).
  static std::string directOneDnnVersion();
  // Whether forward() runs on the direct oneDNN path (asked for, on the CPU, float32, built in,
  // and oneDNN planned it). `directFailure()` says why a plan failed, if one did: from then on
  // the LibTorch path runs, same results.
  bool runsDirectOneDnn() const { return oneDnn_ != nullptr; }
  const std::string& directFailure() const { return directFailure_; }
  const torch::Device& device() const { return device_; }
  Precision precision() const { return runtime_.precision; }
  bool channelsLast() const { return channelsLast_; }
  // Whether forward() replays CUDA graphs: asked for, on CUDA, in a build that has them, and no
  // recording has failed. `graphFailure()` says why a recording failed, if one did.
  bool replaysCudaGraphs() const;
  const std::string& graphFailure() const { return graphFailure_; }

 private:
  // One whole batch on the best back end left.
  ForwardResult forwardWhole(const torch::Tensor& images,
                             const std::vector<std::string>& tapNames) const;
  // `call` on the oneDNN back end where it runs; nullopt without it, or when it gives up (it is
  // then dropped for good and directFailure() says why).
  template <typename Call>
  auto onOneDnn(Call call) const
      -> std::optional<decltype(call(std::declval<backends::Backend&>()))>;
  // LibTorch one operator per layer, made on first need (where oneDNN runs, never).
  backends::Backend& libTorchLayers() const;

  std::shared_ptr<const FoldedNetwork> network_;
  RuntimeOptions runtime_;
  torch::Device device_;
  bool channelsLast_ = false;
  // The back ends, preferred first; null where not asked for, not built, or given up.
  mutable std::unique_ptr<backends::Backend> libTorchLayers_;
  mutable std::unique_ptr<backends::Backend> oneDnn_;
  mutable std::unique_ptr<backends::Backend> cudaGraphs_;
  mutable std::string directFailure_;
  mutable std::string graphFailure_;
};

}  // namespace mnl

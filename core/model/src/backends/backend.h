// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The back ends InferenceNetwork runs a folded network on, one file each:
//   libtorch_layers.cpp  LibTorch, one operator per layer (every device; on the CPU oneDNN's
//                        fused convolution + ReLU6 reached through LibTorch's dispatcher)
//   onednn.cpp           the whole CPU network planned once on the system's oneDNN
//                        (mnl/onednn_network.h); onednn_absent.cpp in a build without it
//   cuda_graphs.cpp      the LibTorch pass recorded once per input shape as a CUDA graph, replayed
// CMake picks the oneDNN file. A back end that cannot run an input (oneDNN has no kernel for
// this CPU, a recording failed) throws GaveUp: InferenceNetwork drops it for good, keeps the
// reason, and runs the next one, with the same results.

#include <torch/types.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "../folded_network.h"

namespace mnl::backends {

struct GaveUp : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Backend {
 public:
  virtual ~Backend() = default;
  // Images: float32 [N, 3, H, W] on the network's device. Taps as MobileNetV1::forward.
  virtual ForwardResult forward(const torch::Tensor& images,
                                const std::vector<std::string>& tapNames) = 0;
  // Median milliseconds per layer over `repetitions` passes, in the order of the network's
  // layers (the convolutions, pool, fc).
  virtual std::vector<double> profileLayers(const torch::Tensor& images, int repetitions) = 0;
  // The library's name for the kernel each layer runs on input of this shape, in the same
  // order; empty where the back end does not choose kernels itself (LibTorch dispatches).
  virtual std::vector<std::string> layerKernels(const torch::Tensor& /*images*/) { return {}; }
};

// LibTorch, one operator per layer, any device and precision. `readyBatch` > 0: the weights of
// the fused CPU convolution packed for that batch now, before the first frame.
std::unique_ptr<Backend> makeLibTorchLayers(std::shared_ptr<const FoldedNetwork> network,
                                            std::int64_t readyBatch);
// Whether this LibTorch has oneDNN's fused convolution + ReLU6 for the CPU.
bool fusedConvolutionAvailable();

// The CPU network on oneDNN, planned for batch 1 at the network's input size, in `precision`
// (Float32, BFloat16 or Int8 with `activationMax` and `activationMean`: onednn_network.h);
// null in a build without it. Throws GaveUp when oneDNN cannot plan it.
std::unique_ptr<Backend> makeOneDnn(std::shared_ptr<const FoldedNetwork> network,
                                    Precision precision = Precision::Float32,
                                    std::vector<float> activationMax = {},
                                    std::vector<std::vector<float>> activationMean = {});
// "oneDNN 2.6.3"; empty in a build without the oneDNN back end.
std::string oneDnnVersion();
// Empty when this build and CPU run `precision` on oneDNN; else why not.
std::string oneDnnUnsupported(Precision precision);
// Whether oneDNN runs `precision` in software here (OneDnnNetwork::emulated).
bool oneDnnEmulated(Precision precision);

// Replays of `recorded`'s pass (which must outlive it), one CUDA graph per (input shape, taps).
std::unique_ptr<Backend> makeCudaGraphs(Backend& recorded,
                                        std::shared_ptr<const FoldedNetwork> network);

}  // namespace mnl::backends

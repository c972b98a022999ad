// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// MobileNet v1 with batch norm folded, run straight on oneDNN for one batch size and input size:
// every primitive created once, activations kept in the blocked layouts oneDNN picks from the
// first convolution to the pool (no reorder between layers), weights packed once, every buffer
// (activations, scratchpad) allocated once, one stream. A frame then costs the primitives'
// own work and no ATen dispatch, no primitive lookup, no allocation (docs/benchmarks.md, "The
// small end", measured why that matters at small α and ρ).
//
// Torch-free and Qt-free: LibTorch does not export oneDNN's API, so this links the system's
// oneDNN (Debian's libdnnl-dev) and is compiled apart from torch's headers, which carry their
// own, different copy of oneDNN's. InferenceNetwork uses it on the CPU in float32, and in the
// reduced precisions below where the CPU has instructions for them.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "mnl/architecture.h"

namespace mnl {

// One folded convolution of the network (conv0, dwN, pwN or convN), ReLU6 after it.
struct DirectConvolution {
  LayerSpec spec;             // name, type, kernel, stride, channels (the input size is ignored)
  std::vector<float> weight;  // [out, in / groups, k, k] (depthwise: [channels, 1, k, k])
  std::vector<float> bias;    // [out]
};

// The folded network in plain float arrays: what OneDnnNetwork packs for each plan.
struct DirectWeights {
  std::vector<DirectConvolution> convolutions;
  PaddingMode padding = PaddingMode::Symmetric;
  std::vector<float> fcWeight;  // [classes, channels]
  std::vector<float> fcBias;    // [classes]
  int classes = 0;
};

// The shape of one layer's output in a plan: batch, channels, height, width.
struct DirectShape {
  int batch = 0, channels = 0, height = 0, width = 0;
  std::size_t elements() const {
    return std::size_t(batch) * std::size_t(channels) * std::size_t(height) * std::size_t(width);
  }
};

// The number format of the convolutions from pw1 on (conv0, dw1, the pool and the classifier
// stay float32: conv0 sees the normalised pixels, signed and of a wider range than the ReLU6
// outputs the other layers exchange; conv0's output rounded to 8 bits, of all the layers'
// outputs, cost the most agreement with float32 at the small widths, in int8 and in bf16
// (docs/benchmarks.md, "Number formats"); dw1, the pool and the classifier are a sliver of the
// work).
//  - BFloat16: activations bf16; weights bf16 as whole codes of a per-channel scale where they
//    lie on an 8-bit file's grid (weight_coding.h), the scale multiplied back after the
//    float32 sum; the weights themselves otherwise, their rounding taken off the biases where
//    calibration gave the inputs' means (`activationMean`). AVX512_BF16 or AMX; on other
//    AVX-512 CPUs only emulated, for accuracy (`emulated`).
//  - Int8: activations u8 (ReLU6 outputs are never negative) at one scale per layer,
//    largest/255, from `activationMax`; weights s8 with one scale per output channel
//    (largest |w| / 127, or the step of the grid weights from an 8-bit file lie on:
//    weight_coding.h), and biases that make up for that rounding where calibration gave
//    the inputs' means (`activationMean`); int32 accumulation, rescaled per channel. Only with
//    int8 dot-product instructions (AVX-512 VNNI, AVX-VNNI): without them oneDNN's int8 kernels
//    work on 16-bit intermediates that saturate, and accuracy falls silently (oneDNN's
//    documentation says so).
enum class DirectPrecision { Float32, BFloat16, Int8 };

struct DirectOptions {
  DirectPrecision precision = DirectPrecision::Float32;
  // Int8: the largest output of each convolution (in DirectWeights' order), from calibration
  // frames (OneDnnNetwork::activationMaxima); each is capped at 6, ReLU6's bound, which is
  // also what a missing or empty entry means.
  std::vector<float> activationMax;
  // Int8 and bf16: the mean output of each channel of each convolution over the same frames, in
  // the same order; a layer whose input's entry is there (one per channel) gets its bias
  // corrected for its weights' coding (weight_coding.h), one without it does not.
  std::vector<std::vector<float>> activationMean;
};

class OneDnnNetwork {
 public:
  // "oneDNN 2.6.3": the library this process runs.
  static std::string version();

  // Plans the network for `batch` images of height × width, for the OpenMP threads the calling
  // thread has now (oneDNN divides each primitive's work among them when it is created; run
  // with another count, it is slower: plan again). Throws std::invalid_argument for a size the
  // network cannot take, std::runtime_error if oneDNN refuses a primitive or the CPU cannot
  // run the precision (unsupportedReason).
  OneDnnNetwork(const DirectWeights& weights, int batch, int height, int width,
                const DirectOptions& options = {});

  // Empty when this CPU, as oneDNN may use it (ONEDNN_MAX_CPU_ISA can hide instructions), runs
  // `precision`; else why not, in a sentence.
  static std::string unsupportedReason(DirectPrecision precision);
  // True where `precision` runs in software: bf16 on an AVX-512 CPU without AVX512_BF16, when
  // the environment has MNL_BF16_EMULATION=1. oneDNN then rounds to bf16 as the instructions
  // do and multiplies in float32: the same accuracy, several times slower than float32. For
  // measuring what bf16 costs on a CPU that cannot run it (tests, scripts/bench_precision.py),
  // never for speed; without the variable, bf16 is refused there.
  static bool emulated(DirectPrecision precision);
  // The widest ISA oneDNN uses here: "AVX-512 + VNNI + BF16", "AVX2 + VNNI", "AVX2", …
  static std::string effectiveIsa();
  DirectPrecision precision() const;
  ~OneDnnNetwork();
  OneDnnNetwork(const OneDnnNetwork&) = delete;
  OneDnnNetwork& operator=(const OneDnnNetwork&) = delete;

  int batch() const;
  int height() const;
  int width() const;
  int classes() const;

  // images: [batch, 3, height, width] float32, contiguous (NCHW); logits: [batch, classes].
  // Allocates nothing once constructed. Not thread-safe (one set of buffers).
  void run(const float* images, float* logits);

  // Layers, in order: the convolutions, then "pool" (the last's average, [batch, C, 1, 1]).
  std::size_t layerCount() const;
  const std::string& layerName(std::size_t layer) const;
  DirectShape outputShape(std::size_t layer) const;
  // The layer's output of the last run(), as NCHW float32 into `out` (outputShape().elements()),
  // in real units whatever the precision (an int8 layer's codes times its scale).
  void copyOutput(std::size_t layer, float* out) const;
  // The largest value each convolution gave in the last run() (the calibration Int8 needs,
  // from a float32 network), in DirectWeights' order.
  std::vector<float> activationMaxima() const;

  // Median milliseconds of each layer (the convolutions, "pool", "fc") over `repetitions`
  // passes of `images`, timed one primitive at a time; a reorder is counted with the layer it
  // feeds.
  std::vector<double> profileLayers(const float* images, int repetitions);
  // The oneDNN implementation each layer runs (as profileLayers counts them: the convolutions,
  // "pool", "fc"), as oneDNN names it ("brgconv_1x1:avx512_core_vnni"); a reorder in front of
  // a layer adds "reorder jit:uni" before it. What ONEDNN_VERBOSE would print, without it.
  std::vector<std::string> layerKernels() const;

 private:
  struct Plan;
  std::unique_ptr<Plan> plan_;
};

}  // namespace mnl

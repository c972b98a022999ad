// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How a convolution's weights and biases are coded in a reduced number format (codeInt8,
// codeBf16: what OneDnnNetwork packs): each output channel's weight ≈ code × scale, the scale
// applied to the channel's sum (int8: |code| ≤ 127; bf16: codes with 8 significant bits), the
// bias corrected for the rounding where calibration gave the inputs' means. Torch-free and
// oneDNN-free: plain arithmetic, tested alone (tst_weight_coding).
//
// Weights that came from an 8-bit file (the bundled TFLite models: uint8 codes, one scale and
// zero point per tensor, learned in quantisation-aware training) lie on a grid already. Coded
// again at largest |w| / 127 every weight is rounded a second time, onto a grid that does not
// line up with the first; on the bundled 0.25/128 network that second rounding alone turned
// about one picture in twenty from fp32's top-1 (docs/benchmarks.md, "Number formats"). So a
// channel whose weights are whole multiples of one step, with no code past 127, keeps that
// step and is coded exactly; any other channel gets largest / 127.
//
// A channel coded inexactly (a float-trained model's, or the one channel of each of the bundled
// files' tensors whose codes reach past 127) shifts its output's expected value by
// Σ (w − code × scale) × E[the input w multiplies]; int8CodingShift is that sum, which the
// bias takes back (bias correction: Nagel et al., "Data-Free Quantization Through Weight
// Equalization and Bias Correction", 2019). In a float simulation of the bundled 0.25/128
// network those channels' rounding cost 3 of 161 pictures fp32's top-1 and the correction won
// them back; a float-trained model (Keras 0.25/224) keeps fp32's top-1 on 93 % of them with
// it, 85 % without (docs/benchmarks.md, "Number formats").

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace mnl {

// The step of the grid the values lie on, with no value past `largestCode` steps from zero; 0
// when they lie on none (kLargestDivisor in the source says how hard it looks).
double weightGridStep(const float* values, std::size_t count, double largestCode);

// int8: the grid's step (codes within ±127), else largest |w| / 127.
float int8WeightScale(const float* values, std::size_t count);

// bf16: the grid's step where the codes stay within ±256 (every whole number up to 256 is a
// bf16; 8 bits from a TFLite file, any zero point, fit), else 1 (the weights themselves, each
// rounded to 8 significant bits). bf16 cannot hold the bundled files' weights as they are (a
// code times a step that is not a power of two rounds), and that second rounding cost the
// 0.25/128 network 6 of 161 pictures' top-1 in a simulation; as whole codes, scaled after the
// sum, it costs none (docs/benchmarks.md, "Number formats").
float bf16WeightScale(const float* values, std::size_t count);

// The bf16 oneDNN stores for `value`, as a float: rounded to nearest even, as its reorders do.
float roundToBf16(float value);

// Σ (weights[i] − bf16(weights[i] / scale) × scale) × means[i / group]: int8CodingShift's twin
// for bf16. Zero for a channel on its grid (every code exact); for a float-trained model's
// weights it is what rounding to 8 significant bits moves the channel's expected output by.
double bf16CodingShift(std::span<const float> weights, float scale,
                       std::span<const float> means);

// Σ (weights[i] − codes[i] × scale) × means[i / group], group = weights.size() / means.size():
// the weights of one output channel, in order, with the mean of the input each group of them
// multiplies (a pointwise layer: one weight per input channel; a depthwise one: its k × k
// weights, one channel). Throws std::invalid_argument for sizes that do not divide.
double int8CodingShift(std::span<const float> weights, std::span<const std::int8_t> codes,
                       float scale, std::span<const float> means);

// One convolution as int8 runs it. `weights`: [out channels, …], in order; `bias`: one per out
// channel; `inputMeans`: the mean of each input channel from calibration, or empty (no bias
// correction); `inScale`, `outScale`: the real value of one u8 code of the input and output.
struct Int8Coding {
  std::vector<std::int8_t> codes;  // one int8WeightScale per output channel
  // In units of the int32 sum: oneDNN 2.x adds the bias before the output scale.
  std::vector<float> bias;
  std::vector<float> outputScales;  // take each channel's sum to the output's u8 codes
};
Int8Coding codeInt8(std::span<const float> weights, std::span<const float> bias, bool depthwise,
                    float inScale, float outScale, std::span<const float> inputMeans);

// One convolution as bf16 runs it (the same arguments). Where every channel's scale is 1 (a
// float-trained model's), `codes` and `scales` are empty and the weights go as they are. Where
// one step serves every channel (an 8-bit file's per-tensor grid), `scales` holds just that
// step: oneDNN multiplies a single scale in with ReLU6, where a scale per channel is a post-op
// of its own that costs far more (bench/channel_scale_postop.cpp; the figures are in
// docs/benchmarks.md, "Since: one scale per layer for bf16").
struct Bf16Coding {
  std::vector<float> codes;   // weight / its scale (whole numbers on a grid)
  std::vector<float> bias;    // divided by the scales where there are codes
  std::vector<float> scales;  // one for the layer or one per output channel, applied after the sum
};
Bf16Coding codeBf16(std::span<const float> weights, std::span<const float> bias, bool depthwise,
                    std::span<const float> inputMeans);

}  // namespace mnl

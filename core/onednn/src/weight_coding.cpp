// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/weight_coding.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace mnl {

namespace {
constexpr double kLargestInt8Code = 127;
constexpr double kLargestBf16Code = 256;
// How far from a whole number of steps a weight may be and still be on the grid: a float32
// weight dequantised from a code is off by its rounding (~1e-5 of a step at code 127), a weight
// that is on no grid by a good part of one.
constexpr double kOnGrid = 1e-3;
// The smallest gap between two of a channel's weights is a whole number of the grid's steps:
// one in a channel of hundreds of weights, a few in nine depthwise ones that skip codes. Steps
// of the gap divided by up to this many are tried.
constexpr int kLargestDivisor = 16;

double largestMagnitude(const float* values, std::size_t count) {
  double largest = 0;
  for (std::size_t i = 0; i < count; ++i) largest = std::max(largest, std::abs(double(values[i])));
  return largest;
}
}  // namespace

double weightGridStep(const float* values, std::size_t count, double largestCode) {
  const double largest = largestMagnitude(values, count);
  if (!(largest > 0) || !std::isfinite(largest)) return 0;
  std::vector<double> sorted(values, values + count);
  std::sort(sorted.begin(), sorted.end());
  double gap = std::numeric_limits<double>::infinity();
  for (std::size_t i = 1; i < sorted.size(); ++i)
    if (const double d = sorted[i] - sorted[i - 1]; d > kOnGrid * largest / largestCode)
      gap = std::min(gap, d);
  if (!std::isfinite(gap)) gap = largest;  // one value (or one repeated): its own step
  const auto onGrid = [&sorted](double step) {
    return std::all_of(sorted.begin(), sorted.end(), [step](double v) {
      return std::abs(v / step - std::round(v / step)) < kOnGrid;
    });
  };
  for (int divisor = 1; divisor <= kLargestDivisor; ++divisor) {
    const double step = gap / divisor;
    if (largest / step > largestCode + kOnGrid) break;  // the grid needs more codes
    if (onGrid(step)) return step;
  }
  return 0;
}

float int8WeightScale(const float* values, std::size_t count) {
  if (const double step = weightGridStep(values, count, kLargestInt8Code); step > 0)
    return float(step);
  const double largest = largestMagnitude(values, count);
  return largest > 0 && std::isfinite(largest) ? float(largest / kLargestInt8Code) : 1.f;
}

float bf16WeightScale(const float* values, std::size_t count) {
  const double step = weightGridStep(values, count, kLargestBf16Code);
  return step > 0 ? float(step) : 1.f;
}

float roundToBf16(float value) {
  if (!std::isfinite(value)) return value;
  std::uint32_t bits = std::bit_cast<std::uint32_t>(value);
  bits += 0x7fffu + ((bits >> 16) & 1u);  // to nearest, ties to the even upper half
  return std::bit_cast<float>(bits & 0xffff0000u);
}

namespace {
// Σ (weights[i] − coded(i)) × means[i / group], the sizes checked (`codes`: how many coded
// values there are).
template <typename Coded>
double codingShift(const char* name, std::span<const float> weights, std::size_t codes,
                   std::span<const float> means, Coded coded) {
  if (codes != weights.size() || means.empty() || weights.size() % means.size() != 0)
    throw std::invalid_argument(std::string(name) + ": " + std::to_string(weights.size()) +
                                " weights, " + std::to_string(codes) + " codes, " +
                                std::to_string(means.size()) + " input means");
  const std::size_t group = weights.size() / means.size();
  double shift = 0;
  for (std::size_t i = 0; i < weights.size(); ++i)
    shift += (double(weights[i]) - coded(i)) * means[i / group];
  return shift;
}
}  // namespace

double int8CodingShift(std::span<const float> weights, std::span<const std::int8_t> codes,
                       float scale, std::span<const float> means) {
  return codingShift("int8CodingShift", weights, codes.size(), means,
                     [&](std::size_t i) { return double(codes[i]) * scale; });
}

double bf16CodingShift(std::span<const float> weights, float scale,
                       std::span<const float> means) {
  return codingShift("bf16CodingShift", weights, weights.size(), means, [&](std::size_t i) {
    return double(roundToBf16(weights[i] / scale)) * scale;
  });
}

namespace {
// The weights of output channel `oc` and the input means they multiply (none without means).
struct Channel {
  std::span<const float> weights, means;
};
Channel channelOf(std::span<const float> weights, std::size_t channels, bool depthwise,
                  std::span<const float> inputMeans, std::size_t oc) {
  const std::size_t perChannel = weights.size() / channels;
  return {weights.subspan(oc * perChannel, perChannel),
          inputMeans.empty() ? inputMeans : depthwise ? inputMeans.subspan(oc, 1) : inputMeans};
}

// One step for every channel of a layer: the smallest channel's, where every weight is a whole
// number of it within ±256 (a TFLite file's grid is one per tensor; a channel whose codes share a
// factor finds a multiple of it); 0 where there is none.
float layerStep(std::span<const float> channelSteps, std::span<const float> weights) {
  const float step = *std::min_element(channelSteps.begin(), channelSteps.end());
  if (!(step > 0)) return 0;
  const bool onGrid = std::all_of(weights.begin(), weights.end(), [step](float w) {
    const double code = double(w) / step;
    return std::abs(code) <= kLargestBf16Code + kOnGrid &&
           std::abs(code - std::round(code)) < kOnGrid;
  });
  return onGrid ? step : 0;
}

void checkSizes(const char* name, std::span<const float> weights, std::span<const float> bias,
                bool depthwise, std::span<const float> inputMeans) {
  if (bias.empty() || weights.size() % bias.size() != 0 ||
      (depthwise && !inputMeans.empty() && inputMeans.size() != bias.size()))
    throw std::invalid_argument(std::string(name) + ": " + std::to_string(weights.size()) +
                                " weights, " + std::to_string(bias.size()) + " biases, " +
                                std::to_string(inputMeans.size()) + " input means");
}
}  // namespace

Int8Coding codeInt8(std::span<const float> weights, std::span<const float> bias, bool depthwise,
                    float inScale, float outScale, std::span<const float> inputMeans) {
  checkSizes("codeInt8", weights, bias, depthwise, inputMeans);
  Int8Coding coded{std::vector<std::int8_t>(weights.size()), {bias.begin(), bias.end()},
                   std::vector<float>(bias.size())};
  for (std::size_t oc = 0; oc < bias.size(); ++oc) {
    const Channel channel = channelOf(weights, bias.size(), depthwise, inputMeans, oc);
    const std::span<std::int8_t> codes(coded.codes.data() + oc * channel.weights.size(),
                                       channel.weights.size());
    const float scale = int8WeightScale(channel.weights.data(), channel.weights.size());
    constexpr long kLargest = long(kLargestInt8Code);
    for (std::size_t i = 0; i < codes.size(); ++i)
      codes[i] = static_cast<std::int8_t>(
          std::clamp(std::lround(channel.weights[i] / scale), -kLargest, kLargest));
    if (!channel.means.empty())
      coded.bias[oc] += float(int8CodingShift(channel.weights, codes, scale, channel.means));
    coded.bias[oc] /= inScale * scale;
    coded.outputScales[oc] = inScale * scale / outScale;
  }
  return coded;
}

Bf16Coding codeBf16(std::span<const float> weights, std::span<const float> bias, bool depthwise,
                    std::span<const float> inputMeans) {
  checkSizes("codeBf16", weights, bias, depthwise, inputMeans);
  Bf16Coding coded{{}, {bias.begin(), bias.end()}, std::vector<float>(bias.size())};
  for (std::size_t oc = 0; oc < bias.size(); ++oc) {
    const Channel channel = channelOf(weights, bias.size(), depthwise, inputMeans, oc);
    coded.scales[oc] = bf16WeightScale(channel.weights.data(), channel.weights.size());
    if (!channel.means.empty())  // nothing for a channel on its grid
      coded.bias[oc] += float(bf16CodingShift(channel.weights, coded.scales[oc], channel.means));
  }
  if (std::all_of(coded.scales.begin(), coded.scales.end(), [](float s) { return s == 1.f; })) {
    coded.scales.clear();
    return coded;
  }
  if (const float step = layerStep(coded.scales, weights); step > 0) coded.scales = {step};
  const std::size_t perScale = weights.size() / coded.scales.size();
  coded.codes.resize(weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i)
    coded.codes[i] = weights[i] / coded.scales[i / perScale];
  const std::size_t channelsPerScale = bias.size() / coded.scales.size();
  for (std::size_t oc = 0; oc < bias.size(); ++oc)
    coded.bias[oc] /= coded.scales[oc / channelsPerScale];
  return coded;
}

}  // namespace mnl

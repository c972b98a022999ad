// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/weight_coding.h"

#include <algorithm>
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
}  // namespace

double weightGridStep(const float* values, std::size_t count, double largestCode) {
  double largest = 0;
  for (std::size_t i = 0; i < count; ++i) largest = std::max(largest, std::abs(double(values[i])));
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
  double largest = 0;
  for (std::size_t i = 0; i < count; ++i) largest = std::max(largest, std::abs(double(values[i])));
  return largest > 0 && std::isfinite(largest) ? float(largest / kLargestInt8Code) : 1.f;
}

float bf16WeightScale(const float* values, std::size_t count) {
  const double step = weightGridStep(values, count, kLargestBf16Code);
  return step > 0 ? float(step) : 1.f;
}

double int8CodingShift(std::span<const float> weights, std::span<const std::int8_t> codes,
                       float scale, std::span<const float> means) {
  if (codes.size() != weights.size() || means.empty() || weights.size() % means.size() != 0)
    throw std::invalid_argument("int8CodingShift: " + std::to_string(weights.size()) +
                                " weights, " + std::to_string(codes.size()) + " codes, " +
                                std::to_string(means.size()) + " input means");
  const std::size_t group = weights.size() / means.size();
  double shift = 0;
  for (std::size_t i = 0; i < weights.size(); ++i)
    shift += (double(weights[i]) - double(codes[i]) * scale) * means[i / group];
  return shift;
}

}  // namespace mnl

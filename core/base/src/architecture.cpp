// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/architecture.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace mnl {
namespace {

// Table 1 of the paper: the thirteen depthwise separable blocks as (stride, output channels)
// at α = 1. The last block has stride 1: the paper's table prints 2, a known typo (TF-slim's
// MOBILENETV1_CONV_DEFS has 1, and a stride of 2 on a 7×7 map would not give 7×7).
struct BlockDef {
  int stride;
  int channels;
};
constexpr int kStemChannels = 32;
constexpr std::array<BlockDef, 13> kBlocks{{{1, 64},
                                             {2, 128},
                                             {1, 128},
                                             {2, 256},
                                             {1, 256},
                                             {2, 512},
                                             {1, 512},
                                             {1, 512},
                                             {1, 512},
                                             {1, 512},
                                             {1, 512},
                                             {2, 1024},
                                             {1, 1024}}};

Shape convOutput(const Shape& in, int stride, int channels) {
  return {convOutputSide(in.height, stride), convOutputSide(in.width, stride), channels};
}

}  // namespace

int scaledChannels(double alpha, int baseChannels) {
  return std::max(8, static_cast<int>(alpha * baseChannels));
}

int convOutputSide(int inputSide, int stride) { return (inputSide + stride - 1) / stride; }

std::pair<int, int> samePadding(int inputSide, int stride, int kernel) {
  const int total =
      std::max((convOutputSide(inputSide, stride) - 1) * stride + kernel - inputSide, 0);
  return {total / 2, total - total / 2};
}

void validate(const NetworkConfig& config) {
  if (!(config.alpha > 0.0) || !std::isfinite(config.alpha))
    throw std::invalid_argument("the width multiplier alpha must be a number greater than 0");
  if (config.alpha > kMaxSupportedAlpha)
    throw std::invalid_argument("the width multiplier alpha must be at most " +
                                std::to_string(int(kMaxSupportedAlpha)));
  if (config.resolution < kMinResolution)
    throw std::invalid_argument("the resolution must be at least " +
                                std::to_string(kMinResolution) + " pixels");
  if (config.resolution > kMaxSupportedResolution)
    throw std::invalid_argument("the resolution must be at most " +
                                std::to_string(kMaxSupportedResolution) + " pixels");
  if (config.classes < 1) throw std::invalid_argument("the number of classes must be at least 1");
  if (config.classes > kMaxSupportedClasses)
    throw std::invalid_argument("the number of classes must be at most " +
                                std::to_string(kMaxSupportedClasses));
}

std::vector<LayerSpec> buildLayers(const NetworkConfig& config) {
  validate(config);
  std::vector<LayerSpec> layers;
  layers.reserve(2 * kBlocks.size() + 3);

  const Shape image{config.resolution, config.resolution, 3};
  Shape current = convOutput(image, 2, scaledChannels(config.alpha, kStemChannels));
  layers.push_back({"conv0", LayerType::Conv, 3, 2, image, current});

  for (std::size_t i = 0; i < kBlocks.size(); ++i) {
    const std::string index = std::to_string(i + 1);
    const int outChannels = scaledChannels(config.alpha, kBlocks[i].channels);
    const int stride = kBlocks[i].stride;
    if (config.conv == ConvMode::Separable) {
      const Shape afterDepthwise = convOutput(current, stride, current.channels);
      layers.push_back({"dw" + index, LayerType::Depthwise, 3, stride, current, afterDepthwise});
      const Shape afterPointwise{afterDepthwise.height, afterDepthwise.width, outChannels};
      layers.push_back(
          {"pw" + index, LayerType::Pointwise, 1, 1, afterDepthwise, afterPointwise});
      current = afterPointwise;
    } else {
      const Shape out = convOutput(current, stride, outChannels);
      layers.push_back({"conv" + index, LayerType::Conv, 3, stride, current, out});
      current = out;
    }
  }

  const Shape pooled{1, 1, current.channels};
  layers.push_back({"pool", LayerType::Pool, current.height, 1, current, pooled});
  layers.push_back(
      {"fc", LayerType::FullyConnected, 1, 1, pooled, Shape{1, 1, config.classes}});
  return layers;
}

std::vector<std::string> layerNames(const NetworkConfig& config) {
  std::vector<std::string> names;
  for (const auto& layer : buildLayers(config)) names.push_back(layer.name);
  return names;
}

std::vector<std::string> convolutionNames(const std::vector<LayerSpec>& layers) {
  std::vector<std::string> names;
  for (const LayerSpec& layer : layers)
    if (layer.type == LayerType::Conv || layer.type == LayerType::Depthwise ||
        layer.type == LayerType::Pointwise)
      names.push_back(layer.name);
  return names;
}

std::string_view toString(ConvMode mode) {
  return mode == ConvMode::Separable ? "separable" : "standard";
}

std::string_view toString(LayerType type) {
  switch (type) {
    case LayerType::Conv: return "conv";
    case LayerType::Depthwise: return "dw";
    case LayerType::Pointwise: return "pw";
    case LayerType::Pool: return "pool";
    case LayerType::FullyConnected: return "fc";
  }
  return "?";
}

ConvMode parseConvMode(std::string_view text) {
  if (text == "separable") return ConvMode::Separable;
  if (text == "standard") return ConvMode::Standard;
  throw std::invalid_argument("the convolution mode must be 'separable' or 'standard', not '" +
                              std::string(text) + "'");
}

int layerIndex(const std::string& layer, const NetworkConfig& config) {
  const std::vector<std::string> names = layerNames(config);
  const auto it = std::find(names.begin(), names.end(), layer);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

std::string equivalentLayer(const std::string& layer, const NetworkConfig& config) {
  const std::vector<std::string> names = layerNames(config);
  if (names.empty()) return layer;
  if (layerIndex(layer, config) >= 0) return layer;
  // Block number of dwN / pwN / convN (conv0 is the stem in both modes).
  std::string number;
  for (char c : layer)
    if (c >= '0' && c <= '9') number += c;
  if (number.empty() || number == "0") return names.front();
  const std::vector<std::string> candidates =
      config.conv == ConvMode::Standard ? std::vector<std::string>{"conv" + number}
                                         : std::vector<std::string>{"pw" + number, "dw" + number};
  for (const std::string& candidate : candidates)
    if (layerIndex(candidate, config) >= 0) return candidate;
  return names.front();
}

}  // namespace mnl

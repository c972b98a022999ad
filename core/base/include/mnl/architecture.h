// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The shape of MobileNet v1 for a given width multiplier, input size and convolution mode,
// as plain data. Both the LibTorch model and the analytic cost model are built from this one
// description, so they cannot disagree on names, channels or strides.
// No torch and no Qt here: the UI includes this header.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mnl {

// Separable is MobileNet itself; Standard replaces every depthwise + pointwise pair with one
// full 3×3 convolution (the paper's "Conv MobileNet", Table 4).
enum class ConvMode { Separable, Standard };

// Where a 3×3 convolution's zero padding goes. Symmetric is PyTorch's padding=1. TensorFlowSame
// is TensorFlow's SAME: a stride-2 conv on an even input pads 0 on top/left and 1 on
// bottom/right. The pretrained TensorFlow weights only give their answers with the second.
enum class PaddingMode { Symmetric, TensorFlowSame };

enum class LayerType { Conv, Depthwise, Pointwise, Pool, FullyConnected };

struct Shape {
  int height = 0;
  int width = 0;
  int channels = 0;
  long long elements() const { return static_cast<long long>(height) * width * channels; }
  bool operator==(const Shape&) const = default;
};

struct NetworkConfig {
  double alpha = 1.0;  // width multiplier α
  int resolution = 224;  // input side in pixels (ρ = resolution / 224)
  int classes = 1000;
  ConvMode conv = ConvMode::Separable;
  bool operator==(const NetworkConfig&) const = default;
};

struct LayerSpec {
  std::string name;  // conv0, dw1…dw13, pw1…pw13 (conv1…conv13 in standard mode), pool, fc
  LayerType type = LayerType::Conv;
  int kernel = 1;
  int stride = 1;
  Shape input;
  Shape output;
};

// Width rule, as TF-slim and Keras apply it: a layer of C channels in the 1.0 network gets
// int(α·C) channels (truncated, not rounded), and never fewer than 8.
int scaledChannels(double alpha, int baseChannels);

// Output side of a 3×3 convolution with the given stride. TensorFlow SAME and PyTorch's
// symmetric padding of 1 give the same size (ceil(in / stride)); only where the pixels go differs.
int convOutputSide(int inputSide, int stride);

// TensorFlow SAME padding of one axis: total max((out − 1)·stride + kernel − in, 0) with
// out = ceil(in / stride), the odd pixel after (bottom/right). Returns {before, after}.
std::pair<int, int> samePadding(int inputSide, int stride, int kernel);

// Smallest input side the network accepts: five stride-2 stages need at least 32 pixels
// for the last feature map to keep one pixel per 32.
inline constexpr int kMinResolution = 32;

// The largest α, input side and class count the core accepts: every count (channels in an
// int, elements, mult-adds and parameters in a long long) then fits with room to spare (α 64
// at 16384 pixels in standard mode: 1.1·10¹⁷ mult-adds). The programs set smaller limits of
// their own (α ≤ 4, 2048 pixels).
inline constexpr double kMaxSupportedAlpha = 64.0;
inline constexpr int kMaxSupportedResolution = 16384;
inline constexpr int kMaxSupportedClasses = 1 << 20;

// Throws std::invalid_argument for α ≤ 0 or above kMaxSupportedAlpha, a resolution outside
// kMinResolution…kMaxSupportedResolution, or classes outside 1…kMaxSupportedClasses.
void validate(const NetworkConfig& config);

// Every layer in execution order, with its input and output shape.
std::vector<LayerSpec> buildLayers(const NetworkConfig& config);

// Names of every layer in execution order, for menus and --layer options.
std::vector<std::string> layerNames(const NetworkConfig& config);

// The convolutions of `layers` (conv0 … pw13, or conv13 in standard mode: every layer but the
// pool and the classifier), by name in execution order: the layers a number format quantises
// and its checks compare.
std::vector<std::string> convolutionNames(const std::vector<LayerSpec>& layers);

// Index of `layer` in layerNames(config), or -1.
int layerIndex(const std::string& layer, const NetworkConfig& config);

// Layer names across the separable/standard switch: standard mode has conv1…conv13 where the
// separable network has dw1/pw1…dw13/pw13. The layer of `config` that stands where `layer`
// stood in the other mode: itself if `config` has it, pwN (or dwN) for convN and convN for
// dwN/pwN, and the first layer if nothing matches.
std::string equivalentLayer(const std::string& layer, const NetworkConfig& config);

std::string_view toString(ConvMode mode);
std::string_view toString(LayerType type);
// Parses "separable" or "standard"; throws std::invalid_argument otherwise.
ConvMode parseConvMode(std::string_view text);

}  // namespace mnl

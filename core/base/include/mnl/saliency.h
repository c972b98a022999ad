// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where the network looks: a class activation map (CAM, Zhou et al. 2016) or a Grad-CAM
// (Selvaraju et al. 2017) of one class at one layer, what asks for it and what comes back.
// The computation is in class_activation.h (torch); this header is plain data and arithmetic
// that the window, the CLI and the tests share. No torch and no Qt here.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mnl/architecture.h"
#include "mnl/crop_rect.h"

namespace mnl {

// Cam: Σ_c w[k,c]·A_c over the last layer's channels A_c and the fully connected weights w,
// exact for a network that ends in global average pooling and one linear layer, and needs no
// gradient; so it is defined at the last layer only. GradCam: at any convolution, the channels
// weighted by the spatial mean of d logit_k / d A_c.
enum class SaliencyMethod { Off, Cam, GradCam };

std::string_view toString(SaliencyMethod method);  // "off", "cam", "gradcam"
// Parses "off", "cam" or "gradcam"; throws std::invalid_argument otherwise.
SaliencyMethod parseSaliencyMethod(std::string_view text);

struct SaliencyRequest {
  SaliencyMethod method = SaliencyMethod::Off;
  std::string layer;    // empty: the last convolution (pw13, conv13 in standard mode)
  int classIndex = -1;  // -1: the top-1 class of each frame
  bool operator==(const SaliencyRequest&) const = default;
};

// One map, at the layer's own resolution (7×7 at pw13 for a 224-pixel input), row-major,
// normalised to [0, 1]: ReLU, then its lowest cell to 0 and its peak to 1 (as pytorch-grad-cam
// does). A map with nothing above zero (the class has no positive evidence anywhere), or the
// same everywhere, is all zeros and says so in `empty`.
struct SaliencyMap {
  SaliencyMethod method = SaliencyMethod::Off;
  std::string layer;
  int classIndex = 0;
  std::string label;
  int width = 0, height = 0;
  std::vector<float> values;
  // The largest value before normalising (the ReLU'd weighted sum): what compares CAM and
  // Grad-CAM in absolute terms. 0 for an empty map.
  float peak = 0;
  bool empty = true;
  int inputSize = 0;               // side of the network input the map covers
  CropRect crop;                   // that input's rectangle in the frame
  std::int64_t frameSequence = 0;  // the frame the map was computed on
  double milliseconds = 0;         // what computing it cost, beyond the frame's forward pass
};

// The last convolution of a network (pw13, or conv13 in standard mode): where CAM is exact.
std::string lastConvolution(const NetworkConfig& network);

// Checks a request against a network and returns the layer it means (the default resolved).
// Throws std::invalid_argument, in one sentence, for a layer the network does not have, a
// layer that is not a convolution (pool, fc), CAM at any layer but the last convolution, or a
// class outside 0…classes − 1.
std::string checkSaliencyRequest(const SaliencyRequest& request, const NetworkConfig& network);

// Normalises a raw map as SaliencyMap describes (ReLU, then lowest to 0 and peak to 1); fills
// `values`, `peak` and `empty`.
void normaliseSaliency(std::vector<float> raw, SaliencyMap& map);

// The map resampled to width × height (the network input: inputSize × inputSize; the crop in
// the frame: crop.width × crop.height), bilinearly, each cell's value at the centre of the area
// it stands for (align_corners = false, edges clamped). Row-major.
std::vector<float> upsampleSaliency(const SaliencyMap& map, int width, int height);

// Share of the map's mass (sum of the upsampled values) in columns [0, side/2) of the network
// input: how much of it lies on the left half. 0.5 for an empty map.
double leftHalfShare(const SaliencyMap& map);

// Colour of t in 0…1 (clamped) on the "turbo" scale (blue → green → yellow → red), the one
// the window's overlay, its colour bar and the CLI's --out share. {r, g, b}.
std::array<std::uint8_t, 3> saliencyColour(float t);

// How opaque the overlay is where the map is t: unimportant regions stay readable.
float saliencyOpacity(float t);

// Blends the map over 8-bit BGR pixels (rows `stride` bytes apart) at map.crop, in place.
void blendSaliency(const SaliencyMap& map, std::uint8_t* bgr, int width, int height,
                   std::ptrdiff_t stride);

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A page of one layer's output channels, asked for by the window and reduced by the engine to
// what the feature grid draws. No torch and no Qt here.

#include <string>
#include <vector>

#include "mnl/architecture.h"

namespace mnl {

struct FeatureMapRequest {
  std::string layer = "conv0";  // any name from mnl::layerNames
  int firstChannel = 0;         // paging through wide layers
  int channelCount = 64;        // channels per page
  int maxSide = 56;             // larger maps are average-pooled down to this side
  bool operator==(const FeatureMapRequest&) const = default;
};

struct ChannelStats {
  float min = 0, max = 0, mean = 0;
  float zeroFraction = 0;       // exactly 0 (ReLU6 cut)
  float saturatedFraction = 0;  // at 6 (ReLU6 cap)
};

// A page of one layer's channels, reduced on the inference thread to what the grid shows.
struct FeatureMaps {
  std::string layer;
  Shape shape;               // the layer's full output shape
  int firstChannel = 0;      // channels [firstChannel, firstChannel + stats.size())
  int side = 0;              // side of each reduced map (≤ maxSide)
  std::vector<float> values; // stats.size() maps of side × side, row-major, channel after channel
  std::vector<ChannelStats> stats;  // per shown channel, computed on the full-resolution map
  float layerMin = 0, layerMax = 0; // over the whole layer, for per-layer normalisation
};

}  // namespace mnl

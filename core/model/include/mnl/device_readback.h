// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the window needs from one pass (the top classes and a page of feature maps), reduced
// where the network ran and brought to the host in a single copy. On a GPU every copy to the
// host waits for the device: reading the top-k, the layer's range and the page one by one
// cost a dozen round trips a frame. The CLI ranks classes with it too, so both agree.
// Torch header: a translation unit that also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <torch/types.h>

#include <optional>
#include <string>
#include <vector>

#include "mnl/feature_maps.h"

namespace mnl {

struct Readback {
  std::vector<std::pair<int, float>> top;  // class index, probability; most probable first
  std::optional<FeatureMaps> featureMaps;
};

// `logits`: [1, classes]. `tap`: the requested layer's output ([1, C, H, W], or [1, classes] for
// fc), in any precision; undefined for none. Statistics come from the full-resolution maps;
// only the pictures are pooled down to the request's side.
Readback readBack(const torch::Tensor& logits, int topK, const std::string& layer,
                  const torch::Tensor& tap, const FeatureMapRequest& request);

}  // namespace mnl

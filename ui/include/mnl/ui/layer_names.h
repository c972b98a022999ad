// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Layer names across the separable/standard switch: standard mode has conv1…conv13 where the
// separable network has dw1/pw1…dw13/pw13, so a selected layer must be carried across.

#include <string>
#include <vector>

#include "mnl/architecture.h"

namespace mnl::ui {

// The layer of `network` that stands where `layer` stood in the other mode (itself if it
// exists in `network`; the first layer if nothing matches).
std::string equivalentLayer(const std::string& layer, const NetworkConfig& network);

// Index of `layer` in layerNames(network), or -1.
int layerIndex(const std::string& layer, const NetworkConfig& network);

}  // namespace mnl::ui

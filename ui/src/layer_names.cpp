// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/layer_names.h"

#include <algorithm>

namespace mnl::ui {

int layerIndex(const std::string& layer, const NetworkConfig& network) {
  const std::vector<std::string> names = layerNames(network);
  const auto it = std::find(names.begin(), names.end(), layer);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}

std::string equivalentLayer(const std::string& layer, const NetworkConfig& network) {
  const std::vector<std::string> names = layerNames(network);
  if (names.empty()) return layer;
  if (layerIndex(layer, network) >= 0) return layer;
  // Block number of dwN / pwN / convN (conv0 is the stem in both modes).
  std::string number;
  for (char c : layer)
    if (c >= '0' && c <= '9') number += c;
  if (number.empty() || number == "0") return names.front();
  const std::vector<std::string> candidates =
      network.conv == ConvMode::Standard ? std::vector<std::string>{"conv" + number}
                                         : std::vector<std::string>{"pw" + number, "dw" + number};
  for (const std::string& candidate : candidates)
    if (layerIndex(candidate, network) >= 0) return candidate;
  return names.front();
}

}  // namespace mnl::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/prediction.h"

namespace mnl {

std::string classLabel(const std::vector<std::string>& labels, int index) {
  if (index >= 0 && index < static_cast<int>(labels.size()) && !labels[index].empty())
    return labels[index];
  return "class " + std::to_string(index);
}

std::vector<Prediction> namedPredictions(const std::vector<std::pair<int, float>>& ranked,
                                         const std::vector<std::string>& labels) {
  std::vector<Prediction> named;
  named.reserve(ranked.size());
  for (const auto& [index, probability] : ranked)
    named.push_back({index, classLabel(labels, index), probability});
  return named;
}

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One class of a model's answer, named the same way wherever it is shown: the engine (for the
// window) and the CLI rank classes with readBack() (device_readback.h) and name them here.
// No torch and no Qt here.

#include <string>
#include <utility>
#include <vector>

namespace mnl {

struct Prediction {
  int index = 0;  // class index in the model's output
  std::string label;
  float probability = 0;
};

// The name of class `index`: its label, or "class N" where the labels do not reach it.
std::string classLabel(const std::vector<std::string>& labels, int index);

// Ranked (class index, probability) pairs, named from `labels`.
std::vector<Prediction> namedPredictions(const std::vector<std::pair<int, float>>& ranked,
                                         const std::vector<std::string>& labels);

}  // namespace mnl

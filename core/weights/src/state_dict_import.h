// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A PyTorch state dict of the notebook's MobileNet (bottleneck.0 … bottleneck.15, classifier.1;
// its class is in tests/core/make_pytorch_fixtures.py), read from a checkpoint or a safetensors
// file, turned into this project's layout. The PyTorch and safetensors readers share it.
// No torch and no Qt here.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "mnl/notebook_layout.h"
#include "mnl/weight_set.h"

namespace mnl {

// One entry of a state dict, in the file's order. Values are converted only when asked for:
// a file may name the same bytes many times, and only the tensors the network uses are read.
struct StateDictEntry {
  std::string name;
  std::vector<std::int64_t> shape;
  bool floating = true;  // float16/32/64 or bfloat16; num_batches_tracked is int64
  std::function<std::vector<float>()> values;  // throws WeightsError
};


// Width and classes from the tensors' shapes; convolution biases and PyTorch's BatchNorm
// epsilon folded into the batch norms (exactly: see the .cpp); symmetric padding; torchvision's
// input normalisation. Throws WeightsError naming `file` and the first tensor that does not fit.
WeightSet weightSetFromStateDict(const std::vector<StateDictEntry>& entries,
                                 const std::filesystem::path& file, WeightsFormat format);

// A double as float without undefined behaviour: out of range becomes ±infinity.
float toFloat(double value);
// IEEE half and bfloat16 bits as float.
float halfToFloat(std::uint16_t bits);
float bfloat16ToFloat(std::uint16_t bits);

}  // namespace mnl

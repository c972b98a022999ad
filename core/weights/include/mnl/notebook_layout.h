// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where the seed notebook's PyTorch MobileNet keeps each layer (its class: tests/core/
// make_pytorch_fixtures.py): conv0 is bottleneck.0 (convolution, with a bias) and bottleneck.1
// (BatchNorm2d, PyTorch's ε 1e-5); dwN and pwN are bottleneck.(N+2).depthwise.0/.1 and
// .pointwise.0/.1; the classifier is classifier.1 (Linear, after dropout). The importer
// (state_dict_import.cpp) and the exporter (notebook_export.h) share it. No torch here.

#include <string>
#include <utility>

#include "mnl/architecture.h"

namespace mnl {

// PyTorch's BatchNorm2d default, which the notebook's class keeps.
inline constexpr double kPyTorchBatchNormEpsilon = 1e-5;

// {convolution, batch norm} prefixes of `layer` (conv0, dwN or pwN) in the notebook's names.
std::pair<std::string, std::string> notebookNames(const LayerSpec& layer);

inline constexpr const char* kNotebookClassifier = "classifier.1";

}  // namespace mnl

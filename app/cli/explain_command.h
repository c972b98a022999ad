// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/App.hpp>

namespace mnl::cli {

// `explain INPUT... [--alpha A] [--resolution R] [--weights FILE] [--class K | --top N]
// [--method cam|gradcam] [--layer NAME] [--crop center|full] [--out FILE.png] [--json]`:
// where the network looks for a class (CAM at the last layer, Grad-CAM at any convolution),
// as a heatmap over its input and that input's rectangle in the picture.
void addExplainCommand(CLI::App& app);

}  // namespace mnl::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/App.hpp>

namespace mnl::cli {

// `classify INPUT... [--alpha A] [--resolution R] [--weights FILE[,HEAD]] [--labels FILE]
// [--normalize imagenet|minus-one-to-one] [--top K]
// [--device cpu|cuda] [--every N] [--crop center|full] [--allow-untrained] [--json]`:
// the top K ImageNet labels of each image, or of every N-th frame of a video.
void addClassifyCommand(CLI::App& app);

}  // namespace mnl::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/App.hpp>

namespace mnl::cli {

// `teach DIR [--alpha A] [--resolution R] [--weights FILE] [--head knn|linear] [--holdout F]
// [--seed S] [--max-pixels N] [--crop center|full] [--json] [--out FILE]`: transfer learning on
// a folder of one sub-folder per class. The frozen backbone embeds every image, a share of each
// class is held out, the head learns from the rest; the held-out examples' per-class accuracy
// and confusion matrix are reported, and --out writes the backbone with the trained head as a
// model of the new classes (this app's format, labels inside), which --weights opens again.
void addTeachCommand(CLI::App& app);

}  // namespace mnl::cli

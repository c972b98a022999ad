// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/App.hpp>

namespace mnl::cli {

// `evaluate DIR [--weights FILE] [--labels FILE] [--alpha A] [--resolution R] [--json] …`:
// how well a model classifies a folder of one sub-folder per class — top-1, top-5, each
// class's accuracy and the confusion matrix (rows: true class). For a taught model (its labels
// are the class folders' names) or for the ImageNet models, given sub-folders named as
// ImageNet's labels ("goldfish", "tabby", spaces or underscores alike).
void addEvaluateCommand(CLI::App& app);

}  // namespace mnl::cli

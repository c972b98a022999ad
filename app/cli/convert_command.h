// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/App.hpp>

namespace mnl::cli {

// `convert IN OUT [--labels FILE] [--normalize imagenet|minus-one-to-one]`: reads any weights
// file the tool reads (TFLite, Keras .h5, a PyTorch checkpoint, safetensors, this app's) and
// writes it in this app's format, with its labels and input scaling, so that one file carries
// everything the model needs (a checkpoint's labels and normalisation are otherwise options).
void addConvertCommand(CLI::App& app);

}  // namespace mnl::cli

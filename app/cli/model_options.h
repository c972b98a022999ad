// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The options that choose a trained model, shared by the commands that run one on pictures
// (classify, explain): --alpha, --resolution, --conv, --weights, --labels, --normalize,
// --device, --allow-untrained.
// Torch header (model_loader.h).

#include <CLI/App.hpp>
#include <string>

#include "mnl/model_loader.h"

namespace mnl::cli {

struct ModelOptions {
  double alpha = 1.0;
  int resolution = 0;  // 0: the bundled model's native size for α
  std::string conv = "separable";
  std::string weights;
  std::string labels;     // one label a line
  std::string normalize;  // imagenet or minus-one-to-one; empty: what the weights want
  std::string device = "cpu";
  bool allowUntrained = false;
  CLI::Option* alphaOption = nullptr;       // whether --alpha was given
  CLI::Option* resolutionOption = nullptr;  // whether --resolution was given
};

// Adds the options above to `command`; `what` is the command's verb for --allow-untrained's
// help ("Classify", "Explain").
void addModelOptions(CLI::App* command, ModelOptions& options, const std::string& what);

// The request the options describe, checked: UsageError (exit 2) for a bad α, size, conv mode,
// weights argument or device name, or for a network with no trained weights unless
// --allow-untrained.
ModelRequest modelRequest(const ModelOptions& options);

// Loads it: InputError (exit 1) for weights that cannot be read or do not fit, UsageError for
// an invalid network. Says on stderr when the weights are random.
LoadedModel loadRequestedModel(const ModelRequest& request);

// --crop's value as a crop mode; UsageError for anything but center or full.
CropMode parseCrop(const std::string& crop);

}  // namespace mnl::cli

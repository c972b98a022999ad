// SPDX-License-Identifier: GPL-3.0-or-later
#include "convert_command.h"

#include <torch/torch.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "command.h"
#include "mnl/model_loader.h"
#include "mnl/model_file.h"
#include "mnl/weights_error.h"

namespace mnl::cli {
namespace {

struct ConvertOptions {
  std::string input, output, labels, normalize;
};

void run(const ConvertOptions& o) {
  ModelRequest request;
  request.weightsFile = o.input;
  request.networkFromFile = true;
  request.network.resolution = 0;  // the file's own
  request.allowUntrained = false;
  if (!o.labels.empty()) request.labelsFile = o.labels;
  if (!o.normalize.empty())
    request.normalization = parsedOption([&o] { return parseNormalization(o.normalize); });
  try {
    LoadedModel loaded = loadModel(request);
    saveModelFile(loaded.model, o.output, loaded.preprocessing.scaling, loaded.labels);
    const NetworkConfig& n = loaded.network;
    std::printf("%s (%s): MobileNet v1 alpha %g, %dx%d, %d classes, input %s -> %s (%s)\n",
                o.input.c_str(), loaded.format ? toString(*loaded.format) : "?", n.alpha,
                n.resolution, n.resolution, n.classes,
                describeScaling(loaded.preprocessing.scaling).c_str(), o.output.c_str(),
                modelFileKind(o.output).c_str());
  } catch (const WeightsError& e) {
    throw InputError(e.what());
  } catch (const std::invalid_argument& e) {
    throw InputError(e.what());
  }
}

}  // namespace

void addConvertCommand(CLI::App& app) {
  auto options = std::make_shared<ConvertOptions>();
  CLI::App* cmd = app.add_subcommand(
      "convert", "Write a weights file (TFLite, Keras .h5, PyTorch checkpoint, safetensors) in "
                 "this app's format; OUTPUT.tflite: a float TFLite model for LiteRT; "
                 "OUTPUT.pth: the notebook's state dict (the last two with OUTPUT.labels.txt)");
  cmd->add_option("input", options->input, "Weights file to read")->required();
  cmd->add_option("output", options->output, "Where to write this app's format")->required();
  cmd->add_option("--labels", options->labels, "Labels file to keep with it, one a line");
  cmd->add_option("--normalize", options->normalize,
                  "imagenet or minus-one-to-one; default: what the weights were trained with");
  cmd->callback([options] { run(*options); });
}

}  // namespace mnl::cli

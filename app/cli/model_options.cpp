// SPDX-License-Identifier: GPL-3.0-or-later
#include "model_options.h"

#include <cmath>
#include <cstdio>
#include <iostream>

#include "command.h"
#include "mnl/model_catalog.h"
#include "mnl/torch_device.h"
#include "mnl/weights_error.h"

namespace mnl::cli {
namespace {

std::string bundledAlphas() {
  std::string list;
  double last = -1;
  for (const BundledModel& model : bundledModels()) {
    if (model.alpha == last) continue;
    last = model.alpha;
    char text[16];
    std::snprintf(text, sizeof text, "%s%g", list.empty() ? "" : ", ", model.alpha);
    list += text;
  }
  return list;
}

torch::Device pickDevice(const std::string& name) {
  DeviceChoice choice;
  try {
    choice = chooseDevice(parseDeviceKind(name));
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (!choice.notice.empty()) std::cerr << "mobilenet-lab-cli: " << choice.notice << "\n";
  return choice.device;
}

}  // namespace

void addModelOptions(CLI::App* cmd, ModelOptions& options, const std::string& what) {
  options.alphaOption =
      cmd->add_option("--alpha,-a", options.alpha,
                      "Width multiplier (> 0, at most 4); with --weights: the file's")
          ->capture_default_str();
  options.resolutionOption = cmd->add_option(
      "--resolution,-r", options.resolution,
      "Input side in pixels (32 to 2048); default: the bundled model's (0.25: 128, 0.5: 160, "
      "0.75: 192, 1.0: 224)");
  cmd->add_option("--conv", options.conv, "separable or standard")->capture_default_str();
  cmd->add_option("--weights", options.weights,
                  "Weights file (TFLite, Keras .h5, this app's, a PyTorch checkpoint of the "
                  "notebook's MobileNet or safetensors), FILE,HEAD_FILE for a TFLite model "
                  "split in two; default: the bundled model of that alpha");
  cmd->add_option("--labels", options.labels,
                  "Labels file, one label a line, one per class (default: ImageNet's for 1000 "
                  "or 1001 classes, else 'class N')");
  cmd->add_option("--normalize", options.normalize,
                  "imagenet (x/255, ImageNet mean/std: PyTorch checkpoints' default) or "
                  "minus-one-to-one (TFLite/Keras); default: what the weights were trained with");
  cmd->add_option("--device", options.device, "cpu or cuda (falls back to the CPU)")
      ->capture_default_str();
  cmd->add_flag("--allow-untrained", options.allowUntrained,
                what + " with random weights where no trained ones exist");
}

ModelRequest modelRequest(const ModelOptions& o) {
  ModelRequest request;
  const bool resolutionGiven = o.resolutionOption && o.resolutionOption->count() > 0;
  request.network = {o.alpha, resolutionGiven ? o.resolution : nativeResolution(o.alpha), 1000,
                     parsedOption([&o] { return parseConvMode(o.conv); })};
  checkNetwork(request.network);
  if (!o.weights.empty()) {
    const auto comma = o.weights.find(',');
    request.weightsFile = o.weights.substr(0, comma);
    if (comma != std::string::npos) {
      request.headFile = o.weights.substr(comma + 1);
      if (request.headFile->empty() || request.headFile->string().find(',') != std::string::npos)
        throw UsageError("--weights takes FILE or FILE,HEAD_FILE");
    }
  }
  const NetworkConfig& n = request.network;
  if (!request.weightsFile && !bundledModelFor(n.alpha, n.resolution, n.conv) &&
      !o.allowUntrained) {
    char text[64];
    std::snprintf(text, sizeof text, "alpha %g, %s convolutions", n.alpha,
                  std::string(toString(n.conv)).c_str());
    throw UsageError(std::string("no trained weights for ") + text +
                     " (bundled: separable at alpha " + bundledAlphas() +
                     "); random weights would give meaningless labels: pass --weights FILE, or "
                     "--allow-untrained to see them anyway");
  }
  // A user's own file without --alpha: its width, conv mode and (without --resolution) its input
  // size are what the file says, whatever format it is in.
  const bool alphaGiven = o.alphaOption && o.alphaOption->count() > 0;
  if (request.weightsFile && !alphaGiven) {
    request.networkFromFile = true;
    if (!resolutionGiven) request.network.resolution = 0;
  }
  if (!o.labels.empty()) request.labelsFile = o.labels;
  if (!o.normalize.empty())
    request.normalization = parsedOption([&o] { return parseNormalization(o.normalize); });
  request.allowUntrained = o.allowUntrained;
  request.device = pickDevice(o.device);
  return request;
}

LoadedModel loadRequestedModel(const ModelRequest& request) {
  LoadedModel loaded;
  try {
    loaded = loadModel(request);
  } catch (const WeightsError& e) {
    throw InputError(e.what());
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  if (!loaded.trained)
    std::cerr << "mobilenet-lab-cli: no trained weights: random weights, the labels mean nothing\n";
  return loaded;
}

CropMode parseCrop(const std::string& crop) {
  if (crop != "center" && crop != "full")
    throw UsageError("--crop must be 'center' or 'full', not '" + crop + "'");
  return crop == "full" ? CropMode::FullFrame : CropMode::CenterSquare;
}

}  // namespace mnl::cli

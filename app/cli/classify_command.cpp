// SPDX-License-Identifier: GPL-3.0-or-later
#include "classify_command.h"

#include <torch/torch.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "input_frames.h"
#include "model_options.h"
#include "precision_options.h"
#include "mnl/device_readback.h"
#include "mnl/prediction.h"
#include "mnl/inference_network.h"
#include "mnl/model_loader.h"
#include "mnl/preprocess.h"

namespace mnl::cli {
namespace {

struct ClassifyOptions {
  std::vector<std::string> inputs;
  ModelOptions model;
  int top = 5;
  PrecisionOptions precision;
  std::string preprocessOn = "device";
  InputOptions input;  // --every, --max-pixels
  std::string crop = "center";
  bool json = false;
};

ModelRequest makeRequest(const ClassifyOptions& o) {
  ModelRequest request = modelRequest(o.model);
  // A --top larger than the classes is not an error: every class is listed.
  if (o.top < 1) throw UsageError("--top must be at least 1, not " + std::to_string(o.top));
  if (o.input.every < 1) throw UsageError("--every must be at least 1");
  parseCrop(o.crop);
  if (o.preprocessOn != "device" && o.preprocessOn != "cpu")
    throw UsageError("--preprocess-on must be 'device' or 'cpu', not '" + o.preprocessOn + "'");
  return request;
}

std::vector<Prediction> classify(const InferenceNetwork& net, const LoadedModel& loaded,
                            const Preprocessing& preprocessing, const InputFrame& frame, int top,
                            bool preprocessOnCpu) {
  const BgrImageView view{frame.bgr, frame.width, frame.height, frame.stride};
  const torch::Tensor input = preprocessOnCpu
                                  ? preprocess(view, preprocessing).to(net.device())
                                  : preprocess(view, preprocessing, net.device());
  const Readback ranked = readBack(net.forward(input), top, {}, {}, {});
  return namedPredictions(ranked.top, loaded.labels);
}

void run(const ClassifyOptions& o) {
  const ModelRequest request = makeRequest(o);
  const LoadedModel loaded = loadRequestedModel(request);
  Preprocessing preprocessing = loaded.preprocessing;
  preprocessing.crop = parseCrop(o.crop);
  // Int8 without a calibration file: the scales of the inputs' own first frames.
  const RuntimeOptions runtime =
      runtimeFor(o.precision, loaded.model, loaded.network, request.device,
                 [&] { return calibrationFramesOf(o.inputs, o.input, preprocessing); });
  torch::InferenceMode inference;
  const InferenceNetwork net(loaded.model, request.device, runtime);
  const std::string model = loaded.trained ? loaded.weightsDescription : "untrained";

  if (!o.json) {
    const NetworkConfig& n = loaded.network;
    std::printf("MobileNet v1 alpha %g, %dx%d, %s, %d classes; weights: %s; %s, %s; %s crop; "
                "input %s\n",
                n.alpha, n.resolution, n.resolution, std::string(toString(n.conv)).c_str(),
                n.classes, loaded.weightsDescription.c_str(),
                net.device().is_cuda() ? "CUDA" : "CPU", nameOf(net.precision()),
                o.crop == "full" ? "full-frame" : "centre-square",
                describeScaling(loaded.preprocessing.scaling).c_str());
  }
  nlohmann::json results = nlohmann::json::array();
  const int problems = readInputs(o.inputs, o.input, [&](const InputFrame& frame) {
    const std::vector<Prediction> guesses =
        classify(net, loaded, preprocessing, frame, o.top, o.preprocessOn == "cpu");
    if (o.json) {
      nlohmann::json top = nlohmann::json::array();
      for (const Prediction& g : guesses)
        top.push_back({{"index", g.index}, {"label", g.label}, {"prob", g.probability}});
      nlohmann::json result{{"input", frame.input}};
      if (frame.frame) result["frame"] = *frame.frame;
      result["model"] = model;
      result["precision"] = nameOf(net.precision());
      result["top"] = std::move(top);
      results.push_back(std::move(result));
      return;
    }
    printInputHeading(frame);
    for (const Prediction& g : guesses)
      std::printf("  %.4f  %s (%d)\n", g.probability, g.label.c_str(), g.index);
    std::fflush(stdout);
  });
  if (o.json) std::cout << results.dump(2) << '\n';
  failOnUnreadInputs(problems);
}

}  // namespace

void addClassifyCommand(CLI::App& app) {
  auto options = std::make_shared<ClassifyOptions>();
  CLI::App* cmd = app.add_subcommand(
      "classify", std::string("Top ImageNet labels of images, video frames or folders (") +
                      readableInputs() + ")");
  cmd->add_option("inputs", options->inputs, "Image, video or folder")->required();
  addModelOptions(cmd, options->model, "Classify");
  cmd->add_option("--top,-k", options->top, "Labels per image (all of them when K is larger)")
      ->capture_default_str();
  addPrecisionOptions(cmd, options->precision);
  cmd->add_option("--preprocess-on", options->preprocessOn,
                  "device or cpu: where frames become the network's input (cpu, then copied to "
                  "the GPU: the same input as a CPU run, to compare the networks alone)")
      ->capture_default_str();
  cmd->add_option("--every", options->input.every, "Classify every N-th frame of a video")
      ->capture_default_str();
  addMaxPixelsOption(cmd, options->input.maxPixels);
  cmd->add_option("--crop", options->crop, "center (largest centred square) or full (stretched)")
      ->capture_default_str();
  cmd->add_flag("--json", options->json, "A JSON list of results instead of text");
  cmd->callback([options] { run(*options); });
}

}  // namespace mnl::cli

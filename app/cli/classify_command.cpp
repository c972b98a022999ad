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
#include "mnl/device_readback.h"
#include "mnl/prediction.h"
#include "mnl/torch_device.h"
#include "mnl/inference_network.h"
#include "mnl/model_catalog.h"
#include "mnl/model_loader.h"
#include "mnl/preprocess.h"
#include "mnl/weights_error.h"

namespace mnl::cli {
namespace {

struct ClassifyOptions {
  std::vector<std::string> inputs;
  double alpha = 1.0;
  int resolution = 0;  // 0: the bundled model's native size for α
  std::string conv = "separable";
  std::string weights;
  std::string labels;     // one label a line
  std::string normalize;  // imagenet or minus-one-to-one; empty: what the weights want
  int top = 5;
  std::string device = "cpu";
  std::string precision = "fp32";
  std::string preprocessOn = "device";
  int every = 1;
  std::string crop = "center";
  bool allowUntrained = false;
  bool json = false;
};

// The input size the bundled model of this α was trained at (the first listed: the TFLite
// model where a Keras one also exists), else the paper's 224.
int nativeResolution(double alpha) {
  for (const BundledModel& model : bundledModels())
    if (std::abs(model.alpha - alpha) < 1e-6) return model.nativeResolution;
  return 224;
}

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

ModelRequest makeRequest(const ClassifyOptions& o, bool resolutionGiven, bool alphaGiven) {
  ModelRequest request;
  request.network = {o.alpha, resolutionGiven ? o.resolution : nativeResolution(o.alpha), 1000,
                     parsedOption([&o] { return parseConvMode(o.conv); })};
  checkNetwork(request.network);
  // A --top larger than the classes is not an error: every class is listed.
  if (o.top < 1) throw UsageError("--top must be at least 1, not " + std::to_string(o.top));
  if (o.every < 1) throw UsageError("--every must be at least 1");
  if (o.crop != "center" && o.crop != "full")
    throw UsageError("--crop must be 'center' or 'full', not '" + o.crop + "'");
  if (o.preprocessOn != "device" && o.preprocessOn != "cpu")
    throw UsageError("--preprocess-on must be 'device' or 'cpu', not '" + o.preprocessOn + "'");

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

void run(const ClassifyOptions& o, bool resolutionGiven, bool alphaGiven) {
  const ModelRequest request = makeRequest(o, resolutionGiven, alphaGiven);
  RuntimeOptions runtime;
  runtime.precision = parsedOption([&] { return parsePrecision(o.precision); });
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
  torch::InferenceMode inference;
  const InferenceNetwork net(loaded.model, request.device, runtime);
  Preprocessing preprocessing = loaded.preprocessing;
  preprocessing.crop = o.crop == "full" ? CropMode::FullFrame : CropMode::CenterSquare;
  const std::string model = loaded.trained ? loaded.weightsDescription : "untrained";

  if (!o.json) {
    const NetworkConfig& n = loaded.network;
    std::printf("MobileNet v1 alpha %g, %dx%d, %s, %d classes; weights: %s; %s, %s; %s crop; "
                "input %s\n",
                n.alpha, n.resolution, n.resolution, std::string(toString(n.conv)).c_str(),
                n.classes, loaded.weightsDescription.c_str(),
                net.device().is_cuda() ? "CUDA" : "CPU", o.precision.c_str(),
                o.crop == "full" ? "full-frame" : "centre-square",
                describeScaling(loaded.preprocessing.scaling).c_str());
  }
  nlohmann::json results = nlohmann::json::array();
  int problems = 0;
  for (const std::string& input : o.inputs) {
    problems += readInput(
        input, o.every,
        [&](const InputFrame& frame) {
          const std::vector<Prediction> guesses =
              classify(net, loaded, preprocessing, frame, o.top, o.preprocessOn == "cpu");
          if (o.json) {
            nlohmann::json top = nlohmann::json::array();
            for (const Prediction& g : guesses)
              top.push_back({{"index", g.index}, {"label", g.label}, {"prob", g.probability}});
            nlohmann::json result{{"input", frame.input}};
            if (frame.frame) result["frame"] = *frame.frame;
            result["model"] = model;
            result["precision"] = o.precision;
            result["top"] = std::move(top);
            results.push_back(std::move(result));
            return;
          }
          std::printf("\n%s", frame.input.c_str());
          if (frame.frame) std::printf(", frame %lld", static_cast<long long>(*frame.frame));
          std::printf("\n");
          for (const Prediction& g : guesses)
            std::printf("  %.4f  %s (%d)\n", g.probability, g.label.c_str(), g.index);
          std::fflush(stdout);
        },
        [](const std::string& message) { std::cerr << "mobilenet-lab-cli: " << message << '\n'; });
  }
  if (o.json) std::cout << results.dump(2) << '\n';
  if (problems > 0)
    throw InputError(std::to_string(problems) +
                     (problems == 1 ? " input could not be read" : " inputs could not be read") +
                     " (see above)");
}

}  // namespace

void addClassifyCommand(CLI::App& app) {
  auto options = std::make_shared<ClassifyOptions>();
  CLI::App* cmd = app.add_subcommand(
      "classify", std::string("Top ImageNet labels of images, video frames or folders (") +
                      readableInputs() + ")");
  cmd->add_option("inputs", options->inputs, "Image, video or folder")->required();
  CLI::Option* alpha =
      cmd->add_option("--alpha,-a", options->alpha,
                      "Width multiplier (> 0, at most 4); with --weights: the file's")
          ->capture_default_str();
  CLI::Option* resolution = cmd->add_option(
      "--resolution,-r", options->resolution,
      "Input side in pixels (32 to 2048); default: the bundled model's (0.25: 128, 0.5: 160, "
      "0.75: 192, 1.0: 224)");
  cmd->add_option("--conv", options->conv, "separable or standard")->capture_default_str();
  cmd->add_option("--weights", options->weights,
                  "Weights file (TFLite, Keras .h5, this app's, a PyTorch checkpoint of the "
                  "notebook's MobileNet or safetensors), FILE,HEAD_FILE for a TFLite model "
                  "split in two; default: the bundled model of that alpha");
  cmd->add_option("--labels", options->labels,
                  "Labels file, one label a line, one per class (default: ImageNet's for 1000 "
                  "or 1001 classes, else 'class N')");
  cmd->add_option("--normalize", options->normalize,
                  "imagenet (x/255, ImageNet mean/std: PyTorch checkpoints' default) or "
                  "minus-one-to-one (TFLite/Keras); default: what the weights were trained with");
  cmd->add_option("--top,-k", options->top, "Labels per image (all of them when K is larger)")
      ->capture_default_str();
  cmd->add_option("--device", options->device, "cpu or cuda (falls back to the CPU)")
      ->capture_default_str();
  cmd->add_option("--precision", options->precision,
                  "fp32 or fp16 (half precision: meant for CUDA; on the CPU it is slow)")
      ->capture_default_str();
  cmd->add_option("--preprocess-on", options->preprocessOn,
                  "device or cpu: where frames become the network's input (cpu, then copied to "
                  "the GPU: the same input as a CPU run, to compare the networks alone)")
      ->capture_default_str();
  cmd->add_option("--every", options->every, "Classify every N-th frame of a video")
      ->capture_default_str();
  cmd->add_option("--crop", options->crop, "center (largest centred square) or full (stretched)")
      ->capture_default_str();
  cmd->add_flag("--allow-untrained", options->allowUntrained,
                "Classify with random weights where no trained ones exist");
  cmd->add_flag("--json", options->json, "A JSON list of results instead of text");
  cmd->callback([options, resolution, alpha] {
    run(*options, resolution->count() > 0, alpha->count() > 0);
  });
}

}  // namespace mnl::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "explain_command.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <vector>

#if defined(MNL_HAVE_OPENCV)
#include <opencv2/imgcodecs.hpp>
#endif

#include "command.h"
#include "input_frames.h"
#include "model_options.h"
#include "precision_options.h"
#include "mnl/atomic_file.h"
#include "mnl/class_activation.h"
#include "mnl/device_readback.h"
#include "mnl/inference_network.h"
#include "mnl/prediction.h"
#include "mnl/preprocess.h"
#include "mnl/saliency.h"
#include "mnl/sample_stats.h"
#include "mnl/timed_run.h"
#include "mnl/torch_device.h"

namespace mnl::cli {
namespace {

struct ExplainOptions {
  std::vector<std::string> inputs;
  ModelOptions model;
  int classIndex = -1;
  int top = 1;
  std::string method = "cam";
  std::string layer;
  std::string crop = "center";
  std::string out;
  int repeat = 1;
  bool json = false;
  InputOptions input;  // --max-pixels
  PrecisionOptions precision;
};

// The class of each map, with its probability, and what the pass and the map cost (medians
// over --repeat runs).
struct Explained {
  Prediction prediction;
  SaliencyMap map;
  double networkMs = 0;
  double mapMs = 0;
  std::string precision;  // the network's number format: "fp32", "int8", …
};

// --out's file for map `number` (from 1): FILE.png when the run makes a single map, else
// FILE-1.png, FILE-2.png… in the order of the JSON list.
std::string outFile(const std::string& out, int number, bool several) {
  if (!several) return out;
  const auto dot = out.rfind('.');
  const bool suffix = dot != std::string::npos && out.find('/', dot) == std::string::npos;
  return (suffix ? out.substr(0, dot) : out) + "-" + std::to_string(number) +
         (suffix ? out.substr(dot) : ".png");
}

void writeOverlay(const std::string& file, const InputFrame& frame, const SaliencyMap& map) {
#if defined(MNL_HAVE_OPENCV)
  cv::Mat picture(frame.height, frame.width, CV_8UC3);
  for (int y = 0; y < frame.height; ++y)
    std::copy_n(frame.bgr + y * frame.stride, 3 * std::size_t(frame.width), picture.ptr(y));
  blendSaliency(map, picture.data, picture.cols, picture.rows, std::ptrdiff_t(picture.step));
  // Encoded in memory, then written whole or not at all.
  std::vector<uchar> encoded;
  const auto dot = file.rfind('.');
  try {
    if (dot == std::string::npos || !cv::imencode(file.substr(dot), picture, encoded))
      throw InputError(file + ": could not be written (not an image type OpenCV writes)");
  } catch (const cv::Exception&) {
    throw InputError(file + ": could not be written (not an image type OpenCV writes)");
  }
  try {
    writeFileAtomically(file, {reinterpret_cast<const char*>(encoded.data()), encoded.size()});
  } catch (const std::system_error& e) {
    throw InputError(e.what());
  }
#else
  (void)frame;
  (void)map;
  throw UsageError("--out needs a build with OpenCV (this one writes no pictures): " + file);
#endif
}

nlohmann::json toJson(const InputFrame& frame, const Explained& e) {
  nlohmann::json result{{"input", frame.input}};
  if (frame.frame) result["frame"] = *frame.frame;
  result["class"] = {{"index", e.prediction.index},
                     {"label", e.prediction.label},
                     {"prob", e.prediction.probability}};
  result["method"] = std::string(toString(e.map.method));
  result["precision"] = e.precision;
  result["layer"] = e.map.layer;
  result["crop"] = {{"x", e.map.crop.x},
                    {"y", e.map.crop.y},
                    {"width", e.map.crop.width},
                    {"height", e.map.crop.height}};
  const int side = e.map.inputSize;
  nlohmann::json values = nlohmann::json::array();
  for (float v : upsampleSaliency(e.map, side, side))
    values.push_back(std::round(double(v) * 1e4) / 1e4);  // 4 decimals: a readable file
  result["heatmap"] = {{"width", side}, {"height", side}, {"values", std::move(values)}};
  result["layer_map"] = {{"width", e.map.width}, {"height", e.map.height}};
  result["cost_ms"] = {{"network", e.networkMs}, {"map", e.mapMs}};
  if (e.map.empty)
    result["note"] =
        "the map is empty (all zeros): nothing at " + e.map.layer + " speaks for this class";
  return result;
}

// `timed`: --repeat was given, so the costs are medians worth printing.
void printText(const InputFrame& frame, const Explained& e, bool timed) {
  const SaliencyMap& m = e.map;
  printInputHeading(frame);
  std::printf("  %.4f  %s (%d): %s at %s, %dx%d map over the %dx%d input at (%d, %d) %dx%d\n",
              e.prediction.probability, e.prediction.label.c_str(), e.prediction.index,
              std::string(toString(m.method)).c_str(), m.layer.c_str(), m.width, m.height,
              m.inputSize, m.inputSize, m.crop.x, m.crop.y, m.crop.width, m.crop.height);
  if (m.empty) {
    std::printf("  empty map: nothing at %s speaks for this class\n", m.layer.c_str());
    return;
  }
  if (timed) std::printf("  cost: network %.2f ms, map %.2f ms\n", e.networkMs, e.mapMs);
  const double left = leftHalfShare(m);
  std::printf("  mass: left half %.0f %%, right half %.0f %%\n", 100 * left, 100 * (1 - left));
  // The map itself, one character a cell, darker to brighter.
  static const char kShades[] = " .:-=+*#%@";
  for (int y = 0; y < m.height && m.width <= 64; ++y) {
    std::printf("  |");
    for (int x = 0; x < m.width; ++x)
      std::printf("%c", kShades[std::min(9, int(m.values[std::size_t(y) * m.width + x] * 10))]);
    std::printf("|\n");
  }
}

void run(const ExplainOptions& o, bool classGiven) {
  const ModelRequest request = modelRequest(o.model);
  if (o.top < 1) throw UsageError("--top must be at least 1, not " + std::to_string(o.top));
  if (o.repeat < 1 || o.repeat > 10000)
    throw UsageError("--repeat must be from 1 to 10000, not " + std::to_string(o.repeat));
  SaliencyRequest wanted;
  wanted.method = parsedOption([&] { return parseSaliencyMethod(o.method); });
  if (wanted.method == SaliencyMethod::Off)
    throw UsageError("--method must be 'cam' or 'gradcam', not 'off'");
  wanted.layer = o.layer;
  // Layer and method first (before loading anything); the class once the classes are known.
  const std::string layer =
      parsedOption([&] { return checkSaliencyRequest(wanted, request.network); });
  const CropMode crop = parseCrop(o.crop);

  const LoadedModel loaded = loadRequestedModel(request);
  NetworkConfig network = request.network;
  network.classes = static_cast<int>(loaded.labels.size());
  if (classGiven) {
    if (o.classIndex < 0)
      throw UsageError("--class must be a class index from 0, not " + std::to_string(o.classIndex));
    wanted.classIndex = o.classIndex;
    parsedOption([&] { return checkSaliencyRequest(wanted, network); });
  }
  torch::InferenceMode inference;
  Preprocessing preprocessing = loaded.preprocessing;
  preprocessing.crop = crop;
  // In a reduced format the map is made from that format's activations at the layer (CAM: its
  // channels weighted by the classifier; Grad-CAM: the gradient of the rest, in fp32, at them):
  // where int8 looks, beside fp32's map of the same picture.
  const InferenceNetwork net(
      loaded.model, request.device,
      runtimeFor(o.precision, loaded.model, loaded.network, request.device,
                 [&] { return calibrationFramesOf(o.inputs, o.input, preprocessing); }));

  if (!o.json) {
    std::printf("MobileNet v1 alpha %g, %dx%d, %s, %s; weights: %s; %s at %s; %s crop\n",
                network.alpha, network.resolution, network.resolution,
                std::string(toString(network.conv)).c_str(), nameOf(net.precision()),
                loaded.weightsDescription.c_str(), std::string(toString(wanted.method)).c_str(),
                layer.c_str(),
                preprocessing.crop == CropMode::FullFrame ? "full-frame" : "centre-square");
  }
  nlohmann::json results = nlohmann::json::array();
  int written = 0;
  // --out numbers its files when the run can make more than one map.
  const bool severalMaps = o.inputs.size() > 1 || (!classGiven && o.top > 1);
  const int problems = readInputs(o.inputs, o.input, [&](const InputFrame& frame) {
    const BgrImageView view{frame.bgr, frame.width, frame.height, frame.stride};
    const torch::Tensor image = preprocess(view, preprocessing, net.device());
    ForwardResult pass;
    std::vector<double> networkMs;
    for (int i = 0; i < o.repeat; ++i)
      networkMs.push_back(timedMs(net.device(), [&] { pass = net.forward(image, {layer}); }));
    const torch::Tensor probabilities = torch::softmax(pass.logits.to(torch::kFloat), 1);
    const std::vector<std::pair<int, float>> ranked =
        classGiven
            ? std::vector<std::pair<int, float>>{{o.classIndex,
                                                  probabilities[0][o.classIndex].item<float>()}}
            : readBack(pass.logits, o.top, {}, {}, {}).top;
    for (const Prediction& p : namedPredictions(ranked, loaded.labels)) {
      Explained e;
      e.prediction = p;
      e.precision = nameOf(net.precision());
      e.networkMs = summarize(networkMs).median;
      std::vector<double> mapMs;
      for (int i = 0; i < o.repeat; ++i) {
        e.map = saliencyMap(wanted.method, loaded.model, layer, pass.taps.front().second, p.index);
        mapMs.push_back(e.map.milliseconds);
      }
      e.mapMs = summarize(mapMs).median;
      e.map.label = p.label;
      e.map.inputSize = preprocessing.inputSize;
      e.map.crop = cropRect(frame.width, frame.height, preprocessing.crop);
      ++written;
      if (!o.out.empty())
        writeOverlay(outFile(o.out, written, severalMaps || frame.frame), frame, e.map);
      if (o.json)
        results.push_back(toJson(frame, e));
      else
        printText(frame, e, o.repeat > 1);
    }
    std::fflush(stdout);
  });
  if (o.json) std::cout << results.dump(1) << '\n';
  failOnUnreadInputs(problems);
}

}  // namespace

void addExplainCommand(CLI::App& app) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* cmd = app.add_subcommand(
      "explain", std::string("Where the network looks for a class: CAM or Grad-CAM heatmaps of "
                             "images, video frames or folders (") +
                     readableInputs() + ")");
  cmd->add_option("inputs", options->inputs, "Image, video or folder")->required();
  addModelOptions(cmd, options->model, "Explain");
  addMaxPixelsOption(cmd, options->input.maxPixels);
  addPrecisionOptions(cmd, options->precision);
  CLI::Option* classOption = cmd->add_option("--class", options->classIndex,
                                             "Class index to explain (default: the top class)");
  cmd->add_option("--top,-k", options->top, "Explain each of the top N classes")
      ->capture_default_str()
      ->excludes(classOption);
  cmd->add_option("--method", options->method,
                  "cam (class activation map, last layer only, no gradient) or gradcam (any "
                  "convolution)")
      ->capture_default_str();
  cmd->add_option("--layer", options->layer,
                  "Layer: conv0, dw1 … pw13 (conv1 … conv13 in standard mode); default the last");
  cmd->add_option("--crop", options->crop, "center (largest centred square) or full (stretched)")
      ->capture_default_str();
  cmd->add_option("--out", options->out,
                  "Write the picture with the heatmap over it (PNG); several maps: FILE-1.png, "
                  "FILE-2.png… in output order");
  cmd->add_option("--repeat", options->repeat,
                  "Run the network and the map N times: the costs reported are medians")
      ->capture_default_str();
  cmd->add_flag("--json", options->json,
                "A JSON list: input, frame, class, method, layer, crop and the heatmap over the "
                "network input (values 0…1, row-major)");
  cmd->callback([options, classOption] { run(*options, classOption->count() > 0); });
}

}  // namespace mnl::cli

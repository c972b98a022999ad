// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/model_loader.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "mnl/model_catalog.h"
#include "mnl/native_weights.h"
#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

namespace mnl {
namespace {

constexpr double kAlphaTolerance = 1e-6;

std::string formatAlpha(double alpha) {
  std::ostringstream text;
  text << alpha;
  return text.str();
}

// A labels file's lines (without CR, trailing blank lines dropped), or throws WeightsError
// naming the file.
std::vector<std::string> readLabelLines(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw WeightsError(quoted(file) + ": the labels file is missing or unreadable");
  std::vector<std::string> labels;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    labels.push_back(line);
  }
  while (!labels.empty() && labels.back().empty()) labels.pop_back();
  return labels;
}

// The 1001 ImageNet labels (line 0 "background"), or throws WeightsError naming the file.
std::vector<std::string> readLabelFile(const std::filesystem::path& file) {
  std::vector<std::string> labels = readLabelLines(file);
  if (labels.size() != 1001)
    throw WeightsError(quoted(file) + ": expected 1001 labels, found " +
                       std::to_string(labels.size()));
  return labels;
}

// Labels for `classes` outputs: the file's own when it has them, else ImageNet's for 1001
// (TFLite, background first) or 1000 (Keras, without background), else "class N".
std::vector<std::string> labelsFor(int classes, const std::vector<std::string>& own,
                                   const std::filesystem::path& resources) {
  if (static_cast<int>(own.size()) == classes) return own;
  if (classes == 1001 || classes == 1000) {
    std::vector<std::string> labels = readLabelFile(resources / kLabelsFile);
    if (classes == 1000) labels.erase(labels.begin());
    return labels;
  }
  std::vector<std::string> labels;
  for (int i = 0; i < classes; ++i) labels.push_back("class " + std::to_string(i));
  return labels;
}

// The WordNet ids of `labels` when they are ImageNet's 1000 (1001: background first, its id
// ""), else none. A model of other classes, or one whose labels were renamed, has none; so
// has every model when the ids file is missing (they only name folders: the model runs).
std::vector<std::string> wordNetIdsFor(const std::vector<std::string>& labels,
                                       const std::filesystem::path& resources) {
  if (labels.size() != 1000 && labels.size() != 1001) return {};
  try {
    const std::vector<std::string> imageNet = readLabelFile(resources / kLabelsFile);
    const auto skip = static_cast<std::ptrdiff_t>(labels.size() == 1001 ? 0 : 1);
    if (!std::equal(labels.begin(), labels.end(), imageNet.begin() + skip)) return {};
    std::vector<std::string> ids = readLabelLines(resources / kWordNetIdsFile);
    if (ids.size() != 1000) return {};
    if (labels.size() == 1001) ids.insert(ids.begin(), std::string());
    return ids;
  } catch (const WeightsError&) {
    return {};
  }
}

// A labels file of the user's: one label a line (trailing blank lines aside), one per class.
std::vector<std::string> readUserLabels(const std::filesystem::path& file, int classes) {
  std::vector<std::string> labels = readLabelLines(file);
  if (static_cast<int>(labels.size()) != classes)
    throw WeightsError(quoted(file) + ": expected " + std::to_string(classes) +
                       " labels (one a line, one per class of the model), found " +
                       std::to_string(labels.size()));
  return labels;
}

std::string describeFiles(const std::filesystem::path& file,
                          const std::optional<std::filesystem::path>& head) {
  std::string text = file.filename().string();
  if (head) text += " + " + head->filename().string();
  return text;
}

}  // namespace

LoadedModel loadModel(const ModelRequest& request) {
  // A user's own model is checked once its file says what it is.
  if (!(request.networkFromFile && request.weightsFile)) validate(request.network);
  const std::filesystem::path resources =
      request.resourcesDir.empty() ? defaultResourcesDir() : request.resourcesDir;

  std::optional<std::filesystem::path> file = request.weightsFile, head = request.headFile;
  std::string origin = "user file";
  if (!file) {
    if (head)
      throw WeightsError(quoted(*head) + ": a head file was given without the body file it "
                         "completes");
    if (const auto bundled =
            bundledModelFor(request.network.alpha, request.network.resolution,
                            request.network.conv)) {
      file = resources / bundled->file;
      if (!bundled->headFile.empty()) head = resources / bundled->headFile;
      origin = "bundled";
    }
  }

  LoadedModel loaded;
  NetworkConfig network = request.network;
  std::optional<WeightSet> weights;
  if (file) {
    weights = readWeightsFile(*file, head);
    const NetworkConfig& found = weights->network;
    if (request.networkFromFile) {
      network.alpha = found.alpha;
      network.conv = found.conv;
      if (network.resolution <= 0) network.resolution = found.resolution;
    }
    if (!(std::abs(found.alpha - network.alpha) <= kAlphaTolerance))
      throw WeightsError(quoted(*file) + ": the width multiplier does not match: expected α " +
                         formatAlpha(network.alpha) + ", found α " +
                         formatAlpha(found.alpha) + " in the file");
    if (found.conv != network.conv)
      throw WeightsError(quoted(*file) + ": the convolution mode does not match: expected " +
                         std::string(toString(network.conv)) + ", found " +
                         std::string(toString(found.conv)) + " in the file");
    network.alpha = found.alpha;  // the file's own value: exact channel counts
    network.classes = found.classes;
    loaded.trained = true;
    loaded.preprocessing.scaling = weights->scaling;
    loaded.format = weights->format;
    loaded.weightsDescription = describeFiles(*file, head) + " (" + origin + ")";
  } else {
    if (!request.allowUntrained)
      throw WeightsError("no trained weights for α " + formatAlpha(request.network.alpha) +
                         " with " + std::string(toString(request.network.conv)) +
                         " convolutions: the bundled models cover α 0.25, 0.5, 0.75 and 1.0 "
                         "with separable convolutions; give a weights file, or allow an "
                         "untrained network");
    network.classes = kUntrainedClasses;
    loaded.trained = false;
    loaded.weightsDescription =
        "untrained (random weights, seed " + std::to_string(request.seed) + ")";
  }

  torch::manual_seed(request.seed);
  if (request.normalization) loaded.preprocessing.scaling = scalingFor(*request.normalization);
  validate(network);
  loaded.model = MobileNetV1(ModelOptions{network, weights ? weights->padding : request.padding});
  if (weights) applyWeights(loaded.model, *weights, *file);
  loaded.model->eval();
  loaded.model->to(request.device);
  loaded.preprocessing.inputSize = network.resolution;
  loaded.network = network;
  loaded.labels = request.labelsFile
                      ? readUserLabels(*request.labelsFile, network.classes)
                      : labelsFor(network.classes,
                                  weights ? weights->labels : std::vector<std::string>{}, resources);
  loaded.wordNetIds = wordNetIdsFor(loaded.labels, resources);
  return loaded;
}

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#include "evaluate_command.h"

#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "command.h"
#include "evaluation_report.h"
#include "input_frames.h"
#include "mnl/preprocess.h"
#include "mnl/teach/evaluation.h"
#include "mnl/teach/image_batches.h"
#include "mnl/teach/image_folder.h"
#include "model_options.h"

namespace mnl::cli {
namespace {

struct EvaluateOptions {
  std::string folder;
  ModelOptions model;
  teach::ImageBatchOptions images;
  std::string crop = "center";
  bool json = false;
};

// A class folder's name and a label compare without case, with '_' and '-' read as spaces:
// "great_white_shark" is ImageNet's "great white shark".
std::string comparable(const std::string& name) {
  std::string out;
  for (unsigned char c : name) {
    const char d = (c == '_' || c == '-') ? ' ' : static_cast<char>(std::tolower(c));
    if (d == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += d;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Folder class → the model's class of that name; InputError naming every class folder the
// model has no label for. A label of synonyms separated by commas (ImageNet's "hotdog, hot
// dog, red hot") answers to each of them; where two labels share a name, the first one's.
// An ImageNet model's classes answer to their WordNet ids too (n01440764: ILSVRC's folders).
std::vector<int> matchClasses(const std::vector<std::string>& classes,
                              const std::vector<std::string>& labels,
                              const std::vector<std::string>& wordNetIds) {
  std::map<std::string, int> byName;
  for (std::size_t i = 0; i < wordNetIds.size(); ++i)
    if (!wordNetIds[i].empty()) byName[wordNetIds[i]] = static_cast<int>(i);
  for (int i = static_cast<int>(labels.size()) - 1; i >= 0; --i) {
    const std::string& label = labels[static_cast<std::size_t>(i)];
    for (std::size_t start = 0; start <= label.size();) {
      const std::size_t comma = std::min(label.find(',', start), label.size());
      byName[comparable(label.substr(start, comma - start))] = i;
      start = comma + 1;
    }
    byName[comparable(label)] = i;
  }
  std::vector<int> modelClass;
  std::string missing;
  for (const std::string& name : classes) {
    const auto found = byName.find(comparable(name));
    modelClass.push_back(found == byName.end() ? -1 : found->second);
    if (found == byName.end()) missing += (missing.empty() ? "'" : ", '") + name + "'";
  }
  for (std::size_t a = 0; a < modelClass.size(); ++a)
    for (std::size_t b = a + 1; b < modelClass.size(); ++b)
      if (modelClass[a] >= 0 && modelClass[a] == modelClass[b])
        throw InputError("class folders '" + classes[a] + "' and '" + classes[b] +
                         "' are both the model's '" +
                         labels[static_cast<std::size_t>(modelClass[a])] +
                         "': merge them into one folder");
  if (!missing.empty())
    throw InputError("class folders that are none of the model's " +
                     std::to_string(labels.size()) + " labels: " + missing +
                     " (name each folder as a label" +
                     std::string(wordNetIds.empty() ? "" : " or its WordNet id, n01440764") +
                     ": --labels gives a model its labels)");
  return modelClass;
}

void run(const EvaluateOptions& o) {
  const ModelRequest request = modelRequest(o.model);
  const LoadedModel loaded = loadRequestedModel(request);
  MobileNetV1 model = loaded.model;  // forward() is not const
  teach::ImageFolder folder;
  try {
    folder = teach::scanImageFolder(o.folder);
  } catch (const std::runtime_error& e) {
    throw InputError(e.what());
  }
  const std::vector<int> modelClass = matchClasses(folder.classes, loaded.labels, loaded.wordNetIds);
  std::map<int, int> folderClass;
  for (std::size_t c = 0; c < modelClass.size(); ++c)
    folderClass[modelClass[c]] = static_cast<int>(c);

  Preprocessing preprocessing = loaded.preprocessing;
  preprocessing.crop = parseCrop(o.crop);
  torch::InferenceMode inference;
  std::vector<int> truth;
  std::vector<std::vector<int>> ranked;
  const int skipped = teach::readImageBatches(
      folder, o.images,
      [&](const teach::ImageBatch& batch) {
        if (batch.frames.empty()) return true;
        std::vector<BgrImageView> views;
        for (const Frame& frame : batch.frames) views.push_back(viewOf(frame));
        const torch::Tensor input = preprocessBatch(views, preprocessing, request.device);
        const torch::Tensor top =
            std::get<1>(model->forward(input).topk(std::min(5, loaded.network.classes), 1))
                .to(torch::kCPU);
        for (std::size_t i = 0; i < batch.files.size(); ++i) {
          truth.push_back(batch.files[i]->label);
          std::vector<int> row;
          for (std::int64_t j = 0; j < top.size(1); ++j) {
            const auto found = folderClass.find(
                static_cast<int>(top[static_cast<std::int64_t>(i)][j].item<std::int64_t>()));
            row.push_back(found == folderClass.end() ? teach::kOtherClass : found->second);
          }
          ranked.push_back(std::move(row));
        }
        return true;
      },
      [](const std::string& line) { std::cerr << "mobilenet-lab-cli: skipped " << line << "\n"; });
  if (truth.empty()) throw InputError("'" + o.folder + "': no image could be used");
  const teach::Evaluation evaluation = teach::evaluate(folder.classes, truth, ranked);
  // Another class is possible only when the model has classes beyond the folder's.
  const bool withOther = loaded.network.classes > static_cast<int>(folder.classes.size());
  if (o.json) {
    nlohmann::json report{{"model", loaded.weightsDescription},
                          {"classes", folder.classes},
                          {"skipped", skipped},
                          {"evaluation", evaluationJson(evaluation, withOther)}};
    std::cout << report.dump(2) << '\n';
    return;
  }
  const NetworkConfig& n = loaded.network;
  std::printf("Model: MobileNet v1 alpha %g, %dx%d, %d classes; weights: %s\n", n.alpha,
              n.resolution, n.resolution, n.classes, loaded.weightsDescription.c_str());
  std::printf("Folder: %d images in %zu classes, %d skipped\n", evaluation.examples(),
              folder.classes.size(), skipped);
  printEvaluation(evaluation, "Folder");
}

}  // namespace

void addEvaluateCommand(CLI::App& app) {
  auto options = std::make_shared<EvaluateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "evaluate", "Top-1, top-5, per-class accuracy and confusion matrix of a model on a folder "
                  "of one sub-folder per class");
  cmd->add_option("folder", options->folder,
                  "Folder: one sub-folder of images per class, named as the model's labels "
                  "(an ImageNet model's: its label, a synonym in it, or its WordNet id)")
      ->required();
  addModelOptions(cmd, options->model, "Evaluate");
  addMaxPixelsOption(cmd, options->images.maxPixels);
  cmd->add_option("--crop", options->crop, "center (largest centred square) or full (stretched)")
      ->capture_default_str();
  cmd->add_flag("--json", options->json, "The report as JSON");
  cmd->callback([options] { run(*options); });
}

}  // namespace mnl::cli

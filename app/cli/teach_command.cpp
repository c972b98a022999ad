// SPDX-License-Identifier: GPL-3.0-or-later
#include "teach_command.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "command.h"
#include "evaluation_report.h"
#include "input_frames.h"
#include "mnl/teach/image_folder.h"
#include "mnl/teach/teach_project.h"
#include "mnl/teach/teacher.h"
#include "mnl/weights_error.h"
#include "model_options.h"
#include "teach_sweep.h"

namespace mnl::cli {
namespace {

struct TeachOptions {
  std::string folder;
  double alpha = 0.25;
  int resolution = 0;  // 0: the bundled model's own (or the weights file's)
  std::string weights;
  std::string head = "linear";
  double holdout = teach::kDefaultHoldout;
  std::uint64_t seed = 1;
  std::int64_t maxPixels = 50'000'000;
  std::string crop = "center";
  bool json = false;
  std::string out;
  bool sweep = false;
  TeachSweepOptions sweepOptions;
  // Given on the command line: they win over a saved project's own settings.
  bool alphaGiven = false, resolutionGiven = false, weightsGiven = false, holdoutGiven = false,
       seedGiven = false;
};

// The examples to teach: a folder of one sub-folder per class, or a project the window saved
// (its manifest names the classes, the examples' files and the settings they were taught with).
struct Examples {
  std::vector<std::string> classes;
  std::vector<teach::TeachExample> examples;
  std::vector<std::string> skipped;  // files a project names that are gone
  std::size_t ignored = 0;           // files of a folder that are no images
  std::optional<teach::TeachProject> project;
};

Examples readExamples(const std::string& path) {
  Examples read;
  try {
    if (std::filesystem::is_regular_file(std::filesystem::path(path) / teach::kProjectManifest)) {
      teach::OpenedProject opened = teach::openTeachProject(path);
      read.classes = opened.project.classes;
      for (const teach::ProjectExample& example : opened.project.examples)
        read.examples.push_back(
            {read.examples.size(), example.label, example.frame, example.file});
      read.skipped = std::move(opened.problems);
      read.project = std::move(opened.project);
      return read;
    }
    const teach::ImageFolder folder = teach::scanImageFolder(path);
    read.classes = folder.classes;
    for (const teach::LabelledFile& file : folder.files)
      read.examples.push_back({read.examples.size(), file.label, nullptr, file.file});
    read.ignored = folder.ignored.size();
  } catch (const std::runtime_error& e) {
    throw InputError(e.what());
  }
  return read;
}

teach::BackboneRequest backboneRequest(const TeachOptions& o) {
  teach::BackboneRequest request;
  request.network.alpha = o.alpha;
  request.network.resolution = o.resolution;
  if (o.resolution != 0) checkNetwork(request.network);
  request.weightsFile = o.weights;
  request.crop = parseCrop(o.crop);
  return request;
}

void run(const TeachOptions& o) {
  if (o.head != "linear" && o.head != "knn")
    throw UsageError("--head must be 'linear' or 'knn', not '" + o.head +
                     "' (a head with a hidden layer is not built yet: it could not be written "
                     "into MobileNet's one classifier layer)");
  if (!(o.holdout >= 0 && o.holdout < 1)) throw UsageError("--holdout must be in [0, 1)");
  if (o.sweep && o.weightsGiven)
    throw UsageError("--sweep compares the bundled widths; a weights file has one width of its "
                     "own: leave --weights out");
  if (o.sweep && !o.out.empty())
    throw UsageError("--sweep compares networks and writes none: --out goes without it");
  if (o.head == "knn" && !o.out.empty())
    throw UsageError("a k-NN head keeps its examples and is no MobileNet classifier: --out "
                     "needs --head linear");
  Examples read = readExamples(o.folder);
  if (read.classes.size() < 2)
    throw InputError("'" + o.folder + "' has " + std::to_string(read.classes.size()) +
                     (read.project ? " class" : " class folder") +
                     "; teaching needs at least two");
  // A project's own settings, where the command line does not say otherwise.
  TeachOptions settings = o;
  if (read.project) {
    const teach::TeachProject& p = *read.project;
    if (!o.alphaGiven) settings.alpha = p.backbone.network.alpha;
    if (!o.resolutionGiven) settings.resolution = p.backbone.network.resolution;
    // --sweep compares the bundled widths, whatever backbone the project was taught on.
    if (!o.weightsGiven && !o.sweep && !p.backbone.weightsFile.empty())
      settings.weights = p.backbone.weightsFile.string();
    if (!o.holdoutGiven) settings.holdout = p.holdout;
    if (!o.seedGiven) settings.seed = p.seed;
  }
  teach::TeachRequest request;
  request.backbone = backboneRequest(settings);
  request.holdout = settings.holdout;
  request.seed = settings.seed;
  request.maxPixels = o.maxPixels;
  request.modelFile = o.out;
  request.classes = read.classes;
  request.examples = std::move(read.examples);
  for (const std::string& problem : read.skipped)
    std::cerr << "mobilenet-lab-cli: skipped " << problem << "\n";

  if (o.sweep) {
    TeachSweepOptions sweep = o.sweepOptions;
    sweep.json = o.json;
    try {
      runTeachSweep(request, sweep);
    } catch (const WeightsError& e) {
      throw InputError(e.what());
    } catch (const std::invalid_argument& e) {
      throw InputError("'" + o.folder + "': " + e.what());
    }
    return;
  }
  teach::Teacher teacher;
  std::optional<teach::TeachOutcome> taught;
  try {
    taught = teacher.teach(request);
  } catch (const WeightsError& e) {
    throw InputError(e.what());
  } catch (const std::invalid_argument& e) {
    throw InputError("'" + o.folder + "': " + e.what());
  }
  const teach::TeachOutcome& t = *taught;
  for (const std::string& problem : t.problems)
    std::cerr << "mobilenet-lab-cli: skipped " << problem << "\n";
  const bool knn = o.head == "knn";
  const teach::Evaluation& evaluation = knn ? t.knnEvaluation : t.linearEvaluation;
  const int heldOut = static_cast<int>(std::count(t.heldOut.begin(), t.heldOut.end(), true));
  const nlohmann::json headJson =
      knn ? nlohmann::json{{"kind", "knn"}, {"k", t.k}}
          : nlohmann::json{{"kind", "linear"},
                           {"epochs", t.linear.epochs},
                           {"best_epoch", t.linear.bestEpoch}};

  const NetworkConfig& n = t.backbone;
  if (o.json) {
    nlohmann::json report{
        {"backbone",
         {{"alpha", n.alpha}, {"resolution", n.resolution},
          {"weights", t.weightsDescription}, {"dimensions", t.dimensions}}},
        {"classes", t.classes},
        {"examples", t.examples},
        {"skipped", t.problems.size()},
        {"ignored", read.ignored},
        {"held_out", heldOut},
        {"holdout", settings.holdout},
        {"seed", settings.seed},
        {"head", headJson},
        {"embed_seconds", t.embedSeconds},
        {"train_seconds", t.trainSeconds},
        {"evaluation", evaluationJson(evaluation, false)}};
    if (!o.out.empty()) report["out"] = o.out;
    std::cout << report.dump(2) << '\n';
    return;
  }
  std::printf("Backbone: MobileNet v1 alpha %g, %dx%d; weights: %s; %d values per example\n",
              n.alpha, n.resolution, n.resolution, t.weightsDescription.c_str(), t.dimensions);
  std::printf("Examples: %d in %zu classes, %zu skipped, %zu other files ignored; embedded in "
              "%.2f s\n",
              t.examples, t.classes.size(), t.problems.size(), read.ignored,
              t.embedSeconds);
  std::printf("Held out: %d (%.0f %% of each class, seed %llu); taught from %d\n", heldOut,
              100 * settings.holdout, static_cast<unsigned long long>(settings.seed),
              t.examples - heldOut);
  if (knn)
    std::printf("Head: k-nearest neighbours (cosine), k = %d%s\n", t.k,
                heldOut > 0 ? ", chosen on the held-out examples" : "");
  else
    std::printf("Head: linear, %d epochs, kept epoch %d; %.3f s (with choosing k for k-NN)\n",
                t.linear.epochs, t.linear.bestEpoch, t.trainSeconds);
  printEvaluation(evaluation, "Held-out");
  if (!o.out.empty())
    std::printf("Wrote %s: MobileNet v1 alpha %g with %zu classes (open it with --weights)\n",
                o.out.c_str(), n.alpha, t.classes.size());
}

}  // namespace

void addTeachCommand(CLI::App& app) {
  auto options = std::make_shared<TeachOptions>();
  CLI::App* cmd = app.add_subcommand(
      "teach", "Teach MobileNet your own classes from a folder of one sub-folder per class");
  cmd->add_option("folder", options->folder,
                  "Folder: one sub-folder of images per class, or a project saved by the "
                  "window's Teach room (its backbone, held-out share and seed unless given)")
      ->required();
  cmd->add_option("--alpha,-a", options->alpha, "Backbone width (a bundled model: 0.25, 0.5, "
                                                "0.75 or 1.0)")
      ->capture_default_str();
  cmd->add_option("--resolution,-r", options->resolution,
                  "Input side in pixels; default: the bundled model's own");
  cmd->add_option("--weights", options->weights,
                  "A weights file of your own as the backbone (its alpha wins)");
  cmd->add_option("--head", options->head,
                  "linear (trained, early-stopped on the held-out examples; --out writes it) "
                  "or knn (k nearest neighbours, no training)")
      ->capture_default_str();
  cmd->add_option("--holdout", options->holdout,
                  "Share of each class held out to judge the head (at least one per class "
                  "of two or more)")
      ->capture_default_str();
  cmd->add_option("--seed", options->seed, "Seed of the held-out split and the head's start")
      ->capture_default_str();
  addMaxPixelsOption(cmd, options->maxPixels);
  cmd->add_option("--crop", options->crop, "center (largest centred square) or full (stretched)")
      ->capture_default_str();
  cmd->add_flag("--json", options->json, "The report as JSON");
  cmd->add_option("--out,-o", options->out,
                  "Write the backbone with the trained head: this app's format (labels inside); "
                  "FILE.tflite: a float TFLite model for LiteRT; FILE.pth: the seed notebook's "
                  "state dict (a notebook backbone only); the last two with FILE.labels.txt");
  cmd->add_flag("--sweep", options->sweep,
                "The smallest MobileNet that does your job: held-out accuracy on your classes "
                "for every network of --alphas x --resolutions, beside its latency here");
  cmd->add_option("--alphas", options->sweepOptions.alphas,
                  "With --sweep: widths, comma-separated (default: 1,0.75,0.5,0.25)")
      ->delimiter(',');
  cmd->add_option("--resolutions", options->sweepOptions.resolutions,
                  "With --sweep: input sides, comma-separated (default: 224,192,160,128)")
      ->delimiter(',');
  cmd->add_option("--iters,-n", options->sweepOptions.iterations,
                  "With --sweep: timed runs per network")
      ->capture_default_str();
  auto* ms = cmd->add_option("--budget-ms", options->sweepOptions.budgetMs,
                             "With --sweep: the network with the best held-out accuracy whose "
                             "median run takes at most this many milliseconds");
  auto* fps = cmd->add_option("--budget-fps", options->sweepOptions.budgetFps,
                              "With --sweep: as --budget-ms, for this many images per second");
  ms->excludes(fps);
  cmd->callback([options, cmd] {
    options->alphaGiven = cmd->count("--alpha") > 0;
    options->resolutionGiven = cmd->count("--resolution") > 0;
    options->weightsGiven = cmd->count("--weights") > 0;
    options->holdoutGiven = cmd->count("--holdout") > 0;
    options->seedGiven = cmd->count("--seed") > 0;
    run(*options);
  });
}

}  // namespace mnl::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/teacher.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include "mnl/teach/image_batches.h"
#include "mnl/teach/knn_head.h"
#include "mnl/teach/taught_model.h"

namespace mnl::teach {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

template <class Scores>
Evaluation evaluateHead(const std::vector<std::string>& classes, const EmbeddingTable& judged,
                        Scores&& scores) {
  std::vector<std::vector<int>> ranked;
  for (int i = 0; i < judged.rows(); ++i) ranked.push_back(rankClasses(scores(judged.row(i)), 5));
  return evaluate(classes, judged.labels, ranked);
}

}  // namespace

Teacher::Teacher() = default;
Teacher::~Teacher() = default;

std::optional<TeachOutcome> Teacher::teach(const TeachRequest& request,
                                           const TeachCallbacks& callbacks) {
  const int classes = static_cast<int>(request.classes.size());
  if (classes < 2) throw std::invalid_argument("teaching needs at least two classes");
  for (const TeachExample& example : request.examples)
    if (example.label < 0 || example.label >= classes)
      throw std::invalid_argument("an example's class is not one of the classes");
  if (!backbone_ || !(*backbone_ == request.backbone)) {
    // Forgotten first: a backbone that fails to load leaves no half-kept state behind.
    backbone_.reset();
    embedder_.reset();
    cache_.clear();
    embedder_ = std::make_unique<Embedder>(request.backbone);
    backbone_ = request.backbone;
  }
  // Embeddings of examples no longer asked for (removed ones) are forgotten.
  std::erase_if(cache_, [&request](const auto& entry) {
    return std::none_of(request.examples.begin(), request.examples.end(),
                        [&entry](const TeachExample& e) { return e.id == entry.first; });
  });
  const auto keep = [&callbacks](TeachStage stage, int done, int total) {
    return !callbacks.progress || callbacks.progress(stage, done, total);
  };

  TeachOutcome outcome;
  outcome.classes = request.classes;
  outcome.backbone = embedder_->network();
  outcome.weightsDescription = embedder_->weightsDescription();
  outcome.dimensions = embedder_->dimensions();

  // The examples not embedded yet, a batch at a time; a file is decoded only when its batch
  // comes, so that a folder of thousands is never held in memory as pictures.
  const auto embedStart = std::chrono::steady_clock::now();
  std::vector<const TeachExample*> missing;
  for (const TeachExample& example : request.examples)
    if (!cache_.contains(example.id)) missing.push_back(&example);
  const int batch = std::max(request.batch, 1);
  std::map<std::uint64_t, std::string> unusable;
  for (std::size_t start = 0; start < missing.size(); start += static_cast<std::size_t>(batch)) {
    std::vector<Frame> frames;
    std::vector<std::uint64_t> ids;
    for (std::size_t i = start; i < std::min(missing.size(), start + batch); ++i) {
      const TeachExample& example = *missing[i];
      if (example.frame) {
        frames.push_back(*example.frame);
      } else {
        std::string problem;
        std::optional<Frame> frame = decodeImageFile(example.file, request.maxPixels, problem);
        if (!frame) {
          unusable[example.id] = problem;
          continue;
        }
        frames.push_back(std::move(*frame));
      }
      ids.push_back(example.id);
    }
    const std::vector<float> rows = embedder_->embed(frames);
    const auto d = static_cast<std::size_t>(outcome.dimensions);
    for (std::size_t j = 0; j < ids.size(); ++j)
      cache_[ids[j]].assign(rows.begin() + static_cast<std::ptrdiff_t>(j * d),
                            rows.begin() + static_cast<std::ptrdiff_t>((j + 1) * d));
    if (!keep(TeachStage::Embedding,
              static_cast<int>(std::min(missing.size(), start + batch)),
              static_cast<int>(missing.size())))
      return std::nullopt;
  }
  outcome.embedSeconds = secondsSince(embedStart);

  EmbeddingTable all{outcome.dimensions, {}, {}};
  for (const TeachExample& example : request.examples) {
    const auto found = cache_.find(example.id);
    if (found == cache_.end()) {
      outcome.problems.push_back(unusable.contains(example.id) ? unusable[example.id]
                                                               : "an example was not embedded");
      continue;
    }
    all.append(found->second, example.label);
    outcome.exampleIds.push_back(example.id);
  }
  outcome.examples = all.rows();
  outcome.heldOut = holdOut(all.labels, classes, request.holdout, request.seed);
  const EmbeddingTable taught = all.rowsWhere(outcome.heldOut, false);
  const EmbeddingTable judged = all.rowsWhere(outcome.heldOut, true);
  if (taught.rows() == 0) throw std::invalid_argument("no example could be used");

  const auto trainStart = std::chrono::steady_clock::now();
  HeadTraining training = request.training;
  training.seed = request.seed;
  bool cancelled = false;
  outcome.linear = trainLinearHead(taught, judged, classes, training,
                                   [&](const TrainingProgress& p) {
                                     cancelled = !keep(TeachStage::Training, p.epoch, p.maxEpochs);
                                     return !cancelled;
                                   });
  if (cancelled) return std::nullopt;
  const KnnHead knn = chooseKnnHead(taught, judged, classes);
  outcome.k = knn.k();
  outcome.trainSeconds = secondsSince(trainStart);
  outcome.linearEvaluation = evaluateHead(
      request.classes, judged, [&](auto row) { return outcome.linear.head.probabilities(row); });
  outcome.knnEvaluation =
      evaluateHead(request.classes, judged, [&](auto row) { return knn.scores(row); });
  if (!request.modelFile.empty()) {
    saveTaughtModel(request.backbone, outcome.linear.head, request.classes, request.modelFile);
    outcome.modelFile = request.modelFile;
  }
  return outcome;
}

}  // namespace mnl::teach

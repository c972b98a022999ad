// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One teaching run from examples to a model, as the window's Teach panel and the CLI's
// `teach` both do it: embed the examples the backbone has not seen yet (recorded frames or
// image files), hold out a share of each class, train the linear head, choose k for k-NN,
// judge both on the held-out examples, and write the backbone with the linear head as a
// model of the taught classes. A Teacher keeps the embeddings it computed, by example id, for
// as long as the backbone stays the same: teaching again after adding ten examples embeds ten.
// The interface is torch-free; not thread-safe (one thread teaches).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mnl/frame.h"
#include "mnl/teach/embedder.h"
#include "mnl/teach/evaluation.h"
#include "mnl/teach/holdout_split.h"
#include "mnl/teach/linear_head.h"

namespace mnl::teach {

// An example: a frame recorded from the live source, or an image file (imported from a
// folder), never both. The id names it across runs (the embedding cache's key).
struct TeachExample {
  std::uint64_t id = 0;
  int label = 0;
  std::shared_ptr<const Frame> frame;
  std::filesystem::path file;
};

struct TeachRequest {
  BackboneRequest backbone;
  std::vector<std::string> classes;
  std::vector<TeachExample> examples;
  double holdout = kDefaultHoldout;
  std::uint64_t seed = 1;
  HeadTraining training;  // its seed is replaced by `seed`
  std::int64_t maxPixels = 50'000'000;
  int batch = 16;
  std::filesystem::path modelFile;  // empty: nothing written
};

enum class TeachStage { Embedding, Training };

struct TeachOutcome {
  std::vector<std::string> classes;
  NetworkConfig backbone;     // as loaded
  std::string weightsDescription;
  int dimensions = 0;
  int examples = 0;           // used (problems aside)
  std::vector<bool> heldOut;  // per used example
  std::vector<std::uint64_t> exampleIds;  // per used example, in the request's order
  std::vector<std::string> problems;      // one line per example that could not be used
  TrainedHead linear;
  Evaluation linearEvaluation;  // on the held-out examples
  int k = 1;
  Evaluation knnEvaluation;
  std::filesystem::path modelFile;  // written, or empty
  double embedSeconds = 0;
  double trainSeconds = 0;
};

struct TeachCallbacks {
  // After each batch embedded and each epoch trained; returning false cancels the run.
  std::function<bool(TeachStage stage, int done, int total)> progress;
};

class Teacher {
 public:
  Teacher();
  ~Teacher();

  // Throws std::invalid_argument for fewer than two classes, a label outside them, or no
  // usable example; WeightsError for a backbone that cannot be loaded or a model file that
  // cannot be written. Returns nullopt when cancelled.
  std::optional<TeachOutcome> teach(const TeachRequest& request,
                                    const TeachCallbacks& callbacks = {});

  // How many embeddings are kept (for tests, and to say what a run will cost).
  std::size_t cachedEmbeddings() const { return cache_.size(); }

 private:
  std::optional<BackboneRequest> backbone_;
  std::unique_ptr<Embedder> embedder_;
  std::map<std::uint64_t, std::vector<float>> cache_;
};

}  // namespace mnl::teach

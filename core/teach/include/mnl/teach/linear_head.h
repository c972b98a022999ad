// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The trained head: one linear layer on the embedding, softmax after it — exactly MobileNet's
// own classifier, so the backbone with this head is a MobileNet v1 of the taught classes that
// every format this app writes can hold (taught_model.h). Trained on LibTorch with autograd,
// stopped early on the held-out examples. The interface is torch-free; LibTorch stays inside.

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "mnl/teach/embedding_table.h"

namespace mnl::teach {

struct LinearHead {
  int classes = 0;
  int dimensions = 0;
  std::vector<float> weight;  // classes × dimensions, row-major (torch::nn::Linear's layout)
  std::vector<float> bias;    // classes

  // softmax(weight · embedding + bias), what the exported network gives for that embedding.
  std::vector<float> probabilities(std::span<const float> embedding) const;
};

struct HeadTraining {
  int maxEpochs = 400;       // full-batch Adam steps
  int patience = 30;         // epochs without a better held-out loss before stopping
  double learningRate = 0.01;
  double weightDecay = 1e-4;  // L2 on the weights, which keeps a head of few examples calm
  std::uint64_t seed = 1;     // the initial weights
};

struct TrainingProgress {
  int epoch = 0;  // 1-based
  int maxEpochs = 0;
  double taughtLoss = 0;    // cross-entropy on the examples learnt from
  double heldOutLoss = 0;   // on the held-out ones; NaN without them
  double heldOutAccuracy = 0;
};

struct TrainedHead {
  LinearHead head;     // the weights of the best epoch
  int epochs = 0;      // run
  int bestEpoch = 0;   // whose weights were kept: lowest held-out loss (or taught loss)
  bool cancelled = false;
};

// Trains on `taught`, keeping the epoch with the lowest held-out loss and stopping after
// `patience` epochs without a better one; without held-out examples, the lowest taught loss
// over maxEpochs. The features are standardised for training (mean 0, variance 1 per value,
// from the taught examples) and the standardisation is folded into the returned weights, so
// the head takes the backbone's raw embedding. `progress` is called after every epoch; it
// returns false to cancel, and the best weights so far are returned with cancelled set.
// Throws std::invalid_argument for no taught examples, fewer than two classes, or a label
// outside them.
TrainedHead trainLinearHead(const EmbeddingTable& taught, const EmbeddingTable& heldOut,
                            int classes, const HeadTraining& training = {},
                            const std::function<bool(const TrainingProgress&)>& progress = {});

}  // namespace mnl::teach

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The head that needs no training (Teachable Machine's first one): an example is given the
// classes of its k nearest taught examples, nearest by the cosine of their embeddings. Ready
// the moment the examples are; k is chosen on the held-out examples. No torch, no Qt here.

#include <span>
#include <utility>
#include <vector>

#include "mnl/teach/embedding_table.h"

namespace mnl::teach {

class KnnHead {
 public:
  // Keeps the examples, each scaled to unit length. Throws std::invalid_argument for k < 1,
  // no examples, or a label outside the classes.
  KnnHead(const EmbeddingTable& examples, int classes, int k);

  int k() const { return k_; }
  int classes() const { return classes_; }

  // One score per class, summing to 1: each of the k nearest examples votes for its class
  // with weight (1 + cosine) / 2, so that among equal counts the nearer examples win.
  std::vector<float> scores(std::span<const float> embedding) const;

  // The `count` taught examples nearest to `embedding`, nearest first (equal cosines: the
  // earlier example first), as (cosine, label).
  std::vector<std::pair<float, int>> nearest(std::span<const float> embedding, int count) const;

  // The scores of scores() from neighbours nearest() gave, the first k of them.
  std::vector<float> vote(std::span<const std::pair<float, int>> neighbours, int k) const;

 private:
  int dimensions_ = 0;
  int classes_ = 0;
  int k_ = 1;
  std::vector<float> unit_;  // the examples at unit length, row-major
  std::vector<int> labels_;
};

// The candidates for k: 1, 3, 5, 7, 9, 15, 21, those no larger than the examples.
std::vector<int> knnCandidates(int examples);

// Fits on `taught` with the k among knnCandidates() that classifies `heldOut` best (ties: the
// smallest k); with no held-out examples, k = 1.
KnnHead chooseKnnHead(const EmbeddingTable& taught, const EmbeddingTable& heldOut, int classes);

}  // namespace mnl::teach

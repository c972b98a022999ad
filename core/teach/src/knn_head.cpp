// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/knn_head.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>

#include "mnl/teach/evaluation.h"

namespace mnl::teach {
namespace {

void scaleToUnit(std::span<float> values) {
  double squares = 0;
  for (float v : values) squares += static_cast<double>(v) * v;
  // An all-zero embedding (a black frame after ReLU6 can give one) stays zero: cosine 0.
  if (squares == 0) return;
  const auto inverse = static_cast<float>(1.0 / std::sqrt(squares));
  for (float& v : values) v *= inverse;
}

}  // namespace

KnnHead::KnnHead(const EmbeddingTable& examples, int classes, int k)
    : dimensions_(examples.dimensions), classes_(classes), k_(k),
      unit_(examples.values), labels_(examples.labels) {
  if (k < 1) throw std::invalid_argument("k-NN: k must be at least 1");
  if (examples.rows() == 0) throw std::invalid_argument("k-NN: no examples to learn from");
  for (int label : labels_)
    if (label < 0 || label >= classes)
      throw std::invalid_argument("k-NN: an example's label is outside the classes");
  for (int i = 0; i < examples.rows(); ++i)
    scaleToUnit({unit_.data() + static_cast<std::size_t>(i) * dimensions_,
                 static_cast<std::size_t>(dimensions_)});
}

std::vector<std::pair<float, int>> KnnHead::nearest(std::span<const float> embedding,
                                                    int count) const {
  std::vector<float> query(embedding.begin(), embedding.end());
  scaleToUnit(query);
  const int n = static_cast<int>(labels_.size());
  std::vector<std::pair<float, int>> similarity(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    const float* row = unit_.data() + static_cast<std::size_t>(i) * dimensions_;
    similarity[static_cast<std::size_t>(i)] = {
        std::inner_product(query.begin(), query.end(), row, 0.0f), i};
  }
  const int kept = std::clamp(count, 0, n);
  // Equal similarities by example order, so the answer does not depend on the sort.
  std::partial_sort(similarity.begin(), similarity.begin() + kept, similarity.end(),
                    [](const auto& a, const auto& b) {
                      return a.first > b.first || (a.first == b.first && a.second < b.second);
                    });
  similarity.resize(static_cast<std::size_t>(kept));
  for (auto& [cosine, example] : similarity) example = labels_[static_cast<std::size_t>(example)];
  return similarity;
}

std::vector<float> KnnHead::vote(std::span<const std::pair<float, int>> neighbours,
                                 int k) const {
  std::vector<float> votes(static_cast<std::size_t>(classes_), 0.0f);
  float total = 0;
  for (const auto& [cosine, label] : neighbours.first(std::min<std::size_t>(
           static_cast<std::size_t>(std::max(k, 0)), neighbours.size()))) {
    const float weight = (1.0f + cosine) / 2.0f;
    votes[static_cast<std::size_t>(label)] += weight;
    total += weight;
  }
  if (total > 0)
    for (float& v : votes) v /= total;
  return votes;
}

std::vector<float> KnnHead::scores(std::span<const float> embedding) const {
  return vote(nearest(embedding, k_), k_);
}

std::vector<int> knnCandidates(int examples) {
  std::vector<int> candidates;
  for (int k : {1, 3, 5, 7, 9, 15, 21})
    if (k <= std::max(examples, 1)) candidates.push_back(k);
  return candidates;
}

KnnHead chooseKnnHead(const EmbeddingTable& taught, const EmbeddingTable& heldOut, int classes) {
  const std::vector<int> candidates = knnCandidates(taught.rows());
  int bestK = 1;
  if (heldOut.rows() > 0) {
    // The neighbours of each held-out example are found once, for the largest k; each
    // candidate votes over the first k of them.
    const KnnHead widest(taught, classes, candidates.back());
    std::vector<std::vector<std::pair<float, int>>> neighbours;
    for (int i = 0; i < heldOut.rows(); ++i)
      neighbours.push_back(widest.nearest(heldOut.row(i), candidates.back()));
    int bestCorrect = -1;
    for (int k : candidates) {
      int correct = 0;
      for (int i = 0; i < heldOut.rows(); ++i)
        correct += rankClasses(widest.vote(neighbours[static_cast<std::size_t>(i)], k), 1)
                       .front() == heldOut.labels[static_cast<std::size_t>(i)];
      if (correct > bestCorrect) {
        bestCorrect = correct;
        bestK = k;
      }
    }
  }
  return KnnHead(taught, classes, bestK);
}

}  // namespace mnl::teach

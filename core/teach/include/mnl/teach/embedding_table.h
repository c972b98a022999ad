// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The examples as the heads see them: one row per example, the backbone's pooled output of its
// last pointwise layer (1024·α values), with the example's class. What a project's memory is
// bounded by: the images themselves are not kept. No torch, no Qt here.

#include <span>
#include <vector>

namespace mnl::teach {

struct EmbeddingTable {
  int dimensions = 0;
  std::vector<float> values;  // rows() × dimensions, row-major
  std::vector<int> labels;    // one per row

  int rows() const { return static_cast<int>(labels.size()); }
  std::span<const float> row(int i) const {
    return {values.data() + static_cast<std::size_t>(i) * dimensions,
            static_cast<std::size_t>(dimensions)};
  }
  void append(std::span<const float> embedding, int label) {
    values.insert(values.end(), embedding.begin(), embedding.end());
    labels.push_back(label);
  }
  // The rows whose flag in `select` equals `wanted` (holdout_split.h's flags), in order.
  EmbeddingTable rowsWhere(const std::vector<bool>& select, bool wanted) const {
    EmbeddingTable part{dimensions, {}, {}};
    for (int i = 0; i < rows(); ++i)
      if (select[static_cast<std::size_t>(i)] == wanted) part.append(row(i), labels[i]);
    return part;
  }
};

}  // namespace mnl::teach

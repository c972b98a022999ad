// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Published figures from the MobileNets paper (arXiv 1704.04861) and TF-slim's accuracy grid,
// for showing beside the figures this project computes. No torch and no Qt here.

#include <optional>
#include <span>
#include <string_view>

#include "mnl/architecture.h"

namespace mnl::paper {

// One row of Tables 4, 6 and 7: ImageNet top-1 and the paper's own rounded cost figures.
struct TableRow {
  std::string_view table;
  double alpha;
  int resolution;
  ConvMode conv;
  double top1Percent;
  double millionMultAdds;
  double millionParams;  // conv + FC weights only: the paper's rule
};

// The rows of Tables 4, 6 and 7 (each (α, resolution, mode) once).
std::span<const TableRow> tableRows();

// The published row for this network, if the paper has one.
std::optional<TableRow> findRow(double alpha, int resolution, ConvMode conv);

// TF-slim's 16 checkpoints (2018-02-22), α ∈ {1, 0.75, 0.5, 0.25} × {224, 192, 160, 128}.
struct GridPoint {
  double alpha;
  int resolution;
  double top1Percent;
  double top5Percent;
};
std::span<const GridPoint> accuracyGrid();

// The four widths that have trained weights, and the four resolutions of the paper.
std::span<const double> pretrainedAlphas();
std::span<const int> paperResolutions();

}  // namespace mnl::paper

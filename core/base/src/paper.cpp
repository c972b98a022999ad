// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/paper.h"

#include <array>
#include <cmath>

namespace mnl::paper {
namespace {

constexpr std::array<TableRow, 8> kRows{{
    {"Table 4", 1.0, 224, ConvMode::Standard, 71.7, 4866, 29.3},
    {"Table 6", 1.0, 224, ConvMode::Separable, 70.6, 569, 4.2},
    {"Table 6", 0.75, 224, ConvMode::Separable, 68.4, 325, 2.6},
    {"Table 6", 0.5, 224, ConvMode::Separable, 63.7, 149, 1.3},
    {"Table 6", 0.25, 224, ConvMode::Separable, 50.6, 41, 0.5},
    {"Table 7", 1.0, 192, ConvMode::Separable, 69.1, 418, 4.2},
    {"Table 7", 1.0, 160, ConvMode::Separable, 67.2, 290, 4.2},
    {"Table 7", 1.0, 128, ConvMode::Separable, 64.4, 186, 4.2},
}};

constexpr std::array<GridPoint, 16> kGrid{{
    {1.0, 224, 70.9, 89.9},  {1.0, 192, 70.0, 89.2},  {1.0, 160, 68.0, 87.7},
    {1.0, 128, 65.2, 85.8},  {0.75, 224, 68.4, 88.2}, {0.75, 192, 67.2, 87.3},
    {0.75, 160, 65.3, 86.0}, {0.75, 128, 62.1, 83.9}, {0.5, 224, 63.3, 84.9},
    {0.5, 192, 61.7, 83.6},  {0.5, 160, 59.1, 81.9},  {0.5, 128, 56.3, 79.4},
    {0.25, 224, 49.8, 74.2}, {0.25, 192, 47.7, 72.3}, {0.25, 160, 45.5, 70.3},
    {0.25, 128, 41.5, 66.3},
}};

constexpr std::array<double, 4> kAlphas{1.0, 0.75, 0.5, 0.25};
constexpr std::array<int, 4> kResolutions{224, 192, 160, 128};

}  // namespace

std::span<const TableRow> tableRows() { return kRows; }

std::optional<TableRow> findRow(double alpha, int resolution, ConvMode conv) {
  for (const TableRow& row : kRows)
    if (std::abs(row.alpha - alpha) < 1e-9 && row.resolution == resolution && row.conv == conv)
      return row;
  return std::nullopt;
}

std::span<const GridPoint> accuracyGrid() { return kGrid; }
std::span<const double> pretrainedAlphas() { return kAlphas; }
std::span<const int> paperResolutions() { return kResolutions; }

}  // namespace mnl::paper

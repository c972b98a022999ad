// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Summary of timing samples, one definition for every place that reports them (the CLI's
// bench, the per-layer timed pass, the app's status bar and its self-measurement), so their
// medians and p90s mean the same thing. Torch-free.

#include <cstddef>
#include <vector>

namespace mnl {

struct SampleStats {
  std::size_t count = 0;
  double mean = 0;
  double min = 0;
  double median = 0;  // the upper median for an even count: sorted[count / 2]
  double p90 = 0;     // sorted[min(count − 1, count · 9 / 10)]
  double max = 0;
};

// All zeros for no samples.
SampleStats summarize(std::vector<double> samples);

}  // namespace mnl

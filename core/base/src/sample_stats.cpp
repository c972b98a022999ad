// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/sample_stats.h"

#include <algorithm>
#include <numeric>

namespace mnl {

SampleStats summarize(std::vector<double> samples) {
  SampleStats s;
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  s.count = n;
  s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(n);
  s.min = samples.front();
  s.max = samples.back();
  s.median = samples[n / 2];
  s.p90 = samples[std::min(n - 1, n * 9 / 10)];
  return s;
}

}  // namespace mnl

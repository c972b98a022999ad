// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `teach DIR --sweep`: the smallest MobileNet that does your job. For every network of an
// α × resolution grid (default: the paper's 16), the same examples taught on that backbone and
// judged on the same held-out split, beside the latency this machine measures for it (the
// `sweep` command's timing); with a budget, the network with the best held-out accuracy on
// YOUR classes whose median run fits. The question the paper answers for ImageNet, for the
// person's own task.

#include <optional>
#include <vector>

#include "mnl/teach/teacher.h"

namespace mnl::cli {

struct TeachSweepOptions {
  std::vector<double> alphas;     // empty: 1, 0.75, 0.5, 0.25
  std::vector<int> resolutions;   // empty: 224, 192, 160, 128
  std::optional<double> budgetMs, budgetFps;
  int iterations = 20;  // timed runs per point
  bool json = false;
};

// `base` holds the examples, classes, split and head settings; its backbone's α and resolution
// are replaced by each point's. Throws UsageError for a grid point outside the bounds.
void runTeachSweep(const teach::TeachRequest& base, const TeachSweepOptions& options);

}  // namespace mnl::cli

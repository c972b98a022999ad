// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The smallest MobileNet that does your job: the same examples taught on each network of a
// grid (every bundled width at the resolutions asked) and judged on the same held-out split,
// so that the person's own accuracy can stand beside the latency this machine measures for
// each network and the paper's ImageNet figure. The window's Teach room and the CLI's
// `teach --sweep` both search this way. Each network embeds every example once (the
// Teacher's cache holds one backbone's embeddings at a time). No torch and no Qt here.

#include <functional>
#include <optional>
#include <vector>

#include "mnl/latency_sweep.h"
#include "mnl/teach/teacher.h"

namespace mnl::teach {

// The held-out top-1 (0…1) of both heads on one network; nullopt without held-out examples.
struct TaughtAccuracy {
  NetworkConfig network;
  std::optional<double> linear;
  std::optional<double> knn;
};

struct NetworkSearchProgress {
  int network = 0;  // 0-based, of `networks`
  int networks = 0;
  TeachStage stage = TeachStage::Embedding;
  int done = 0;
  int total = 0;
};

// Teaches `base` (its examples, classes, split, head settings) on every network in turn, the
// backbone's α and resolution replaced by the network's (its weights file, if any, kept: a
// user's backbone has one width, so a grid for it varies the resolution alone); no model
// file is written. `progress` returns false to cancel: nullopt then. Throws as
// Teacher::teach does.
std::optional<std::vector<TaughtAccuracy>> teachEachNetwork(
    Teacher& teacher, const TeachRequest& base, const std::vector<NetworkConfig>& networks,
    const std::function<bool(const NetworkSearchProgress&)>& progress = {});

// `rows` (a latency sweep) with each row's top-1 replaced by the person's held-out accuracy
// of the linear head, in percent, where `yours` has that network (nullopt elsewhere): what
// chooseForBudget picks from to answer "the most accurate on MY classes within the budget".
std::vector<SweepRow> rowsByYourAccuracy(const std::vector<SweepRow>& rows,
                                         const std::vector<TaughtAccuracy>& yours);

}  // namespace mnl::teach

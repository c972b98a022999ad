// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/App.hpp>

namespace mnl::cli {

// `sweep [--alphas …] [--resolutions …] [--conv …] [--device …] [--precision …] [--threads T]
// [--batch B] [--iters N] [--budget-ms X | --budget-fps F] [--json | --csv]`: the latency of
// every network of an α × resolution grid on this machine (latency_sweep_runner.h), with the
// paper's top-1 beside it, and the most accurate network that fits a latency budget.
void addSweepCommand(CLI::App& app);

}  // namespace mnl::cli

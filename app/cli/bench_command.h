// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/App.hpp>

namespace mnl::cli {

// `bench [--alpha A] [--resolution R] [--conv …] [--device cpu|cuda] [--batch B] [--threads T]
// [--iters N] [--json]`: latency of the network on random weights. The first runs after a
// build are reported apart (warm-up), then median and p90 over N timed runs, then, in a
// separate pass, the latency of each layer.
void addBenchCommand(CLI::App& app);

}  // namespace mnl::cli

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/App.hpp>

namespace mnl::cli {

// `cost --alpha A --resolution R [--conv separable|standard] [--json]`: the analytic cost of the
// network, per layer, with the paper's figures beside it when the paper has them.
void addCostCommand(CLI::App& app);

}  // namespace mnl::cli

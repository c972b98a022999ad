// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The cost table as CSV, one format for the window's "Export CSV" and `mobilenet-lab-cli cost
// --csv`: a comment line naming the network, a header, one row per layer (type, kernel,
// stride, shapes, mult-adds, weights, params, activation bytes, measured ms where a timed pass
// exists, else empty) and a total row.

#include <string>
#include <vector>

#include "mnl/cost_model.h"
#include "mnl/inference_result.h"

namespace mnl {

std::string costTableCsv(const NetworkCost& cost, const std::vector<LayerTiming>& timings = {});

}  // namespace mnl

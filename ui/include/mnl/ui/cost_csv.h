// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The cost table as CSV: one row per layer (type, shapes, mult-adds, weights, params,
// activation bytes, measured ms where a timed pass exists) and a total row.

#include <QString>
#include <vector>

#include "mnl/cost_model.h"
#include "mnl/inference_result.h"

namespace mnl::ui {

QString costCsv(const NetworkCost& cost, const std::vector<LayerTiming>& timings = {});

// costCsv() written to `file` (replacing it); false when it could not be written whole.
bool writeCostCsv(const QString& file, const NetworkCost& cost,
                  const std::vector<LayerTiming>& timings = {});

}  // namespace mnl::ui

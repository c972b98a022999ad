// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/cost_csv.h"

#include "mnl/ui/save_whole.h"

#include "mnl/cost_csv.h"

namespace mnl::ui {

// One format for the window and the CLI: core writes it.
QString costCsv(const NetworkCost& cost, const std::vector<LayerTiming>& timings) {
  return QString::fromStdString(costTableCsv(cost, timings));
}

bool writeCostCsv(const QString& file, const NetworkCost& cost,
                  const std::vector<LayerTiming>& timings) {
  return saveTextWhole(costCsv(cost, timings).toUtf8(), file);
}

}  // namespace mnl::ui

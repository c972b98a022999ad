// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <CLI/App.hpp>

namespace mnl::cli {

// `calibrate INPUTS… [model options] [--frames N] [--every N] --out FILE`: runs the float32
// network on the first N pictures of INPUTS and writes the largest output of each
// convolution, which sets int8's activation scales (`--precision int8 --calibration FILE`), so
// that an int8 run can be repeated with the same scales.
void addCalibrateCommand(CLI::App& app);

}  // namespace mnl::cli

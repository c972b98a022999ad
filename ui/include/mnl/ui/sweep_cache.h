// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where the window keeps the latency sweeps it has measured: one JSON file (the CLI's
// `sweep --json` form) per machine configuration, named by sweepCacheKey() (device, threads,
// precision, batch, versions), in the user's cache directory. A sweep takes a while; the
// next start shows it at once, and "Measure again" replaces it.

#include <QString>
#include <optional>

#include "mnl/latency_sweep.h"

namespace mnl::ui {

// QStandardPaths::CacheLocation/latency-sweeps.
QString defaultSweepCacheDir();

// The file of `machine`'s sweep under `cacheDir`.
QString sweepCacheFile(const QString& cacheDir, const MachineInfo& machine);

// The sweep in `file`, or nullopt when there is none or it cannot be read (a damaged cache
// file is measured again, not an error).
std::optional<SweepResult> loadCachedSweep(const QString& file);

// Writes `result` to `file` (its folder made if missing), replacing it whole: a half-written
// file never takes the place of a good one.
bool saveCachedSweep(const QString& file, const SweepResult& result);

}  // namespace mnl::ui

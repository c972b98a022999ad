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

// The sweep in `file`, or nullopt when there is none or it cannot be used: not a sweep,
// another format version, truncated, or values no sweep measures (parseSweepJson), which
// `problem` then says in a sentence. Such a file is measured again and replaced, never trusted.
// At most kMaxCacheBytes are read (a sweep is a few kB).
inline constexpr qint64 kMaxCacheBytes = 4 << 20;
std::optional<SweepResult> loadCachedSweep(const QString& file, QString* problem = nullptr);

// Writes `result` to `file` (its folder made if missing), replacing it whole: a half-written
// file never takes the place of a good one.
bool saveCachedSweep(const QString& file, const SweepResult& result);

}  // namespace mnl::ui

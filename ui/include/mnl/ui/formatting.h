// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the window writes numbers: always with units, to three significant figures, and the
// change against the paper's 1.0/224 baseline. One place, so readouts, tests and the CSV agree.

#include <QString>

#include "mnl/architecture.h"

namespace mnl::ui {

// 568 740 000 → "569 M"; 4 231 976 → "4.23 M"; 12 345 → "12.3 k".
QString formatCount(double value);
// "569 M mult-adds" style: formatCount plus a unit word.
QString formatCount(double value, const QString& unit);
// Bytes as "12.4 MiB".
QString formatBytes(double bytes);
// Milliseconds as "4.12 ms" (three significant figures).
QString formatMs(double ms);
// A fraction 0…1 as "61.2 %".
QString formatPercent(double fraction);
// Change of value against baseline: "−43 % vs 1.0/224" (or "= 1.0/224" when equal).
QString formatChange(double value, double baseline);
// "α 0.75 · 192 px (ρ 0.857) · separable"
QString describeNetwork(const NetworkConfig& config);
// An activation value to four significant figures: random weights give values like 0.0004
// that three decimals would show as zero.
QString formatActivation(float value);
// α with two decimals: "0.75".
QString formatAlpha(double alpha);
// ρ = resolution / 224 with three decimals: "0.857".
QString formatRho(int resolution);

// The baseline every change is measured against: the separable 1.0/224 MobileNet.
NetworkConfig baselineFor(const NetworkConfig& config);

}  // namespace mnl::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/formatting.h"

#include <cmath>

namespace mnl::ui {

namespace {
// Three significant figures without switching to exponent notation.
QString threeFigures(double value) {
  const double magnitude = std::abs(value);
  const int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return QString::number(value, 'f', decimals);
}
}  // namespace

QString formatCount(double value) {
  const double magnitude = std::abs(value);
  if (magnitude >= 1e9) return threeFigures(value / 1e9) + QStringLiteral(" G");
  if (magnitude >= 1e6) return threeFigures(value / 1e6) + QStringLiteral(" M");
  if (magnitude >= 1e3) return threeFigures(value / 1e3) + QStringLiteral(" k");
  return QString::number(value, 'f', 0);
}

QString formatCount(double value, const QString& unit) {
  return formatCount(value) + QLatin1Char(' ') + unit;
}

QString formatBytes(double bytes) {
  const double magnitude = std::abs(bytes);
  if (magnitude >= 1024.0 * 1024 * 1024)
    return threeFigures(bytes / (1024.0 * 1024 * 1024)) + QStringLiteral(" GiB");
  if (magnitude >= 1024.0 * 1024)
    return threeFigures(bytes / (1024.0 * 1024)) + QStringLiteral(" MiB");
  if (magnitude >= 1024.0) return threeFigures(bytes / 1024.0) + QStringLiteral(" KiB");
  return QString::number(bytes, 'f', 0) + QStringLiteral(" B");
}

QString formatMs(double ms) {
  return threeFigures(ms) + QStringLiteral(" ms");
}

QString formatPercent(double fraction) {
  return QString::number(fraction * 100.0, 'f', 1) + QStringLiteral(" %");
}

QString formatChange(double value, double baseline) {
  if (baseline <= 0) return {};
  const double change = value / baseline - 1.0;
  if (std::abs(change) < 0.0005) return QStringLiteral("= 1.0/224");
  // U+2212 minus: reads as a minus sign, not a hyphen, at large sizes.
  const QString sign = change > 0 ? QStringLiteral("+") : QStringLiteral("\u2212");
  const double percent = std::abs(change) * 100.0;
  const QString amount =
      percent >= 10 ? QString::number(percent, 'f', 0) : QString::number(percent, 'f', 1);
  return sign + amount + QStringLiteral(" % vs 1.0/224 (\u00d7") +
         QString::number(value / baseline, 'f', 2) + QLatin1Char(')');
}

QString formatActivation(float value) {
  if (value == 0.0f) return QStringLiteral("0");
  return QString::number(static_cast<double>(value), 'g', 4);
}

QString formatAlpha(double alpha) {
  return QString::number(alpha, 'f', 2);
}

QString formatRho(int resolution) {
  return QString::number(resolution / 224.0, 'f', 3);
}

QString describeNetwork(const NetworkConfig& config) {
  return QStringLiteral("\u03b1 %1 \u00b7 %2 px (\u03c1 %3) \u00b7 %4")
      .arg(formatAlpha(config.alpha))
      .arg(config.resolution)
      .arg(formatRho(config.resolution))
      .arg(QString::fromUtf8(toString(config.conv).data(),
                             static_cast<int>(toString(config.conv).size())));
}

NetworkConfig baselineFor(const NetworkConfig& config) {
  // Always the separable 1.0/224 MobileNet of the paper, so switching to standard convolutions
  // shows how much more they cost rather than resetting the comparison.
  NetworkConfig baseline = config;
  baseline.alpha = 1.0;
  baseline.resolution = 224;
  baseline.conv = ConvMode::Separable;
  return baseline;
}

}  // namespace mnl::ui

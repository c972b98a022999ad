// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/app_settings.h"

#include <QObject>
#include <QRegularExpression>
#include <QSettings>

#include <cmath>
#include <optional>

#include "mnl/ui/window_network_range.h"

namespace mnl::ui {

namespace {

// A number read back from the settings, or nullopt when it is not one (QVariant would turn
// "banana" into 0 without a word).
std::optional<double> numberAt(const QSettings& store, const QString& key) {
  bool ok = false;
  const double value = store.value(key).toDouble(&ok);
  if (!ok || !std::isfinite(value)) return std::nullopt;
  return value;
}

}  // namespace

AppSettings AppSettings::load() {
  QSettings store;
  AppSettings s;
  const auto problem = [&](const QString& key) {
    s.problems << QObject::tr("%1 = \"%2\"").arg(key, store.value(key).toString().left(40));
  };
  s.source = store.value(QStringLiteral("source/last")).toString();
  const QString alpha = QStringLiteral("network/alpha");
  if (store.contains(alpha)) {
    const std::optional<double> value = numberAt(store, alpha);
    if (value && *value == window_range::clampAlpha(*value))
      s.network.alpha = *value;
    else
      problem(alpha);
  }
  const QString resolution = QStringLiteral("network/resolution");
  if (store.contains(resolution)) {
    const std::optional<double> value = numberAt(store, resolution);
    if (value && *value == std::round(*value) &&
        *value == window_range::clampResolution(static_cast<int>(*value)))
      s.network.resolution = static_cast<int>(*value);
    else
      problem(resolution);
  }
  const QString mode = QStringLiteral("network/mode");
  const QString modeValue = store.value(mode, QStringLiteral("separable")).toString();
  if (modeValue == QLatin1String("standard"))
    s.network.conv = ConvMode::Standard;
  else if (modeValue != QLatin1String("separable"))
    problem(mode);
  const QString layer = QStringLiteral("view/layer");
  const QString layerValue = store.value(layer, s.layer).toString();
  // A name the network may have (its layers are checked where the network is built).
  if (QRegularExpression(QStringLiteral("^(conv0|(dw|pw|conv)([1-9]|1[0-3])|pool|fc)$"))
          .match(layerValue)
          .hasMatch())
    s.layer = layerValue;
  else
    problem(layer);
  s.snap = store.value(QStringLiteral("network/snap"), false).toBool();
  const QString maxPixels = QStringLiteral("source/maxPixels");
  if (store.contains(maxPixels)) {
    const std::optional<double> value = numberAt(store, maxPixels);
    if (value && *value >= kMinMaxPixels && *value <= kMaxMaxPixels)
      s.maxPixels = static_cast<qint64>(*value);
    else
      problem(maxPixels);
  }
  s.geometry = store.value(QStringLiteral("window/geometry")).toByteArray();
  // Checked where it is used: QMainWindow::restoreState refuses a state that is not its own.
  s.dockState = store.value(QStringLiteral("window/docks")).toByteArray();
  return s;
}

void AppSettings::save() const {
  QSettings store;
  store.setValue(QStringLiteral("source/last"), source);
  store.setValue(QStringLiteral("network/alpha"), network.alpha);
  store.setValue(QStringLiteral("network/resolution"), network.resolution);
  store.setValue(QStringLiteral("network/mode"), network.conv == ConvMode::Standard
                                                     ? QStringLiteral("standard")
                                                     : QStringLiteral("separable"));
  store.setValue(QStringLiteral("view/layer"), layer);
  store.setValue(QStringLiteral("network/snap"), snap);
  store.setValue(QStringLiteral("source/maxPixels"), maxPixels);
  store.setValue(QStringLiteral("window/geometry"), geometry);
  store.setValue(QStringLiteral("window/docks"), dockState);
  // The splitters of the window before its panels were docks.
  store.remove(QStringLiteral("splitters"));
}

}  // namespace mnl::ui

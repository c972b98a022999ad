// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/app_settings.h"

#include <QSettings>

#include "mnl/ui/window_network_range.h"

namespace mnl::ui {

AppSettings AppSettings::load() {
  QSettings store;
  AppSettings s;
  s.source = store.value(QStringLiteral("source/last")).toString();
  s.network.alpha =
      window_range::clampAlpha(store.value(QStringLiteral("network/alpha"), 1.0).toDouble());
  s.network.resolution =
      window_range::clampResolution(store.value(QStringLiteral("network/resolution"), 224).toInt());
  s.network.conv =
      store.value(QStringLiteral("network/mode")).toString() == QLatin1String("standard")
          ? ConvMode::Standard
          : ConvMode::Separable;
  s.layer = store.value(QStringLiteral("view/layer"), s.layer).toString();
  s.snap = store.value(QStringLiteral("network/snap"), false).toBool();
  s.geometry = store.value(QStringLiteral("window/geometry")).toByteArray();
  store.beginGroup(QStringLiteral("splitters"));
  for (const QString& key : store.childKeys()) s.splitters[key] = store.value(key).toByteArray();
  store.endGroup();
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
  store.setValue(QStringLiteral("window/geometry"), geometry);
  store.beginGroup(QStringLiteral("splitters"));
  for (auto it = splitters.cbegin(); it != splitters.cend(); ++it)
    store.setValue(it.key(), it.value());
  store.endGroup();
}

}  // namespace mnl::ui

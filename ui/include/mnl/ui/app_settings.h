// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the window remembers between runs (QSettings): the last source, α, resolution, mode,
// layer, snapping, and the window's geometry and splitter positions.

#include <QByteArray>
#include <QMap>
#include <QString>

#include "mnl/architecture.h"

namespace mnl::ui {

struct AppSettings {
  QString source;
  NetworkConfig network;
  QString layer = QStringLiteral("conv0");
  bool snap = false;
  QByteArray geometry;
  QMap<QString, QByteArray> splitters;  // objectName → QSplitter::saveState()

  static AppSettings load();
  void save() const;
};

}  // namespace mnl::ui

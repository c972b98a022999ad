// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the window remembers between runs (QSettings): the last source, α, resolution, mode,
// layer, snapping, the largest picture a source may decode, and the window's geometry and
// where its panels are docked. What is read back is checked: a value that is not one the window
// could have written (α "banana", a resolution of 99999) is replaced by the default and named
// in `problems`, never trusted.

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "mnl/architecture.h"

namespace mnl::ui {

// The range Source › Largest picture… offers: one megapixel to a terapixel.
inline constexpr qint64 kMinMaxPixels = 1'000'000;
inline constexpr qint64 kMaxMaxPixels = qint64{1} << 40;

struct AppSettings {
  QString source;
  NetworkConfig network;
  QString layer = QStringLiteral("conv0");
  bool snap = false;
  QByteArray geometry;
  QByteArray dockState;           // QMainWindow::saveState(): the panels' places and sizes
  qint64 maxPixels = 50'000'000;  // SourceOptions::maxPixels (Source › Largest picture…)
  QStringList problems;           // load(): the values it could not use, in words

  static AppSettings load();
  void save() const;
};

}  // namespace mnl::ui

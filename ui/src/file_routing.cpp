// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/file_routing.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace mnl::ui {

FileRoute routeFiles(const QStringList& files,
                     const std::function<bool(const QString& file)>& isWeights,
                     bool sourceTaken) {
  FileRoute route;
  for (const QString& file : files) {
    QString& slot = isWeights(file) ? route.weights : route.source;
    const bool taken = !slot.isEmpty() || (&slot == &route.source && sourceTaken);
    if (taken)
      route.ignored << file;
    else
      slot = file;
  }
  return route;
}

QString describeRoute(const FileRoute& route) {
  const auto tr = [](const char* text) {
    return QCoreApplication::translate("mnl::ui::FileRoute", text);
  };
  const auto name = [](const QString& file) {
    const QString shown = QFileInfo(file).fileName();
    return shown.isEmpty() ? file : shown;  // a folder given with a trailing slash
  };
  QStringList said;
  if (!route.source.isEmpty()) said << tr("opened %1").arg(name(route.source));
  if (!route.weights.isEmpty()) said << tr("loading weights %1").arg(name(route.weights));
  if (!route.ignored.isEmpty()) {
    QStringList names;
    for (const QString& file : route.ignored) names << name(file);
    said << tr("one source and one weights file at a time, not opened: %1")
                .arg(names.join(QStringLiteral(", ")));
  }
  return said.join(QStringLiteral("; "));
}

}  // namespace mnl::ui

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/ui/sweep_cache.h"

#include "mnl/ui/save_whole.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <stdexcept>

namespace mnl::ui {

QString defaultSweepCacheDir() {
  return QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation))
      .filePath(QStringLiteral("latency-sweeps"));
}

QString sweepCacheFile(const QString& cacheDir, const MachineInfo& machine) {
  return QDir(cacheDir).filePath(QString::fromStdString(sweepCacheKey(machine)) +
                                 QStringLiteral(".json"));
}

std::optional<SweepResult> loadCachedSweep(const QString& file, QString* problem) {
  QFile in(file);
  if (!in.open(QIODevice::ReadOnly)) return std::nullopt;  // none cached: nothing to say
  try {
    SweepResult result = parseSweepJson(in.read(kMaxCacheBytes).toStdString());
    if (result.rows.empty()) throw std::invalid_argument("it holds no measured point");
    return result;
  } catch (const std::invalid_argument& e) {
    if (problem) *problem = QString::fromStdString(e.what());
    return std::nullopt;
  }
}

bool saveCachedSweep(const QString& file, const SweepResult& result) {
  if (!QDir().mkpath(QFileInfo(file).absolutePath())) return false;
  return saveTextWhole(QByteArray::fromStdString(sweepJson(result, std::nullopt)), file);
}

}  // namespace mnl::ui

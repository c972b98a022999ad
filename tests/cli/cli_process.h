// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the CLI tests share: mobilenet-lab-cli run as a process, the test photos, JSON output.

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace mnl::test {

struct Run {
  int exitCode = -1;
  QByteArray out, err;
};

// `environment`: added to the test's own (NAME=value each).
inline Run cli(const QStringList& arguments, const QStringList& environment = {}) {
  QProcess process;
  if (!environment.isEmpty())
    process.setEnvironment(QProcess::systemEnvironment() + environment);
  process.start(QStringLiteral(MNL_CLI), arguments);
  if (!process.waitForFinished(300'000)) process.kill();
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
          process.readAllStandardOutput(), process.readAllStandardError()};
}

inline QString data(const QString& name) { return QStringLiteral(MNL_TEST_DATA_DIR "/") + name; }

// The JSON list a command printed; empty when it is not one.
inline QJsonArray jsonList(const Run& run) {
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(run.out, &error);
  if (error.error != QJsonParseError::NoError || !doc.isArray()) return {};
  return doc.array();
}

}  // namespace mnl::test

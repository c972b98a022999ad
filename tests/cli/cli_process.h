// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// mobilenet-lab-cli (MNL_CLI) run as a process, as the CLI tests run it.

#include <QByteArray>
#include <QProcess>
#include <QStringList>

struct Run {
  int exitCode = -1;  // -1: crashed or killed
  QByteArray out, err;
};

// Runs the CLI with `arguments` and waits for it (at most five minutes).
inline Run cli(const QStringList& arguments) {
  QProcess process;
  process.start(QStringLiteral(MNL_CLI), arguments);
  if (!process.waitForFinished(300'000)) process.kill();
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
          process.readAllStandardOutput(), process.readAllStandardError()};
}

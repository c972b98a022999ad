// SPDX-License-Identifier: GPL-3.0-or-later
// mobilenet-lab's command line (app/gui/command_line.h): what it accepts, what it refuses with
// which message and exit code, and the files a file manager passes.
#include <QtTest>

#include "command_line.h"

using mnl::gui::parseCommandLine;

namespace {

// The program's arguments as `mobilenet-lab ARGUMENTS…` gives them.
std::optional<mnl::gui::LaunchPlan> parsed(const QStringList& arguments, QString* message,
                                           int* exitCode) {
  return parseCommandLine(QStringList{QStringLiteral("mobilenet-lab")} + arguments, message,
                          exitCode);
}

}  // namespace

class TestCommandLine : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void commandLine_data();
  void commandLine();
  void fixedThreads();
  void commandLineFiles_data();
  void commandLineFiles();
};

void TestCommandLine::commandLine_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<bool>("valid");
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<QString>("layer");
  QTest::addColumn<QString>("error");  // the whole message, when not valid (exit code 2)
  QTest::newRow("all") << QStringList{"--source",     "0",         "--alpha", "0.5",
                                      "--resolution", "160",       "--layer", "pw6",
                                      "--screenshot", "/tmp/x.png"}
                       << true << 0.5 << 160 << "pw6" << "";
  QTest::newRow("none") << QStringList{} << true << -1.0 << -1 << "" << "";
  QTest::newRow("range ends") << QStringList{"--alpha", "0.25", "--resolution", "320"} << true
                              << 0.25 << 320 << "" << "";
  const auto refused = [](const char* name, const QStringList& arguments, const char* error) {
    QTest::newRow(name) << arguments << false << 0.0 << 0 << "" << QString(error);
  };
  refused("alpha too small", {"--alpha", "0.1"},
          "--alpha must be a number from 0.25 to 1.0, not '0.1'");
  refused("alpha too large", {"--alpha", "1.5"},
          "--alpha must be a number from 0.25 to 1.0, not '1.5'");
  refused("alpha not a number", {"--alpha", "wide"},
          "--alpha must be a number from 0.25 to 1.0, not 'wide'");
  refused("resolution too large", {"--resolution", "4000"},
          "--resolution must be a whole number from 96 to 320, not '4000'");
  refused("resolution 95", {"--resolution", "95"},
          "--resolution must be a whole number from 96 to 320, not '95'");
  refused("resolution not whole", {"--resolution", "160.5"},
          "--resolution must be a whole number from 96 to 320, not '160.5'");
  refused("zero threads", {"--threads", "0"},
          "--threads must be a whole number from 1 to 256, not '0'");
  refused("negative threads", {"--threads", "-2"},
          "--threads must be a whole number from 1 to 256, not '-2'");
  refused("100000 threads", {"--threads", "100000"},
          "--threads must be a whole number from 1 to 256, not '100000'");
  refused("measure 0 s", {"--measure", "0"},
          "--measure must be a number of seconds from 1 to 86400, not '0'");
  refused("soak of no number", {"--soak", "x"},
          "--soak must be a number of frames from 1 to 100000000, not 'x'");
  refused("negative seed", {"--seed", "-1"},
          "--seed must be a whole number from 0 to 4294967295, not '-1'");
  refused("measure and soak", {"--measure", "5", "--soak", "5"},
          "--measure and --soak cannot run together");
  refused("soak seconds alone", {"--soak-seconds", "60"}, "--soak-seconds needs --soak");
  refused("soak seconds of no number", {"--soak", "5", "--soak-seconds", "an hour"},
          "--soak-seconds must be a number of seconds from 1 to 604800, not 'an hour'");
  refused("device tpu", {"--device", "tpu"}, "--device must be 'cpu' or 'cuda', not 'tpu'");
  refused("precision int4", {"--precision", "int4"},
          "--precision must be 'fp32', 'fp16', 'bf16' or 'int8', not 'int4'");
  refused("bad mode", {"--mode", "grouped"},
          "--mode must be 'separable' or 'standard', not 'grouped'");
  refused("unknown option", {"--colour"}, "Unknown option 'colour'.");
  QTest::newRow("Qt's own options pass through")
      << QStringList{"-platform", "offscreen", "--alpha", "0.75", "-reverse"} << true << 0.75 << -1
      << "" << "";
}

// The network's thread count adapts to a busy machine unless --fixed-threads says not to.
void TestCommandLine::fixedThreads() {
  QString message;
  int exitCode = -1;
  const auto adaptive =
      parseCommandLine({"mobilenet-lab", "--threads", "2"}, &message, &exitCode);
  QVERIFY(adaptive.has_value());
  QCOMPARE(adaptive->window.threads, 2);
  QVERIFY(adaptive->window.adaptThreads);
  const auto fixed =
      parseCommandLine({"mobilenet-lab", "--threads", "2", "--fixed-threads"}, &message, &exitCode);
  QVERIFY(fixed.has_value());
  QCOMPARE(fixed->window.threads, 2);
  QVERIFY(!fixed->window.adaptThreads);
}

void TestCommandLine::commandLine() {
  QFETCH(QStringList, arguments);
  QFETCH(bool, valid);
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(QString, layer);
  QFETCH(QString, error);
  QString message;
  int exitCode = -1;
  const auto options = parsed(arguments, &message, &exitCode);
  QCOMPARE(options.has_value(), valid);
  if (!valid) {
    QCOMPARE(exitCode, 2);
    QCOMPARE(message, error);
    return;
  }
  QCOMPARE(exitCode, 0);
  QCOMPARE(options->window.alpha.value_or(-1.0), alpha);
  QCOMPARE(options->window.resolution.value_or(-1), resolution);
  QCOMPARE(options->window.layer, layer);
}

// mobilenet-lab [OPTIONS] [FILE…], as a file manager's "Open with" starts it (%F): the first
// file is the source, the others are named as not opened; --source and a FILE together are
// refused.
void TestCommandLine::commandLineFiles_data() {
  // The parser keeps every FILE in order; the window tells weights from sources by content.
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("source");
  QTest::addColumn<QStringList>("files");
  QTest::addColumn<QString>("error");
  QTest::newRow("one file") << QStringList{"/videos/clip.mp4"} << ""
                            << QStringList{"/videos/clip.mp4"} << "";
  QTest::newRow("three files") << QStringList{"a.mp4", "b.jpg", "photos"} << ""
                               << QStringList{"a.mp4", "b.jpg", "photos"} << "";
  QTest::newRow("after options") << QStringList{"--alpha", "0.5", "a.mp4"} << ""
                                 << QStringList{"a.mp4"} << "";
  QTest::newRow("--source alone") << QStringList{"--source", "0"} << "0" << QStringList{} << "";
  QTest::newRow("--source and FILE")
      << QStringList{"--source", "0", "model.pth"} << "0" << QStringList{"model.pth"} << "";
  QTest::newRow("bad option before FILE")
      << QStringList{"--alpha", "7", "a.mp4"} << "" << QStringList{}
      << "--alpha must be a number from 0.25 to 1.0, not '7'";
}

void TestCommandLine::commandLineFiles() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, source);
  QFETCH(QStringList, files);
  QFETCH(QString, error);
  QString message;
  int exitCode = -1;
  const auto options = parsed(arguments, &message, &exitCode);
  QCOMPARE(options.has_value(), error.isEmpty());
  if (!options) {
    QCOMPARE(exitCode, 2);
    QCOMPARE(message, error);
    return;
  }
  QCOMPARE(options->window.source, source);
  QCOMPARE(options->window.files, files);
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"

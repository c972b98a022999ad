// SPDX-License-Identifier: GPL-3.0-or-later
// The window's small pieces on their own: number formatting, layer names across the
// separable/standard switch, the trade-off chart's published and interpolated accuracy, the
// colour map, the command line and the status bar's warnings.
#include <QLabel>
#include <QtTest>

#include "mnl/paper.h"
#include "mnl/ui/color_map.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/launch_options.h"
#include "mnl/ui/status_bar.h"
#include "mnl/ui/tradeoff_chart.h"

using namespace mnl;
using namespace mnl::ui;

class TestUiUnits : public QObject {
  Q_OBJECT

 private slots:
  void counts_data();
  void counts();
  void change_data();
  void change();
  void publishedAccuracy();
  void interpolatedAccuracy_data();
  void interpolatedAccuracy();
  void colourMapEnds();
  void commandLine_data();
  void commandLine();
  void statusWarnings_data();
  void statusWarnings();
};

void TestUiUnits::counts_data() {
  QTest::addColumn<double>("value");
  QTest::addColumn<QString>("text");
  QTest::newRow("569 M") << 568'740'000.0 << "569 M";
  QTest::newRow("4.23 M") << 4'231'976.0 << "4.23 M";
  QTest::newRow("14.0 M") << 13'960'000.0 << "14.0 M";
  QTest::newRow("4.87 G") << 4'866'000'000.0 << "4.87 G";
  QTest::newRow("12.3 k") << 12'345.0 << "12.3 k";
  QTest::newRow("512") << 512.0 << "512";
}

void TestUiUnits::counts() {
  QFETCH(double, value);
  QFETCH(QString, text);
  QCOMPARE(formatCount(value), text);
}

void TestUiUnits::change_data() {
  QTest::addColumn<double>("value");
  QTest::addColumn<double>("baseline");
  QTest::addColumn<QString>("text");
  QTest::newRow("equal") << 569.0 << 569.0 << "= 1.0/224";
  QTest::newRow("0.5/160") << 76.0 << 569.0 << "\u221287 % vs 1.0/224 (\u00d70.13)";
  QTest::newRow("standard") << 4866.0 << 569.0 << "+755 % vs 1.0/224 (\u00d78.55)";
  QTest::newRow("small change") << 574.0 << 569.0 << "+0.9 % vs 1.0/224 (\u00d71.01)";
}

void TestUiUnits::change() {
  QFETCH(double, value);
  QFETCH(double, baseline);
  QFETCH(QString, text);
  QCOMPARE(formatChange(value, baseline), text);
}

void TestUiUnits::publishedAccuracy() {
  // Every one of the 16 grid points reads back exactly as published.
  int points = 0;
  for (const paper::GridPoint& point : paper::accuracyGrid()) {
    bool exact = false;
    const auto top1 =
        estimatedTop1({point.alpha, point.resolution, 1000, ConvMode::Separable}, &exact);
    QVERIFY(top1.has_value());
    QVERIFY(exact);
    QCOMPARE(*top1, point.top1Percent);
    ++points;
  }
  QCOMPARE(points, 16);
  // Standard convolutions: only the paper's Conv MobileNet 1.0/224 (71.7 %).
  bool exact = false;
  QCOMPARE(estimatedTop1({1.0, 224, 1000, ConvMode::Standard}, &exact).value_or(0), 71.7);
  QVERIFY(exact);
  QVERIFY(!estimatedTop1({0.5, 160, 1000, ConvMode::Standard}).has_value());
}

void TestUiUnits::interpolatedAccuracy_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<bool>("inside");
  QTest::newRow("0.6/176 inside") << 0.6 << 176 << true;
  QTest::newRow("0.9/208 inside") << 0.9 << 208 << true;
  QTest::newRow("96 below the grid") << 0.5 << 96 << false;
  QTest::newRow("320 above the grid") << 1.0 << 320 << false;
}

void TestUiUnits::interpolatedAccuracy() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(bool, inside);
  bool exact = true;
  const auto top1 = estimatedTop1({alpha, resolution, 1000, ConvMode::Separable}, &exact);
  QCOMPARE(top1.has_value(), inside);
  if (!inside) return;
  QVERIFY(!exact);
  // Between the published accuracies of the surrounding grid points.
  double lo = 100, hi = 0;
  for (const paper::GridPoint& p : paper::accuracyGrid()) {
    const bool alphaNear = std::abs(p.alpha - alpha) <= 0.25 + 1e-9;
    const bool sizeNear = std::abs(p.resolution - resolution) <= 32;
    if (alphaNear && sizeNear) {
      lo = std::min(lo, p.top1Percent);
      hi = std::max(hi, p.top1Percent);
    }
  }
  QVERIFY2(*top1 >= lo && *top1 <= hi, qPrintable(QString::number(*top1)));
}

void TestUiUnits::colourMapEnds() {
  QCOMPARE(viridis(0.0f), qRgb(0x44, 0x01, 0x54));
  QCOMPARE(viridis(1.0f), qRgb(0xfd, 0xe7, 0x25));
  QCOMPARE(viridis(-3.0f), viridis(0.0f));
  const float values[4] = {0, 1, 2, 3};
  const QImage image = colourMap(values, 2, 0, 3);
  QCOMPARE(image.size(), QSize(2, 2));
  QCOMPARE(image.pixel(0, 0), viridis(0));
  QCOMPARE(image.pixel(1, 1), viridis(1));
}

void TestUiUnits::commandLine_data() {
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
  refused("device tpu", {"--device", "tpu"}, "--device must be 'cpu' or 'cuda', not 'tpu'");
  refused("precision int8", {"--precision", "int8"},
          "--precision must be 'fp32' or 'fp16', not 'int8'");
  refused("bad mode", {"--mode", "grouped"},
          "--mode must be 'separable' or 'standard', not 'grouped'");
  refused("unknown option", {"--colour"}, "Unknown option 'colour'.");
  QTest::newRow("Qt's own options pass through")
      << QStringList{"-platform", "offscreen", "--alpha", "0.75", "-reverse"} << true << 0.75 << -1
      << "" << "";
}

void TestUiUnits::commandLine() {
  QFETCH(QStringList, arguments);
  QFETCH(bool, valid);
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(QString, layer);
  QFETCH(QString, error);
  QString message;
  int exitCode = -1;
  const auto options =
      parseCommandLine(QStringList{QStringLiteral("mobilenet-lab")} + arguments, &message,
                       &exitCode);
  QCOMPARE(options.has_value(), valid);
  if (!valid) {
    QCOMPARE(exitCode, 2);
    QCOMPARE(message, error);
    return;
  }
  QCOMPARE(exitCode, 0);
  QCOMPARE(options->alpha.value_or(-1.0), alpha);
  QCOMPARE(options->resolution.value_or(-1), resolution);
  QCOMPARE(options->layer, layer);
}

// The status bar's warnings by topic: each stands until something of its kind succeeds, and the
// line shows the newest one still standing. Steps: "+topic:text" sets, "-topic" clears.
void TestUiUnits::statusWarnings_data() {
  QTest::addColumn<QStringList>("steps");
  QTest::addColumn<QString>("shown");
  QTest::addColumn<QString>("tooltip");
  QTest::newRow("one warning") << QStringList{"+source:Could not open a.mp4"}
                               << "Could not open a.mp4" << "Could not open a.mp4";
  QTest::newRow("cleared by its topic")
      << QStringList{"+source:Could not open a.mp4", "-source"} << "" << "";
  QTest::newRow("not cleared by another topic")
      << QStringList{"+source:Could not open a.mp4", "-engine", "-file"}
      << "Could not open a.mp4" << "Could not open a.mp4";
  QTest::newRow("newest shown, older in the tooltip")
      << QStringList{"+device:CUDA asked for, none found: the CPU runs", "+file:Could not write x"}
      << "Could not write x" << "Could not write x\nCUDA asked for, none found: the CPU runs";
  QTest::newRow("older comes back when the newer clears")
      << QStringList{"+device:no CUDA", "+engine:Inference failed: x", "-engine"} << "no CUDA"
      << "no CUDA";
  QTest::newRow("same topic replaces, and moves to the front")
      << QStringList{"+source:first", "+layer:no layer pw14", "+source:second"} << "second"
      << "second\nno layer pw14";
  QTest::newRow("empty text clears") << QStringList{"+layer:no layer pw14", "+layer:"} << ""
                                     << "";
}

void TestUiUnits::statusWarnings() {
  QFETCH(QStringList, steps);
  QFETCH(QString, shown);
  QFETCH(QString, tooltip);
  const QMap<QString, StatusBar::Topic> topics{{"device", StatusBar::Topic::Device},
                                               {"engine", StatusBar::Topic::Engine},
                                               {"source", StatusBar::Topic::Source},
                                               {"layer", StatusBar::Topic::Layer},
                                               {"file", StatusBar::Topic::File}};
  StatusBar bar;
  for (const QString& step : steps) {
    const QString rest = step.mid(1);
    if (step.startsWith('+'))
      bar.setWarning(topics.value(rest.section(':', 0, 0)), rest.section(':', 1));
    else
      bar.clearWarning(topics.value(rest));
  }
  QCOMPARE(bar.warningText(), shown);
  QCOMPARE(bar.findChild<QLabel*>(QStringLiteral("warningLabel"))->toolTip(), tooltip);
}

QTEST_MAIN(TestUiUnits)
#include "tst_ui_units.moc"

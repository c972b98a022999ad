// SPDX-License-Identifier: GPL-3.0-or-later
// The short soak: the full pipeline (capture, inference and UI threads, real weights) for a few
// hundred frames with random α/ρ/layer/page changes every few frames and a switch between a
// video, a folder and a still photo every couple of seconds, frames from a simulated camera
// faster than the network. Nothing may stall or crash, the networks asked for must really be built, resident
// memory must level off, and the window must still close promptly at the end. The long run
// (10,000 frames) is scripts/soak.sh, with its result in docs/reliability.md.
#include <QElapsedTimer>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

#include "mnl/ui/inference_thread.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "pipeline_meter.h"
#include "simulated_camera.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::gui;
using namespace mnl::ui;

class TestSoak : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { registerMetatypes(); }
  void randomChangesAndSourceSwitches_data();
  void randomChangesAndSourceSwitches();
};

void TestSoak::randomChangesAndSourceSwitches_data() {
  QTest::addColumn<unsigned>("seed");
  QTest::addColumn<int>("frames");
  QTest::newRow("seed 11, 600 frames") << 11u << 600;
}

void TestSoak::randomChangesAndSourceSwitches() {
  QFETCH(unsigned, seed);
  QFETCH(int, frames);
  const QString demo = QStringLiteral(MNL_RESOURCES_DIR "/demo/demo.avi");
  WindowOptions options = test::launchOptions(demo, 0.5, 160);
  SimulatedCamera camera;
  options.sourceFactory = camera.factory();
  auto window = std::make_unique<MainWindow>(options);
  camera.attach(window->inference());
  window->show();

  MeterPlan plan;
  plan.mode = MeterPlan::Mode::Soak;
  plan.frames = frames;
  plan.seed = seed;
  // The photo folder: a slide show (the next photo as soon as the network is ready for it).
  plan.sources = {QStringLiteral(MNL_TEST_DATA_DIR), test::testData("parrot.jpg"), demo};
  plan.sourceEveryMs = 2500;
  plan.stallMs = 20'000;
  PipelineMeter meter(window.get(), plan);
  QSignalSpy finished(&meter, &PipelineMeter::finished);
  meter.start();
  QTRY_VERIFY_WITH_TIMEOUT(meter.done(), 600'000);
  qInfo("%s", qPrintable(meter.summary()));

  QVERIFY2(meter.failure().isEmpty(), qPrintable(meter.failure()));
  QCOMPARE(finished.count(), 1);
  QCOMPARE(finished.first().first().toBool(), true);
  const QJsonObject report = meter.report().toJson();
  QVERIFY(report["results_shown"].toDouble() >= frames);
  const QJsonObject soak = report["soak"].toObject();
  // The run did what it claims: many changes, several sources, several networks built.
  QVERIFY2(soak["control_changes"].toInt() >= 50, qPrintable(QString::number(soak["control_changes"].toInt())));
  QVERIFY2(soak["source_switches"].toInt() >= 2, qPrintable(QString::number(soak["source_switches"].toInt())));
  QVERIFY2(report["rebuilds"].toInt() >= 3, qPrintable(QString::number(report["rebuilds"].toInt())));
  // Memory levels off: the networks of every α/ρ come and go, the weights are cached per file.
  const QJsonObject rss = report["rss_mib"].toObject();
  QVERIFY2(rss["second_half_growth"].toDouble() < 150,
           qPrintable(QString::number(rss["second_half_growth"].toDouble())));
  QVERIFY2(rss["peak"].toDouble() < 2048, qPrintable(QString::number(rss["peak"].toDouble())));

  // After all that, the window still closes at once.
  QElapsedTimer clock;
  clock.start();
  QVERIFY(window->close());
  window.reset();
  QVERIFY2(clock.elapsed() < 1000, qPrintable(QString::number(clock.elapsed())));
}

QTEST_MAIN(TestSoak)
#include "tst_soak.moc"

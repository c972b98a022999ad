// SPDX-License-Identifier: GPL-3.0-or-later
// Closing the window while the demo video plays (or right after a slider move, or paused)
// returns promptly: both threads are told to stop, woken, and joined; nothing hangs or crashes.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

#include "mnl/ui/inference_thread.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/multiplier_controls.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

class TestShutdown : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { registerMetatypes(); }
  void closeWhileVideoPlays_data();
  void closeWhileVideoPlays();
};

void TestShutdown::closeWhileVideoPlays_data() {
  QTest::addColumn<QString>("situation");
  QTest::newRow("playing") << "playing";
  QTest::newRow("right after a slider move") << "slider";
  QTest::newRow("paused") << "paused";
}

void TestShutdown::closeWhileVideoPlays() {
  QFETCH(QString, situation);
  auto window = std::make_unique<MainWindow>(
      test::launchOptions(QStringLiteral(MNL_RESOURCES_DIR "/demo/demo.avi"), 0.5, 160));
  QCOMPARE(QString::fromStdString(window->demoClip().string()),
           QStringLiteral(MNL_RESOURCES_DIR "/demo/demo.avi"));
  window->show();
  QSignalSpy shown(window.get(), &MainWindow::resultShown);
  // The video plays: several frames classified one after another.
  QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 5, 120'000);
  QVERIFY(window->inference()->framesRun() >= 5);
  if (situation == QLatin1String("slider")) {
    window->controls()->alphaSlider()->setValue(75);
    window->controls()->resolutionSlider()->setValue(6);
    QTest::qWait(200);  // the rebuild is under way or about to be
  } else if (situation == QLatin1String("paused")) {
    window->setPaused(true);
    QTest::qWait(50);
  }

  QElapsedTimer clock;
  clock.start();
  QVERIFY(window->close());
  const qint64 closeMs = clock.elapsed();
  QVERIFY(window->inference()->isFinished());
  window.reset();
  const qint64 totalMs = clock.elapsed();
  qInfo("close %lld ms, close + destroy %lld ms", static_cast<long long>(closeMs),
        static_cast<long long>(totalMs));
  // At most one step of the inference thread to finish (a forward pass, a rebuild or one timed
  // pass: it checks for the stop between them). Measured on a shared 2-core machine: 0-360 ms,
  // up to 930 ms with 4 more busy processes.
  QVERIFY2(closeMs < 1000, qPrintable(QString::number(closeMs)));
  QVERIFY2(totalMs < 1000, qPrintable(QString::number(totalMs)));
}

QTEST_MAIN(TestShutdown)
#include "tst_shutdown.moc"

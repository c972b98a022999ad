// SPDX-License-Identifier: GPL-3.0-or-later
// A burst of slider changes (a drag across the whole α range with the size changing too) ends
// with the network the sliders rest on, built once or a few times rather than once per step,
// with the UI thread never held up and no crash.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

#include "mnl/ui/inference_thread.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/prediction_bars.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

namespace {
constexpr int kTimeoutMs = 120'000;

int sliderIndex(int resolution) {
  return (resolution - MultiplierControls::kMinResolution) / MultiplierControls::kResolutionStep;
}
}  // namespace

class TestSliderBurst : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { registerMetatypes(); }
  void burstEndsOnLastSetting_data();
  void burstEndsOnLastSetting();
};

void TestSliderBurst::burstEndsOnLastSetting_data() {
  QTest::addColumn<int>("stepMs");  // time between slider steps, as a drag produces them
  QTest::addColumn<int>("finalAlpha");
  QTest::addColumn<int>("finalResolution");
  QTest::addColumn<QString>("finalLabel");
  QTest::newRow("instant burst to 0.5/160") << 0 << 50 << 160 << "macaw";
  QTest::newRow("drag at 5 ms a step to 0.75/192") << 5 << 75 << 192 << "macaw";
  QTest::newRow("drag at 20 ms a step to 0.25/128") << 20 << 25 << 128 << "macaw";
}

void TestSliderBurst::burstEndsOnLastSetting() {
  QFETCH(int, stepMs);
  QFETCH(int, finalAlpha);
  QFETCH(int, finalResolution);
  QFETCH(QString, finalLabel);
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 1.0, 224));
  window.show();
  QSignalSpy shown(&window, &MainWindow::resultShown);
  QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, kTimeoutMs);
  InferenceThread* inference = window.inference();
  const int rebuildsBefore = inference->rebuilds();
  QCOMPARE(rebuildsBefore, 1);

  // Results as the window takes them, on the UI thread.
  QSignalSpy results(&window, &MainWindow::resultShown);
  MultiplierControls* controls = window.controls();
  QElapsedTimer clock;
  qint64 slowestStepMs = 0;
  int steps = 0;
  // Down the whole α range and back up to the final value, the size wandering meanwhile.
  std::vector<int> alphas;
  for (int a = 100; a >= 25; --a) alphas.push_back(a);
  for (int a = 26; a <= finalAlpha; ++a) alphas.push_back(a);
  for (std::size_t i = 0; i < alphas.size(); ++i) {
    clock.start();
    controls->alphaSlider()->setValue(alphas[i]);
    controls->resolutionSlider()->setValue(static_cast<int>(i % 15));
    slowestStepMs = std::max(slowestStepMs, clock.elapsed());
    ++steps;
    if (stepMs > 0) QTest::qWait(stepMs);
  }
  controls->resolutionSlider()->setValue(sliderIndex(finalResolution));
  const NetworkConfig expected{finalAlpha / 100.0, finalResolution, 1000, ConvMode::Separable};

  // The engine ends on the last setting…
  QTRY_VERIFY_WITH_TIMEOUT(window.shownResult()->model.network.resolution == finalResolution &&
                               std::abs(window.shownResult()->settings.network.alpha -
                                        expected.alpha) < 1e-9,
                           kTimeoutMs);
  // …after one rebuild, or a few when the machine is slow enough to let the quiet time pass
  // mid-drag; never one per step.
  const int rebuilds = inference->rebuilds() - rebuildsBefore;
  qInfo("%d slider steps, %d rebuilds, %lld results, slowest step %lld ms", steps * 2, rebuilds,
        static_cast<long long>(results.count()), static_cast<long long>(slowestStepMs));
  QVERIFY2(rebuilds >= 1 && rebuilds <= 3, qPrintable(QString::number(rebuilds)));
  QVERIFY(rebuilds * 20 < steps);
  // The UI thread only redrew analytic charts on each step: it never waited on the engine.
  QVERIFY2(slowestStepMs < 250, qPrintable(QString::number(slowestStepMs)));
  const ResultPtr last = window.shownResult();
  QVERIFY(last->settings.network.conv == ConvMode::Separable);
  QVERIFY(last->model.trained);
  QCOMPARE(controls->network().resolution, finalResolution);
  QVERIFY(std::abs(controls->network().alpha - expected.alpha) < 1e-9);
  // The frozen photo was re-run with the new network: the window shows its answer.
  QTRY_COMPARE_WITH_TIMEOUT(window.liveView()->predictions()->topLabel(), finalLabel, kTimeoutMs);
}

QTEST_MAIN(TestSliderBurst)
#include "tst_slider_burst.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Moving the α and resolution sliders and the separable/standard switch sets every cost readout
// to the analytic value of mnl::computeCost for that (α, size, mode), in the same event, and the
// 1.0/224 readouts agree with the paper's published figures.
#include <QRadioButton>
#include <QSignalSpy>
#include <QSlider>
#include <QtTest>

#include "mnl/cost_model.h"
#include "mnl/paper.h"
#include "mnl/ui/cost_csv.h"
#include "mnl/ui/cost_panel.h"
#include "mnl/ui/feature_map_view.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/latency_share_chart.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/readout.h"
#include "mnl/ui/separable_comparison.h"
#include "mnl/ui/totals_panel.h"
#include "mnl/ui/tradeoff_chart.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

class TestCostReadouts : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void slidersSetReadouts_data();
  void slidersSetReadouts();
  void paperBaseline();
  void changeAgainstBaseline();
  void costCsvMatchesModel();
  void snapToTrainedWidths_data();
  void snapToTrainedWidths();

 private:
  std::unique_ptr<MainWindow> window_;
};

void TestCostReadouts::initTestCase() {
  registerMetatypes();
  window_ = std::make_unique<MainWindow>(test::launchOptions(test::testData("parrot.jpg")));
  window_->show();
  QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void TestCostReadouts::cleanupTestCase() {
  window_.reset();
}

void TestCostReadouts::slidersSetReadouts_data() {
  QTest::addColumn<int>("alphaSlider");  // α × 100, as the slider holds it
  QTest::addColumn<int>("resolution");
  QTest::addColumn<bool>("standard");
  QTest::newRow("0.25/128 separable") << 25 << 128 << false;
  QTest::newRow("0.5/160 separable") << 50 << 160 << false;
  QTest::newRow("0.75/192 separable") << 75 << 192 << false;
  QTest::newRow("1.0/224 separable") << 100 << 224 << false;
  QTest::newRow("0.33/96 separable, off the grid") << 33 << 96 << false;
  QTest::newRow("0.6/208 separable, truncating widths") << 60 << 208 << false;
  QTest::newRow("1.0/320 separable, largest") << 100 << 320 << false;
  QTest::newRow("1.0/224 standard") << 100 << 224 << true;
  QTest::newRow("0.5/160 standard") << 50 << 160 << true;
  QTest::newRow("0.25/96 standard, smallest") << 25 << 96 << true;
}

void TestCostReadouts::slidersSetReadouts() {
  QFETCH(int, alphaSlider);
  QFETCH(int, resolution);
  QFETCH(bool, standard);
  MultiplierControls* controls = window_->controls();
  QSignalSpy spy(controls, &MultiplierControls::networkChanged);

  // As a person would: the switch, then each slider.
  (standard ? controls->standardButton() : controls->separableButton())->click();
  controls->alphaSlider()->setValue(alphaSlider);
  controls->resolutionSlider()->setValue((resolution - MultiplierControls::kMinResolution) /
                                         MultiplierControls::kResolutionStep);

  const NetworkConfig expected{alphaSlider / 100.0, resolution, 1000,
                               standard ? ConvMode::Standard : ConvMode::Separable};
  QVERIFY(spy.count() >= 1);
  const auto emitted = spy.last().at(0).value<NetworkConfig>();
  QCOMPARE(emitted.resolution, expected.resolution);
  QVERIFY(emitted.conv == expected.conv);
  QVERIFY(std::abs(emitted.alpha - expected.alpha) < 1e-12);

  // No event loop turn in between: the readouts follow in the same event as the slider.
  const NetworkCost analytic = computeCost(expected);
  TotalsPanel* totals = window_->costPanel()->totals();
  QCOMPARE(totals->cost().multAdds, analytic.multAdds);
  QCOMPARE(totals->cost().weights, analytic.weights);
  QCOMPARE(totals->cost().activationBytes, analytic.activationBytes);
  QCOMPARE(totals->multAdds()->value(),
           formatCount(static_cast<double>(analytic.multAdds), QStringLiteral("mult-adds")));
  QCOMPARE(totals->parameters()->value(),
           formatCount(static_cast<double>(analytic.weights), QStringLiteral("params")));
  QCOMPARE(totals->activations()->value(),
           formatBytes(static_cast<double>(analytic.activationBytes)));

  // Separable against standard at the same (α, size).
  NetworkConfig separable = expected, standardConfig = expected;
  separable.conv = ConvMode::Separable;
  standardConfig.conv = ConvMode::Standard;
  SeparableComparison* comparison = window_->costPanel()->separable();
  QCOMPARE(comparison->separable().multAdds, computeCost(separable).multAdds);
  QCOMPARE(comparison->standard().multAdds, computeCost(standardConfig).multAdds);
  QVERIFY(comparison->standard().multAdds > 5 * comparison->separable().multAdds);

  // The trade-off chart names this setting and its mult-adds.
  const QString caption = window_->costPanel()->tradeoffChart()->caption();
  QVERIFY2(caption.contains(formatCount(static_cast<double>(analytic.multAdds))),
           qPrintable(caption));
  QVERIFY2(
      caption.startsWith(QStringLiteral("%1/%2").arg(formatAlpha(expected.alpha)).arg(resolution)),
      qPrintable(caption));

  // The feature-map panel describes the same network: its layer has this network's channels.
  FeatureMapView* features = window_->featureMaps();
  const LayerCost* layer = analytic.find(features->layer());
  QVERIFY(layer);
  QCOMPARE(features->layerChannels(), layer->layer.output.channels);
}

void TestCostReadouts::paperBaseline() {
  // Table 4/6/7 of the paper, through the window: the 1.0/224 MobileNet is 569 M mult-adds and
  // 4.2 M parameters; the standard-conv one 4866 M and 29.3 M.
  MultiplierControls* controls = window_->controls();
  for (const paper::TableRow& row : paper::tableRows()) {
    if (row.resolution < MultiplierControls::kMinResolution) continue;
    if (std::abs(row.alpha * 100 - std::round(row.alpha * 100)) > 1e-9) continue;
    (row.conv == ConvMode::Standard ? controls->standardButton() : controls->separableButton())
        ->click();
    controls->alphaSlider()->setValue(static_cast<int>(std::lround(row.alpha * 100)));
    controls->resolutionSlider()->setValue((row.resolution - MultiplierControls::kMinResolution) /
                                           MultiplierControls::kResolutionStep);
    const NetworkCost& shown = window_->costPanel()->totals()->cost();
    const double millionMultAdds = shown.multAdds / 1e6;
    const double millionParams = shown.weights / 1e6;
    // The paper rounds to 1 M (0.1 M for parameters).
    QVERIFY2(std::abs(millionMultAdds - row.millionMultAdds) <=
                 std::max(1.0, 0.005 * row.millionMultAdds),
             qPrintable(QStringLiteral("%1 %2/%3: %4 vs %5")
                            .arg(QString::fromUtf8(row.table.data(), int(row.table.size())))
                            .arg(row.alpha)
                            .arg(row.resolution)
                            .arg(millionMultAdds)
                            .arg(row.millionMultAdds)));
    QVERIFY2(
        std::abs(millionParams - row.millionParams) <= std::max(0.05, 0.005 * row.millionParams),
        qPrintable(QStringLiteral("%1/%2 params: %3 vs %4")
                       .arg(row.alpha)
                       .arg(row.resolution)
                       .arg(millionParams)
                       .arg(row.millionParams)));
  }
  controls->separableButton()->click();
  controls->alphaSlider()->setValue(100);
  controls->resolutionSlider()->setValue((224 - MultiplierControls::kMinResolution) /
                                         MultiplierControls::kResolutionStep);
  QCOMPARE(window_->costPanel()->totals()->multAdds()->value(), QStringLiteral("569 M mult-adds"));
  QCOMPARE(window_->costPanel()->totals()->parameters()->value(), QStringLiteral("4.21 M params"));
  QCOMPARE(window_->costPanel()->totals()->multAdds()->detail(), QStringLiteral("= 1.0/224"));
}

void TestCostReadouts::changeAgainstBaseline() {
  // 0.5/160: mult-adds fall by α²ρ² ≈ 0.25 × 0.51 (the paper: 569 → 76 M, −87 %).
  MultiplierControls* controls = window_->controls();
  controls->separableButton()->click();
  controls->alphaSlider()->setValue(50);
  controls->resolutionSlider()->setValue((160 - MultiplierControls::kMinResolution) /
                                         MultiplierControls::kResolutionStep);
  const NetworkCost base = computeCost({1.0, 224, 1000, ConvMode::Separable});
  const NetworkCost now = computeCost({0.5, 160, 1000, ConvMode::Separable});
  const double ratio = static_cast<double>(now.multAdds) / base.multAdds;
  QVERIFY(ratio > 0.12 && ratio < 0.15);
  const QString detail = window_->costPanel()->totals()->multAdds()->detail();
  QCOMPARE(detail,
           formatChange(static_cast<double>(now.multAdds), static_cast<double>(base.multAdds)));
  QVERIFY2(detail.startsWith(QStringLiteral("\u221287 %")), qPrintable(detail));
  QVERIFY2(detail.contains(QStringLiteral("\u00d70.13")), qPrintable(detail));
}

void TestCostReadouts::costCsvMatchesModel() {
  const NetworkCost cost = computeCost({0.75, 192, 1000, ConvMode::Separable});
  const QStringList lines = costCsv(cost).trimmed().split(QLatin1Char('\n'));
  QCOMPARE(lines.size(), static_cast<int>(cost.layers.size()) + 3);  // comment, header, total
  long long sum = 0;
  for (int i = 2; i < lines.size() - 1; ++i)
    sum += lines[i].split(QLatin1Char(','))[6].toLongLong();
  QCOMPARE(sum, cost.multAdds);
  QCOMPARE(lines.last().split(QLatin1Char(','))[6].toLongLong(), cost.multAdds);
  QCOMPARE(lines.last().split(QLatin1Char(','))[7].toLongLong(), cost.weights);
}

void TestCostReadouts::snapToTrainedWidths_data() {
  QTest::addColumn<int>("dragged");
  QTest::addColumn<int>("snapped");
  QTest::newRow("0.60 → 0.50") << 60 << 50;
  QTest::newRow("0.63 → 0.75") << 63 << 75;
  QTest::newRow("0.30 → 0.25") << 30 << 25;
  QTest::newRow("0.90 → 1.00") << 90 << 100;
}

void TestCostReadouts::snapToTrainedWidths() {
  QFETCH(int, dragged);
  QFETCH(int, snapped);
  MultiplierControls* controls = window_->controls();
  controls->separableButton()->click();
  controls->setSnap(true);
  controls->alphaSlider()->setValue(dragged);
  QCOMPARE(controls->alphaSlider()->value(), snapped);
  QCOMPARE(controls->network().alpha, snapped / 100.0);
  // The readouts show the snapped network, not the one the drag passed through.
  QCOMPARE(window_->costPanel()->totals()->cost().multAdds,
           computeCost(controls->network()).multAdds);
  controls->setSnap(false);
  controls->alphaSlider()->setValue(dragged);
  QCOMPARE(controls->alphaSlider()->value(), dragged);
}

QTEST_MAIN(TestCostReadouts)
#include "tst_cost_readouts.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// The whole pipeline, as the window runs it: a photo from tests/data is read by the capture
// thread, classified by the engine on the inference thread with the bundled weights, and its
// expected top-1 (tests/data/expected_top1.tsv) appears in the prediction widget. Then the
// feature-map panel: selecting a layer shows a grid of that layer's channels, and enlarging a
// channel shows its statistics.
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QtTest>
#include <qcustomplot.h>

#include "mnl/cost_model.h"
#include "mnl/model_catalog.h"
#include "mnl/ui/channel_detail.h"
#include "mnl/ui/cost_panel.h"
#include "mnl/ui/latency_share_chart.h"
#include "mnl/ui/layer_cost_chart.h"
#include "mnl/ui/feature_grid.h"
#include "mnl/ui/feature_map_view.h"
#include "mnl/ui/formatting.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/prediction_bars.h"
#include "mnl/ui/status_bar.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

namespace {
constexpr int kTimeoutMs = 120'000;  // first model load on a busy 2-core machine
}

class TestPipeline : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { registerMetatypes(); }
  void photoShowsExpectedTop1_data();
  void photoShowsExpectedTop1();
  void untrainedWeightsSaySo();
  void layerGridHasLayerChannels_data();
  void layerGridHasLayerChannels();
  void pagesCoverWideLayers();
  void clickingBarSelectsLayer();
  void depthwiseTimeExceedsItsMultAdds();
};

void TestPipeline::photoShowsExpectedTop1_data() {
  QTest::addColumn<QString>("image");
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<QString>("label");
  QTest::addColumn<double>("probability");
  // Every TFLite model's clear answers (top-1 ≥ 0.95) under the engine's default centre crop.
  QFile file(test::testData("expected_top1.tsv"));
  QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
  int rows = 0;
  while (!file.atEnd()) {
    const QStringList f = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char('\t'));
    if (f.size() < 6 || f[2] != QLatin1String("center_square_crop") || f[0].startsWith("keras"))
      continue;
    const double p = f[5].toDouble();
    if (p < 0.95) continue;
    const QStringList model = f[0].split(QLatin1Char('_'));
    const double alpha = model[0].toDouble();
    const int resolution = model[1].toInt();
    // Only where a bundled model of that α is trained at that size.
    const auto bundled = bundledModelFor(alpha, resolution, ConvMode::Separable);
    if (!bundled || bundled->nativeResolution != resolution) continue;
    QTest::addRow("%s %s", qPrintable(f[1]), qPrintable(f[0]))
        << f[1] << alpha << resolution << f[4] << p;
    ++rows;
  }
  QVERIFY2(rows >= 4, "expected_top1.tsv should give at least four clear answers");
}

void TestPipeline::photoShowsExpectedTop1() {
  QFETCH(QString, image);
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(QString, label);
  QFETCH(double, probability);
  MainWindow window(test::launchOptions(test::testData(image), alpha, resolution));
  window.show();
  QSignalSpy shown(&window, &MainWindow::resultShown);
  PredictionBars* predictions = window.liveView()->predictions();
  QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, kTimeoutMs);
  QCOMPARE(predictions->showsUntrainedNotice(), false);
  QCOMPARE(predictions->topLabel(), label);
  QVERIFY2(std::abs(predictions->topProbability() - probability) < 0.05,
           qPrintable(QString::number(predictions->topProbability())));
  QCOMPARE(predictions->labels().size(), 5);
  QVERIFY(window.statusLine()->weightsText().contains(QStringLiteral(".tflite")));
  QVERIFY(!window.statusLine()->deviceText().isEmpty());
}

void TestPipeline::untrainedWeightsSaySo() {
  // α 0.6 has no trained weights: the prediction panel says so where the labels would be.
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.6, 160));
  window.show();
  QSignalSpy shown(&window, &MainWindow::resultShown);
  QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, kTimeoutMs);
  QVERIFY(window.liveView()->predictions()->showsUntrainedNotice());
  QVERIFY(window.statusLine()->weightsText().contains(QStringLiteral("labels mean nothing")));
}

void TestPipeline::layerGridHasLayerChannels_data() {
  QTest::addColumn<QString>("layer");
  QTest::addColumn<int>("channels");
  QTest::addColumn<int>("side");
  // MobileNet 0.5/160 (Table 1 with α = 0.5): channels halve, sides scale by 160/224.
  QTest::newRow("conv0") << "conv0" << 16 << 80;
  QTest::newRow("dw1") << "dw1" << 16 << 80;
  QTest::newRow("pw1") << "pw1" << 32 << 80;
  QTest::newRow("dw2 strides") << "dw2" << 32 << 40;
  QTest::newRow("pw3") << "pw3" << 64 << 40;
  QTest::newRow("pw6") << "pw6" << 256 << 10;
  QTest::newRow("dw13") << "dw13" << 512 << 5;
}

void TestPipeline::layerGridHasLayerChannels() {
  QFETCH(QString, layer);
  QFETCH(int, channels);
  QFETCH(int, side);
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.5, 160));
  window.resize(1600, 1000);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  FeatureMapView* view = window.featureMaps();
  // Pick it from the list, as a person would.
  QComboBox* picker = view->layerPicker();
  const int index = picker->findData(layer);
  QVERIFY(index >= 0);
  picker->setCurrentIndex(index);
  QCOMPARE(QString::fromStdString(view->layer()), layer);
  QCOMPARE(view->layerChannels(), channels);

  FeatureGrid* grid = view->grid();
  QTRY_VERIFY_WITH_TIMEOUT(grid->maps() && grid->maps()->layer == layer.toStdString(), kTimeoutMs);
  const FeatureMaps& maps = *grid->maps();
  QCOMPARE(maps.shape.channels, channels);
  QCOMPARE(maps.shape.height, side);
  QCOMPARE(maps.shape.width, side);
  QCOMPARE(grid->tileCount(), std::min(channels, FeatureMapView::kPageSize));
  QCOMPARE(view->pageCount(),
           (channels + FeatureMapView::kPageSize - 1) / FeatureMapView::kPageSize);
  QVERIFY2(view->layerInfo().contains(QStringLiteral("%1\u00d7%1\u00d7%2").arg(side).arg(channels)),
           qPrintable(view->layerInfo()));
  QCOMPARE(maps.side, std::min(side, FeatureMapView::kMaxSide));

  // Enlarge a channel by clicking its tile: the detail shows that channel's statistics.
  const int tile = std::min(5, grid->tileCount() - 1);
  QTest::mouseClick(grid, Qt::LeftButton, {}, grid->tileRect(tile).center());
  ChannelDetail* detail = view->detail();
  QCOMPARE(detail->channel(), tile);
  QVERIFY(detail->stats().has_value());
  // The detail follows the live result; compare with the snapshot it shows now.
  const FeatureMaps& now = *grid->maps();
  const ChannelStats& expected = now.stats[static_cast<std::size_t>(tile)];
  const ChannelStats shown = *detail->stats();
  QCOMPARE(shown.min, expected.min);
  QCOMPARE(shown.max, expected.max);
  QCOMPARE(shown.mean, expected.mean);
  QCOMPARE(shown.zeroFraction, expected.zeroFraction);
  QCOMPARE(shown.saturatedFraction, expected.saturatedFraction);
  // After ReLU6 every value lies in [0, 6]; the fractions are fractions.
  QVERIFY(shown.min >= 0.0f && shown.max <= 6.0f + 1e-4f);
  QVERIFY(shown.min <= shown.mean && shown.mean <= shown.max);
  QVERIFY(shown.zeroFraction >= 0 && shown.zeroFraction <= 1);
  QVERIFY(shown.saturatedFraction >= 0 && shown.saturatedFraction <= 1);
  QCOMPARE(detail->findChild<QLabel*>(QStringLiteral("statMax"))->text(),
           formatActivation(expected.max));
  QCOMPARE(detail->findChild<QLabel*>(QStringLiteral("statZeros"))->text(),
           formatPercent(expected.zeroFraction));
  QCOMPARE(detail->findChild<QLabel*>(QStringLiteral("statSaturated"))->text(),
           formatPercent(expected.saturatedFraction));
  QVERIFY(detail->findChild<QLabel*>(QStringLiteral("channelTitle"))
              ->text()
              .contains(QStringLiteral("channel %1 of %2").arg(tile).arg(channels)));
}

void TestPipeline::pagesCoverWideLayers() {
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.5, 160));
  window.show();
  FeatureMapView* view = window.featureMaps();
  view->selectLayer("pw13");  // 512 channels: 8 pages of 64
  QCOMPARE(view->pageCount(), 8);
  view->setPage(7);
  FeatureGrid* grid = view->grid();
  QTRY_VERIFY_WITH_TIMEOUT(
      grid->maps() && grid->maps()->layer == "pw13" && grid->maps()->firstChannel == 7 * 64,
      kTimeoutMs);
  QCOMPARE(grid->tileCount(), 64);
  QCOMPARE(grid->channelAt(grid->tileRect(63).center()), 511);
  view->setPage(99);  // clamped
  QCOMPARE(view->page(), 7);
}

void TestPipeline::clickingBarSelectsLayer() {
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.5, 160));
  window.show();
  QSignalSpy selected(window.featureMaps(), &FeatureMapView::layerSelected);
  window.featureMaps()->nextLayer();  // conv0 → dw1
  QCOMPARE(selected.count(), 1);
  QCOMPARE(selected.last().at(0).toString(), QStringLiteral("dw1"));
  window.featureMaps()->previousLayer();
  QCOMPARE(QString::fromStdString(window.featureMaps()->layer()), QStringLiteral("conv0"));

  // A click on pw6's bar in the cost chart selects pw6 in the feature maps.
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  LayerCostChart* chart = window.costPanel()->layerChart();
  chart->plot()->replot();
  const QPoint bar = chart->barCentre("pw6");
  QCOMPARE(chart->layerAt(bar), std::string("pw6"));
  QTest::mouseClick(chart->plot(), Qt::LeftButton, {}, bar);
  QCOMPARE(QString::fromStdString(window.featureMaps()->layer()), QStringLiteral("pw6"));
  QCOMPARE(selected.last().at(0).toString(), QStringLiteral("pw6"));
  QCOMPARE(window.featureMaps()->layerChannels(), 256);
}

void TestPipeline::depthwiseTimeExceedsItsMultAdds() {
  // The measured pass (Engine::profileLayers) beside the analytic shares: depthwise layers do
  // ~3 % of MobileNet's mult-adds but take a larger share of its time (few mult-adds per byte).
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 1.0, 224));
  window.show();
  LatencyShareChart* chart = window.costPanel()->latencyChart();
  QTRY_VERIFY_WITH_TIMEOUT(chart->timed(), kTimeoutMs);
  const double dwMultAdds = chart->multAddPercent(LayerType::Depthwise);
  const double dwTime = chart->timePercent(LayerType::Depthwise);
  const double pwMultAdds = chart->multAddPercent(LayerType::Pointwise);
  qInfo(
      "depthwise: %.1f %% of mult-adds, %.1f %% of time; pointwise: %.1f %% of mult-adds, "
      "%.1f %% of time",
      dwMultAdds, dwTime, pwMultAdds, chart->timePercent(LayerType::Pointwise));
  QVERIFY(dwMultAdds > 2.5 && dwMultAdds < 3.5);  // Table 2: 3.06 %
  QVERIFY(pwMultAdds > 94 && pwMultAdds < 96);    // Table 2: 94.86 %
  QVERIFY2(dwTime > dwMultAdds, qPrintable(QString::number(dwTime)));
  double total = 0;
  for (LayerType type : {LayerType::Conv, LayerType::Depthwise, LayerType::Pointwise,
                         LayerType::Pool, LayerType::FullyConnected})
    total += chart->timePercent(type);
  QVERIFY(std::abs(total - 100.0) < 1e-6);
  QVERIFY(chart->summary().contains(QStringLiteral("depthwise")));
}

QTEST_MAIN(TestPipeline)
#include "tst_pipeline.moc"

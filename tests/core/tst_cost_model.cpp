// SPDX-License-Identifier: GPL-3.0-or-later
// The analytic cost model against the MobileNets paper (arXiv 1704.04861): Tables 2, 3, 4, 6
// and 7, and the exact recomputed counts of the project's reference sheet.
#include <QtTest>

#include <cmath>
#include <limits>

#include "mnl/cost_model.h"
#include "mnl/paper.h"

using namespace mnl;

class TestCostModel : public QObject {
  Q_OBJECT

 private slots:
  void widthRule_data();
  void widthRule();
  void shapes_data();
  void shapes();
  void paperTables_data();
  void paperTables();
  void recomputedMultAdds_data();
  void recomputedMultAdds();
  void exactParameterCounts_data();
  void exactParameterCounts();
  void table2Shares_data();
  void table2Shares();
  void table3SingleLayer();
  void standardConvolution();
  void separableRatio();
  void activationMemory();
  void rejectsInvalidConfigs_data();
  void rejectsInvalidConfigs();
  void largestSupportedNetworkIsCountedExactly();
  void equivalentLayers_data();
  void equivalentLayers();
};

void TestCostModel::widthRule_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("base");
  QTest::addColumn<int>("expected");
  QTest::newRow("1.0 keeps 32") << 1.0 << 32 << 32;
  QTest::newRow("0.75 of 1024") << 0.75 << 1024 << 768;
  QTest::newRow("0.25 of 32 is 8") << 0.25 << 32 << 8;
  QTest::newRow("0.1 of 32 floors at 8") << 0.1 << 32 << 8;
  QTest::newRow("0.6 of 32 truncates 19.2") << 0.6 << 32 << 19;
  QTest::newRow("0.6 of 1024 truncates 614.4") << 0.6 << 1024 << 614;
  QTest::newRow("1.3 widens") << 1.3 << 64 << 83;
}

void TestCostModel::widthRule() {
  QFETCH(double, alpha);
  QFETCH(int, base);
  QFETCH(int, expected);
  QCOMPARE(scaledChannels(alpha, base), expected);
}

void TestCostModel::shapes_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<QString>("layer");
  QTest::addColumn<int>("side");
  QTest::addColumn<int>("channels");
  QTest::newRow("224 conv0") << 1.0 << 224 << "conv0" << 112 << 32;
  QTest::newRow("224 dw2 strides") << 1.0 << 224 << "dw2" << 56 << 64;
  QTest::newRow("224 pw6") << 1.0 << 224 << "pw6" << 14 << 512;
  QTest::newRow("224 dw13 stride 1") << 1.0 << 224 << "dw13" << 7 << 1024;
  QTest::newRow("224 pw13") << 1.0 << 224 << "pw13" << 7 << 1024;
  QTest::newRow("224 pool") << 1.0 << 224 << "pool" << 1 << 1024;
  QTest::newRow("0.6/200 pw13 rounds up odd sides") << 0.6 << 200 << "pw13" << 7 << 614;
  QTest::newRow("0.5/160 pw13") << 0.5 << 160 << "pw13" << 5 << 512;
  QTest::newRow("32 is the smallest") << 1.0 << 32 << "pw13" << 1 << 1024;
}

void TestCostModel::shapes() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(QString, layer);
  QFETCH(int, side);
  QFETCH(int, channels);
  const NetworkCost cost = computeCost({alpha, resolution, 1000, ConvMode::Separable});
  const LayerCost* found = cost.find(layer.toStdString());
  QVERIFY(found);
  QCOMPARE(found->layer.output, (Shape{side, side, channels}));
  QCOMPARE(cost.layers.size(), std::size_t{29});  // conv0, 13 × (dw, pw), pool, fc
}

// Tables 6 and 7: mult-adds within ±1 M, parameters (the paper's rule) within ±0.05 M.
void TestCostModel::paperTables_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<double>("paperMultAdds");
  QTest::addColumn<double>("paperParams");
  for (const paper::TableRow& row : paper::tableRows()) {
    if (row.conv != ConvMode::Separable) continue;
    QTest::addRow("%s %.2f/%d", row.table.data(), row.alpha, row.resolution)
        << row.alpha << row.resolution << row.millionMultAdds << row.millionParams;
  }
}

void TestCostModel::paperTables() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(double, paperMultAdds);
  QFETCH(double, paperParams);
  const NetworkCost cost = computeCost({alpha, resolution, 1000, ConvMode::Separable});
  QVERIFY2(std::abs(cost.multAdds / 1e6 - paperMultAdds) <= 1.0,
           qPrintable(QString::number(cost.multAdds / 1e6)));
  QVERIFY2(std::abs(cost.weights / 1e6 - paperParams) <= 0.05,
           qPrintable(QString::number(cost.weights / 1e6)));
}

// The reference sheet's recomputed mult-adds for all 16 grid points (printed to 0.1 M).
void TestCostModel::recomputedMultAdds_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<double>("millions");
  const double table[4][4] = {{568.7, 418.1, 290.7, 186.4},
                              {325.4, 239.3, 166.4, 106.8},
                              {149.5, 110.0, 76.5, 49.2},
                              {41.0, 30.2, 21.1, 13.6}};
  const double alphas[4] = {1.0, 0.75, 0.5, 0.25};
  const int sizes[4] = {224, 192, 160, 128};
  for (int a = 0; a < 4; ++a)
    for (int r = 0; r < 4; ++r)
      QTest::addRow("%.2f/%d", alphas[a], sizes[r]) << alphas[a] << sizes[r] << table[a][r];
}

void TestCostModel::recomputedMultAdds() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(double, millions);
  const NetworkCost cost = computeCost({alpha, resolution, 1000, ConvMode::Separable});
  QVERIFY2(std::abs(cost.multAdds / 1e6 - millions) <= 0.05,
           qPrintable(QString::number(cost.multAdds / 1e6, 'f', 3)));
}

void TestCostModel::exactParameterCounts_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<qlonglong>("weights");
  QTest::addColumn<qlonglong>("params");
  QTest::newRow("1.0") << 1.0 << 4209088LL << 4231976LL;
  QTest::newRow("0.75") << 0.75 << 2568144LL << 2585560LL;
  QTest::newRow("0.5") << 0.5 << 1319648LL << 1331592LL;
  QTest::newRow("0.25") << 0.25 << 463600LL << 470072LL;
}

void TestCostModel::exactParameterCounts() {
  QFETCH(double, alpha);
  QFETCH(qlonglong, weights);
  QFETCH(qlonglong, params);
  // Parameters do not depend on the resolution: check two.
  for (int resolution : {224, 128}) {
    const NetworkCost cost = computeCost({alpha, resolution, 1000, ConvMode::Separable});
    QCOMPARE(cost.weights, weights);
    QCOMPARE(cost.params, params);
  }
}

// Table 2, with the first layer's mult-adds at the corrected 1.91% (the paper prints 1.19%).
void TestCostModel::table2Shares_data() {
  QTest::addColumn<int>("type");
  QTest::addColumn<double>("multAddsPercent");
  QTest::addColumn<double>("paramsPercent");
  QTest::newRow("conv 1x1") << int(LayerType::Pointwise) << 94.86 << 74.59;
  QTest::newRow("conv dw 3x3") << int(LayerType::Depthwise) << 3.06 << 1.06;
  QTest::newRow("conv 3x3 first") << int(LayerType::Conv) << 1.91 << 0.02;
  QTest::newRow("fc") << int(LayerType::FullyConnected) << 0.18 << 24.33;
}

void TestCostModel::table2Shares() {
  QFETCH(int, type);
  QFETCH(double, multAddsPercent);
  QFETCH(double, paramsPercent);
  const NetworkCost cost = computeCost({1.0, 224, 1000, ConvMode::Separable});
  const TypeShare& share = cost.byType.at(static_cast<LayerType>(type));
  QVERIFY2(std::abs(share.multAddsShare * 100 - multAddsPercent) < 0.005,
           qPrintable(QString::number(share.multAddsShare * 100, 'f', 4)));
  QVERIFY2(std::abs(share.weightsShare * 100 - paramsPercent) < 0.005,
           qPrintable(QString::number(share.weightsShare * 100, 'f', 4)));
}

// Table 3: one 14×14×512 → 14×14×512 layer.
void TestCostModel::table3SingleLayer() {
  const SingleLayerCost full = singleLayerCost(14, 512, 512);
  QCOMPARE(qRound(full.standardMultAdds / 1e6), 462);
  QCOMPARE(qRound(full.standardWeights / 1e4), 236);
  QCOMPARE(qRound(full.separableMultAdds / 1e5), 523);
  QCOMPARE(qRound(full.separableWeights / 1e4), 27);

  const int thin = scaledChannels(0.75, 512);
  const SingleLayerCost narrow = singleLayerCost(14, thin, thin);
  QCOMPARE(qRound(narrow.separableMultAdds / 1e5), 296);
  QCOMPARE(qRound(narrow.separableWeights / 1e4), 15);

  // ρ = 0.714 turns the 14×14 map into 10×10.
  const SingleLayerCost small = singleLayerCost(10, thin, thin);
  QCOMPARE(qRound(small.separableMultAdds / 1e5), 151);
  QCOMPARE(qRound(small.separableWeights / 1e4), 15);
}

// Table 4: "Conv MobileNet" of full 3×3 convolutions, 4866 M mult-adds and 29.3 M parameters.
void TestCostModel::standardConvolution() {
  const NetworkCost cost = computeCost({1.0, 224, 1000, ConvMode::Standard});
  QVERIFY(std::abs(cost.multAdds / 4866e6 - 1.0) < 0.001);
  QVERIFY(std::abs(cost.weights / 1e6 - 29.3) <= 0.05);
  QCOMPARE(cost.multAdds, 4867293184LL);
  QCOMPARE(cost.layers.size(), std::size_t{16});  // conv0…conv13, pool, fc
  QVERIFY(cost.find("conv13"));
  QVERIFY(!cost.find("dw1"));
  QVERIFY(!cost.layers[1].ratioToStandard.has_value());
}

void TestCostModel::separableRatio() {
  const NetworkCost cost = computeCost({1.0, 224, 1000, ConvMode::Separable});
  const LayerCost* pw1 = cost.find("pw1");
  const LayerCost* dw6 = cost.find("dw6");
  QVERIFY(pw1 && pw1->ratioToStandard && dw6 && dw6->ratioToStandard);
  QCOMPARE(*pw1->ratioToStandard, 1.0 / 64 + 1.0 / 9);  // N = 64 outputs, D_K = 3
  QCOMPARE(*dw6->ratioToStandard, 1.0 / 512 + 1.0 / 9);
  QVERIFY(!cost.find("conv0")->ratioToStandard.has_value());
}

void TestCostModel::activationMemory() {
  const NetworkCost cost = computeCost({1.0, 224, 1000, ConvMode::Separable});
  QCOMPARE(cost.find("conv0")->activationBytes, 112LL * 112 * 32 * 4);
  QCOMPARE(cost.find("fc")->activationBytes, 1000LL * 4);
  // The largest in + out pair: dw1 (112×112×32 → 112×112×32) and pw1 (→ 112×112×64) tie
  // below pw1's 32 + 64 channels.
  QCOMPARE(cost.peakActivationBytes, 112LL * 112 * (32 + 64) * 4);
  long long sum = 0;
  for (const LayerCost& layer : cost.layers) sum += layer.activationBytes;
  QCOMPARE(cost.activationBytes, sum);
}

void TestCostModel::rejectsInvalidConfigs_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<int>("classes");
  QTest::newRow("alpha 0") << 0.0 << 224 << 1000;
  QTest::newRow("negative alpha") << -0.5 << 224 << 1000;
  QTest::newRow("NaN alpha") << std::nan("") << 224 << 1000;
  QTest::newRow("resolution 31") << 1.0 << 31 << 1000;
  QTest::newRow("no classes") << 1.0 << 224 << 0;
  // Beyond what the counts can hold (an α of 10⁹ made int(α·1024) overflow).
  QTest::newRow("alpha 10^9") << 1e9 << 224 << 1000;
  QTest::newRow("infinite alpha") << std::numeric_limits<double>::infinity() << 224 << 1000;
  QTest::newRow("alpha just above 64") << 64.001 << 224 << 1000;
  QTest::newRow("resolution 16385") << 1.0 << 16385 << 1000;
  QTest::newRow("2^20 + 1 classes") << 1.0 << 224 << (1 << 20) + 1;
}

void TestCostModel::rejectsInvalidConfigs() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(int, classes);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                           computeCost({alpha, resolution, classes, ConvMode::Separable}));
}

// The largest network the core accepts: its counts exceed 32 bits (pw13 alone has (64·1024)²
// = 4.3·10⁹ weights) and must come out exact. Weights by the paper's rule, worked out here
// independently: conv0 27·C0, each block 9·Cin + Cin·Cout, FC Clast·classes.
void TestCostModel::largestSupportedNetworkIsCountedExactly() {
  const NetworkConfig config{kMaxSupportedAlpha, kMaxSupportedResolution, kMaxSupportedClasses,
                             ConvMode::Separable};
  const NetworkCost cost = computeCost(config);
  const long long widths[] = {32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
  const long long alpha = static_cast<long long>(kMaxSupportedAlpha);
  long long weights = 27 * alpha * widths[0];
  for (int i = 1; i < 14; ++i)
    weights += 9 * alpha * widths[i - 1] + alpha * alpha * widths[i - 1] * widths[i];
  weights += alpha * widths[13] * kMaxSupportedClasses;
  QCOMPARE(cost.weights, weights);
  QVERIFY(cost.weights > (1ll << 32));
  QCOMPARE(cost.find("pw13")->weights, (alpha * 1024) * (alpha * 1024));
  for (const LayerCost& layer : cost.layers)
    QVERIFY2(layer.multAdds >= 0 && layer.activationBytes > 0, layer.layer.name.c_str());
  // The last feature map: 16384 / 32 = 512 pixels a side, 65536 channels, pooled for the FC.
  QCOMPARE(cost.find("pw13")->multAdds, 512ll * 512 * (alpha * 1024) * (alpha * 1024));
  // Standard convolutions hold the largest counts: conv13 is 3×3 over 65536 channels.
  const NetworkCost standard = computeCost({kMaxSupportedAlpha, kMaxSupportedResolution,
                                            kMaxSupportedClasses, ConvMode::Standard});
  QCOMPARE(standard.find("conv13")->multAdds, 512ll * 512 * 9 * (alpha * 1024) * (alpha * 1024));
  QVERIFY(standard.multAdds > standard.find("conv13")->multAdds);
}

void TestCostModel::equivalentLayers_data() {
  QTest::addColumn<QString>("layer");
  QTest::addColumn<bool>("toStandard");
  QTest::addColumn<QString>("expected");
  QTest::newRow("pw5 → conv5") << "pw5" << true << "conv5";
  QTest::newRow("dw5 → conv5") << "dw5" << true << "conv5";
  QTest::newRow("conv5 → pw5") << "conv5" << false << "pw5";
  QTest::newRow("conv0 stays") << "conv0" << true << "conv0";
  QTest::newRow("fc stays") << "fc" << true << "fc";
  QTest::newRow("unknown → first") << "nonsense" << false << "conv0";
}

void TestCostModel::equivalentLayers() {
  QFETCH(QString, layer);
  QFETCH(bool, toStandard);
  QFETCH(QString, expected);
  NetworkConfig config;
  config.conv = toStandard ? ConvMode::Standard : ConvMode::Separable;
  QCOMPARE(QString::fromStdString(equivalentLayer(layer.toStdString(), config)), expected);
}

QTEST_APPLESS_MAIN(TestCostModel)
#include "tst_cost_model.moc"

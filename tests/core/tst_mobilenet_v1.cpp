// SPDX-License-Identifier: GPL-3.0-or-later
// The LibTorch model against the analytic cost model: every layer's output shape and the
// parameter count, over a grid of α and sizes that includes values off the paper's grid.
#include <QtTest>

#include "mnl/cost_model.h"
#include "mnl/heap_policy.h"
#include "torch_probe.h"

using namespace mnl;

class TestMobileNetV1 : public QObject {
  Q_OBJECT

 private slots:
  void matchesCostModel_data();
  void matchesCostModel();
  void samePaddingIsAsymmetric();
  void symmetricPadding();
  void tapsDoNotChangeLogits();
  void foldedBatchNormGivesTheSameOutputs_data();
  void foldedBatchNormGivesTheSameOutputs();
  void cpuLayersAreFused();
  void batchGivesEachImageItsOwnLogits_data();
  void batchGivesEachImageItsOwnLogits();
  void largeBatchesReuseTheirMemory();
  void unknownTapIsRejected();
};

void TestMobileNetV1::matchesCostModel_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<int>("classes");
  QTest::addColumn<int>("mode");
  QTest::addColumn<int>("padding");
  const int separable = int(ConvMode::Separable);
  const int same = int(PaddingMode::TensorFlowSame);
  QTest::newRow("1.0/224") << 1.0 << 224 << 1000 << separable << same;
  QTest::newRow("0.25/128, 1001 classes") << 0.25 << 128 << 1001 << separable << same;
  QTest::newRow("0.5/160") << 0.5 << 160 << 1000 << separable << same;
  QTest::newRow("0.75/192 symmetric") << 0.75 << 192 << 1000 << separable
                                      << int(PaddingMode::Symmetric);
  QTest::newRow("0.6/200 off the grid") << 0.6 << 200 << 1000 << separable << same;
  QTest::newRow("0.35/97 odd size") << 0.35 << 97 << 10 << separable << same;
  QTest::newRow("0.1/32 smallest") << 0.1 << 32 << 5 << separable << same;
  QTest::newRow("1.3/256 wider") << 1.3 << 256 << 1000 << separable << same;
  QTest::newRow("standard 0.5/128") << 0.5 << 128 << 1000 << int(ConvMode::Standard) << same;
  QTest::newRow("standard 0.25/100 symmetric")
      << 0.25 << 100 << 1000 << int(ConvMode::Standard) << int(PaddingMode::Symmetric);
}

void TestMobileNetV1::matchesCostModel() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(int, classes);
  QFETCH(int, mode);
  QFETCH(int, padding);
  const NetworkConfig config{alpha, resolution, classes, static_cast<ConvMode>(mode)};
  const NetworkCost cost = computeCost(config);

  const auto shapes = probe::layerOutputShapes(config, static_cast<PaddingMode>(padding));
  QCOMPARE(shapes.size(), cost.layers.size());
  for (std::size_t i = 0; i < shapes.size(); ++i) {
    const LayerSpec& spec = cost.layers[i].layer;
    QCOMPARE(shapes[i].name, spec.name);
    std::vector<int64_t> expected{1, spec.output.channels};
    if (spec.type != LayerType::FullyConnected) {
      expected.push_back(spec.output.height);
      expected.push_back(spec.output.width);
    }
    QCOMPARE(shapes[i].sizes, expected);
  }
  QCOMPARE(probe::parameterCount(config), cost.params);
}

// TensorFlow SAME on a stride-2 conv of an even input: nothing on top/left, one row/column of
// zeros at bottom/right. With an all-ones input and weights averaging the 3×3×3 window, a
// corner output is the fraction of its window that lies inside the image.
void TestMobileNetV1::samePaddingIsAsymmetric() {
  const std::vector<float> corners = probe::conv0Corners(32, PaddingMode::TensorFlowSame);
  QCOMPARE(corners.size(), std::size_t{4});
  QVERIFY(qFuzzyCompare(corners[0], 1.0f));         // top-left: whole window inside
  QVERIFY(qFuzzyCompare(corners[1], 6.0f / 9.0f));  // top-right: last column padded
  QVERIFY(qFuzzyCompare(corners[2], 6.0f / 9.0f));
  QVERIFY(qFuzzyCompare(corners[3], 4.0f / 9.0f));
}

void TestMobileNetV1::symmetricPadding() {
  const std::vector<float> corners = probe::conv0Corners(32, PaddingMode::Symmetric);
  QVERIFY(qFuzzyCompare(corners[0], 4.0f / 9.0f));  // top-left padded on both sides
  QVERIFY(qFuzzyCompare(corners[1], 6.0f / 9.0f));  // 32 = 2·16: the last window ends inside
  QVERIFY(qFuzzyCompare(corners[2], 6.0f / 9.0f));
  QVERIFY(qFuzzyCompare(corners[3], 1.0f));
}

void TestMobileNetV1::tapsDoNotChangeLogits() {
  QVERIFY(probe::tapsLeaveLogitsUnchanged({0.5, 96, 1000, ConvMode::Separable}));
}

// InferenceNetwork folds each batch norm into its convolution: same outputs to float rounding.
void TestMobileNetV1::foldedBatchNormGivesTheSameOutputs_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<int>("mode");
  QTest::addColumn<int>("padding");
  QTest::addColumn<QString>("tap");
  const int separable = int(ConvMode::Separable);
  QTest::newRow("0.5/160 SAME, pw6") << 0.5 << 160 << separable
                                     << int(PaddingMode::TensorFlowSame) << "pw6";
  QTest::newRow("0.75/97 odd size, dw2") << 0.75 << 97 << separable
                                         << int(PaddingMode::TensorFlowSame) << "dw2";
  QTest::newRow("0.25/128 symmetric, conv0")
      << 0.25 << 128 << separable << int(PaddingMode::Symmetric) << "conv0";
  QTest::newRow("standard 0.25/64, conv13")
      << 0.25 << 64 << int(ConvMode::Standard) << int(PaddingMode::TensorFlowSame) << "conv13";
}

void TestMobileNetV1::foldedBatchNormGivesTheSameOutputs() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(int, mode);
  QFETCH(int, padding);
  QFETCH(QString, tap);
  const probe::FoldingError error =
      probe::foldingError({alpha, resolution, 1000, static_cast<ConvMode>(mode)},
                          static_cast<PaddingMode>(padding), tap.toStdString());
  QVERIFY(error.logitScale > 0.01);  // the comparison is not between zeros
  QVERIFY2(error.logits < 1e-4 * std::max(1.0, error.logitScale),
           qPrintable(QString::number(error.logits)));
  QVERIFY2(error.tap < 1e-4, qPrintable(QString::number(error.tap)));
}

// PyTorch's wheels (what scripts/setup.sh installs) are built with oneDNN, so the folded
// network's CPU layers are single fused convolutions; the comparisons above then check the
// fused operator, not the conv2d + clamp fallback.
void TestMobileNetV1::cpuLayersAreFused() { QVERIFY(probe::cpuLayersAreFused()); }

// A batch runs with oneDNN weights packed for its size (batch 1's at construction, at most 3
// sizes kept), whole or, past RuntimeOptions::cpuBatchBytes, in sub-batches; each image must
// still get what it gets alone, in the logits and in a tapped layer. Any packed layout gives
// the right numbers, so the sequences also walk the cache through hits and evictions.
void TestMobileNetV1::batchGivesEachImageItsOwnLogits_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<int>("mode");
  QTest::addColumn<QList<int>>("batches");
  QTest::addColumn<QString>("tap");
  QTest::addColumn<int>("budgetImages");  // 0: the default budget (whole batches here)
  const int separable = int(ConvMode::Separable);
  QTest::newRow("0.25/128, batch 3") << 0.25 << 128 << separable << QList<int>{3} << "pw3" << 0;
  QTest::newRow("0.5/97 odd size, batch 8") << 0.5 << 97 << separable << QList<int>{8} << "dw2"
                                            << 0;
  QTest::newRow("0.25/64, sizes 2 3 4 5 2 (evictions)")
      << 0.25 << 64 << separable << QList<int>{2, 3, 4, 5, 2} << "pw13" << 0;
  QTest::newRow("standard 0.25/64, batch 4")
      << 0.25 << 64 << int(ConvMode::Standard) << QList<int>{4} << "conv5" << 0;
  QTest::newRow("0.25/96, batch 5 in sub-batches of 2")
      << 0.25 << 96 << separable << QList<int>{5} << "conv0" << 2;
}

void TestMobileNetV1::batchGivesEachImageItsOwnLogits() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(int, mode);
  QFETCH(QList<int>, batches);
  QFETCH(QString, tap);
  QFETCH(int, budgetImages);
  const probe::BatchError error = probe::batchVersusSingleError(
      {alpha, resolution, 1000, static_cast<ConvMode>(mode)},
      std::vector<int>(batches.begin(), batches.end()), tap.toStdString(), budgetImages);
  QVERIFY2(error.logits < 1e-5, qPrintable(QString::number(error.logits)));
  QVERIFY2(error.tap < 1e-5, qPrintable(QString::number(error.tap)));
}

// mobilenet-lab-cli keeps large freed blocks in the heap (heap_policy.h): at 1.0/224 batch 8 a
// layer's output is 25 MB, and with glibc's defaults every run mapped and faulted in about
// about 12,500 pages afresh. Once warm, a run must reuse what the last one freed.
void TestMobileNetV1::largeBatchesReuseTheirMemory() {
  if (!probe::glibcAllocator()) QSKIP("the allocator is not glibc's (a sanitizer build)");
  mnl::keepLargeBlocksInHeap();
  const double faults = probe::minorFaultsPerRun({1.0, 224, 1000}, 8, 4);
  QVERIFY2(faults < 500, qPrintable(QString::number(faults)));
}

void TestMobileNetV1::unknownTapIsRejected() {
  QCOMPARE(QString::fromStdString(probe::tapError("pw14")),
           QString("the network has no layer named 'pw14'"));
  QVERIFY(probe::tapError("pw13").empty());
}

QTEST_APPLESS_MAIN(TestMobileNetV1)
#include "tst_mobilenet_v1.moc"

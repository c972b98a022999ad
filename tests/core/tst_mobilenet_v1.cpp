// SPDX-License-Identifier: GPL-3.0-or-later
// The LibTorch model against the analytic cost model: every layer's output shape and the
// parameter count, over a grid of α and sizes that includes values off the paper's grid; the
// padding rules; batch norm folded for inference; batches against single images.
// Built with QT_NO_KEYWORDS (Q_SLOTS), so it includes torch and asserts on tensors directly.
#include <QtTest>
#include <sys/resource.h>
#include <torch/torch.h>

#include "allocation_probe.h"
#include "mnl/cost_model.h"
#include "mnl/heap_policy.h"
#include "mnl/inference_network.h"
#include "mnl/mobilenet_v1.h"

using namespace mnl;
using mnl::test::glibcAllocator;
using mnl::test::minorPageFaults;

namespace {

// A model in eval mode with the same random weights in every test.
MobileNetV1 seededModel(const NetworkConfig& config,
                        PaddingMode padding = PaddingMode::TensorFlowSame) {
  torch::manual_seed(7);
  MobileNetV1 model(ModelOptions{config, padding});
  model->eval();
  return model;
}

double maxAbsDifference(const torch::Tensor& a, const torch::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

// conv0 on an all-ones side×side image, with weights that average the 3×3×3 window and batch
// norm made the identity: each output of channel 0 is the fraction of its window that lies
// inside the image, which shows where the padding went.
torch::Tensor conv0WindowCoverage(int side, PaddingMode padding) {
  torch::NoGradGuard noGrad;
  MobileNetV1 model = seededModel({1.0, std::max(side, kMinResolution), 10}, padding);
  auto conv0 = model->features[0]->as<ConvBnRelu>();
  conv0->conv->weight.fill_(1.0 / 27.0);  // a full 3×3×3 window of ones sums to 1
  conv0->bn->running_var.fill_(1.0 - kBatchNormEpsilon);
  return conv0->forward(torch::ones({1, 3, side, side}))[0][0];
}


}  // namespace

class TestMobileNetV1 : public QObject {
  Q_OBJECT

 private Q_SLOTS:
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

  torch::NoGradGuard noGrad;
  MobileNetV1 model = seededModel(config, static_cast<PaddingMode>(padding));
  const ForwardResult result =
      model->forward(torch::rand({1, 3, resolution, resolution}), layerNames(config));
  QCOMPARE(result.taps.size(), cost.layers.size());
  for (std::size_t i = 0; i < result.taps.size(); ++i) {
    const auto& [name, output] = result.taps[i];
    const LayerSpec& spec = cost.layers[i].layer;
    QCOMPARE(name, spec.name);
    std::vector<int64_t> expected{1, spec.output.channels};
    if (spec.type != LayerType::FullyConnected) {
      expected.push_back(spec.output.height);
      expected.push_back(spec.output.width);
    }
    QCOMPARE(output.sizes().vec(), expected);
  }
  long long parameters = 0;
  for (const torch::Tensor& p : model->parameters()) parameters += p.numel();
  QCOMPARE(parameters, cost.params);
}

// TensorFlow SAME on a stride-2 conv of an even input: nothing on top/left, one row/column of
// zeros at bottom/right. A corner output is the fraction of its window inside the image.
void TestMobileNetV1::samePaddingIsAsymmetric() {
  const torch::Tensor coverage = conv0WindowCoverage(32, PaddingMode::TensorFlowSame);
  QCOMPARE(coverage.sizes().vec(), (std::vector<int64_t>{16, 16}));
  QVERIFY(qFuzzyCompare(coverage[0][0].item<float>(), 1.0f));  // whole window inside
  QVERIFY(qFuzzyCompare(coverage[0][15].item<float>(), 6.0f / 9.0f));  // last column padded
  QVERIFY(qFuzzyCompare(coverage[15][0].item<float>(), 6.0f / 9.0f));
  QVERIFY(qFuzzyCompare(coverage[15][15].item<float>(), 4.0f / 9.0f));
}

void TestMobileNetV1::symmetricPadding() {
  const torch::Tensor coverage = conv0WindowCoverage(32, PaddingMode::Symmetric);
  QCOMPARE(coverage.sizes().vec(), (std::vector<int64_t>{16, 16}));
  QVERIFY(qFuzzyCompare(coverage[0][0].item<float>(), 4.0f / 9.0f));  // padded on both sides
  QVERIFY(qFuzzyCompare(coverage[0][15].item<float>(), 6.0f / 9.0f));  // last window ends inside
  QVERIFY(qFuzzyCompare(coverage[15][0].item<float>(), 6.0f / 9.0f));
  QVERIFY(qFuzzyCompare(coverage[15][15].item<float>(), 1.0f));
}

void TestMobileNetV1::tapsDoNotChangeLogits() {
  torch::NoGradGuard noGrad;
  MobileNetV1 model = seededModel({0.5, 96, 1000, ConvMode::Separable});
  const torch::Tensor images = torch::rand({2, 3, 96, 96});
  const torch::Tensor plain = model->forward(images);
  const ForwardResult tapped = model->forward(images, {"pw13", "conv0", "fc"});
  QVERIFY(torch::equal(tapped.logits, plain));
  QCOMPARE(tapped.taps[2].first, std::string("fc"));
  QVERIFY(torch::equal(tapped.taps[2].second, plain));
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
  torch::NoGradGuard noGrad;
  MobileNetV1 model = seededModel({alpha, resolution, 1000, static_cast<ConvMode>(mode)},
                                  static_cast<PaddingMode>(padding));
  // Statistics a trained network could have, so that folding has something to fold.
  for (auto& buffer : model->named_buffers()) {
    if (buffer.key().find("running_mean") != std::string::npos) buffer.value().uniform_(-0.5, 0.5);
    if (buffer.key().find("running_var") != std::string::npos) buffer.value().uniform_(0.2, 2.0);
  }
  for (auto& p : model->named_parameters())
    if (p.key().find("bn.weight") != std::string::npos) p.value().uniform_(0.5, 1.5);
  const InferenceNetwork folded(model, torch::kCPU);

  const torch::Tensor images = torch::rand({2, 3, resolution, resolution}) * 2 - 1;
  const ForwardResult reference = model->forward(images, {tap.toStdString()});
  const ForwardResult result = folded.forward(images, {tap.toStdString()});
  const double logitScale = reference.logits.abs().max().item<double>();
  const double logitError = maxAbsDifference(result.logits, reference.logits);
  const double tapError = maxAbsDifference(result.taps[0].second, reference.taps[0].second);
  QVERIFY(logitScale > 0.01);  // the comparison is not between zeros
  QVERIFY2(logitError < 1e-4 * std::max(1.0, logitScale), qPrintable(QString::number(logitError)));
  QVERIFY2(tapError < 1e-4, qPrintable(QString::number(tapError)));
}

// PyTorch's wheels (what scripts/setup.sh installs) are built with oneDNN, so the folded
// network's CPU layers are single fused convolutions; the comparisons above then check the
// fused operator, not the conv2d + clamp fallback.
void TestMobileNetV1::cpuLayersAreFused() { QVERIFY(InferenceNetwork::fusedConvolutionAvailable()); }

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
  torch::NoGradGuard noGrad;
  const NetworkConfig config{alpha, resolution, 1000, static_cast<ConvMode>(mode)};
  RuntimeOptions runtime;
  // The largest layer's input + output in float32, as the cost model counts it.
  if (budgetImages > 0)
    runtime.cpuBatchBytes = computeCost(config).peakActivationBytes * budgetImages;
  const InferenceNetwork folded(seededModel(config), torch::kCPU, runtime);
  const std::vector<std::string> taps{tap.toStdString()};
  // The largest difference relative to the largest value of the batch's output.
  const auto relativeError = [](const torch::Tensor& batch, const torch::Tensor& singles) {
    return maxAbsDifference(batch, singles) / batch.abs().max().item<double>();
  };
  for (const int batch : batches) {
    const torch::Tensor images = torch::rand({batch, 3, resolution, resolution}) * 2 - 1;
    const ForwardResult together = folded.forward(images, taps);
    std::vector<torch::Tensor> logitsAlone, tapAlone;
    for (int i = 0; i < batch; ++i) {
      const ForwardResult alone = folded.forward(images.narrow(0, i, 1), taps);
      logitsAlone.push_back(alone.logits);
      tapAlone.push_back(alone.taps[0].second);
    }
    const double logitError = relativeError(together.logits, torch::cat(logitsAlone));
    const double tapError = relativeError(together.taps[0].second, torch::cat(tapAlone));
    QVERIFY2(logitError < 1e-5, qPrintable(QString("batch %1: %2").arg(batch).arg(logitError)));
    QVERIFY2(tapError < 1e-5, qPrintable(QString("batch %1: %2").arg(batch).arg(tapError)));
  }
}

// mobilenet-lab-cli keeps large freed blocks in the heap (heap_policy.h): at 1.0/224 batch 8 a
// layer's output is 25 MB, and with glibc's defaults every run mapped and faulted in about
// 12,500 pages afresh. Once warm, a run must reuse what the last one freed.
void TestMobileNetV1::largeBatchesReuseTheirMemory() {
  if (!glibcAllocator()) QSKIP("the allocator is not glibc's (a sanitizer build)");
  mnl::keepLargeBlocksInHeap();
  torch::NoGradGuard noGrad;
  const InferenceNetwork folded(seededModel({1.0, 224, 1000}), torch::kCPU);
  const torch::Tensor images = torch::rand({8, 3, 224, 224});
  for (int i = 0; i < 3; ++i) folded.forward(images);  // warm up
  const int runs = 4;
  const long before = minorPageFaults();
  for (int i = 0; i < runs; ++i) folded.forward(images);
  const double faultsPerRun = double(minorPageFaults() - before) / runs;
  QVERIFY2(faultsPerRun < 500, qPrintable(QString::number(faultsPerRun)));
}

void TestMobileNetV1::unknownTapIsRejected() {
  MobileNetV1 model = seededModel({0.25, 64, 10});
  const torch::Tensor image = torch::zeros({1, 3, 64, 64});
  QString error;
  try {
    model->forward(image, {"pw14"});
  } catch (const std::invalid_argument& e) {
    error = e.what();
  }
  QCOMPARE(error, QString("the network has no layer named 'pw14'"));
  QVERIFY_THROWS_NO_EXCEPTION(model->forward(image, {"pw13"}));
}

QTEST_APPLESS_MAIN(TestMobileNetV1)
#include "tst_mobilenet_v1.moc"

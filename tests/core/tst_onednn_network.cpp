// SPDX-License-Identifier: GPL-3.0-or-later
// The direct oneDNN path (OneDnnNetwork, as InferenceNetwork runs it) against the training-form
// model: odd sizes, both paddings, both conv modes, batch 1 and 8, a tapped layer, to 1e-5 of
// the output's scale; the LibTorch path the same way; what a warmed-up run allocates; what it
// refuses. Built with QT_NO_KEYWORDS: it includes torch.
#include <QtTest>
#include <malloc.h>
#include <torch/torch.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "allocation_probe.h"
#include "mnl/inference_network.h"
#include "mnl/mobilenet_v1.h"
#include "mnl/onednn_network.h"

using namespace mnl;
using mnl::test::minorPageFaults;

namespace {

// Every operator new of the process (oneDNN's included: it is a shared library and this
// program's definition wins) while `counting` is set.
std::atomic<bool> counting{false};
std::atomic<long> allocations{0};
std::atomic<long> largestAllocation{0};

}  // namespace

void* operator new(std::size_t size) {
  if (counting.load(std::memory_order_relaxed)) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    long largest = largestAllocation.load(std::memory_order_relaxed);
    while (long(size) > largest &&
           !largestAllocation.compare_exchange_weak(largest, long(size), std::memory_order_relaxed)) {
    }
  }
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

// The training-form model with the batch-norm statistics of real activations: each batch norm
// learns its running mean and variance from one training-mode pass over random images
// (momentum 1), with random scales and shifts on top, so every layer stays in ReLU6's working
// range and the logits depend on the image (with random statistics alone, deep layers saturate
// and every image gets the same logits, which would hide a mixed-up batch).
MobileNetV1 trainedLookingModel(const NetworkConfig& config, PaddingMode padding) {
  torch::NoGradGuard noGrad;
  torch::manual_seed(11);
  MobileNetV1 model(ModelOptions{config, padding});
  for (const auto& child : model->features->named_children()) {
    auto& bn = child.value()->as<ConvBnRelu>()->bn;
    bn->options.momentum(1.0);
    bn->weight.uniform_(0.5, 1.5);
    bn->bias.uniform_(0.0, 1.0);
  }
  model->train();
  model->forward(torch::rand({16, 3, config.resolution, config.resolution}) * 2 - 1);
  model->eval();
  return model;
}

// Largest difference as a fraction of the reference's largest magnitude.
double relativeError(const torch::Tensor& result, const torch::Tensor& reference) {
  const double scale = reference.abs().max().item<double>();
  return (result - reference).abs().max().item<double>() / std::max(scale, 1e-30);
}

// A network of random weights in the direct path's own form (no LibTorch involved).
DirectWeights randomWeights(const NetworkConfig& config) {
  torch::manual_seed(3);
  DirectWeights weights;
  weights.padding = PaddingMode::TensorFlowSame;
  int channels = 0;
  for (const LayerSpec& spec : buildLayers(config)) {
    if (spec.type == LayerType::Pool || spec.type == LayerType::FullyConnected) continue;
    const int64_t in = spec.type == LayerType::Depthwise ? 1 : spec.input.channels;
    const torch::Tensor w = torch::randn({spec.output.channels, in, spec.kernel, spec.kernel}) * 0.2;
    const torch::Tensor b = torch::randn({spec.output.channels}) * 0.1;
    weights.convolutions.push_back({spec, std::vector<float>(w.data_ptr<float>(), w.data_ptr<float>() + w.numel()),
                                    std::vector<float>(b.data_ptr<float>(), b.data_ptr<float>() + b.numel())});
    channels = spec.output.channels;
  }
  weights.classes = config.classes;
  const torch::Tensor fc = torch::randn({config.classes, channels}) * 0.1;
  weights.fcWeight.assign(fc.data_ptr<float>(), fc.data_ptr<float>() + fc.numel());
  weights.fcBias.assign(config.classes, 0.01f);
  return weights;
}

}  // namespace

class TestOneDnnNetwork : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void matchesTheTrainingFormModel_data();
  void matchesTheTrainingFormModel();
  void aWarmRunAllocatesNothing();
  void profileNamesEveryLayer();
  void refusesWhatItCannotRun();
};

void TestOneDnnNetwork::matchesTheTrainingFormModel_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");  // the network's planned size
  QTest::addColumn<int>("imageSide");   // the images' size (may differ: another plan)
  QTest::addColumn<int>("mode");
  QTest::addColumn<int>("padding");
  QTest::addColumn<int>("batch");
  QTest::addColumn<QString>("tap");
  QTest::addColumn<bool>("direct");
  const int separable = int(ConvMode::Separable), standard = int(ConvMode::Standard);
  const int same = int(PaddingMode::TensorFlowSame), symmetric = int(PaddingMode::Symmetric);
  for (const bool direct : {true, false}) {
    const char* path = direct ? "direct" : "LibTorch";
    QTest::addRow("%s 0.25/128 SAME, batch 1, dw13", path)
        << 0.25 << 128 << 128 << separable << same << 1 << "dw13" << direct;
    QTest::addRow("%s 0.5/97 odd SAME, batch 8, dw2", path)
        << 0.5 << 97 << 97 << separable << same << 8 << "dw2" << direct;
    QTest::addRow("%s 0.75/131 odd symmetric, batch 1, conv0", path)
        << 0.75 << 131 << 131 << separable << symmetric << 1 << "conv0" << direct;
    QTest::addRow("%s 1.0/224 symmetric, batch 8, pw13", path)
        << 1.0 << 224 << 224 << separable << symmetric << 8 << "pw13" << direct;
    QTest::addRow("%s standard 0.25/65 odd SAME, batch 1, conv7", path)
        << 0.25 << 65 << 65 << standard << same << 1 << "conv7" << direct;
    QTest::addRow("%s standard 0.5/96 symmetric, batch 8, pool", path)
        << 0.5 << 96 << 96 << standard << symmetric << 8 << "pool" << direct;
    QTest::addRow("%s 0.5/160 planned, images 113 SAME, batch 1, pw6", path)
        << 0.5 << 160 << 113 << separable << same << 1 << "pw6" << direct;
  }
}

void TestOneDnnNetwork::matchesTheTrainingFormModel() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(int, imageSide);
  QFETCH(int, mode);
  QFETCH(int, padding);
  QFETCH(int, batch);
  QFETCH(QString, tap);
  QFETCH(bool, direct);
  torch::NoGradGuard noGrad;
  MobileNetV1 model = trainedLookingModel(
      {alpha, resolution, 1000, ConvMode(mode)}, PaddingMode(padding));
  RuntimeOptions runtime;
  runtime.directOneDnn = direct;
  const InferenceNetwork network(model, torch::kCPU, runtime);
  QCOMPARE(network.runsDirectOneDnn(), direct);

  torch::manual_seed(5);
  const torch::Tensor images = torch::rand({batch, 3, imageSide, imageSide}) * 2 - 1;
  const std::vector<std::string> taps{tap.toStdString()};
  const ForwardResult result = network.forward(images, taps);
  // The reference in float64, so that the tolerance measures this path's rounding alone.
  model->to(torch::kDouble);
  ForwardResult reference = model->forward(images.to(torch::kDouble), taps);
  reference.logits = reference.logits.to(torch::kFloat);
  reference.taps[0].second = reference.taps[0].second.to(torch::kFloat);
  QCOMPARE(result.logits.sizes(), reference.logits.sizes());
  QCOMPARE(result.taps.at(0).second.sizes(), reference.taps.at(0).second.sizes());
  // Not a comparison of zeros, and each image its own answer (well above the tolerance).
  QVERIFY(reference.logits.abs().max().item<double>() > 0.01);
  if (batch > 1) {
    const torch::Tensor tapped = reference.taps[0].second;
    QVERIFY(relativeError(tapped[1], tapped[0]) > 1e-2);
    QVERIFY(relativeError(reference.logits[1], reference.logits[0]) > 1e-2);
  }
  const double logitError = relativeError(result.logits, reference.logits);
  const double tapError = relativeError(result.taps[0].second, reference.taps[0].second);
  QVERIFY2(logitError < 1e-5, qPrintable(QString("logits off by %1 of their scale").arg(logitError)));
  QVERIFY2(tapError < 1e-5, qPrintable(QString("%1 off by %2 of its scale").arg(tap).arg(tapError)));
}

// Once planned and run once, a frame allocates no memory of its own: no fresh page is touched,
// the heap does not grow, and the only operator new calls are oneDNN's bookkeeping inside each
// primitive's execute (a map of the call's few arguments, a few small blocks per primitive,
// which its public API cannot avoid): none is larger than that bookkeeping.
void TestOneDnnNetwork::aWarmRunAllocatesNothing() {
  const NetworkConfig config{0.5, 160, 1000, ConvMode::Separable};
  OneDnnNetwork network(randomWeights(config), 1, 160, 160);
  std::vector<float> image(3 * 160 * 160, 0.25f), logits(1000);
  for (int i = 0; i < 3; ++i) network.run(image.data(), logits.data());

  const long faultsBefore = minorPageFaults();
  const std::size_t heapBefore = mallinfo2().uordblks;
  allocations = 0;
  largestAllocation = 0;
  counting = true;
  for (int i = 0; i < 50; ++i) network.run(image.data(), logits.data());
  counting = false;
  const long faults = minorPageFaults() - faultsBefore;
  const std::size_t heapAfter = mallinfo2().uordblks;
  qInfo("50 warm runs: %ld operator new calls, largest %ld bytes; %ld minor page faults",
        allocations.load(), largestAllocation.load(), faults);
  QVERIFY(std::abs(logits[0]) > 0);  // it did run
  QVERIFY2(largestAllocation.load() < 1024,
           qPrintable(QString("an allocation of %1 bytes").arg(largestAllocation.load())));
  // A sanitizer's allocator keeps freed blocks in quarantine and hands out fresh ones.
  if (!mnl::test::glibcAllocator()) QSKIP("pages and heap: the allocator is not glibc's");
  QCOMPARE(faults, 0L);
  QCOMPARE(heapAfter, heapBefore);
}

void TestOneDnnNetwork::profileNamesEveryLayer() {
  const NetworkConfig config{0.25, 128, 10, ConvMode::Separable};
  OneDnnNetwork network(randomWeights(config), 1, 128, 128);
  std::vector<float> image(3 * 128 * 128, 0.5f);
  const std::vector<double> ms = network.profileLayers(image.data(), 3);
  QCOMPARE(ms.size(), network.layerCount() + 1);  // + fc
  QCOMPARE(network.layerCount(), std::size_t(28));  // conv0, 13 × (dw, pw), pool
  QCOMPARE(QString::fromStdString(network.layerName(27)), QString("pool"));
  for (double t : ms) QVERIFY(t > 0);
  const DirectShape last = network.outputShape(26);
  QCOMPARE(last.channels, 256);
  QCOMPARE(last.height, 4);
}

void TestOneDnnNetwork::refusesWhatItCannotRun() {
  const NetworkConfig config{0.25, 128, 10, ConvMode::Separable};
  DirectWeights weights = randomWeights(config);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, OneDnnNetwork(weights, 0, 128, 128));
  weights.fcWeight.pop_back();
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, OneDnnNetwork(weights, 1, 128, 128));
  weights = randomWeights(config);
  weights.convolutions[3].spec.input.channels += 1;  // dw2 no longer follows pw1
  try {
    OneDnnNetwork network(weights, 1, 128, 128);
    QFAIL("a network whose channels do not chain was accepted");
  } catch (const std::invalid_argument& e) {
    QVERIFY2(QString(e.what()).contains("dw2"), e.what());
  }
}

QTEST_GUILESS_MAIN(TestOneDnnNetwork)
#include "tst_onednn_network.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::Engine, the facade the window drives: classification of real photos, feature-map
// pages and their statistics, rebuilds only when the network changes, per-layer timings.
// engine.h is torch-free, so this Qt Test includes it directly.
#include <QtTest>

#include "mnl/engine.h"
#include "mnl/model_catalog.h"
#include "photo_frame.h"

using namespace mnl;
using mnl::test::loadFrame;

namespace {

EngineSettings settingsFor(double alpha, int resolution, const std::string& layer = "pw6") {
  EngineSettings settings;
  settings.network = {alpha, resolution, 1000, ConvMode::Separable};
  settings.featureMaps.layer = layer;
  return settings;
}

}  // namespace

class TestEngine : public QObject {
  Q_OBJECT

 private slots:
  void classifiesPhotos_data();
  void classifiesPhotos();
  void featureMapPage();
  void featureMapsArePooledToMaxSide();
  void rebuildsOnlyWhenTheNetworkChanges();
  void untrainedWidthSaysSo();
  void profilesEveryLayer();
  void float16OnTheCpuRunsFloat32();
  void reducedPrecisionsOnTheCpu();
  void calibratesOnTheSource_data();
  void calibratesOnTheSource();

 private:
  EngineOptions options_{defaultResourcesDir(), DeviceKind::Cpu, 0};
};

// Expected answers from tests/data/expected_top1.tsv (centre square crop), clear top-1 only.
void TestEngine::classifiesPhotos_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<QString>("photo");
  QTest::addColumn<int>("index");
  QTest::addColumn<QString>("label");
  QTest::addColumn<double>("probability");
  QTest::newRow("0.5/160 parrot") << 0.5 << 160 << "parrot.jpg" << 89 << "macaw" << 0.994;
  QTest::newRow("1.0/224 grace hopper")
      << 1.0 << 224 << "grace_hopper.bmp" << 653 << "military uniform" << 0.697;
  QTest::newRow("0.75/192 hot dog")
      << 0.75 << 192 << "hot_dog.jpg" << 935 << "hotdog, hot dog, red hot" << 0.810;
}

void TestEngine::classifiesPhotos() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(QString, photo);
  QFETCH(int, index);
  QFETCH(QString, label);
  QFETCH(double, probability);
  const Frame frame = loadFrame(photo);
  QVERIFY(frame.bgr);
  Engine engine(options_);
  engine.configure(settingsFor(alpha, resolution));
  const auto result = engine.run(frame);
  QVERIFY(result->model.trained);
  QCOMPARE(result->top.size(), std::size_t{5});
  QCOMPARE(result->top[0].index, index);
  QCOMPARE(QString::fromStdString(result->top[0].label), label);
  QVERIFY2(std::abs(result->top[0].probability - probability) < 0.05,
           qPrintable(QString::number(result->top[0].probability)));
  QVERIFY(result->top[0].probability >= result->top[1].probability);
}

void TestEngine::featureMapPage() {
  Engine engine(options_);
  EngineSettings settings = settingsFor(0.5, 160, "pw6");
  settings.featureMaps.firstChannel = 64;
  settings.featureMaps.channelCount = 64;
  engine.configure(settings);
  const auto result = engine.run(loadFrame("parrot.jpg"));
  QVERIFY(result->featureMaps);
  const FeatureMaps& maps = *result->featureMaps;
  QCOMPARE(maps.layer, std::string("pw6"));
  QCOMPARE(maps.shape, (Shape{10, 10, 256}));  // 160 / 16, int(0.5 · 512)
  QCOMPARE(maps.firstChannel, 64);
  QCOMPARE(maps.side, 10);
  QCOMPARE(maps.stats.size(), std::size_t{64});
  QCOMPARE(maps.values.size(), std::size_t{64 * 10 * 10});
  // Not pooled at this size: the statistics must be those of the values sent.
  for (std::size_t c = 0; c < maps.stats.size(); ++c) {
    const auto begin = maps.values.begin() + c * 100;
    const auto [lo, hi] = std::minmax_element(begin, begin + 100);
    const double mean = std::accumulate(begin, begin + 100, 0.0) / 100;
    const double zeros = std::count(begin, begin + 100, 0.0f) / 100.0;
    const double atSix = std::count(begin, begin + 100, 6.0f) / 100.0;
    QCOMPARE(maps.stats[c].min, *lo);
    QCOMPARE(maps.stats[c].max, *hi);
    QVERIFY(std::abs(maps.stats[c].mean - mean) < 1e-4);
    QVERIFY(std::abs(maps.stats[c].zeroFraction - zeros) < 1e-6);
    QVERIFY(std::abs(maps.stats[c].saturatedFraction - atSix) < 1e-6);
    QVERIFY(*lo >= 0.0f && *hi <= 6.0f);  // ReLU6
    QVERIFY(maps.layerMin <= *lo && maps.layerMax >= *hi);
  }
}

void TestEngine::featureMapsArePooledToMaxSide() {
  Engine engine(options_);
  EngineSettings settings = settingsFor(0.25, 224, "conv0");
  settings.featureMaps.maxSide = 28;
  settings.featureMaps.channelCount = 100;  // more than the layer has: clamped
  engine.configure(settings);
  const auto result = engine.run(loadFrame("bird.bmp"));
  const FeatureMaps& maps = *result->featureMaps;
  QCOMPARE(maps.shape, (Shape{112, 112, 8}));
  QCOMPARE(maps.side, 28);
  QCOMPARE(maps.stats.size(), std::size_t{8});
  QCOMPARE(maps.values.size(), std::size_t{8 * 28 * 28});
}

void TestEngine::rebuildsOnlyWhenTheNetworkChanges() {
  Engine engine(options_);
  const Frame frame = loadFrame("cat.bmp");
  engine.configure(settingsFor(0.25, 128));
  QVERIFY(engine.run(frame)->rebuilt);
  QVERIFY(!engine.run(frame)->rebuilt);
  engine.configure(settingsFor(0.25, 128, "dw3"));  // another layer: same network
  const auto sameNet = engine.run(frame);
  QVERIFY(!sameNet->rebuilt);
  QCOMPARE(sameNet->featureMaps->layer, std::string("dw3"));
  engine.configure(settingsFor(0.25, 96, "dw3"));
  const auto smaller = engine.run(frame);
  QVERIFY(smaller->rebuilt);
  QCOMPARE(smaller->model.preprocessing.inputSize, 96);
  QCOMPARE(smaller->featureMaps->shape, (Shape{24, 24, 32}));  // dw3 at 96: 96/4, int(.25·128)  // dw3 at 96: 96/4, int(.25·128)
}

void TestEngine::untrainedWidthSaysSo() {
  Engine engine(options_);
  engine.configure(settingsFor(0.6, 200, "fc"));
  const auto result = engine.run(loadFrame("owl.jpg"));
  QVERIFY(!result->model.trained);
  QVERIFY(QString::fromStdString(result->model.weights).contains("untrained"));
  QCOMPARE(result->featureMaps->shape, (Shape{1, 1, 1001}));
  QCOMPARE(result->top.size(), std::size_t{5});
}

void TestEngine::profilesEveryLayer() {
  Engine engine(options_);
  const EngineSettings settings = settingsFor(0.25, 96);
  engine.configure(settings);
  const auto timings = engine.profileLayers(2);
  const auto names = layerNames(settings.network);
  QCOMPARE(timings.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    QCOMPARE(timings[i].name, names[i]);
    QVERIFY(timings[i].milliseconds > 0);
  }
  QCOMPARE(QString::fromStdString(engine.device().describe()).left(5), QString("CPU, "));
}

// FP16 is a CUDA option: asked for on the CPU, the engine says so and runs FP32 (CPU
// half-precision convolutions are 20 times slower here), with the same answers.
void TestEngine::float16OnTheCpuRunsFloat32() {
  if (cudaAvailable()) QSKIP("this machine has a GPU: FP16 would run");
  EngineOptions options = options_;
  options.precision = Precision::Float16;
  Engine half(options);
  Engine full(options_);
  QCOMPARE(half.device().precision, Precision::Float32);
  QCOMPARE(QString::fromStdString(half.device().notice),
           QString("FP16 is a CUDA option: the CPU runs FP32"));
  QCOMPARE(QString::fromStdString(full.device().notice), QString());
  const EngineSettings settings = settingsFor(0.25, 128);
  half.configure(settings);
  full.configure(settings);
  const Frame frame = loadFrame("parrot.jpg");
  const auto a = half.run(frame), b = full.run(frame);
  QCOMPARE(a->top.front().index, b->top.front().index);
  QCOMPARE(a->top.front().probability, b->top.front().probability);
}

// bf16 and int8 where this CPU has the instructions: the engine runs them with fp32's answer on
// a clear photo and checks them against fp32 (the first frame, then every few): the check
// agrees, and says how far each layer is. Where the CPU lacks them, FP32 runs and the model
// says why. Back to fp32: no check.
void TestEngine::reducedPrecisionsOnTheCpu() {
  Engine engine(options_);
  EngineSettings settings = settingsFor(0.5, 160);
  engine.configure(settings);
  const Frame frame = loadFrame("parrot.jpg");
  const auto exact = engine.run(frame);
  QVERIFY(!exact->precisionCheck);
  QCOMPARE(exact->model.precision, Precision::Float32);
  for (const Precision precision : {Precision::BFloat16, Precision::Int8}) {
    settings.precision = precision;
    engine.configure(settings);
    const auto first = engine.run(frame);
    QCOMPARE(first->top.front().index, exact->top.front().index);  // the macaw, 0.99 in fp32
    const std::string problem = Engine::cpuPrecisionProblem(precision);
    if (!problem.empty()) {
      QCOMPARE(first->model.precision, Precision::Float32);
      QCOMPARE(first->model.precisionProblem, problem + ": FP32 runs instead");
      QVERIFY(!first->precisionCheck);
      continue;
    }
    QCOMPARE(first->model.precision, precision);
    QVERIFY(first->model.precisionProblem.empty());
    QVERIFY(first->precisionCheck);
    const PrecisionCheck& check = *first->precisionCheck;
    QCOMPARE(check.precision, precision);
    QCOMPARE(check.checked, 1);  // the first frame is checked
    QCOMPARE(check.agreeing, 1);
    QVERIFY(check.largestProbabilityDifference < 0.05);
    QCOMPARE(check.largestLeadTurned, 0.0);  // nothing turned
    QCOMPARE(check.layerErrors.size(), std::size_t{27});
    QCOMPARE(check.layerErrors.front().first, std::string("conv0"));
    QVERIFY(check.layerErrors.front().second < 1e-5);  // conv0 runs fp32 in every format
    for (const auto& [layer, error] : check.layerErrors) QVERIFY2(error < 0.35, layer.c_str());
    // The next frames reuse that check until the next one is due.
    for (int i = 1; i < check.every; ++i) QCOMPARE(engine.run(frame)->precisionCheck->checked, 1);
    QCOMPARE(engine.run(frame)->precisionCheck->checked, 2);
  }
  settings.precision = Precision::Float32;
  engine.configure(settings);
  QVERIFY(!engine.run(frame)->precisionCheck);
}

// Int8's scales from the source itself: a dim scene (the parrot at a quarter of its brightness),
// where a dozen layers stay below ReLU6's 6 (their largest outputs 4.2 to 5.9). After eight
// checks the engine has measured each layer's largest output in their fp32 passes, builds
// int8 again with the finer scales and checks the new network on the same frame; once per
// network. (On this frame the finer scales change the summed per-layer error by under 1 %:
// a layer's error is mostly what the layers before it passed on. They matter for a model
// whose layers stay far below 6.) bf16 the same way, with no scales to make finer: only its
// biases change (for a float-trained model's weights; the bundled ones keep their grid).
void TestEngine::calibratesOnTheSource_data() {
  QTest::addColumn<int>("precision");
  QTest::newRow("int8") << int(Precision::Int8);
  QTest::newRow("bf16") << int(Precision::BFloat16);
}

void TestEngine::calibratesOnTheSource() {
  QFETCH(int, precision);
  const auto format = static_cast<Precision>(precision);
  if (const std::string problem = Engine::cpuPrecisionProblem(format); !problem.empty())
    QSKIP(problem.c_str());
  Engine engine(options_);
  EngineSettings settings = settingsFor(0.5, 160);
  settings.precision = format;
  engine.configure(settings);
  Frame dim = loadFrame("parrot.jpg");
  auto pixels = std::make_shared<std::vector<std::uint8_t>>(*dim.bgr);
  for (std::uint8_t& p : *pixels) p = static_cast<std::uint8_t>(p / 4);
  dim.bgr = pixels;
  std::shared_ptr<const InferenceResult> result = engine.run(dim);
  const int every = result->precisionCheck->every;
  for (int check = 2; check < 8; ++check)
    for (int i = 0; i < every; ++i) result = engine.run(dim);
  QCOMPARE(result->precisionCheck->checked, 7);
  QCOMPARE(result->precisionCheck->calibratedOn, 0);  // not yet: 0…6 in every layer
  for (int i = 0; i < every; ++i) result = engine.run(dim);
  const PrecisionCheck& calibrated = *result->precisionCheck;
  QCOMPARE(calibrated.calibratedOn, 8);
  qInfo("%s on a dim frame: %d of 27 layers finer than 0-6", nameOf(format),
        calibrated.finerLayers);
  if (format == Precision::Int8)
    QVERIFY(calibrated.finerLayers > 0 && calibrated.finerLayers < 27);
  else
    QCOMPARE(calibrated.finerLayers, 0);
  QCOMPARE(calibrated.checked, 1);  // the rebuilt network, checked on this frame
  QCOMPARE(calibrated.layerErrors.size(), std::size_t{27});
  // Once per network: more checks leave the scales as they are and count on.
  for (int i = 0; i < 2 * every; ++i) result = engine.run(dim);
  QCOMPARE(result->precisionCheck->calibratedOn, 8);
  QCOMPARE(result->precisionCheck->checked, 3);
  // Another network starts over, at 0…6.
  settings.network.alpha = 0.25;
  settings.network.resolution = 128;
  engine.configure(settings);
  QCOMPARE(engine.run(dim)->precisionCheck->calibratedOn, 0);
}

QTEST_APPLESS_MAIN(TestEngine)
#include "tst_engine.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Saliency maps (saliency.h, class_activation.h) and the engine's live maps: CAM equals
// Grad-CAM at the last layer of the bundled models, the map's size follows its layer, requests
// a network cannot answer are refused, the engine places the map at the classify crop and
// paces Grad-CAM so that the frame rate stays within a third of the network alone.
// Torch and Qt Test share this unit: it is compiled with QT_NO_KEYWORDS.
#include <QtTest>

#include <algorithm>
#include <torch/torch.h>

#include <chrono>
#include <set>

#include "mnl/class_activation.h"
#include "mnl/engine.h"
#include "mnl/inference_network.h"
#include "mnl/model_catalog.h"
#include "mnl/model_loader.h"
#include "mnl/preprocess.h"
#include "mnl/saliency.h"
#include "mnl/saliency_pacer.h"
#include "photo_frame.h"

using namespace mnl;
using mnl::test::loadFrame;

namespace {

LoadedModel load(const NetworkConfig& network) {
  ModelRequest request;
  request.network = network;
  request.resourcesDir = MNL_RESOURCES_DIR;
  return loadModel(request);
}

// The network's output at `layer` for a photo, and its logits.
ForwardResult tapped(const LoadedModel& loaded, const QString& photo, const std::string& layer) {
  torch::InferenceMode inference;
  const InferenceNetwork net(loaded.model, torch::kCPU);
  const Frame frame = loadFrame(photo);
  return net.forward(preprocess(frame, loaded.preprocessing), {layer});
}

// One network thread, as the window runs on a 2-core machine: OpenMP threads that wait for
// each other on a shared machine make times swing by far more than what is measured here.
const EngineOptions kEngineOptions{MNL_RESOURCES_DIR, DeviceKind::Cpu, 1};

double maxDifference(const std::vector<float>& a, const std::vector<float>& b) {
  double worst = a.size() == b.size() ? 0.0 : 1e9;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i)
    worst = std::max(worst, double(std::abs(a[i] - b[i])));
  return worst;
}

}  // namespace

class TestSaliency : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void camEqualsGradCamAtTheLastLayer_data();
  void camEqualsGradCamAtTheLastLayer();
  void mapSizeFollowsTheLayer_data();
  void mapSizeFollowsTheLayer();
  void refusesWhatTheNetworkCannotAnswer();
  void upsamplesCellCentres();
  void pacerKeepsTwoThirdsOfTheFrameRate();
  void engineMapAtTheClassifyCrop_data();
  void engineMapAtTheClassifyCrop();
  void engineFollowsTheChosenClass();
  void engineGradCamKeepsTheFrameRate();
};

// For a network that ends in global average pooling and one linear layer, d logit_k / d A_c
// is w[k,c] / (h·w) everywhere, so Grad-CAM at the last layer is CAM divided by h·w: equal once
// normalised, and their peaks in that ratio. Checked on every bundled model, for its top class
// and one it does not see.
void TestSaliency::camEqualsGradCamAtTheLastLayer_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  std::set<std::pair<double, int>> seen;
  for (const BundledModel& model : bundledModels())
    if (seen.insert({model.alpha, model.nativeResolution}).second)
      QTest::addRow("%g/%d", model.alpha, model.nativeResolution)
          << model.alpha << model.nativeResolution;
}

void TestSaliency::camEqualsGradCamAtTheLastLayer() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  const LoadedModel loaded = load({alpha, resolution, 1000, ConvMode::Separable});
  QVERIFY(loaded.trained);
  const ForwardResult pass = tapped(loaded, "parrot.jpg", "pw13");
  const int top = static_cast<int>(pass.logits.argmax(1).item<int64_t>());
  for (const int k : {top, 500}) {
    const SaliencyMap cam =
        saliencyMap(SaliencyMethod::Cam, loaded.model, "pw13", pass.taps.front().second, k);
    const SaliencyMap grad =
        saliencyMap(SaliencyMethod::GradCam, loaded.model, "pw13", pass.taps.front().second, k);
    QCOMPARE(cam.width, grad.width);
    QCOMPARE(cam.height, grad.height);
    QCOMPARE(cam.empty, grad.empty);
    if (k == top) QVERIFY(!cam.empty);
    QVERIFY2(maxDifference(cam.values, grad.values) < 1e-4,
             qPrintable(QString::number(maxDifference(cam.values, grad.values))));
    const double cells = double(cam.width) * cam.height;
    QVERIFY2(
        std::abs(cam.peak / cells - grad.peak) <= 1e-4 * std::max(1.0f, grad.peak),
        qPrintable(
            QString("CAM peak / h·w %1, Grad-CAM peak %2").arg(cam.peak / cells).arg(grad.peak)));
  }
}

// 224 input: conv0 halves it (112), dw2/dw4/dw6/dw12 halve again: 56, 28, 14, 7.
void TestSaliency::mapSizeFollowsTheLayer_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<QString>("layer");
  QTest::addColumn<int>("side");
  QTest::newRow("1.0/224 pw13") << 1.0 << 224 << "pw13" << 7;
  QTest::newRow("1.0/224 pw11") << 1.0 << 224 << "pw11" << 14;
  QTest::newRow("1.0/224 dw12") << 1.0 << 224 << "dw12" << 7;
  QTest::newRow("1.0/224 pw5") << 1.0 << 224 << "pw5" << 28;
  QTest::newRow("1.0/224 conv0") << 1.0 << 224 << "conv0" << 112;
  QTest::newRow("0.5/160 pw13") << 0.5 << 160 << "pw13" << 5;
  QTest::newRow("0.5/160 pw11") << 0.5 << 160 << "pw11" << 10;
  QTest::newRow("0.25/128 pw3") << 0.25 << 128 << "pw3" << 32;
}

void TestSaliency::mapSizeFollowsTheLayer() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(QString, layer);
  QFETCH(int, side);
  const LoadedModel loaded = load({alpha, resolution, 1000, ConvMode::Separable});
  const ForwardResult pass = tapped(loaded, "parrot.jpg", layer.toStdString());
  const SaliencyMap map = saliencyMap(SaliencyMethod::GradCam, loaded.model, layer.toStdString(),
                                      pass.taps.front().second, 89);
  QCOMPARE(map.width, side);
  QCOMPARE(map.height, side);
  QCOMPARE(map.values.size(), std::size_t(side) * side);
  QCOMPARE(map.layer, layer.toStdString());
  QCOMPARE(map.classIndex, 89);
  const auto [lo, hi] = std::minmax_element(map.values.begin(), map.values.end());
  QVERIFY(*lo >= 0.0f);  // ReLU'd, then divided by its peak
  QCOMPARE(*hi, 1.0f);
}

void TestSaliency::refusesWhatTheNetworkCannotAnswer() {
  const NetworkConfig separable{1.0, 224, 1001, ConvMode::Separable};
  const NetworkConfig standard{0.5, 128, 1001, ConvMode::Standard};
  SaliencyRequest r;
  r.method = SaliencyMethod::Cam;
  QCOMPARE(checkSaliencyRequest(r, separable), std::string("pw13"));
  QCOMPARE(checkSaliencyRequest(r, standard), std::string("conv13"));
  r.layer = "pw11";
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, checkSaliencyRequest(r, separable));
  r.method = SaliencyMethod::GradCam;
  QCOMPARE(checkSaliencyRequest(r, separable), std::string("pw11"));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, checkSaliencyRequest(r, standard));
  for (const char* bad : {"fc", "pool", "pw14", "conv1", ""}) {
    r.layer = bad;
    if (r.layer.empty()) continue;
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, checkSaliencyRequest(r, separable));
  }
  r.layer.clear();
  r.classIndex = 1000;
  QCOMPARE(checkSaliencyRequest(r, separable), std::string("pw13"));
  r.classIndex = 1001;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, checkSaliencyRequest(r, separable));
  r.classIndex = -2;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, checkSaliencyRequest(r, separable));
  try {
    r.classIndex = -1;
    r.method = SaliencyMethod::Cam;
    r.layer = "pw11";
    checkSaliencyRequest(r, separable);
    QFAIL("CAM at pw11 accepted");
  } catch (const std::invalid_argument& e) {
    QCOMPARE(QString(e.what()), QString("CAM is exact only at the last convolution (pw13): use "
                                        "gradcam for 'pw11'"));
  }
  QVERIFY(parseSaliencyMethod("gradcam") == SaliencyMethod::GradCam);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSaliencyMethod("deconv"));
}

void TestSaliency::upsamplesCellCentres() {
  SaliencyMap map;
  map.width = 2;
  map.height = 1;
  normaliseSaliency({-3.0f, 2.0f}, map);
  QCOMPARE(map.values, (std::vector<float>{0.0f, 1.0f}));
  QCOMPARE(map.peak, 2.0f);
  QVERIFY(!map.empty);
  // Four columns over two cells: centres at 0.5 and 2.5 of 4 → cells −0.25, 0.25, 0.75, 1.25.
  const std::vector<float> up = upsampleSaliency(map, 4, 2);
  QCOMPARE(up, (std::vector<float>{0.0f, 0.25f, 0.75f, 1.0f, 0.0f, 0.25f, 0.75f, 1.0f}));
  map.inputSize = 4;
  QCOMPARE(leftHalfShare(map), 0.25 / 2.0);
  normaliseSaliency({-1.0f, 0.0f}, map);
  QVERIFY(map.empty);
  QCOMPARE(map.values, (std::vector<float>{0.0f, 0.0f}));
  QCOMPARE(leftHalfShare(map), 0.5);
}

void TestSaliency::pacerKeepsTwoThirdsOfTheFrameRate() {
  SaliencyPacer pacer;
  QVERIFY(pacer.due());  // the first frame after a request: at once
  pacer.recordForward(10);
  pacer.recordMap(30);  // 30 ms on 10 ms frames: every 6th frame adds 5 ms a frame
  QCOMPARE(pacer.interval(), 6);
  int due = 0;
  for (int i = 0; i < 60; ++i) due += pacer.due();
  QCOMPARE(due, 10);
  pacer.restart();
  QVERIFY(pacer.due());
  SaliencyPacer cheap;
  cheap.recordForward(10);
  cheap.recordMap(4);
  QCOMPARE(cheap.interval(), 1);
  SaliencyPacer justOver;
  justOver.recordForward(10);
  justOver.recordMap(5.1);
  QCOMPARE(justOver.interval(), 2);
}

void TestSaliency::engineMapAtTheClassifyCrop_data() {
  QTest::addColumn<bool>("full");
  QTest::newRow("centre square") << false;
  QTest::newRow("full frame") << true;
}

// cat_720p.jpg is 1280×720: the centre square is x 280…999.
void TestSaliency::engineMapAtTheClassifyCrop() {
  QFETCH(bool, full);
  Engine engine(kEngineOptions);
  EngineSettings settings;
  settings.network = {1.0, 224, 1000, ConvMode::Separable};
  settings.crop = full ? CropMode::FullFrame : CropMode::CenterSquare;
  settings.saliency.method = SaliencyMethod::Cam;
  engine.configure(settings);
  const Frame frame = loadFrame("cat_720p.jpg");
  QCOMPARE(frame.width, 1280);
  const auto result = engine.run(frame);
  QVERIFY(result->saliency);
  const SaliencyMap& map = *result->saliency;
  QCOMPARE(map.crop, cropRect(1280, 720, settings.crop));
  const CropRect expected = full ? CropRect{0, 0, 1280, 720} : CropRect{280, 0, 720, 720};
  QCOMPARE(map.crop, expected);
  QCOMPARE(map.inputSize, 224);
  QCOMPARE(map.width, 7);
  QCOMPARE(map.layer, std::string("pw13"));
  QCOMPARE(map.classIndex, result->top.front().index);
  QCOMPARE(map.label, result->top.front().label);
  QCOMPARE(map.frameSequence, frame.sequence);
  QCOMPARE(result->saliencyInterval, 1);
  QVERIFY(result->saliencyProblem.empty());
}

void TestSaliency::engineFollowsTheChosenClass() {
  Engine engine(kEngineOptions);
  EngineSettings settings;
  settings.network = {0.5, 160, 1000, ConvMode::Separable};
  settings.saliency.method = SaliencyMethod::GradCam;
  settings.saliency.layer = "pw11";
  engine.configure(settings);
  const Frame frame = loadFrame("parrot.jpg");
  auto result = engine.run(frame);
  QVERIFY(result->saliency);
  QCOMPARE(result->saliency->classIndex, 89);  // macaw, the top-1
  QCOMPARE(result->saliency->width, 10);
  settings.saliency.classIndex = result->top[1].index;
  engine.configure(settings);
  result = engine.run(frame);
  QCOMPARE(result->saliency->classIndex, settings.saliency.classIndex);
  QCOMPARE(result->saliency->label, result->top[1].label);
  settings.saliency.classIndex = 5000;  // past the model's classes: said, not thrown
  engine.configure(settings);
  result = engine.run(frame);
  QVERIFY(!result->saliency);
  QVERIFY(QString::fromStdString(result->saliencyProblem).contains("out of range"));
  QCOMPARE(result->top.front().index, 89);  // the frame is still classified
}

// Grad-CAM at conv0 runs the whole network again, backwards too: on every frame it would
// cost several network passes. Paced, a frame costs at most 1.5 × the network alone, on
// average; measured over interleaved rounds, with 25 % slack for a shared machine.
void TestSaliency::engineGradCamKeepsTheFrameRate() {
  Engine plain(kEngineOptions);
  Engine explained(kEngineOptions);
  EngineSettings settings;
  settings.network = {0.5, 160, 1000, ConvMode::Separable};
  settings.wantFeatureMaps = false;
  plain.configure(settings);
  settings.saliency.method = SaliencyMethod::GradCam;
  settings.saliency.layer = "conv0";
  explained.configure(settings);
  const Frame frame = loadFrame("parrot.jpg");
  using Clock = std::chrono::steady_clock;
  double plainMs = 0, explainedMs = 0, mapMs = 0;
  int maps = 0, interval = 0;
  const auto timed = [](Engine& engine, const Frame& f) {
    const auto start = Clock::now();
    auto result = engine.run(f);
    return std::pair{result,
                     std::chrono::duration<double, std::milli>(Clock::now() - start).count()};
  };
  for (int i = 0; i < 10; ++i) {  // warm up, and let the pacer learn the costs
    timed(plain, frame);
    interval = timed(explained, frame).first->saliencyInterval;
  }
  // Enough frames for about three maps at the interval the pacer chose (a fast network paces a
  // map at conv0 tens of frames apart: under a sanitizer, over a hundred).
  constexpr int kRounds = 4;
  const int perRound = std::max(8, 3 * interval / kRounds + 1);
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < perRound; ++i) plainMs += timed(plain, frame).second;
    for (int i = 0; i < perRound; ++i) {
      Frame next = frame;
      next.sequence = 100 + round * perRound + i;
      const auto [result, ms] = timed(explained, next);
      explainedMs += ms;
      QVERIFY(result->saliency);  // every frame shows a map, fresh or the last one
      if (result->saliency->frameSequence == next.sequence) {
        ++maps;
        mapMs += result->saliency->milliseconds;
      }
      interval = result->saliencyInterval;
    }
  }
  qInfo(
      "0.5/160: network %.2f ms a frame, with paced Grad-CAM at conv0 %.2f ms (%.2fx); "
      "a map costs %.1f ms, made on %d of %d frames, every %d",
      plainMs / (perRound * kRounds), explainedMs / (perRound * kRounds), explainedMs / plainMs,
      maps ? mapMs / maps : 0.0, maps, perRound * kRounds, interval);
  QVERIFY2(interval > 1, "a map at conv0 costs more than half a frame: it must be paced");
  QVERIFY(maps >= 1 && maps < perRound * kRounds);
  QVERIFY2(explainedMs <= SaliencyPacer::kAllowedSlowdown * 1.25 * plainMs,
           qPrintable(QString("%1x the network alone").arg(explainedMs / plainMs)));
}

QTEST_GUILESS_MAIN(TestSaliency)
#include "tst_saliency.moc"

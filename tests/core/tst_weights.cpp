// SPDX-License-Identifier: GPL-3.0-or-later
// Pretrained weights: every bundled model classifies the test photos as the independent
// reference does (tests/data/expected_top1.tsv); damaged, foreign and mismatched files are
// refused with a message naming the file and what did not match; the app's own format
// round-trips exactly; the catalogue picks the right model.
#include <QtTest>

#include <random>

#include "mnl/model_catalog.h"
#include "mnl/weight_set.h"
#include "mnl/weights_error.h"
#include "weights_probe.h"

using namespace mnl;

#ifdef MNL_WITH_HDF5
constexpr bool kHaveKeras = true;
#else
constexpr bool kHaveKeras = false;
#endif

// Rows that need the Keras model (their tags say "Keras") are skipped where core was built
// without HDF5.
#define MNL_SKIP_WITHOUT_KERAS()                                                  \
  do {                                                                            \
    if (!kHaveKeras && QByteArray(QTest::currentDataTag()).toLower().contains("keras")) \
      QSKIP("core built without HDF5: no Keras model");                           \
  } while (false)

namespace {

const QString kData = QStringLiteral(MNL_TEST_DATA_DIR);
const QString kResources = QStringLiteral(MNL_RESOURCES_DIR);

QString resource(const char* name) { return kResources + "/" + name; }

QByteArray readAll(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) return {};
  return file.readAll();
}

bool writeAll(const QString& path, const QByteArray& bytes) {
  QFile file(path);
  return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// The message readWeightsFile throws, "" if it reads the file; other exceptions are marked.
QString readError(const QString& file, const QString& head = {}) {
  try {
    std::optional<std::filesystem::path> headPath;
    if (!head.isEmpty()) headPath = head.toStdString();
    readWeightsFile(file.toStdString(), headPath);
  } catch (const WeightsError& e) {
    return QString::fromStdString(e.what());
  } catch (const std::exception& e) {
    return "unexpected exception: " + QString::fromStdString(e.what());
  }
  return {};
}

probe::LoadSpec spec(double alpha, int resolution, const QString& weights = {},
                     const QString& head = {}) {
  probe::LoadSpec s;
  s.network = {alpha, resolution, 1001, ConvMode::Separable};
  s.weightsFile = weights.toStdString();
  s.headFile = head.toStdString();
  s.resourcesDir = kResources.toStdString();
  return s;
}

}  // namespace

class TestWeights : public QObject {
  Q_OBJECT

 private slots:
  void bundledModelFor_data();
  void bundledModelFor();
  void resourcesDir();
  void bundledFilesImport_data();
  void bundledFilesImport();
  void loadedModels_data();
  void loadedModels();
  void classifiesPhotos_data();
  void classifiesPhotos();
  void float16KeepsTop1_data();
  void float16KeepsTop1();
  void rejectsBadFiles_data();
  void rejectsBadFiles();
  void rejectsMismatchedRequests_data();
  void rejectsMismatchedRequests();
  void otherClassCount_data();
  void otherClassCount();
  void corruptionNeverCrashes_data();
  void corruptionNeverCrashes();
  void nativeRoundTrip_data();
  void nativeRoundTrip();
  void nativeRoundTripAnyNetwork_data();
  void nativeRoundTripAnyNetwork();
  void kerasEpsilonFoldsIntoVariance();
  void cleanupTestCase();

 private:
  double worstDeviation_ = 0;  // largest |our p − reference p| for the reference's top-1
  int photoRows_ = 0, sameTop1_ = 0;
  QTemporaryDir temp_;
};

void TestWeights::bundledModelFor_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<int>("conv");
  QTest::addColumn<QString>("file");  // "" for none
  QTest::addColumn<QString>("head");
  const int sep = int(ConvMode::Separable);
  const QString q25 = "mobilenet_v1_0.25_128_quant.tflite", h5 = "mobilenet_v1_0.25_224.h5";
  const QString body = "mobilenet_v1_1.0_224_quant_embedding_extractor.tflite";
  const QString head = "mobilenet_quant_v1_224_head_layers.tflite";
  QTest::newRow("0.25/128 TFLite") << 0.25 << 128 << sep << q25 << "";
  QTest::newRow("0.25/224 Keras") << 0.25 << 224 << sep << h5 << "";
  QTest::newRow("0.25/160 nearer 128") << 0.25 << 160 << sep << q25 << "";
  QTest::newRow("0.25/192 nearer 224 (Keras)") << 0.25 << 192 << sep << h5 << "";
  QTest::newRow("0.25/176 tie: first listed") << 0.25 << 176 << sep << q25 << "";
  QTest::newRow("0.25/512 nearer 224 (Keras)") << 0.25 << 512 << sep << h5 << "";
  QTest::newRow("0.5/160") << 0.5 << 160 << sep << "mobilenet_v1_0.5_160_quant.tflite" << "";
  QTest::newRow("0.5/224 other size") << 0.5 << 224 << sep << "mobilenet_v1_0.5_160_quant.tflite"
                                      << "";
  QTest::newRow("0.75/96") << 0.75 << 96 << sep << "mobilenet_v1_0.75_192_quant.tflite" << "";
  QTest::newRow("1.0/224 split") << 1.0 << 224 << sep << body << head;
  QTest::newRow("1.0/128 split") << 1.0 << 128 << sep << body << head;
  QTest::newRow("α within 1e-6") << 1.0 + 5e-7 << 224 << sep << body << head;
  QTest::newRow("α off by 1e-5") << 1.0 + 1e-5 << 224 << sep << "" << "";
  QTest::newRow("0.6 untrained") << 0.6 << 224 << sep << "" << "";
  QTest::newRow("1.3 untrained") << 1.3 << 224 << sep << "" << "";
  QTest::newRow("standard conv untrained") << 1.0 << 224 << int(ConvMode::Standard) << "" << "";
}

void TestWeights::bundledModelFor() {
  MNL_SKIP_WITHOUT_KERAS();
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(int, conv);
  QFETCH(QString, file);
  QFETCH(QString, head);
  const auto model = mnl::bundledModelFor(alpha, resolution, static_cast<ConvMode>(conv));
  QCOMPARE(model.has_value(), !file.isEmpty());
  if (!model) return;
  QCOMPARE(QString::fromStdString(model->file), file);
  QCOMPARE(QString::fromStdString(model->headFile), head);
  QVERIFY(std::abs(model->alpha - alpha) <= 1e-6);
  QCOMPARE(model->classes, file.endsWith(".h5") ? 1000 : 1001);
  QVERIFY(QFile::exists(resource(model->file.c_str())));
}

void TestWeights::resourcesDir() {
  QVERIFY(qgetenv("MOBILENET_LAB_RESOURCES").isEmpty());
  // Found beside this program as installed programs find theirs: the build tree's
  // share/mobilenet-lab, a link to the source's resources/ (install_layout.h).
  const std::filesystem::path found = defaultResourcesDir();
  QVERIFY2(found.string().ends_with("/share/mobilenet-lab"), found.c_str());
  QVERIFY(std::filesystem::equivalent(found, kResources.toStdString()));
  qputenv("MOBILENET_LAB_RESOURCES", "/opt/elsewhere");
  QCOMPARE(QString::fromStdString(defaultResourcesDir().string()), QString("/opt/elsewhere"));
  qunsetenv("MOBILENET_LAB_RESOURCES");
  QCOMPARE(bundledModels().size(), std::size_t{kHaveKeras ? 5 : 4});
}

// Each file read directly: the network it describes, its input scaling, and values of the
// first and last tensors that pin the layout conversion and the dequantisation.
void TestWeights::bundledFilesImport_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("head");
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<int>("classes");
  QTest::addColumn<double>("offset");
  QTest::addColumn<int>("format");
  QTest::newRow("0.25/128") << "mobilenet_v1_0.25_128_quant.tflite" << "" << 0.25 << 128 << 1001
                            << 128.0 << int(WeightsFormat::TfLite);
  QTest::newRow("0.5/160") << "mobilenet_v1_0.5_160_quant.tflite" << "" << 0.5 << 160 << 1001
                           << 128.0 << int(WeightsFormat::TfLite);
  QTest::newRow("0.75/192") << "mobilenet_v1_0.75_192_quant.tflite" << "" << 0.75 << 192
                            << 1001 << 128.0 << int(WeightsFormat::TfLite);
  QTest::newRow("1.0/224 body + head")
      << "mobilenet_v1_1.0_224_quant_embedding_extractor.tflite"
      << "mobilenet_quant_v1_224_head_layers.tflite" << 1.0 << 224 << 1001 << 128.0
      << int(WeightsFormat::TfLite);
  QTest::newRow("Keras 0.25/224") << "mobilenet_v1_0.25_224.h5" << "" << 0.25 << 224 << 1000
                                  << 127.5 << int(WeightsFormat::KerasH5);
}

void TestWeights::bundledFilesImport() {
  MNL_SKIP_WITHOUT_KERAS();
  QFETCH(QString, file);
  QFETCH(QString, head);
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(int, classes);
  QFETCH(double, offset);
  QFETCH(int, format);
  std::optional<std::filesystem::path> headPath;
  if (!head.isEmpty()) headPath = resource(head.toUtf8().constData()).toStdString();
  const WeightSet set = readWeightsFile(resource(file.toUtf8().constData()).toStdString(), headPath);
  QCOMPARE(int(set.format), format);
  QCOMPARE(set.network, (NetworkConfig{alpha, resolution, classes, ConvMode::Separable}));
  QCOMPARE(set.scaling.offset, offset);
  QCOMPARE(set.scaling.divisor, offset);  // 1/128 and 1/127.5
  const auto expected = expectedTensorShapes(set.network);
  QCOMPARE(set.tensors.size(), expected.size());
  for (const auto& [name, shape] : expected) {
    QVERIFY2(set.tensors.count(name), name.c_str());
    QCOMPARE(set.tensors.at(name).shape, shape);
    long long count = 1;
    for (auto side : shape) count *= side;
    QCOMPARE(static_cast<long long>(set.tensors.at(name).values.size()), count);
  }
  // Folded BN is the identity plus the bias; the Keras model keeps its own statistics.
  const auto& var = set.tensors.at("features.pw7.bn.running_var").values;
  const auto& gamma = set.tensors.at("features.pw7.bn.weight").values;
  if (set.format == WeightsFormat::TfLite) {
    QVERIFY(std::all_of(var.begin(), var.end(), [](float v) { return v == 0.999f; }));
    QVERIFY(std::all_of(gamma.begin(), gamma.end(), [](float v) { return v == 1.0f; }));
  } else {
    QVERIFY(std::any_of(var.begin(), var.end(), [](float v) { return std::abs(v - 0.999f) > 0.01f; }));
  }
}

void TestWeights::loadedModels_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<int>("conv");
  QTest::addColumn<bool>("trained");
  QTest::addColumn<QString>("description");
  QTest::addColumn<int>("classes");
  QTest::addColumn<QString>("firstLabel");
  QTest::addColumn<double>("offset");
  const int sep = int(ConvMode::Separable);
  QTest::newRow("0.5 at its 160") << 0.5 << 160 << sep << true
                                  << "mobilenet_v1_0.5_160_quant.tflite (bundled)" << 1001
                                  << "background" << 128.0;
  QTest::newRow("0.5 at 224") << 0.5 << 224 << sep << true
                              << "mobilenet_v1_0.5_160_quant.tflite (bundled)" << 1001
                              << "background" << 128.0;
  QTest::newRow("1.0 split") << 1.0 << 192 << sep << true
                             << "mobilenet_v1_1.0_224_quant_embedding_extractor.tflite + "
                                "mobilenet_quant_v1_224_head_layers.tflite (bundled)"
                             << 1001 << "background" << 128.0;
  QTest::newRow("Keras") << 0.25 << 224 << sep << true << "mobilenet_v1_0.25_224.h5 (bundled)"
                         << 1000 << "tench, Tinca tinca" << 127.5;
  QTest::newRow("0.6 untrained") << 0.6 << 160 << sep << false
                                 << "untrained (random weights, seed 1)" << 1001 << "background"
                                 << 127.5;
  QTest::newRow("standard untrained") << 1.0 << 96 << int(ConvMode::Standard) << false
                                      << "untrained (random weights, seed 1)" << 1001
                                      << "background" << 127.5;
}

void TestWeights::loadedModels() {
  MNL_SKIP_WITHOUT_KERAS();
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(int, conv);
  QFETCH(bool, trained);
  QFETCH(QString, description);
  QFETCH(int, classes);
  QFETCH(QString, firstLabel);
  QFETCH(double, offset);
  probe::LoadSpec s = spec(alpha, resolution);
  s.network.conv = static_cast<ConvMode>(conv);
  const probe::LoadSummary loaded = probe::load(s);
  QCOMPARE(QString::fromStdString(loaded.error), QString());
  QCOMPARE(loaded.trained, trained);
  QCOMPARE(QString::fromStdString(loaded.description), description);
  QCOMPARE(loaded.classes, classes);
  QCOMPARE(loaded.labelCount, classes);
  QCOMPARE(QString::fromStdString(loaded.firstLabel), firstLabel);
  QCOMPARE(loaded.inputSize, resolution);  // the requested size, not the native one
  QCOMPARE(loaded.offset, offset);
  QCOMPARE(loaded.divisor, offset);
}

// One row per line of expected_top1.tsv: 5 models × 11 photos × 2 preprocessings.
void TestWeights::classifiesPhotos_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<QString>("image");
  QTest::addColumn<bool>("centerCrop");
  QTest::addColumn<int>("top1");
  QTest::addColumn<QString>("top1Label");
  QTest::addColumn<double>("top1Probability");
  QTest::addColumn<QString>("top2Label");
  QTest::addColumn<double>("top2Probability");
  QFile tsv(kData + "/expected_top1.tsv");
  QVERIFY(tsv.open(QIODevice::ReadOnly | QIODevice::Text));
  tsv.readLine();  // header
  int rows = 0;
  while (!tsv.atEnd()) {
    const QStringList f = QString::fromUtf8(tsv.readLine()).trimmed().split('\t');
    if (f.size() != 8) continue;
    QString model = f[0];
    model.remove("keras_");
    const QStringList parts = model.split('_');
    QTest::addRow("%s %s %s", qPrintable(f[0]), qPrintable(f[1]), qPrintable(f[2]))
        << parts[0].toDouble() << parts[1].toInt() << f[1] << (f[2] == "center_square_crop")
        << f[3].toInt() << f[4] << f[5].toDouble() << f[6] << f[7].toDouble();
    ++rows;
  }
  QCOMPARE(rows, 110);
}

void TestWeights::classifiesPhotos() {
  MNL_SKIP_WITHOUT_KERAS();
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(QString, image);
  QFETCH(bool, centerCrop);
  QFETCH(int, top1);
  QFETCH(QString, top1Label);
  QFETCH(double, top1Probability);
  QFETCH(QString, top2Label);
  QFETCH(double, top2Probability);
  const probe::PhotoResult result = probe::classifyPhoto(
      kResources.toStdString(), alpha, resolution, (kData + "/" + image).toStdString(),
      centerCrop, top1);
  QCOMPARE(QString::fromStdString(result.error), QString());
  const QString info = QString("ours: %1 (%2) p=%3, reference p=%4 for %5; %6")
                           .arg(result.top1)
                           .arg(QString::fromStdString(result.top1Label))
                           .arg(result.top1Probability, 0, 'f', 3)
                           .arg(result.referenceProbability, 0, 'f', 3)
                           .arg(top1Label)
                           .arg(QString::fromStdString(result.weights));
  // The reference's top-1 class gets the reference's probability, within 0.05.
  ++photoRows_;
  sameTop1_ += result.top1 == top1;
  worstDeviation_ = std::max(worstDeviation_, std::abs(result.referenceProbability - top1Probability));
  QVERIFY2(std::abs(result.referenceProbability - top1Probability) <= 0.05, qPrintable(info));
  if (top1Probability - top2Probability >= 0.05) {
    QVERIFY2(result.top1 == top1, qPrintable(info));
  } else {  // a near tie: either of the reference's two answers
    QVERIFY2(result.top1 == top1 || QString::fromStdString(result.top1Label) == top2Label,
             qPrintable(info));
    if (result.top1 != top1) qInfo("near tie, reference's second answer: %s", qPrintable(info));
  }
}

// FP16 (the CUDA option) against FP32 with the same folded weights, every bundled TFLite model
// on the test photos. Computed here on the CPU's half-precision convolutions; the CUDA figures
// come from scripts/gpu-check.sh. docs/benchmarks.md lists what changed.
void TestWeights::float16KeepsTop1_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<QString>("image");
  const QList<QPair<double, int>> models{{0.25, 128}, {0.5, 160}, {0.75, 192}, {1.0, 224}};
  for (const auto& [alpha, resolution] : models)
    for (const char* image : {"bird.bmp", "cat.bmp", "dragonfly.bmp", "grace_hopper.bmp",
                              "missvickie_potato_chips.bmp", "sunflower.bmp"})
      QTest::addRow("%g/%d %s", alpha, resolution, image) << alpha << resolution << QString(image);
}

void TestWeights::float16KeepsTop1() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(QString, image);
  const probe::PrecisionChange change = probe::float16Change(
      kResources.toStdString(), alpha, resolution, (kData + "/" + image).toStdString());
  QCOMPARE(QString::fromStdString(change.error), QString());
  const QString info = QString("top-1 %1 → %2, p %3 → %4 (second: %5, p %6), largest change %7")
                           .arg(change.top1Float32)
                           .arg(change.top1Float16)
                           .arg(change.probabilityFloat32, 0, 'f', 4)
                           .arg(change.probabilityFloat16, 0, 'f', 4)
                           .arg(change.top2Float32)
                           .arg(change.secondFloat32, 0, 'f', 4)
                           .arg(change.largestChange, 0, 'g', 3);
  qInfo("%s", qPrintable(info));
  QVERIFY2(change.largestChange < 0.02, qPrintable(info));
  // No probability moves by more than `largestChange`, so the answer can only change where
  // float32's first two are closer than twice that; then it is the second.
  if (change.probabilityFloat32 - change.secondFloat32 > 2 * change.largestChange)
    QVERIFY2(change.top1Float16 == change.top1Float32, qPrintable(info));
  else
    QVERIFY2(change.top1Float16 == change.top1Float32 || change.top1Float16 == change.top2Float32,
             qPrintable(info));
}

// Damaged and foreign files, made from the bundled ones; each refused with its own message.
void TestWeights::rejectsBadFiles_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QString>("head");
  QTest::addColumn<QStringList>("expected");  // substrings of the message
  QVERIFY(temp_.isValid());
  const QString dir = temp_.path();
  const QByteArray q50 = readAll(resource("mobilenet_v1_0.5_160_quant.tflite"));
  const QByteArray h5 = readAll(resource("mobilenet_v1_0.25_224.h5"));
  QVERIFY(q50.size() > 1000000 && h5.size() > 1000000);

  writeAll(dir + "/truncated.tflite", q50.left(q50.size() / 2));
  QTest::newRow("truncated TFLite")
      << dir + "/truncated.tflite" << ""
      << QStringList{"truncated.tflite'", "corrupted or truncated TFLite file"};

  QByteArray rootFlipped = q50;
  rootFlipped[2] = char(rootFlipped[2] ^ 0x40);  // the root table offset now points far away
  writeAll(dir + "/root-flipped.tflite", rootFlipped);
  QTest::newRow("bit-flipped root offset")
      << dir + "/root-flipped.tflite" << ""
      << QStringList{"root-flipped.tflite'", "corrupted or truncated TFLite file"};

  QByteArray noId = q50;
  noId[5] = 'X';
  writeAll(dir + "/no-identifier.tflite", noId);
  QTest::newRow("TFLite identifier damaged")
      << dir + "/no-identifier.tflite" << ""
      << QStringList{"no-identifier.tflite'", "not a weights file", "found unrecognised content"};

  writeAll(dir + "/truncated.h5", h5.left(h5.size() / 3));
  QTest::newRow("truncated Keras")
      << dir + "/truncated.h5" << "" << QStringList{"truncated.h5'", "not a readable HDF5 file"};

  // A PNG signature and IHDR chunk (no CRC). The length comes from the literal: a hand-counted
  // 33 read 3 bytes past it (AddressSanitizer, global-buffer-overflow).
  static constexpr char kPngStart[] =
      "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
  const QByteArray png(kPngStart, sizeof kPngStart - 1);
  writeAll(dir + "/picture.png", png);
  QTest::newRow("a PNG") << dir + "/picture.png" << ""
                         << QStringList{"picture.png'", "not a weights file",
                                        "expected a TFLite model", "found a PNG image"};
  QTest::newRow("a JPEG photo") << kData + "/parrot.jpg" << ""
                                << QStringList{"parrot.jpg'", "found a JPEG image"};
  QTest::newRow("the labels file") << resource("imagenet_labels_1001.txt") << ""
                                   << QStringList{"imagenet_labels_1001.txt'", "found a text file"};
  writeAll(dir + "/empty.tflite", {});
  QTest::newRow("empty file") << dir + "/empty.tflite" << ""
                              << QStringList{"empty.tflite'", "found an empty file"};
  QTest::newRow("missing file") << dir + "/nothing-here.tflite" << ""
                                << QStringList{"nothing-here.tflite'", "no such weights file"};

  QTest::newRow("body without head")
      << resource("mobilenet_v1_1.0_224_quant_embedding_extractor.tflite") << ""
      << QStringList{"mobilenet_v1_1.0_224_quant_embedding_extractor.tflite'",
                     "expected its head file", "found none"};
  QTest::newRow("head alone") << resource("mobilenet_quant_v1_224_head_layers.tflite") << ""
                              << QStringList{"mobilenet_quant_v1_224_head_layers.tflite'",
                                             "expected the body file"};
  QTest::newRow("head on a complete model")
      << resource("mobilenet_v1_0.5_160_quant.tflite")
      << resource("mobilenet_quant_v1_224_head_layers.tflite")
      << QStringList{"mobilenet_quant_v1_224_head_layers.tflite'", "is a complete model"};

  // A native archive cut short.
  const probe::RoundTrip saved = probe::customRoundTrip({0.25, 64, 10, ConvMode::Separable},
                                                        PaddingMode::TensorFlowSame,
                                                        (dir + "/small.pt").toStdString());
  QVERIFY2(saved.error.empty(), saved.error.c_str());
  const QByteArray pt = readAll(dir + "/small.pt");
  writeAll(dir + "/truncated.pt", pt.left(pt.size() / 2));
  QTest::newRow("truncated native")
      << dir + "/truncated.pt" << ""
      << QStringList{"truncated.pt'", "corrupted or truncated MobileNet Lab weights archive"};
}

void TestWeights::rejectsBadFiles() {
  MNL_SKIP_WITHOUT_KERAS();
  QFETCH(QString, file);
  QFETCH(QString, head);
  QFETCH(QStringList, expected);
  const QString message = readError(file, head);
  QVERIFY2(!message.isEmpty(), "the file was accepted");
  QVERIFY2(!message.startsWith("unexpected"), qPrintable(message));
  for (const QString& part : expected)
    QVERIFY2(message.contains(part), qPrintable("'" + part + "' not in: " + message));
}

// Files that are fine in themselves but not what the request asks for, through loadModel.
void TestWeights::rejectsMismatchedRequests_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("conv");
  QTest::addColumn<QString>("file");
  QTest::addColumn<bool>("allowUntrained");
  QTest::addColumn<QStringList>("expected");
  const int sep = int(ConvMode::Separable);
  QTest::newRow("0.5 file as α 0.75")
      << 0.75 << sep << resource("mobilenet_v1_0.5_160_quant.tflite") << true
      << QStringList{"mobilenet_v1_0.5_160_quant.tflite'", "expected α 0.75", "found α 0.5"};
  QTest::newRow("Keras 0.25 as α 1")
      << 1.0 << sep << resource("mobilenet_v1_0.25_224.h5") << true
      << QStringList{"mobilenet_v1_0.25_224.h5'", "expected α 1", "found α 0.25"};
  QTest::newRow("separable file as standard")
      << 0.5 << int(ConvMode::Standard) << resource("mobilenet_v1_0.5_160_quant.tflite") << true
      << QStringList{"mobilenet_v1_0.5_160_quant.tflite'", "expected standard",
                     "found separable"};
  QTest::newRow("no weights for 0.6, untrained refused")
      << 0.6 << sep << "" << false
      << QStringList{"no trained weights for α 0.6", "α 0.25, 0.5, 0.75 and 1.0"};
  QTest::newRow("labels file as weights")
      << 0.5 << sep << resource("imagenet_labels_1001.txt") << true
      << QStringList{"imagenet_labels_1001.txt'", "found a text file"};
}

void TestWeights::rejectsMismatchedRequests() {
  MNL_SKIP_WITHOUT_KERAS();
  QFETCH(double, alpha);
  QFETCH(int, conv);
  QFETCH(QString, file);
  QFETCH(bool, allowUntrained);
  QFETCH(QStringList, expected);
  probe::LoadSpec s = spec(alpha, 160, file);
  s.network.conv = static_cast<ConvMode>(conv);
  s.allowUntrained = allowUntrained;
  const QString message = QString::fromStdString(probe::load(s).error);
  QVERIFY2(!message.isEmpty(), "the request was accepted");
  QVERIFY2(!message.startsWith("unexpected"), qPrintable(message));
  for (const QString& part : expected)
    QVERIFY2(message.contains(part), qPrintable("'" + part + "' not in: " + message));
}

// A model of another class count than the bundled 1001 is not a mismatch: the classes come
// from the file (the request's count is not consulted), and so do the labels; without labels
// of its own, 1001 and 1000 classes get ImageNet's (1000: without "background", as Keras
// orders them) and any other count "class 0", "class 1"…
void TestWeights::otherClassCount_data() {
  QTest::addColumn<int>("classes");
  QTest::addColumn<bool>("ownLabels");
  QTest::addColumn<QString>("first");
  QTest::addColumn<QString>("second");
  QTest::newRow("10 classes, own labels") << 10 << true << "l0" << "l1";
  QTest::newRow("10 classes, no labels") << 10 << false << "class 0" << "class 1";
  QTest::newRow("1 class, no labels") << 1 << false << "class 0" << "";
  QTest::newRow("1000 classes, no labels") << 1000 << false << "tench, Tinca tinca"
                                           << "goldfish, Carassius auratus";
  QTest::newRow("1001 classes, no labels") << 1001 << false << "background"
                                           << "tench, Tinca tinca";
}

void TestWeights::otherClassCount() {
  QFETCH(int, classes);
  QFETCH(bool, ownLabels);
  QFETCH(QString, first);
  QFETCH(QString, second);
  const QString file = temp_.filePath(QString("classes-%1-%2.pt").arg(classes).arg(ownLabels));
  const std::string saved =
      probe::saveRandom({0.25, 96, classes, ConvMode::Separable}, file.toStdString(), ownLabels);
  QVERIFY2(saved.empty(), saved.c_str());
  const probe::LoadSummary loaded = probe::load(spec(0.25, 96, file));  // asks for 1001
  QCOMPARE(QString::fromStdString(loaded.error), QString());
  QVERIFY(loaded.trained);
  QCOMPARE(loaded.classes, classes);
  QCOMPARE(loaded.labelCount, classes);
  QCOMPARE(QString::fromStdString(loaded.firstLabel), first);
  QCOMPARE(QString::fromStdString(loaded.secondLabel), second);
}

// Random byte damage anywhere in a file: it is read or refused with a WeightsError, never a
// crash or another exception.
void TestWeights::corruptionNeverCrashes_data() {
  QTest::addColumn<QString>("source");
  QTest::addColumn<int>("seed");
  QTest::addColumn<bool>("wholeFile");  // else the first 8 KiB
  const QString q25 = "mobilenet_v1_0.25_128_quant.tflite", h5 = "mobilenet_v1_0.25_224.h5";
  for (int seed = 0; seed < 4; ++seed)
    QTest::addRow("0.25/128 seed %d", seed) << q25 << seed << false;
  QTest::addRow("0.25/128 whole file") << q25 << 4 << true;
  QTest::addRow("Keras seed 0") << h5 << 0 << false;
  QTest::addRow("Keras whole file") << h5 << 1 << true;
}

void TestWeights::corruptionNeverCrashes() {
  MNL_SKIP_WITHOUT_KERAS();
  QFETCH(QString, source);
  QFETCH(int, seed);
  QFETCH(bool, wholeFile);
  const QByteArray original = readAll(resource(source.toUtf8().constData()));
  QVERIFY(!original.isEmpty());
  std::mt19937 random(static_cast<unsigned>(seed));
  const bool keras = source.endsWith(".h5");
  int refused = 0, read = 0;
  const int trials = keras ? 20 : 100;
  for (int trial = 0; trial < trials; ++trial) {
    QByteArray damaged = original;
    // Damage where the structure is dense: the first 8 KiB hold the TFLite file's tables (its
    // weight buffers come after them) and the HDF5 superblock and model_config; or anywhere.
    const int span = wholeFile ? int(damaged.size()) : 8192;
    for (int flips = 0; flips < 8; ++flips) {
      const int at = int(random() % unsigned(span));
      damaged[at] = char(damaged[at] ^ char(1 + random() % 255));
    }
    const QString path = temp_.filePath(QString("fuzz-%1-%2.%3").arg(seed).arg(trial)
                                            .arg(keras ? "h5" : "tflite"));
    QVERIFY(writeAll(path, damaged));
    const QString message = readError(path);
    QVERIFY2(!message.startsWith("unexpected"), qPrintable(message));
    if (message.isEmpty()) {
      ++read;
    } else {
      QVERIFY2(message.contains(QFileInfo(path).fileName()), qPrintable(message));
      ++refused;
    }
  }
  qInfo("%s: %d damaged copies refused, %d still readable", qPrintable(source), refused, read);
  QVERIFY(refused > 0);
}

void TestWeights::nativeRoundTrip_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<int>("classes");
  QTest::addColumn<bool>("trained");
  QTest::newRow("0.5/160 TFLite") << 0.5 << 160 << 1001 << true;
  QTest::newRow("Keras 0.25/224") << 0.25 << 224 << 1000 << true;
  QTest::newRow("0.6/128 untrained") << 0.6 << 128 << 1001 << true;  // trained once saved
}

void TestWeights::nativeRoundTrip() {
  MNL_SKIP_WITHOUT_KERAS();
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(int, classes);
  QFETCH(bool, trained);
  const QString file = temp_.filePath(QString("round-%1-%2.pt").arg(alpha).arg(resolution));
  const probe::RoundTrip trip = probe::nativeRoundTrip(spec(alpha, resolution), file.toStdString());
  QCOMPARE(QString::fromStdString(trip.error), QString());
  QCOMPARE(trip.maxDifference, 0.0);  // identical logits
  QVERIFY(trip.sameNetwork);
  QCOMPARE(trip.reloaded.trained, trained);
  QCOMPARE(QString::fromStdString(trip.reloaded.description),
           QFileInfo(file).fileName() + " (user file)");
  QCOMPARE(trip.reloaded.classes, classes);
  QCOMPARE(trip.reloaded.labelCount, classes);
}

void TestWeights::nativeRoundTripAnyNetwork_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::addColumn<int>("classes");
  QTest::addColumn<int>("conv");
  QTest::addColumn<int>("padding");
  QTest::newRow("0.35/96, 10 classes") << 0.35 << 96 << 10 << int(ConvMode::Separable)
                                       << int(PaddingMode::TensorFlowSame);
  QTest::newRow("standard 0.5/64 symmetric") << 0.5 << 64 << 7 << int(ConvMode::Standard)
                                             << int(PaddingMode::Symmetric);
}

void TestWeights::nativeRoundTripAnyNetwork() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  QFETCH(int, classes);
  QFETCH(int, conv);
  QFETCH(int, padding);
  const NetworkConfig network{alpha, resolution, classes, static_cast<ConvMode>(conv)};
  const QString file = temp_.filePath(QString("any-%1-%2.pt").arg(alpha).arg(conv));
  const probe::RoundTrip trip =
      probe::customRoundTrip(network, static_cast<PaddingMode>(padding), file.toStdString());
  QCOMPARE(QString::fromStdString(trip.error), QString());
  QCOMPARE(trip.maxDifference, 0.0);
  QVERIFY(trip.sameNetwork);
  QVERIFY(trip.reloaded.trained);
  QCOMPARE(trip.reloaded.labelCount, classes);
  QCOMPARE(QString::fromStdString(trip.reloaded.firstLabel), QString("l0"));
  QCOMPARE(QString::fromStdString(trip.reloaded.secondLabel), QString("l1"));
  QCOMPARE(trip.reloaded.offset, 100.0);
  QCOMPARE(trip.reloaded.divisor, 50.0);
  // Read directly: the metadata gives the network back.
  const WeightSet set = readWeightsFile(file.toStdString());
  QCOMPARE(int(set.format), int(WeightsFormat::Native));
  QCOMPARE(set.network, network);
  QCOMPARE(int(set.padding), padding);
}

// A Keras file whose BatchNormalization epsilon is 1e-5 instead of the model's 1e-3 loads with
// each running variance moved by 1e-5 − 1e-3, so var + ε is what Keras computes with.
void TestWeights::kerasEpsilonFoldsIntoVariance() {
  if (!kHaveKeras) QSKIP("core built without HDF5: no Keras model");
  const QString copy = temp_.filePath("eps.h5");
  const std::string error = probe::writeKerasWithEpsilon(
      resource("mobilenet_v1_0.25_224.h5").toStdString(), copy.toStdString(), 1e-5);
  QVERIFY2(error.empty(), error.c_str());
  const std::vector<float> original = probe::runningVariance(spec(0.25, 224), "pw5");
  const std::vector<float> shifted = probe::runningVariance(spec(0.25, 224, copy), "pw5");
  QCOMPARE(original.size(), std::size_t{64});
  QCOMPARE(shifted.size(), original.size());
  for (std::size_t i = 0; i < original.size(); ++i)
    QVERIFY(std::abs(shifted[i] - (original[i] + 1e-5f - 1e-3f)) <= 1e-6f * (1 + original[i]));
}

void TestWeights::cleanupTestCase() {
  if (photoRows_)
    qInfo("photos: %d rows, same top-1 as the reference in %d, largest probability difference "
          "%.4f", photoRows_, sameTop1_, worstDeviation_);
}

QTEST_APPLESS_MAIN(TestWeights)
#include "tst_weights.moc"

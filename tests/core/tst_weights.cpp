// SPDX-License-Identifier: GPL-3.0-or-later
// Pretrained weights: every bundled model classifies the test photos as the independent
// reference does (tests/data/expected_top1.tsv); damaged, foreign and mismatched files are
// refused with a message naming the file and what did not match; the app's own format
// round-trips exactly; the catalogue picks the right model.
// Built with QT_NO_KEYWORDS (Q_SLOTS), so it includes torch and asserts on tensors directly.
#include <QtTest>
#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <opencv2/imgcodecs.hpp>
#include <random>

#ifdef MNL_WITH_HDF5
#include <hdf5.h>
#endif

#include "mnl/inference_network.h"
#include "mnl/model_catalog.h"
#include "mnl/model_loader.h"
#include "mnl/native_weights.h"
#include "mnl/tflite_export.h"
#include "mnl/preprocess.h"
#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

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

// A loadModel request for (α, resolution), 1001 classes, separable, from the bundled
// resources unless a weights file is given.
ModelRequest request(double alpha, int resolution, const QString& weights = {}) {
  ModelRequest r;
  r.network = {alpha, resolution, 1001, ConvMode::Separable};
  if (!weights.isEmpty()) r.weightsFile = weights.toStdString();
  r.resourcesDir = kResources.toStdString();
  return r;
}

// The bundled model of (α, resolution): no trained weights is an error, not a random model.
ModelRequest bundled(double alpha, int resolution) {
  ModelRequest r = request(alpha, resolution);
  r.allowUntrained = false;
  return r;
}

// The message loadModel throws, "" if it loads; exceptions other than WeightsError are marked.
QString loadError(const ModelRequest& request) {
  try {
    loadModel(request);
  } catch (const WeightsError& e) {
    return QString::fromStdString(e.what());
  } catch (const std::exception& e) {
    return "unexpected exception: " + QString::fromStdString(e.what());
  }
  return {};
}

QStringList labelsOf(const LoadedModel& loaded) {
  QStringList labels;
  for (const std::string& label : loaded.labels) labels << QString::fromStdString(label);
  return labels;
}

int classesOf(const LoadedModel& loaded) { return loaded.model->options().network.classes; }

// A photo of tests/data decoded by OpenCV, as the view preprocess reads (empty if undecodable).
struct Photo {
  cv::Mat bgr;
  BgrImageView view() const {
    return {bgr.data, bgr.cols, bgr.rows, static_cast<std::ptrdiff_t>(bgr.step[0])};
  }
};
Photo decodePhoto(const QString& name) {
  return {cv::imread((kData + "/" + name).toStdString(), cv::IMREAD_COLOR)};
}

// The same images for every logits comparison: two of side×side, values in −1…1.
torch::Tensor fixedBatch(int side) {
  torch::manual_seed(1234);
  return torch::rand({2, 3, side, side}) * 2 - 1;
}

// A model of any configuration with random weights and batch-norm statistics, in eval mode.
MobileNetV1 randomModel(const NetworkConfig& network,
                        PaddingMode padding = PaddingMode::TensorFlowSame) {
  torch::NoGradGuard noGrad;
  torch::manual_seed(99);
  MobileNetV1 model(ModelOptions{network, padding});
  for (auto& buffer : model->named_buffers(true)) {
    if (buffer.key().ends_with("running_mean")) buffer.value().normal_(0, 0.1);
    if (buffer.key().ends_with("running_var")) buffer.value().uniform_(0.5, 2.0);
  }
  model->eval();
  return model;
}

// "l0", "l1"… one per class. (Not "l" + std::to_string(i): gcc 12 warns on it, falsely,
// -Wrestrict; GCC bug 105329.)
std::vector<std::string> numberedLabels(int classes) {
  std::vector<std::string> labels;
  for (int i = 0; i < classes; ++i) labels.push_back(std::string("l").append(std::to_string(i)));
  return labels;
}

// A buffer of the model by its full name (features.pw5.bn.running_var), undefined if none.
torch::Tensor bufferOf(const MobileNetV1& model, const std::string& name) {
  const auto buffers = model->named_buffers(true);
  const torch::Tensor* found = buffers.find(name);
  return found ? *found : torch::Tensor();
}

// Copies a Keras .h5 file to `copy` with every BatchNormalization epsilon in its model_config
// replaced by `epsilon`. Returns "" or an error.
QString writeKerasWithEpsilon(const QString& source, const QString& copy, double epsilon) {
#ifdef MNL_WITH_HDF5
  std::filesystem::copy_file(source.toStdString(), copy.toStdString(),
                             std::filesystem::copy_options::overwrite_existing);
  std::filesystem::permissions(copy.toStdString(), std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  hid_t file = H5Fopen(copy.toStdString().c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  if (file < 0) return "cannot open " + copy;
  hid_t attribute = H5Aopen(file, "model_config", H5P_DEFAULT);
  hid_t type = H5Aget_type(attribute);
  std::string text;
  if (H5Tis_variable_str(type) > 0) {
    hid_t memType = H5Tcopy(H5T_C_S1);
    H5Tset_size(memType, H5T_VARIABLE);
    char* value = nullptr;
    H5Aread(attribute, memType, &value);
    text = value;
    H5free_memory(value);
    H5Tclose(memType);
  } else {
    std::string buffer(H5Tget_size(type), '\0');
    H5Aread(attribute, type, buffer.data());
    text = buffer.c_str();
  }
  H5Tclose(type);
  H5Aclose(attribute);
  const std::string from = "\"epsilon\": 0.001", to = "\"epsilon\": " + std::to_string(epsilon);
  int replaced = 0;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) {
    text.replace(at, from.size(), to);
    ++replaced;
  }
  H5Adelete(file, "model_config");
  hid_t newType = H5Tcopy(H5T_C_S1);
  H5Tset_size(newType, text.size());
  hid_t space = H5Screate(H5S_SCALAR);
  hid_t created = H5Acreate2(file, "model_config", newType, space, H5P_DEFAULT, H5P_DEFAULT);
  const herr_t written = H5Awrite(created, newType, text.data());
  H5Aclose(created);
  H5Sclose(space);
  H5Tclose(newType);
  H5Fclose(file);
  if (written < 0) return "cannot write the new model_config";
  return replaced == 27 ? QString() : QString("replaced %1 epsilons").arg(replaced);
#else
  (void)source;
  (void)copy;
  (void)epsilon;
  return "built without HDF5";
#endif
}

}  // namespace

class TestWeights : public QObject {
  Q_OBJECT

 private Q_SLOTS:
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
  void tfliteRoundTrip_data();
  void tfliteRoundTrip();
  void tfliteRefusesWhatItCannotHold();
  void kerasEpsilonFoldsIntoVariance();
  void kerasReaderFailuresAreErrors_data();
  void kerasReaderFailuresAreErrors();
  void cleanupTestCase();

 private:
  // The bundled model of (α, resolution), loaded once for all the photos.
  LoadedModel& photoModel(double alpha, int resolution);

  std::map<std::pair<double, int>, LoadedModel> photoModels_;
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
  QVERIFY(set.scaling == (InputScaling{offset, offset}));  // 1/128 and 1/127.5
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
  ModelRequest r = request(alpha, resolution);
  r.network.conv = static_cast<ConvMode>(conv);
  LoadedModel loaded;
  QVERIFY_THROWS_NO_EXCEPTION(loaded = loadModel(r));
  QCOMPARE(loaded.trained, trained);
  QCOMPARE(QString::fromStdString(loaded.weightsDescription), description);
  QCOMPARE(classesOf(loaded), classes);
  QCOMPARE(labelsOf(loaded).size(), classes);
  QCOMPARE(labelsOf(loaded).value(0), firstLabel);
  QCOMPARE(loaded.preprocessing.inputSize, resolution);  // the requested size, not the native one
  QVERIFY(loaded.preprocessing.scaling == (InputScaling{offset, offset}));
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
  LoadedModel* loaded = nullptr;
  QVERIFY_THROWS_NO_EXCEPTION(loaded = &photoModel(alpha, resolution));
  const Photo photo = decodePhoto(image);
  QVERIFY2(!photo.bgr.empty(), qPrintable("cannot decode " + image));
  // The product's own preprocessing (crop, antialiased bilinear resize, scaling), so the test
  // checks what the app and the CLI compute.
  Preprocessing preprocessing = loaded->preprocessing;
  preprocessing.crop = centerCrop ? CropMode::CenterSquare : CropMode::FullFrame;
  torch::NoGradGuard noGrad;
  const torch::Tensor probabilities =
      torch::softmax(loaded->model->forward(preprocess(photo.view(), preprocessing)), 1)[0];
  // The reference numbers the 1001 TFLite classes; Keras' 1000 are that list without
  // background, one lower.
  const int shift = probabilities.size(0) == 1000 ? 1 : 0;
  const int ours = static_cast<int>(probabilities.argmax().item<int64_t>());
  const QString ourLabel = labelsOf(*loaded).at(ours);
  const int reference = top1 - shift;
  const double referenceProbability = reference >= 0 && reference < probabilities.size(0)
                                          ? probabilities[reference].item<float>()
                                          : 0.0;
  const QString info = QString("ours: %1 (%2) p=%3, reference p=%4 for %5; %6")
                           .arg(ours + shift)
                           .arg(ourLabel)
                           .arg(probabilities[ours].item<float>(), 0, 'f', 3)
                           .arg(referenceProbability, 0, 'f', 3)
                           .arg(top1Label)
                           .arg(QString::fromStdString(loaded->weightsDescription));
  // The reference's top-1 class gets the reference's probability, within 0.05.
  ++photoRows_;
  sameTop1_ += ours == reference;
  worstDeviation_ = std::max(worstDeviation_, std::abs(referenceProbability - top1Probability));
  QVERIFY2(std::abs(referenceProbability - top1Probability) <= 0.05, qPrintable(info));
  if (top1Probability - top2Probability >= 0.05) {
    QVERIFY2(ours == reference, qPrintable(info));
  } else {  // a near tie: either of the reference's two answers
    QVERIFY2(ours == reference || ourLabel == top2Label, qPrintable(info));
    if (ours != reference) qInfo("near tie, reference's second answer: %s", qPrintable(info));
  }
}

LoadedModel& TestWeights::photoModel(double alpha, int resolution) {
  const auto key = std::make_pair(alpha, resolution);
  if (!photoModels_.count(key)) photoModels_.emplace(key, loadModel(bundled(alpha, resolution)));
  return photoModels_.at(key);
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
  LoadedModel loaded;
  QVERIFY_THROWS_NO_EXCEPTION(loaded = loadModel(bundled(alpha, resolution)));
  const Photo photo = decodePhoto(image);
  QVERIFY2(!photo.bgr.empty(), qPrintable("cannot decode " + image));
  torch::InferenceMode inference;
  const torch::Tensor input = preprocess(photo.view(), loaded.preprocessing);
  RuntimeOptions half;
  half.precision = Precision::Float16;
  const torch::Tensor p32 =
      torch::softmax(InferenceNetwork(loaded.model, torch::kCPU).forward(input), 1)[0];
  const torch::Tensor p16 =
      torch::softmax(InferenceNetwork(loaded.model, torch::kCPU, half).forward(input), 1)[0];
  const auto [best32, classes32] = p32.topk(2);
  const int first32 = static_cast<int>(classes32[0].item<int64_t>());
  const int second32 = static_cast<int>(classes32[1].item<int64_t>());
  const int first16 = static_cast<int>(p16.argmax().item<int64_t>());
  const float largestChange = (p32 - p16).abs().max().item<float>();
  const QString info = QString("top-1 %1 → %2, p %3 → %4 (second: %5, p %6), largest change %7")
                           .arg(first32)
                           .arg(first16)
                           .arg(best32[0].item<float>(), 0, 'f', 4)
                           .arg(p16[first32].item<float>(), 0, 'f', 4)
                           .arg(second32)
                           .arg(best32[1].item<float>(), 0, 'f', 4)
                           .arg(largestChange, 0, 'g', 3);
  qInfo("%s", qPrintable(info));
  QVERIFY2(largestChange < 0.02, qPrintable(info));
  // No probability moves by more than `largestChange`, so the answer can only change where
  // float32's first two are closer than twice that; then it is the second.
  if (best32[0].item<float>() - best32[1].item<float>() > 2 * largestChange)
    QVERIFY2(first16 == first32, qPrintable(info));
  else
    QVERIFY2(first16 == first32 || first16 == second32, qPrintable(info));
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
  MobileNetV1 small = randomModel({0.25, 64, 10, ConvMode::Separable});
  QVERIFY_THROWS_NO_EXCEPTION(
      saveWeights(small, (dir + "/small.pt").toStdString(), InputScaling{100, 50}, numberedLabels(10)));
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
  ModelRequest r = request(alpha, 160, file);
  r.network.conv = static_cast<ConvMode>(conv);
  r.allowUntrained = allowUntrained;
  const QString message = loadError(r);
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
  MobileNetV1 model = randomModel({0.25, 96, classes, ConvMode::Separable});
  QVERIFY_THROWS_NO_EXCEPTION(saveWeights(model, file.toStdString(), InputScaling{127.5, 127.5},
                                          ownLabels ? numberedLabels(classes)
                                                    : std::vector<std::string>{}));
  LoadedModel loaded;
  QVERIFY_THROWS_NO_EXCEPTION(loaded = loadModel(request(0.25, 96, file)));  // asks for 1001
  QVERIFY(loaded.trained);
  QCOMPARE(classesOf(loaded), classes);
  QCOMPARE(labelsOf(loaded).size(), classes);
  QCOMPARE(labelsOf(loaded).value(0), first);
  QCOMPARE(labelsOf(loaded).value(1), second);
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
  torch::NoGradGuard noGrad;
  LoadedModel original;
  QVERIFY_THROWS_NO_EXCEPTION(original = loadModel(request(alpha, resolution)));
  QVERIFY_THROWS_NO_EXCEPTION(saveWeights(original.model, file.toStdString(),
                                          original.preprocessing.scaling, original.labels));
  LoadedModel reloaded;
  QVERIFY_THROWS_NO_EXCEPTION(reloaded = loadModel(request(alpha, resolution, file)));
  const torch::Tensor images = fixedBatch(resolution);
  QVERIFY(torch::equal(reloaded.model->forward(images), original.model->forward(images)));
  QVERIFY(reloaded.model->options().network == original.model->options().network);
  QCOMPARE(reloaded.trained, trained);
  QCOMPARE(QString::fromStdString(reloaded.weightsDescription),
           QFileInfo(file).fileName() + " (user file)");
  QCOMPARE(classesOf(reloaded), classes);
  QCOMPARE(labelsOf(reloaded).size(), classes);
}

// A model written as TFLite (batch norms folded into float weights) and read back gives the
// same probabilities, and keeps its input convention: the TFLite models' 8-bit (x − 128) / 128
// as a dequantised uint8 input, the Keras model's [−1, 1] as a float input.
void TestWeights::tfliteRoundTrip_data() {
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("resolution");
  QTest::newRow("0.25/128 (TFLite, 8-bit input)") << 0.25 << 128;
  QTest::newRow("1.0/224 (TFLite split in two)") << 1.0 << 224;
  QTest::newRow("0.25/224 (Keras, [-1, 1])") << 0.25 << 224;
}

void TestWeights::tfliteRoundTrip() {
  QFETCH(double, alpha);
  QFETCH(int, resolution);
  if (alpha == 0.25 && resolution == 224) MNL_SKIP_WITHOUT_KERAS();
  const QString file = temp_.filePath(QString("export-%1-%2.tflite").arg(alpha).arg(resolution));
  torch::NoGradGuard noGrad;
  LoadedModel original;
  QVERIFY_THROWS_NO_EXCEPTION(original = loadModel(bundled(alpha, resolution)));
  QVERIFY_THROWS_NO_EXCEPTION(writeTfLite(
      weightSetOf(original.model, original.preprocessing.scaling, original.labels),
      file.toStdString(), (file + ".labels.txt").toStdString()));
  QCOMPARE(detectWeightsFormat(file.toStdString()), WeightsFormat::TfLite);
  LoadedModel reloaded;
  QVERIFY_THROWS_NO_EXCEPTION(reloaded = loadModel(request(alpha, resolution, file)));
  QVERIFY(reloaded.preprocessing.scaling == original.preprocessing.scaling);
  QVERIFY(reloaded.model->options().network == original.model->options().network);
  const torch::Tensor images = fixedBatch(resolution);
  const torch::Tensor a = torch::softmax(original.model->forward(images), 1);
  const torch::Tensor b = torch::softmax(reloaded.model->forward(images), 1);
  const double largest = (a - b).abs().max().item<double>();
  QVERIFY2(largest < 1e-4, qPrintable(QString::number(largest)));
  QFile labels(file + ".labels.txt");
  QVERIFY(labels.open(QIODevice::ReadOnly));
  QCOMPARE(labels.readAll().count('\n'), classesOf(original));
}

void TestWeights::tfliteRefusesWhatItCannotHold() {
  ModelRequest standard = request(0.5, 64);
  standard.network.conv = ConvMode::Standard;
  const LoadedModel conv = loadModel(standard);
  QVERIFY_THROWS_EXCEPTION(WeightsError, tfliteModelBytes(weightSetOf(conv.model, conv.preprocessing.scaling), ""));
  const LoadedModel separable = loadModel(bundled(0.25, 128));
  WeightSet padded = weightSetOf(separable.model, separable.preprocessing.scaling);
  padded.padding = PaddingMode::Symmetric;  // as a PyTorch-trained network pads
  QVERIFY_THROWS_EXCEPTION(WeightsError, tfliteModelBytes(padded, ""));
  try {
    tfliteModelBytes(weightSetOf(separable.model, kImageNetScaling), "");
    QFAIL("torchvision's per-channel scaling was written");
  } catch (const WeightsError& e) {
    QVERIFY2(QString(e.what()).contains("this app's format"), e.what());
  }
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
  torch::NoGradGuard noGrad;
  MobileNetV1 model = randomModel(network, static_cast<PaddingMode>(padding));
  QVERIFY_THROWS_NO_EXCEPTION(
      saveWeights(model, file.toStdString(), InputScaling{100, 50}, numberedLabels(classes)));
  ModelRequest r;
  r.network = network;
  r.weightsFile = file.toStdString();
  r.padding = static_cast<PaddingMode>(padding);
  r.allowUntrained = false;
  LoadedModel reloaded;
  QVERIFY_THROWS_NO_EXCEPTION(reloaded = loadModel(r));
  const torch::Tensor images = fixedBatch(resolution);
  QVERIFY(torch::equal(reloaded.model->forward(images), model->forward(images)));
  QVERIFY(reloaded.model->options().network == network);
  QVERIFY(reloaded.trained);
  QCOMPARE(labelsOf(reloaded).size(), classes);
  QCOMPARE(labelsOf(reloaded).value(0), QString("l0"));
  QCOMPARE(labelsOf(reloaded).value(1), QString("l1"));
  QVERIFY(reloaded.preprocessing.scaling == (InputScaling{100.0, 50.0}));
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
  const QString error = writeKerasWithEpsilon(resource("mobilenet_v1_0.25_224.h5"), copy, 1e-5);
  QVERIFY2(error.isEmpty(), qPrintable(error));
  LoadedModel original, shifted;
  QVERIFY_THROWS_NO_EXCEPTION(original = loadModel(request(0.25, 224)));
  QVERIFY_THROWS_NO_EXCEPTION(shifted = loadModel(request(0.25, 224, copy)));
  const torch::Tensor variance = bufferOf(original.model, "features.pw5.bn.running_var");
  const torch::Tensor shiftedVariance = bufferOf(shifted.model, "features.pw5.bn.running_var");
  QVERIFY(variance.defined() && shiftedVariance.defined());
  QCOMPARE(variance.numel(), std::int64_t{64});
  QCOMPARE(shiftedVariance.numel(), variance.numel());
  // var + 1e-5 − 1e-3, to float rounding, in every channel.
  const torch::Tensor expected = variance + 1e-5f - 1e-3f;
  QVERIFY(((shiftedVariance - expected).abs() <= 1e-6f * (1 + variance)).all().item<bool>());
}

// The Keras reader runs as a program of its own (mobilenet-lab-keras-h5-reader) because HDF5
// can crash on a damaged file. Whatever that program does (crash, fail, print garbage or half an
// answer, be missing) ends in a WeightsError naming the file; $MNL_KERAS_H5_READER puts a
// stand-in shell script in its place.
void TestWeights::kerasReaderFailuresAreErrors_data() {
  QTest::addColumn<QString>("script");  // empty: the variable names a file that does not exist
  QTest::addColumn<QStringList>("expected");
  QTest::newRow("Keras reader crashes")
      << "kill -SEGV $$"
      << QStringList{"corrupted HDF5 file: the HDF5 library failed reading it",
                     "Segmentation fault"};
  QTest::newRow("Keras reader fails")
      << "exit 7" << QStringList{"corrupted HDF5 file: reading it failed",
                                 "the reader exited with status 7"};
  QTest::newRow("Keras reader prints garbage")
      << "echo 'not weights'"
      << QStringList{"corrupted HDF5 file: reading it failed",
                     "not an answer of this version of the Keras reader"};
  QTest::newRow("Keras reader stops halfway")
      << "printf 'MNLKERAS\\001\\000\\000\\000W\\000'"
      << QStringList{"corrupted HDF5 file: reading it failed", "the answer ends too early"};
  QTest::newRow("Keras reader missing")
      << "" << QStringList{"cannot read a Keras HDF5 file", "mobilenet-lab-keras-h5-reader",
                           "is missing", "no-such-reader"};
}

void TestWeights::kerasReaderFailuresAreErrors() {
  MNL_SKIP_WITHOUT_KERAS();
  QFETCH(QString, script);
  QFETCH(QStringList, expected);
  QString reader = temp_.filePath("no-such-reader");
  if (!script.isEmpty()) {
    reader = temp_.filePath(QString("reader-%1.sh").arg(QTest::currentDataTag()).replace(' ', '-'));
    QVERIFY(writeAll(reader, ("#!/bin/sh\n" + script + "\n").toUtf8()));
    QVERIFY(QFile::setPermissions(reader, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
  }
  qputenv("MNL_KERAS_H5_READER", reader.toUtf8());
  const QString message = readError(resource("mobilenet_v1_0.25_224.h5"));
  qunsetenv("MNL_KERAS_H5_READER");
  QVERIFY2(message.startsWith("'") && message.contains("mobilenet_v1_0.25_224.h5'"),
           qPrintable(message));
  for (const QString& part : expected) QVERIFY2(message.contains(part), qPrintable(message));
}

void TestWeights::cleanupTestCase() {
  if (photoRows_)
    qInfo("photos: %d rows, same top-1 as the reference in %d, largest probability difference "
          "%.4f", photoRows_, sameTop1_, worstDeviation_);
}

QTEST_APPLESS_MAIN(TestWeights)
#include "tst_weights.moc"

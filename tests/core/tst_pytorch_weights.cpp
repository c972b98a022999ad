// SPDX-License-Identifier: GPL-3.0-or-later
// A user's own model: checkpoints of the notebook's MobileNet written by PyTorch itself
// (tests/core/make_pytorch_fixtures.py, run by the build), read without Python. The C++ network
// must give PyTorch's probabilities on uniform colours (where no preprocessing can differ) and
// its top-1 on the photos; every bad file must end in a WeightsError naming it.
// Built with QT_NO_KEYWORDS (Q_SLOTS), so it includes torch and asserts on tensors directly.
#include <QtTest>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "mnl/inference_network.h"
#include "mnl/model_loader.h"
#include "mnl/native_weights.h"
#include "mnl/preprocess.h"
#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

using namespace mnl;

namespace {

const std::filesystem::path kFixtures = MNL_PYTORCH_FIXTURES_DIR;
const QString kData = MNL_TEST_DATA_DIR;

const nlohmann::json& expected() {
  static const nlohmann::json json = [] {
    std::ifstream in(kFixtures / "expected.json");
    return nlohmann::json::parse(in);
  }();
  return json;
}

ModelRequest userModel(const std::filesystem::path& file) {
  ModelRequest request;
  request.weightsFile = file;
  request.networkFromFile = true;
  request.network.resolution = 0;  // the file's own: 224
  request.allowUntrained = false;
  request.resourcesDir = MNL_RESOURCES_DIR;
  return request;
}

// Probabilities of the folded network (what the app and the CLI run) for one BGR image.
torch::Tensor probabilities(const InferenceNetwork& network, const LoadedModel& loaded,
                            const BgrImageView& image) {
  torch::NoGradGuard noGrad;
  return torch::softmax(network.forward(preprocess(image, loaded.preprocessing)), 1)[0];
}

QString messageOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const WeightsError& e) {
    return QString::fromStdString(e.what());
  }
  return QString();
}

}  // namespace

class TestPyTorchWeights : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void readsTheFilesShape_data();
  void readsTheFilesShape();
  void matchesPyTorch_data();
  void matchesPyTorch();
  void labelsFollowTheClasses();
  void normalisationCanBeOverridden();
  void convertedFileGivesTheSameAnswers();
  void refusesBadFiles_data();
  void refusesBadFiles();
};

void TestPyTorchWeights::readsTheFilesShape_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<double>("alpha");
  QTest::addColumn<int>("classes");
  QTest::addColumn<int>("format");
  QTest::newRow("bare OrderedDict, the notebook's class") << "notebook_1000.pth" << 1.0 << 1000
                                                          << int(WeightsFormat::PyTorch);
  QTest::newRow("nested under 'model'") << "nested_025_10.pth" << 0.25 << 10
                                        << int(WeightsFormat::PyTorch);
  QTest::newRow("'model_state_dict' beside an optimizer")
      << "width050_10.pth" << 0.5 << 10 << int(WeightsFormat::PyTorch);
  QTest::newRow("the only dict of tensors") << "only_dict_025_10.pth" << 0.25 << 10
                                            << int(WeightsFormat::PyTorch);
  QTest::newRow("safetensors") << "width050_10.safetensors" << 0.5 << 10
                               << int(WeightsFormat::Safetensors);
}

void TestPyTorchWeights::readsTheFilesShape() {
  QFETCH(QString, file);
  QFETCH(double, alpha);
  QFETCH(int, classes);
  QFETCH(int, format);
  const std::filesystem::path path = kFixtures / file.toStdString();
  QCOMPARE(int(detectWeightsFormat(path)), format);
  WeightSet set;
  QVERIFY_THROWS_NO_EXCEPTION(set = readWeightsFile(path));
  QCOMPARE(set.network.alpha, alpha);
  QCOMPARE(set.network.classes, classes);
  QCOMPARE(set.network.resolution, 224);
  QCOMPARE(int(set.padding), int(PaddingMode::Symmetric));
  QVERIFY(set.scaling == kImageNetScaling);
  QCOMPARE(set.tensors.size(), expectedTensorShapes(set.network).size());
}

void TestPyTorchWeights::matchesPyTorch_data() { readsTheFilesShape_data(); }

void TestPyTorchWeights::matchesPyTorch() {
  QFETCH(QString, file);
  LoadedModel loaded;
  QVERIFY_THROWS_NO_EXCEPTION(loaded = loadModel(userModel(kFixtures / file.toStdString())));
  const InferenceNetwork network(loaded.model, torch::kCPU);
  const nlohmann::json& reference = expected().at(file.toStdString());

  // Uniform colours: PyTorch's probabilities, every class, to 1e-4.
  const auto& colours = reference.at("colours");
  double largest = 0;
  for (std::size_t i = 0; i < colours.size(); ++i) {
    const auto rgb = colours[i].get<std::vector<int>>();
    cv::Mat image(100, 130, CV_8UC3, cv::Scalar(rgb[2], rgb[1], rgb[0]));
    const torch::Tensor ours = probabilities(
        network, loaded, {image.data, image.cols, image.rows, std::ptrdiff_t(image.step[0])});
    const auto theirs = reference.at("probabilities")[i].get<std::vector<float>>();
    QCOMPARE(ours.size(0), std::int64_t(theirs.size()));
    const double worst =
        (ours - torch::tensor(theirs)).abs().max().item<double>();
    QVERIFY2(worst <= 1e-4, qPrintable(QString("colour %1: largest difference %2")
                                           .arg(i).arg(worst)));
    largest = std::max(largest, worst);
  }
  qInfo("uniform colours: largest probability difference from PyTorch %.2g", largest);
  // Photos: PyTorch's top-1 (either of its two best where those two are within 0.002).
  for (const auto& [name, answer] : reference.at("photos").items()) {
    const cv::Mat photo = cv::imread((kData + "/" + QString::fromStdString(name)).toStdString(),
                                     cv::IMREAD_COLOR);
    QVERIFY(!photo.empty());
    const torch::Tensor p = probabilities(
        network, loaded, {photo.data, photo.cols, photo.rows, std::ptrdiff_t(photo.step[0])});
    const int ours = int(p.argmax().item<std::int64_t>());
    const int top1 = answer.at("top1").get<int>();
    const QString info = QString("%1: ours %2 (p %3), PyTorch %4 (p %5)")
                             .arg(QString::fromStdString(name)).arg(ours)
                             .arg(p[ours].item<double>()).arg(top1)
                             .arg(answer.at("p1").get<double>());
    if (answer.at("p1").get<double>() - answer.at("p2").get<double>() >= 0.002)
      QVERIFY2(ours == top1, qPrintable(info));
    else
      QVERIFY2(std::abs(p[top1].item<double>() - p[ours].item<double>()) < 0.002, qPrintable(info));
  }
}

void TestPyTorchWeights::labelsFollowTheClasses() {
  // 1000 classes: ImageNet's labels without the background entry.
  const LoadedModel notebook = loadModel(userModel(kFixtures / "notebook_1000.pth"));
  QCOMPARE(notebook.labels.size(), std::size_t(1000));
  QCOMPARE(QString::fromStdString(notebook.labels.front()), QString("tench, Tinca tinca"));
  // Another count without a labels file: "class N".
  const LoadedModel ten = loadModel(userModel(kFixtures / "nested_025_10.pth"));
  QCOMPARE(ten.labels.size(), std::size_t(10));
  QCOMPARE(QString::fromStdString(ten.labels[7]), QString("class 7"));
  // A labels file of the user's: one label a line, as many as classes.
  const QTemporaryDir dir;
  const std::filesystem::path labels = (dir.path() + "/labels.txt").toStdString();
  std::ofstream(labels) << "zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n";
  ModelRequest request = userModel(kFixtures / "nested_025_10.pth");
  request.labelsFile = labels;
  QCOMPARE(QString::fromStdString(loadModel(request).labels[7]), QString("seven"));
  request.weightsFile = kFixtures / "notebook_1000.pth";
  const QString message = messageOf([&] { loadModel(request); });
  QVERIFY2(message.contains("labels.txt'") && message.contains("expected 1000 labels") &&
               message.contains("found 10"),
           qPrintable(message));
}

void TestPyTorchWeights::normalisationCanBeOverridden() {
  ModelRequest request = userModel(kFixtures / "nested_025_10.pth");
  QVERIFY(loadModel(request).preprocessing.scaling == kImageNetScaling);
  request.normalization = Normalization::MinusOneToOne;
  QVERIFY(loadModel(request).preprocessing.scaling == (InputScaling{127.5, 127.5}));
  QCOMPARE(describeScaling(kImageNetScaling), std::string("ImageNet mean/std"));
}

// What `mobilenet-lab-cli convert` does: the native format keeps the folded biases, the
// symmetric padding and the per-channel scaling.
void TestPyTorchWeights::convertedFileGivesTheSameAnswers() {
  LoadedModel loaded = loadModel(userModel(kFixtures / "width050_10.pth"));
  const QTemporaryDir dir;
  const std::filesystem::path native = (dir.path() + "/converted.pt").toStdString();
  saveWeights(loaded.model, native, loaded.preprocessing.scaling, loaded.labels);
  QCOMPARE(int(detectWeightsFormat(native)), int(WeightsFormat::Native));
  const LoadedModel again = loadModel(userModel(native));
  QVERIFY(again.preprocessing.scaling == kImageNetScaling);
  QCOMPARE(int(again.model->options().padding), int(PaddingMode::Symmetric));
  cv::Mat image(64, 64, CV_8UC3, cv::Scalar(40, 160, 220));
  const BgrImageView view{image.data, 64, 64, std::ptrdiff_t(image.step[0])};
  const InferenceNetwork a(loaded.model, torch::kCPU), b(again.model, torch::kCPU);
  QVERIFY(torch::allclose(probabilities(a, loaded, view), probabilities(b, again, view), 0, 1e-6));
}

void TestPyTorchWeights::refusesBadFiles_data() {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QStringList>("expectedParts");
  QTest::newRow("a GLOBAL that runs code")
      << "evil.pth" << QStringList{"evil.pth'", "refused to unpickle", "posix.system"};
  QTest::newRow("truncated zip") << "truncated.pth"
                                 << QStringList{"truncated.pth'", "truncated"};
  QTest::newRow("a ResNet state dict")
      << "resnet.pth" << QStringList{"resnet.pth'", "bottleneck.0.weight", "found conv1.weight"};
  QTest::newRow("a tensor of the wrong shape")
      << "wrong_shape.pth"
      << QStringList{"wrong_shape.pth'", "bottleneck.5.depthwise.0.weight",
                     "expected shape [32, 1, 3, 3]", "found [32, 1, 5, 5]"};
  QTest::newRow("the format before PyTorch 1.6")
      << "legacy.pth" << QStringList{"legacy.pth'", "before PyTorch 1.6", "save it again"};
  QTest::newRow("safetensors header lying about offsets")
      << "lying.safetensors" << QStringList{"lying.safetensors'", "data section holds"};
}

void TestPyTorchWeights::refusesBadFiles() {
  QFETCH(QString, file);
  QFETCH(QStringList, expectedParts);
  const QString message =
      messageOf([&] { loadModel(userModel(kFixtures / file.toStdString())); });
  QVERIFY2(!message.isEmpty(), "no WeightsError");
  for (const QString& part : expectedParts)
    QVERIFY2(message.contains(part), qPrintable(message + "\n  lacks: " + part));
}

QTEST_APPLESS_MAIN(TestPyTorchWeights)
#include "tst_pytorch_weights.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// Transfer learning end to end on folders drawn at test time (synthetic_classes.h): the
// bundled α 0.25 backbone embeds them, both heads learn the separable classes and fail on the
// inseparable ones as they should, their evaluations add up, and the taught model written out
// opens again as a user's model giving the head's probabilities.
#include <QtTest>

#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "../synthetic_classes.h"
#include "mnl/model_loader.h"
#include "mnl/preprocess.h"
#include "mnl/weights_error.h"
#include "mnl/teach/embedder.h"
#include "mnl/teach/evaluation.h"
#include "mnl/teach/example_frame.h"
#include "mnl/teach/folder_embedding.h"
#include "mnl/teach/holdout_split.h"
#include "mnl/teach/image_folder.h"
#include "mnl/teach/knn_head.h"
#include "mnl/teach/linear_head.h"
#include "mnl/teach/network_search.h"
#include "mnl/teach/taught_model.h"
#include "mnl/teach/teacher.h"

namespace teach = mnl::teach;
using mnl::test::SyntheticSet;

namespace {

// One labelled folder, embedded and split.
struct Examples {
  teach::ImageFolder folder;
  teach::FolderEmbedding embedded;
  std::vector<bool> heldOut;
  teach::EmbeddingTable taught, judged;
  int classes() const { return static_cast<int>(folder.classes.size()); }
};

template <class Scores>
teach::Evaluation evaluateOn(const Examples& e, Scores&& scores) {
  std::vector<std::vector<int>> ranked;
  for (int i = 0; i < e.judged.rows(); ++i)
    ranked.push_back(teach::rankClasses(scores(e.judged.row(i)), 5));
  return teach::evaluate(e.folder.classes, e.judged.labels, ranked);
}

QByteArray describe(const teach::Evaluation& e) {
  QByteArray text = "top-1 " + QByteArray::number(e.top1()) + "; confusion";
  for (const auto& row : e.confusion) {
    text += " |";
    for (int cell : row) text += " " + QByteArray::number(cell);
  }
  return text;
}

mnl::Frame frameOf(const QString& file) {
  const QImage image = QImage(file).convertToFormat(QImage::Format_BGR888);
  auto bytes = std::make_shared<std::vector<std::uint8_t>>();
  for (int y = 0; y < image.height(); ++y)
    bytes->insert(bytes->end(), image.constScanLine(y), image.constScanLine(y) + 3 * image.width());
  return {image.width(), image.height(), std::move(bytes)};
}

}  // namespace

class TestTransfer : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase();
  void embeddingsAreTheBackbonesPool();
  void headsLearnSeparableClasses_data();
  void headsLearnSeparableClasses();
  void headsFailOnInseparableClasses_data();
  void headsFailOnInseparableClasses();
  void headsAgreeOnEasyData();
  void confusionCountsAddUp();
  void trainingReportsProgressAndCancels();
  void taughtModelOpensAsAUsersModel();
  void unreadableFilesAreSkippedAndSaid();
  void recordedFramesAreKeptSmall();
  void taughtModelRunsInLiteRT();
  void notebookBackboneGoesBackToTheNotebook();
  void teacherSurvivesABackboneThatFails();
  void aConstantValueDoesNotSwampTheHead();
  void searchTeachesEachNetworkAsAlone();
  void searchCancels();
  void budgetChoosesByYourAccuracy();

 private:
  teach::TeachRequest requestOf(const Examples& e) const;
  Examples load(const QString& name, SyntheticSet set, int perClass, double holdout);

  QTemporaryDir dir_;
  std::unique_ptr<teach::Embedder> embedder_;
  teach::BackboneRequest backbone_;
  Examples easy_, hard_;
};

Examples TestTransfer::load(const QString& name, SyntheticSet set, int perClass,
                            double holdout) {
  Examples e;
  const QString root = dir_.path() + "/" + name;
  if (mnl::test::writeSyntheticClasses(root, set, perClass, 2026).isEmpty()) return e;
  e.folder = teach::scanImageFolder(root.toStdString());
  e.embedded = teach::embedImageFolder(*embedder_, e.folder);
  e.heldOut = teach::holdOut(e.embedded.table.labels, e.classes(), holdout, 1);
  e.taught = e.embedded.table.rowsWhere(e.heldOut, false);
  e.judged = e.embedded.table.rowsWhere(e.heldOut, true);
  return e;
}

void TestTransfer::initTestCase() {
  QVERIFY(dir_.isValid());
  backbone_.network.alpha = 0.25;
  backbone_.network.resolution = 0;  // the bundled model's 128
  backbone_.resourcesDir = MNL_RESOURCES_DIR;
  embedder_ = std::make_unique<teach::Embedder>(backbone_);
  easy_ = load("easy", SyntheticSet::Separable, 24, teach::kDefaultHoldout);
  // Half held out: 40 judged examples, so that chance (0.5) is told from learning.
  hard_ = load("hard", SyntheticSet::Inseparable, 40, 0.5);
  QCOMPARE(easy_.embedded.table.rows(), 72);
  QCOMPARE(hard_.embedded.table.rows(), 80);
}

void TestTransfer::embeddingsAreTheBackbonesPool() {
  QCOMPARE(embedder_->dimensions(), 256);  // pw13 at α 0.25: 1024 · 0.25
  QCOMPARE(embedder_->network().resolution, 128);
  QVERIFY(easy_.embedded.problems.empty());
  // The embedding is what the full network's classifier sees: its logits, recomputed from the
  // embedding with the classifier's weights, are the network's own.
  mnl::ModelRequest request;
  request.network = {0.25, 128, 1000, mnl::ConvMode::Separable};
  request.resourcesDir = MNL_RESOURCES_DIR;
  request.allowUntrained = false;
  const mnl::LoadedModel loaded = mnl::loadModel(request);
  mnl::MobileNetV1 model = loaded.model;  // forward() is not const
  const mnl::Frame frame = frameOf(QString::fromStdString(easy_.embedded.files[5].string()));
  torch::InferenceMode inference;
  const torch::Tensor logits = model->forward(mnl::preprocess(frame, loaded.preprocessing));
  const std::vector<float> embedding = embedder_->embed({frame});
  const torch::Tensor e = torch::from_blob(const_cast<float*>(embedding.data()), {1, 256});
  const torch::Tensor again = model->classifier->forward(e);
  QVERIFY2(torch::allclose(logits, again, 1e-4, 1e-4),
           qPrintable(QString::number((logits - again).abs().max().item<double>())));
  // And row 5 of the folder's table is that embedding.
  const auto row = easy_.embedded.table.row(5);
  QVERIFY(std::equal(row.begin(), row.end(), embedding.begin(),
                     [](float a, float b) { return std::abs(a - b) < 1e-5f; }));
}

void TestTransfer::headsLearnSeparableClasses_data() {
  QTest::addColumn<bool>("knn");
  QTest::newRow("k-NN") << true;
  QTest::newRow("linear") << false;
}

void TestTransfer::headsLearnSeparableClasses() {
  QFETCH(bool, knn);
  QCOMPARE(easy_.judged.rows(), 12);  // 4 of each class's 24 (15 % rounded)
  const teach::Evaluation e =
      knn ? evaluateOn(easy_, [head = teach::chooseKnnHead(easy_.taught, easy_.judged, 3)](
                                  auto row) { return head.scores(row); })
          : evaluateOn(easy_, [head = teach::trainLinearHead(easy_.taught, easy_.judged, 3).head](
                                  auto row) { return head.probabilities(row); });
  // A red disc, a blue square and green stripes: every held-out example right.
  QVERIFY2(e.correct() == e.examples(), describe(e));
}

void TestTransfer::headsFailOnInseparableClasses_data() { headsLearnSeparableClasses_data(); }

void TestTransfer::headsFailOnInseparableClasses() {
  QFETCH(bool, knn);
  QCOMPARE(hard_.judged.rows(), 40);
  const teach::Evaluation e =
      knn ? evaluateOn(hard_, [head = teach::chooseKnnHead(hard_.taught, hard_.judged, 2)](
                                  auto row) { return head.scores(row); })
          : evaluateOn(hard_, [head = teach::trainLinearHead(hard_.taught, hard_.judged, 2).head](
                                  auto row) { return head.probabilities(row); });
  // Both classes are the same noise: chance is 0.5, with a standard deviation of 0.08 over
  // 40 examples. 0.75 is three of them above: a head that "learnt" more has learnt the split.
  QVERIFY2(e.top1() <= 0.75, describe(e));
}

void TestTransfer::headsAgreeOnEasyData() {
  const teach::KnnHead knn = teach::chooseKnnHead(easy_.taught, easy_.judged, 3);
  const teach::LinearHead linear = teach::trainLinearHead(easy_.taught, easy_.judged, 3).head;
  for (int i = 0; i < easy_.judged.rows(); ++i)
    QCOMPARE(teach::rankClasses(knn.scores(easy_.judged.row(i)), 1),
             teach::rankClasses(linear.probabilities(easy_.judged.row(i)), 1));
}

void TestTransfer::confusionCountsAddUp() {
  const teach::LinearHead head = teach::trainLinearHead(hard_.taught, hard_.judged, 2).head;
  const teach::Evaluation e = evaluateOn(hard_, [&head](auto row) { return head.probabilities(row); });
  for (int c = 0; c < hard_.classes(); ++c) {
    int heldOut = 0;
    for (int i = 0; i < hard_.embedded.table.rows(); ++i)
      heldOut += hard_.heldOut[static_cast<std::size_t>(i)] && hard_.embedded.table.labels[i] == c;
    QCOMPARE(e.count(c), heldOut);
    QCOMPARE(e.count(c), 20);
  }
  int diagonal = 0;
  for (int c = 0; c < hard_.classes(); ++c) diagonal += e.confusion[c][c];
  QCOMPARE(diagonal, e.correct());
}

void TestTransfer::trainingReportsProgressAndCancels() {
  std::vector<int> epochs;
  teach::HeadTraining training;
  const teach::TrainedHead stopped = teach::trainLinearHead(
      easy_.taught, easy_.judged, 3, training, [&epochs](const teach::TrainingProgress& p) {
        epochs.push_back(p.epoch);
        return p.epoch < 5;
      });
  QVERIFY(stopped.cancelled);
  QCOMPARE(stopped.epochs, 5);
  QCOMPARE(epochs, (std::vector<int>{1, 2, 3, 4, 5}));
  QVERIFY(stopped.bestEpoch >= 1 && stopped.bestEpoch <= 5);
  // Uncancelled, the held-out loss decides when to stop and which epoch is kept.
  const teach::TrainedHead full = teach::trainLinearHead(easy_.taught, easy_.judged, 3, training);
  QVERIFY(!full.cancelled);
  QVERIFY(full.bestEpoch <= full.epochs);
  QVERIFY(full.epochs == training.maxEpochs || full.epochs - full.bestEpoch == training.patience);
}

void TestTransfer::taughtModelOpensAsAUsersModel() {
  const teach::LinearHead head = teach::trainLinearHead(easy_.taught, easy_.judged, 3).head;
  const QString file = dir_.path() + "/taught.mnl";
  teach::saveTaughtModel(backbone_, head, easy_.folder.classes, file.toStdString());

  mnl::ModelRequest request;  // as the window and --weights open a user's model
  request.weightsFile = file.toStdString();
  request.networkFromFile = true;
  request.network.resolution = 0;
  request.allowUntrained = false;
  const mnl::LoadedModel loaded = mnl::loadModel(request);
  mnl::MobileNetV1 model = loaded.model;
  QVERIFY(loaded.trained);
  QCOMPARE(loaded.network.classes, 3);
  QCOMPARE(loaded.network.alpha, 0.25);
  QCOMPARE(loaded.network.resolution, 128);
  QCOMPARE(loaded.labels, easy_.folder.classes);

  torch::InferenceMode inference;
  for (int i : {0, 30, 60}) {
    const auto& path = easy_.embedded.files[static_cast<std::size_t>(i)];
    const torch::Tensor p = torch::softmax(
        model->forward(
            mnl::preprocess(frameOf(QString::fromStdString(path.string())), loaded.preprocessing)),
        1);
    const std::vector<float> expected = head.probabilities(easy_.embedded.table.row(i));
    for (int c = 0; c < 3; ++c)
      QVERIFY2(std::abs(p[0][c].item<float>() - expected[static_cast<std::size_t>(c)]) < 1e-4f,
               qPrintable(QString("%1 class %2: %3 vs %4")
                              .arg(QString::fromStdString(path.string()))
                              .arg(c)
                              .arg(p[0][c].item<float>())
                              .arg(expected[static_cast<std::size_t>(c)])));
  }
}

void TestTransfer::unreadableFilesAreSkippedAndSaid() {
  const QString root = dir_.path() + "/mixed";
  QVERIFY(!mnl::test::writeSyntheticClasses(root, SyntheticSet::Separable, 2, 3).isEmpty());
  QFile junk(root + "/red_disc/junk.png");
  QVERIFY(junk.open(QIODevice::WriteOnly));
  junk.write("not a PNG at all");
  junk.close();
  const teach::ImageFolder folder = teach::scanImageFolder(root.toStdString());
  QCOMPARE(folder.files.size(), std::size_t(7));
  teach::ImageBatchOptions options;
  options.batch = 3;  // the junk file in the middle of a batch
  const teach::FolderEmbedding e = teach::embedImageFolder(*embedder_, folder, options);
  QCOMPARE(e.table.rows(), 6);
  QCOMPARE(e.problems.size(), std::size_t(1));
  QVERIFY2(QString::fromStdString(e.problems.front()).contains("junk.png"),
           e.problems.front().c_str());
  QCOMPARE(e.files.size(), std::size_t(6));
}

void TestTransfer::recordedFramesAreKeptSmall() {
  // A 720p frame kept as an example: shorter side 256, aspect kept, the picture the same (a
  // uniform colour stays that colour); a small frame is kept as it is, not copied.
  mnl::Frame big{1280, 720,
                 std::make_shared<const std::vector<std::uint8_t>>(1280 * 720 * 3, 77), 5};
  const mnl::Frame kept = teach::exampleFrame(big);
  QCOMPARE(kept.width, 455);
  QCOMPARE(kept.height, 256);
  QCOMPARE(kept.bgr->size(), std::size_t(455 * 256 * 3));
  QVERIFY(std::all_of(kept.bgr->begin(), kept.bgr->end(), [](std::uint8_t v) { return v == 77; }));
  QCOMPARE(kept.sequence, 5);
  mnl::Frame small{200, 150, std::make_shared<const std::vector<std::uint8_t>>(200 * 150 * 3, 1)};
  QCOMPARE(teach::exampleFrame(small).bgr.get(), small.bgr.get());
  // And the embedding of the shrunk frame is that of the frame (the network sees 128 px).
  const std::vector<float> a = embedder_->embed({big}), b = embedder_->embed({kept});
  float largest = 0;
  for (std::size_t i = 0; i < a.size(); ++i) largest = std::max(largest, std::abs(a[i] - b[i]));
  QVERIFY2(largest < 1e-3f, qPrintable(QString::number(largest)));
}

void TestTransfer::taughtModelRunsInLiteRT() {
  // The taught model as TFLite, run by LiteRT itself on the pixels the app's preprocessing
  // gives: the head's probabilities to 1e-4.
  const teach::LinearHead head = teach::trainLinearHead(easy_.taught, easy_.judged, 3).head;
  const QString file = dir_.path() + "/taught.tflite";
  teach::saveTaughtModel(backbone_, head, easy_.folder.classes, file.toStdString());
  QFile labels(dir_.path() + "/taught.labels.txt");
  QVERIFY(labels.open(QIODevice::ReadOnly));
  QCOMPARE(labels.readAll(), QByteArray("blue_square\ngreen_stripes\nred_disc\n"));

  mnl::ModelRequest request;
  request.weightsFile = file.toStdString();
  request.networkFromFile = true;
  request.network.resolution = 0;
  const mnl::LoadedModel loaded = mnl::loadModel(request);  // this app reads it back too
  const mnl::InputScaling& s = loaded.preprocessing.scaling;
  QVERIFY2(s.uniform() && s.offset[0] == 128, "the bundled backbone's 8-bit input");
  torch::InferenceMode inference;
  for (int i : {0, 30, 60}) {
    const auto& path = easy_.embedded.files[static_cast<std::size_t>(i)];
    const torch::Tensor x =
        mnl::preprocess(frameOf(QString::fromStdString(path.string())), loaded.preprocessing);
    // Back to the 8-bit pixels the network saw (preprocess rounds to whole levels), NHWC.
    const torch::Tensor pixels =
        (x * s.divisor[0] + s.offset[0]).round().clamp(0, 255).to(torch::kUInt8).permute({0, 2, 3, 1}).contiguous();
    const QString raw = dir_.path() + "/input.raw";
    QFile out(raw);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(reinterpret_cast<const char*>(pixels.data_ptr<std::uint8_t>()), pixels.numel());
    out.close();
    QProcess python;
    python.start(QStringLiteral(MNL_TORCH_PYTHON), {QStringLiteral(MNL_LITERT_SCRIPT), file, raw});
    QVERIFY(python.waitForFinished(120'000));
    if (python.exitCode() == 3)
      QSKIP(qPrintable("LiteRT (PyPI ai-edge-litert) is not in the tests' Python: " +
                       python.readAllStandardError()));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const QJsonArray got =
        QJsonDocument::fromJson(python.readAllStandardOutput()).object()["probabilities"].toArray();
    const std::vector<float> expected = head.probabilities(easy_.embedded.table.row(i));
    QCOMPARE(got.size(), 3);
    for (int c = 0; c < 3; ++c)
      QVERIFY2(std::abs(got[c].toDouble() - expected[static_cast<std::size_t>(c)]) < 1e-4,
               qPrintable(QString("example %1 class %2: LiteRT %3, the app %4")
                              .arg(i).arg(c).arg(got[c].toDouble())
                              .arg(expected[static_cast<std::size_t>(c)])));
  }
}

void TestTransfer::notebookBackboneGoesBackToTheNotebook() {
#ifndef MNL_PYTORCH_FIXTURES_DIR
  QSKIP("the PyTorch fixtures are not built (no Python with torch at configure time)");
#else
  // A backbone trained in the seed notebook (its class, its padding, ImageNet's normalisation)
  // taught the shapes here, then loaded back into the notebook's class by PyTorch with
  // load_state_dict: PyTorch's probabilities are the head's, to 1e-4.
  teach::BackboneRequest notebook;
  notebook.weightsFile = MNL_PYTORCH_FIXTURES_DIR "/notebook_1000.pth";
  notebook.network.resolution = 224;  // the notebook's AvgPool2d(7)
  teach::Embedder embedder(notebook);
  const teach::FolderEmbedding examples = teach::embedImageFolder(embedder, easy_.folder);
  const teach::LinearHead head =
      teach::trainLinearHead(examples.table.rowsWhere(easy_.heldOut, false),
                             examples.table.rowsWhere(easy_.heldOut, true), 3)
          .head;
  const QString file = dir_.path() + "/taught.pth";
  teach::saveTaughtModel(notebook, head, easy_.folder.classes, file.toStdString());

  mnl::ModelRequest request;  // this app reads it back, as a PyTorch checkpoint
  request.weightsFile = file.toStdString();
  request.networkFromFile = true;
  request.network.resolution = 224;
  const mnl::LoadedModel loaded = mnl::loadModel(request);
  QCOMPARE(loaded.network.classes, 3);
  torch::InferenceMode inference;
  for (int i : {0, 30, 60}) {
    const auto& path = examples.files[static_cast<std::size_t>(i)];
    const torch::Tensor x =
        mnl::preprocess(frameOf(QString::fromStdString(path.string())), loaded.preprocessing)
            .contiguous();
    const QString raw = dir_.path() + "/input.f32";
    QFile out(raw);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(reinterpret_cast<const char*>(x.data_ptr<float>()), 4 * x.numel());
    out.close();
    QProcess python;
    python.start(QStringLiteral(MNL_TORCH_PYTHON),
                 {QStringLiteral(MNL_NOTEBOOK_SCRIPT), file, raw, QStringLiteral("3")});
    QVERIFY(python.waitForFinished(120'000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const QJsonArray got =
        QJsonDocument::fromJson(python.readAllStandardOutput()).object()["probabilities"].toArray();
    const std::vector<float> expected = head.probabilities(examples.table.row(i));
    QCOMPARE(got.size(), 3);
    for (int c = 0; c < 3; ++c)
      QVERIFY2(std::abs(got[c].toDouble() - expected[static_cast<std::size_t>(c)]) < 1e-4,
               qPrintable(QString("example %1 class %2: PyTorch %3, the app %4")
                              .arg(i).arg(c).arg(got[c].toDouble())
                              .arg(expected[static_cast<std::size_t>(c)])));
  }
  // The bundled backbones pad as TensorFlow does: no notebook file for them.
  QVERIFY_THROWS_EXCEPTION(mnl::WeightsError,
                           teach::saveTaughtModel(backbone_, teach::trainLinearHead(easy_.taught, easy_.judged, 3).head, easy_.folder.classes,
                                                  (dir_.path() + "/bundled.pth").toStdString()));
#endif
}

void TestTransfer::teacherSurvivesABackboneThatFails() {
  teach::TeachRequest request;
  request.backbone = backbone_;
  request.classes = easy_.folder.classes;
  for (std::size_t i = 0; i < easy_.embedded.files.size(); i += 4)
    request.examples.push_back({i, easy_.embedded.table.labels[i], nullptr, easy_.embedded.files[i]});
  teach::Teacher teacher;
  QVERIFY(teacher.teach(request).has_value());
  QCOMPARE(teacher.cachedEmbeddings(), request.examples.size());
  teach::TeachRequest untrained = request;
  untrained.backbone.network.alpha = 0.3;  // no bundled weights: refused
  QVERIFY_THROWS_EXCEPTION(mnl::WeightsError, teacher.teach(untrained));
  // Back to the first backbone: loaded again, not a dangling one.
  const auto again = teacher.teach(request);
  QVERIFY(again.has_value());
  QCOMPARE(again->examples, static_cast<int>(request.examples.size()));
}

void TestTransfer::aConstantValueDoesNotSwampTheHead() {
  // Value 0 is 0 in every taught example (a channel ReLU6 never opens for this data); the
  // classes differ in value 1. A new picture where value 0 opens a little must not change the
  // answer: the standardisation divides an unchanging value by 1, not by its zero spread.
  teach::EmbeddingTable taught{2, {}, {}};
  for (int i = 0; i < 10; ++i) {
    taught.append(std::vector<float>{0.0f, 0.1f * i}, 0);
    taught.append(std::vector<float>{0.0f, 3.0f + 0.1f * i}, 1);
  }
  const teach::LinearHead head = teach::trainLinearHead(taught, {2, {}, {}}, 2).head;
  for (float v : {0.5f, 3.5f}) {
    const auto plain = head.probabilities(std::vector<float>{0.0f, v});
    const auto opened = head.probabilities(std::vector<float>{0.1f, v});
    QVERIFY2(std::abs(plain[0] - opened[0]) < 0.05f,
             qPrintable(QString("%1 against %2").arg(plain[0]).arg(opened[0])));
  }
}

teach::TeachRequest TestTransfer::requestOf(const Examples& e) const {
  teach::TeachRequest request;
  request.backbone = backbone_;
  request.classes = e.folder.classes;
  for (const teach::LabelledFile& file : e.folder.files)
    request.examples.push_back({request.examples.size(), file.label, nullptr, file.file});
  return request;
}

void TestTransfer::searchTeachesEachNetworkAsAlone() {
  const teach::TeachRequest request = requestOf(easy_);
  const std::vector<mnl::NetworkConfig> networks = {{0.25, 128}, {0.5, 160}};
  std::vector<int> seen;
  teach::Teacher searcher;
  const auto found = teach::teachEachNetwork(searcher, request, networks,
                                             [&seen](const teach::NetworkSearchProgress& p) {
                                               if (seen.empty() || seen.back() != p.network)
                                                 seen.push_back(p.network);
                                               return p.networks == 2;
                                             });
  QVERIFY(found);
  QCOMPARE(seen, (std::vector<int>{0, 1}));
  QCOMPARE(found->size(), std::size_t{2});
  for (std::size_t i = 0; i < networks.size(); ++i) {
    const teach::TaughtAccuracy& a = (*found)[i];
    QCOMPARE(a.network.alpha, networks[i].alpha);
    QCOMPARE(a.network.resolution, networks[i].resolution);
    QVERIFY(a.linear && a.knn);
    QVERIFY2(*a.linear >= 0.9, QByteArray::number(*a.linear));
    // What one network answers in the search is what teaching on it alone answers: the same
    // split, the same seed, the same head.
    teach::TeachRequest alone = request;
    alone.backbone.network.alpha = networks[i].alpha;
    alone.backbone.network.resolution = networks[i].resolution;
    teach::Teacher teacher;
    const std::optional<teach::TeachOutcome> t = teacher.teach(alone);
    QVERIFY(t);
    QCOMPARE(*a.linear, t->linearEvaluation.top1());
    QCOMPARE(*a.knn, t->knnEvaluation.top1());
  }
}

void TestTransfer::searchCancels() {
  teach::Teacher searcher;
  const auto found = teach::teachEachNetwork(
      searcher, requestOf(easy_), {{0.25, 128}, {0.5, 128}},
      [](const teach::NetworkSearchProgress& p) { return p.network == 0; });
  QVERIFY(!found);
}

void TestTransfer::budgetChoosesByYourAccuracy() {
  // Three timed networks; the person's accuracy is known for two of them. ImageNet's top-1
  // picks the widest that fits; the person's, the one best on their classes.
  std::vector<mnl::SweepRow> rows;
  for (const auto& [alpha, resolution, ms] :
       std::vector<std::tuple<double, int, double>>{{1.0, 224, 9}, {0.5, 160, 3}, {0.25, 128, 1}}) {
    mnl::SweepRow row = mnl::costedRow({alpha, resolution});
    row.samples = 10;
    row.medianMs = ms;
    rows.push_back(row);
  }
  const std::vector<teach::TaughtAccuracy> yours = {{{0.5, 160}, 0.75, 0.7},
                                                    {{0.25, 128}, 0.95, 0.9}};
  const std::vector<mnl::SweepRow> mine = teach::rowsByYourAccuracy(rows, yours);
  QCOMPARE(mine.size(), rows.size());
  QVERIFY(!mine[0].top1);
  QCOMPARE(*mine[1].top1, 75.0);
  QCOMPARE(*mine[2].top1, 95.0);
  QCOMPARE(mine[1].medianMs, 3.0);  // the timing stays
  const mnl::LatencyBudget budget = mnl::LatencyBudget::fromMs(5);
  QCOMPARE(mnl::chooseForBudget(rows, budget), std::optional<std::size_t>(1));
  QCOMPARE(mnl::chooseForBudget(mine, budget), std::optional<std::size_t>(2));
}

QTEST_GUILESS_MAIN(TestTransfer)
#include "tst_transfer.moc"

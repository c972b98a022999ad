// SPDX-License-Identifier: GPL-3.0-or-later
// A user's own model in the window: `mobilenet-lab FILE…` loads a PyTorch checkpoint of the
// notebook's MobileNet (written by tests/core/make_pytorch_fixtures.py at build time), the α
// slider jumps to the file's width and locks, a file that cannot be used leaves that model
// running with a one-line reason, and File › Use bundled models goes back.
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QSlider>
#include <QStandardPaths>
#include <QtTest>

#include "mnl/ui/inference_thread.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/status_bar.h"
#include "mnl/ui/user_model.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

namespace {
QString fixture(const QString& name) {
  return QStringLiteral(MNL_PYTORCH_FIXTURES_DIR "/") + name;
}
}  // namespace

class TestUserModel : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase();
  void tellsWeightsFromSources();
  void loadsRefusesAndGoesBack();
  void aBadFileAtStartLeavesTheBundledModel();
  void aRefusalGoesBackToWhatTheEngineKept();
  void recentFilesKeepTheLastEight();
  void droppedFilesOpenTheFirstOfEachKind();
};

void TestUserModel::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("MobileNetLabTest"));
}

void TestUserModel::tellsWeightsFromSources() {
  QVERIFY(looksLikeWeightsFile(fixture("nested_025_10.pth")));
  QVERIFY(looksLikeWeightsFile(fixture("width050_10.safetensors")));
  QVERIFY(looksLikeWeightsFile(
      QStringLiteral(MNL_RESOURCES_DIR "/mobilenet_v1_0.25_128_quant.tflite")));
  QVERIFY(!looksLikeWeightsFile(test::testData("cat.bmp")));
  QVERIFY(!looksLikeWeightsFile(QStringLiteral(MNL_TEST_DATA_DIR)));  // a folder is a source
  QVERIFY(!looksLikeWeightsFile(QStringLiteral("0")));                 // a camera
}

void TestUserModel::loadsRefusesAndGoesBack() {
  // As `mobilenet-lab model.pth cat.bmp` starts it: the weights load, the photo is the source.
  WindowOptions options = test::launchOptions(QString(), 0.5, 160);
  options.files = {fixture("nested_025_10.pth"), test::testData("cat.bmp")};
  MainWindow window(options);
  QTRY_VERIFY_WITH_TIMEOUT(window.shownResult() && window.shownResult()->model.userWeights,
                           120'000);
  QCOMPARE(window.currentSource(), test::testData("cat.bmp"));
  ResultPtr result = window.shownResult();
  QCOMPARE(result->model.network.alpha, 0.25);
  QCOMPARE(result->model.network.classes, 10);
  QVERIFY(result->model.preprocessing.scaling == kImageNetScaling);
  QVERIFY(result->top.front().label.rfind("class ", 0) == 0);
  // The slider shows the file's width and is locked; the resolution stays free.
  MultiplierControls* controls = window.controls();
  QVERIFY(controls->locked());
  QVERIFY(!controls->alphaSlider()->isEnabled());
  QVERIFY(controls->resolutionSlider()->isEnabled());
  QCOMPARE(controls->network().alpha, 0.25);
  QCOMPARE(controls->network().classes, 10);
  QVERIFY2(window.statusLine()->weightsText().contains("nested_025_10.pth") &&
               window.statusLine()->weightsText().contains("ImageNet mean/std"),
           qPrintable(window.statusLine()->weightsText()));

  // Open weights… on the same file reads it again (a model trained further, saved over it).
  const int rebuilds = window.inference()->rebuilds();
  window.userModel()->loadWeights(fixture("nested_025_10.pth"));
  QTRY_VERIFY_WITH_TIMEOUT(window.inference()->rebuilds() > rebuilds, 60'000);

  // A file that cannot be used: refused with a reason naming it, the model keeps running.
  QSignalSpy refused(window.inference(), &InferenceThread::weightsRejected);
  window.userModel()->loadWeights(fixture("evil.pth"));
  QTRY_VERIFY_WITH_TIMEOUT(refused.count() == 1, 60'000);
  QVERIFY(refused.first().first().toString().contains("evil.pth'"));
  QTRY_VERIFY_WITH_TIMEOUT(window.statusLine()->warningText().contains("refused to unpickle"),
                           10'000);
  QVERIFY(!window.statusLine()->warningText().contains('\n'));
  QCOMPARE(window.userModel()->weightsFile(), fixture("nested_025_10.pth"));
  // Still the user's model: a new resolution runs it again.
  const int shown = window.resultsShown();
  window.controls()->setNetwork({0.25, 192, 10, ConvMode::Separable});
  window.settleNow();
  QTRY_VERIFY_WITH_TIMEOUT(window.resultsShown() > shown &&
                               window.shownResult()->model.network.resolution == 192,
                           60'000);
  QVERIFY(window.shownResult()->model.userWeights);
  QCOMPARE(window.shownResult()->model.network.alpha, 0.25);

  // File › Use bundled models: the bundled model of the slider's α, the slider free again.
  window.userModel()->useBundledModels();
  QTRY_VERIFY_WITH_TIMEOUT(!window.shownResult()->model.userWeights, 60'000);
  QVERIFY(!controls->locked());
  QVERIFY(controls->alphaSlider()->isEnabled());
  // α 0.25 at 192 px: the bundled Keras model (224 px, nearer than the 128 px TFLite one).
  QVERIFY(window.shownResult()->model.trained);
  QCOMPARE(window.shownResult()->model.network.classes, 1000);
  QVERIFY(window.shownResult()->model.weights.find("nested_025_10") == std::string::npos);
}

void TestUserModel::aBadFileAtStartLeavesTheBundledModel() {
  WindowOptions options = test::launchOptions(test::testData("cat.bmp"), 0.25, 128);
  options.files = {fixture("wrong_shape.pth")};
  MainWindow window(options);
  QTRY_VERIFY_WITH_TIMEOUT(window.shownResult() != nullptr, 120'000);
  // The window heard of the refusal (connected before its threads started).
  QTRY_VERIFY_WITH_TIMEOUT(
      window.statusLine()->warningText().contains("bottleneck.5.depthwise.0.weight"), 10'000);
  QVERIFY(window.userModel()->weightsFile().isEmpty());
  QVERIFY(!window.shownResult()->model.userWeights);
  QVERIFY(window.shownResult()->model.trained);
  QVERIFY(!window.controls()->locked());
}

// The request goes back to the model the engine says it kept, whatever result the window drew
// last (on a slow machine it may have skipped the newest), and a later load never reuses a
// request number, so it reads its file anew rather than meet a cached network.
void TestUserModel::aRefusalGoesBackToWhatTheEngineKept() {
  UserModel model;
  model.setRemembersFiles(false);
  QSignalSpy changed(&model, &UserModel::changed);
  model.loadWeights(fixture("nested_025_10.pth"));
  EngineSettings first;
  model.apply(first);
  QCOMPARE(first.user.request, 1);
  model.loadWeights(fixture("nested_025_10.pth"));  // read again: a second request
  EngineSettings second;
  model.apply(second);
  QCOMPARE(second.user.request, 2);
  model.loadWeights(fixture("evil.pth"));
  model.loadLabels(QStringLiteral("labels.txt"));

  model.refused(second);
  QCOMPARE(changed.count(), 5);
  EngineSettings back;
  model.apply(back);
  QCOMPARE(back.user.file, second.user.file);
  QCOMPARE(back.user.request, 2);
  QVERIFY(back.user.labelsFile.empty());
  QCOMPARE(model.weightsFile(), fixture("nested_025_10.pth"));

  model.refused(EngineSettings{});  // the engine kept the bundled models
  QVERIFY(model.weightsFile().isEmpty());
  model.loadWeights(fixture("nested_025_10.pth"));
  EngineSettings again;
  model.apply(again);
  QCOMPARE(again.user.request, 4);
}

void TestUserModel::recentFilesKeepTheLastEight() {
  UserModel model;
  model.setRemembersFiles(true);  // QStandardPaths' test mode keeps the user's settings apart
  QSettings().remove(QStringLiteral("recentFiles"));
  const QTemporaryDir dir;
  for (int i = 0; i < 10; ++i) model.addRecentFile(dir.filePath(QString("file%1.pth").arg(i)));
  model.addRecentFile(dir.filePath("file5.pth"));  // again: moves to the top, not twice
  const QStringList recent = model.recentFiles();
  QCOMPARE(recent.size(), UserModel::kMaxRecentFiles);
  QCOMPARE(recent.front(), dir.filePath("file5.pth"));
  QCOMPARE(recent.count(dir.filePath("file5.pth")), 1);
  QCOMPARE(recent.back(), dir.filePath("file2.pth"));  // 0 and 1 fell off
  QVERIFY(!recent.contains(dir.filePath("file1.pth")));
  model.setRemembersFiles(false);
  QVERIFY(model.recentFiles().isEmpty());
  QSettings().remove(QStringLiteral("recentFiles"));
}

// Several files dropped at once: the first source opens, the first weights file loads, and the
// status line says what became of each.
void TestUserModel::droppedFilesOpenTheFirstOfEachKind() {
  MainWindow window(test::launchOptions(test::testData("cat.bmp"), 0.25, 128));
  QTRY_VERIFY_WITH_TIMEOUT(window.shownResult() != nullptr, 120'000);
  window.openFiles({test::testData("bird.bmp"), fixture("width050_10.pth"),
                    test::testData("sunflower.bmp"), fixture("nested_025_10.pth")});
  QVERIFY2(window.statusLine()->currentMessage().contains("opened bird.bmp") &&
               window.statusLine()->currentMessage().contains("width050_10.pth") &&
               window.statusLine()->currentMessage().contains(
                   "not opened: sunflower.bmp, nested_025_10.pth"),
           qPrintable(window.statusLine()->currentMessage()));
  QTRY_VERIFY_WITH_TIMEOUT(window.shownResult()->model.userWeights, 60'000);
  QCOMPARE(window.shownResult()->model.network.alpha, 0.5);
  QCOMPARE(window.currentSource(), test::testData("bird.bmp"));
}

QTEST_MAIN(TestUserModel)
#include "tst_user_model.moc"

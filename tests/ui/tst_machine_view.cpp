// SPDX-License-Identifier: GPL-3.0-or-later
// The "Your machine" view offscreen: it fills from a cached sweep (made-up times, so nothing
// here depends on this machine's speed), chooses for a budget and applies the choice, exports
// CSV and charts, and measures a tiny grid on its own thread (cached, then cancelled).
#include <QtTest>

#include <QDockWidget>
#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "mnl/cost_model.h"
#include "mnl/ui/inference_thread.h"
#include "mnl/ui/machine_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/sweep_accuracy_chart.h"
#include "mnl/ui/sweep_cache.h"
#include "mnl/ui/sweep_fit_chart.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

namespace {

// The paper's 16 networks at 1 ms + 0.02 ms per million mult-adds.
SweepResult madeUp(const MachineInfo& machine) {
  SweepResult result;
  result.machine = machine;
  result.machine.iterations = 10;
  const SweepGrid grid = paperSweepGrid();
  for (std::size_t i = 0; i < grid.size(); ++i) {
    SweepRow row = costedRow(grid.point(i));
    row.samples = 10;
    row.medianMs = 1 + 0.02 * row.multAdds / 1e6;
    row.p90Ms = row.medianMs * 1.05;
    row.imagesPerS = 1000 / row.medianMs;
    result.rows.push_back(row);
  }
  return result;
}

MachineView::Options optionsIn(const QTemporaryDir& dir) {
  MachineView::Options options;
  options.cacheDir = dir.path();
  options.request.threads = 1;
  options.measureWhenFirstShown = false;
  return options;
}

}  // namespace

class TestMachineView : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() { registerMetatypes(); }
  void fillsFromCache();
  void budgetChoiceAndApply();
  void budgetChoosesByYourClasses();
  void eachFormatHasItsOwnSweep();
  void exports();
  void measuresOnItsOwnThreadAndCaches();
  void cancelKeepsTheEarlierSweep();
  void windowAppliesTheChoice();
  void noForwardPassBesideTheSweep();
};

void TestMachineView::fillsFromCache() {
  QTemporaryDir dir;
  const MachineView::Options options = optionsIn(dir);
  const MachineInfo machine = describeMachine(options.request);
  QVERIFY(saveCachedSweep(sweepCacheFile(dir.path(), machine), madeUp(machine)));
  MachineView view(options);
  view.resize(1400, 450);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  QVERIFY(view.result());
  QCOMPARE(view.result()->rows.size(), std::size_t{16});
  QCOMPARE(view.accuracyChart()->pointCount(), 16);
  QCOMPARE(view.fitChart()->pointCount(), 16);
  // The fitted line finds the made-up fixed cost.
  QVERIFY2(view.fitChart()->fitText().contains(QStringLiteral("1.00 ms fixed")),
           qPrintable(view.fitChart()->fitText()));
  QVERIFY(view.machineText().contains(QString::fromStdString(machine.name)));
  QVERIFY(view.measureButton()->isEnabled());
  QCOMPARE(view.measureButton()->text(), QStringLiteral("Measure again"));
  QVERIFY(!view.measuring());
  // Another thread count is another machine configuration: nothing cached for it.
  MachineView::Options other = options;
  other.request.threads = 2;
  MachineView empty(other);
  QVERIFY(!empty.result());
  QCOMPARE(empty.accuracyChart()->pointCount(), 0);
  QVERIFY(!empty.applyButton()->isEnabled());
}

void TestMachineView::budgetChoiceAndApply() {
  QTemporaryDir dir;
  MachineView view(optionsIn(dir));
  view.setResult(madeUp(describeMachine(optionsIn(dir).request)));
  view.setCurrentNetwork({0.5, 160, 1000, ConvMode::Separable});
  // 30 FPS (33 ms): every network fits; the most accurate is 1.0/224.
  view.setBudget(30, true);
  QVERIFY(view.choice());
  QCOMPARE(view.choice()->alpha, 1.0);
  QCOMPARE(view.choice()->resolution, 224);
  QVERIFY(view.accuracyChart()->chosen() == view.choice());
  // 5 ms: 0.75/160 (65.3 %) beats 1.0/128 (65.2 %), both within it.
  view.setBudget(5, false);
  QVERIFY(view.choice());
  QCOMPARE(view.choice()->alpha, 0.75);
  QCOMPARE(view.choice()->resolution, 160);
  QVERIFY(view.choiceText().contains(QStringLiteral("0.75/160")));
  QSignalSpy applied(&view, &MachineView::applyRequested);
  QVERIFY(view.applyButton()->isEnabled());
  QTest::mouseClick(view.applyButton(), Qt::LeftButton);
  QCOMPARE(applied.size(), 1);
  QVERIFY(applied.front().front().value<NetworkConfig>() == *view.choice());
  // Below the smallest network's time nothing fits, and there is nothing to apply.
  view.setBudget(1.0, false);
  QVERIFY(!view.choice());
  QVERIFY(!view.applyButton()->isEnabled());
  QVERIFY(view.choiceText().contains(QStringLiteral("Nothing")));
}

void TestMachineView::budgetChoosesByYourClasses() {
  QTemporaryDir dir;
  MachineView view(optionsIn(dir));
  view.setResult(madeUp(describeMachine(optionsIn(dir).request)));
  view.setBudget(5, false);
  QCOMPARE(view.choice()->alpha, 0.75);  // by ImageNet, as above
  QVERIFY(!view.choosingByYours());
  QCOMPARE(view.accuracyChart()->yourPointCount(), 0);
  // The Teach room's search: on these classes 0.25/128 does as well as the widest, and
  // 0.5/192 best of all; 1.0/224 was not searched.
  std::vector<teach::TaughtAccuracy> yours;
  const SweepGrid grid = paperSweepGrid();
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const NetworkConfig n = grid.point(i);
    if (n.alpha == 1.0 && n.resolution == 224) continue;
    const double top1 = n.alpha == 0.5 && n.resolution == 192 ? 0.99 : 0.9;
    yours.push_back({n, top1, top1});
  }
  view.setYourAccuracy(yours, QStringLiteral("your 3 classes"));
  QVERIFY(view.choosingByYours());
  QCOMPARE(view.accuracyChart()->yourPointCount(), 15);
  QCOMPARE(view.accuracyChart()->pointCount(), 16);
  QVERIFY(view.choice());
  QCOMPARE(view.choice()->alpha, 0.5);
  QCOMPARE(view.choice()->resolution, 192);
  QVERIFY(view.accuracyChart()->chosen() == view.choice());
  QVERIFY2(view.choiceText().contains(QStringLiteral("99.0 % top-1 on your 3 classes")),
           qPrintable(view.choiceText()));
  // A budget 0.5/192 misses: the fastest of the equals (90 %) within it.
  const double ms192 = 1 + 0.02 * costedRow({0.5, 192}).multAdds / 1e6;
  view.setBudget(ms192 - 0.01, false);
  QVERIFY(view.choice());
  QCOMPARE(view.choice()->alpha, 0.25);
  QCOMPARE(view.choice()->resolution, 128);
  // Back to the paper's figure.
  view.setChoosingByYours(false);
  QVERIFY(!view.choosingByYours());
  QVERIFY(!(view.choice()->alpha == 0.25 && view.choice()->resolution == 128));
  QVERIFY(view.choiceText().contains(QStringLiteral("on ImageNet")));
  QCOMPARE(view.accuracyChart()->yourPointCount(), 15);  // still drawn
}

// The format over the live view picks the sweep: fp32's cached one, none yet for int8 (it says
// so), and fp32's again on the way back.
void TestMachineView::eachFormatHasItsOwnSweep() {
  QTemporaryDir dir;
  const MachineView::Options options = optionsIn(dir);
  const MachineInfo machine = describeMachine(options.request);
  QVERIFY(saveCachedSweep(sweepCacheFile(dir.path(), machine), madeUp(machine)));
  MachineView view(options);
  QVERIFY(view.result());
  QCOMPARE(view.precision(), Precision::Float32);
  view.setPrecision(Precision::Int8);
  QCOMPARE(view.precision(), Precision::Int8);
  SweepRequest int8 = options.request;
  int8.precision = Precision::Int8;
  if (describeMachine(int8).precision == "int8") {  // this CPU runs int8: a cache of its own
    QVERIFY(!view.result());
    QVERIFY2(view.findChild<QLabel*>("machineStatus")->text().contains("Not measured in int8"),
             qPrintable(view.findChild<QLabel*>("machineStatus")->text()));
    QVERIFY(view.cacheFile() != sweepCacheFile(dir.path(), machine));
  }
  view.setPrecision(Precision::Float32);
  QVERIFY(view.result());
  QCOMPARE(view.result()->rows.size(), std::size_t{16});
}

void TestMachineView::exports() {
  QTemporaryDir dir;
  MachineView view(optionsIn(dir));
  view.resize(1400, 450);
  view.setResult(madeUp(describeMachine(optionsIn(dir).request)));
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  const QString csv = dir.filePath("sweep.csv");
  QVERIFY(view.saveCsv(csv));
  QFile csvFile(csv);
  QVERIFY(csvFile.open(QIODevice::ReadOnly));
  const QList<QByteArray> lines = csvFile.readAll().split('\n');
  QCOMPARE(lines.front(), QByteArray("alpha,resolution,conv,mult_adds,params,activation_bytes,"
                                     "samples,median_ms,p90_ms,images_per_s,top1,top1_source"));
  QCOMPARE(lines.size(), 18);  // header, 16 rows, the empty piece after the last newline
  const auto head = [&](const QString& name, int bytes) {
    QFile f(dir.filePath(name));
    return f.open(QIODevice::ReadOnly) ? f.read(bytes) : QByteArray();
  };
  QVERIFY(view.saveAccuracyChart(dir.filePath("a.png")));
  QCOMPARE(head("a.png", 4), QByteArray("\x89PNG"));
  QVERIFY(view.saveAccuracyChart(dir.filePath("a.pdf")));
  QCOMPARE(head("a.pdf", 4), QByteArray("%PDF"));
  QVERIFY(view.saveFitChart(dir.filePath("f.svg")));
  QVERIFY(head("f.svg", 4096).contains("<svg"));
  // The chart, not an empty picture: its lines and its axis label.
  QVERIFY(head("f.svg", 1 << 20).contains("<polyline"));
  QVERIFY(head("f.svg", 1 << 20).contains("million mult-adds"));
  QVERIFY(!view.saveFitChart(dir.filePath("f.gif")));
}

void TestMachineView::measuresOnItsOwnThreadAndCaches() {
  QTemporaryDir dir;
  MachineView::Options options = optionsIn(dir);
  options.request.grid = {{0.25}, {128, 160}, ConvMode::Separable};
  options.request.iterations = 2;
  options.request.rounds = 2;
  MachineView view(options);
  QVERIFY(!view.result());
  QSignalSpy measuring(&view, &MachineView::measuringChanged);
  view.measure();
  QVERIFY(view.measuring());
  QVERIFY(!view.measureButton()->isEnabled());
  QVERIFY(view.cancelButton()->isVisibleTo(&view));
  // The UI thread goes on with its events while the sweep runs.
  QTRY_VERIFY_WITH_TIMEOUT(!view.measuring(), 120'000);
  QCOMPARE(measuring.size(), 2);
  QVERIFY(view.result());
  QCOMPARE(view.result()->rows.size(), std::size_t{2});
  QVERIFY(view.result()->complete);
  for (const SweepRow& row : view.result()->rows) {
    QCOMPARE(row.samples, 2);
    QVERIFY(row.medianMs > 0);
  }
  QCOMPARE(view.accuracyChart()->pointCount(), 2);
  // Cached: a new view of the same configuration shows it without measuring.
  const auto cached = loadCachedSweep(view.cacheFile());
  QVERIFY(cached);
  QCOMPARE(cached->rows.size(), std::size_t{2});
  MachineView again(options);
  QVERIFY(again.result());
  QCOMPARE(again.result()->rows[1].medianMs, view.result()->rows[1].medianMs);
}

void TestMachineView::cancelKeepsTheEarlierSweep() {
  QTemporaryDir dir;
  MachineView::Options options = optionsIn(dir);
  options.request.grid = {{0.25}, {128}, ConvMode::Separable};
  options.request.iterations = 100'000'000;  // only Cancel ends it
  const SweepResult earlier = madeUp(describeMachine(options.request));
  MachineView view(options);
  view.setResult(earlier);
  view.measure();
  QVERIFY(view.measuring());
  QTest::qWait(300);
  QTest::mouseClick(view.cancelButton(), Qt::LeftButton);
  QVERIFY(!view.measuring());
  QCOMPARE(view.result()->rows.size(), std::size_t{16});
  // The thread lets go of the sweep within a run: the view's shutdown joins at once.
  QElapsedTimer joined;
  joined.start();
  view.shutDown();
  QVERIFY2(joined.elapsed() < 10'000, qPrintable(QString::number(joined.elapsed())));
}

void TestMachineView::windowAppliesTheChoice() {
  QStandardPaths::setTestModeEnabled(true);  // the cache goes to Qt's test folders
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.5, 160));
  MachineView* view = window.machineView();
  QVERIFY(view);
  QVERIFY(!window.machineDock()->isVisible());  // until asked for (View menu, --machine-view)
  view->setResult(madeUp(describeMachine({})));
  view->setBudget(5, false);  // 0.75/160, as above
  QTest::mouseClick(view->applyButton(), Qt::LeftButton);
  QCOMPARE(window.controls()->network().alpha, 0.75);
  QCOMPARE(window.controls()->network().resolution, 160);
  window.shutDown();
}

// The network and the sweep share the cores and LibTorch's one thread count: a slider moved
// while "Your machine" measures must not run a forward pass beside the sweep's timed runs
// (the sweep would time that load too, and the two would set the thread count under each
// other). The change is applied once the sweep is over.
void TestMachineView::noForwardPassBesideTheSweep() {
  QStandardPaths::setTestModeEnabled(true);
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.5, 160));
  // The photo classified and nothing left to do (a still image is one frame).
  QTRY_VERIFY_WITH_TIMEOUT(window.inference()->framesRun() > 0 && window.inference()->idle(),
                           60'000);
  MachineView* view = window.machineView();
  QVERIFY(!view->measuring());  // its panel is closed: nothing measured behind it
  view->measure();
  QVERIFY(view->measuring());
  QTest::qWait(300);  // the window has paused what it runs
  const long long before = window.inference()->framesRun();
  NetworkConfig moved = window.controls()->network();
  moved.alpha = 0.75;
  window.controls()->setNetwork(moved);  // as a slider let go
  // For many times the settle time, or until the sweep is over (a fast machine times the
  // paper's 16 networks in about a second): nothing runs while it measures.
  QElapsedTimer waited;
  waited.start();
  while (view->measuring() && waited.elapsed() < 1500) {
    QCOMPARE(window.inference()->framesRun(), before);
    QTest::qWait(10);
  }
  if (view->measuring()) QTest::mouseClick(view->cancelButton(), Qt::LeftButton);
  QTRY_VERIFY_WITH_TIMEOUT(window.inference()->framesRun() > before, 60'000);
  window.shutDown();
}

QTEST_MAIN(TestMachineView)
#include "tst_machine_view.moc"

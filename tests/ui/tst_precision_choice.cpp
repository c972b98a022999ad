// SPDX-License-Identifier: GPL-3.0-or-later
// The number format over the live view: fp32 always, bf16 and int8 offered only where this
// CPU has the instructions (each refused otherwise, its reason as the tooltip); the check line
// built from the engine's comparison with fp32; and the window switched to int8 by the control
// like a person would: the live view runs it, checks it and says so, and back to fp32.
#include <QtTest>

#include <QComboBox>
#include <QSignalSpy>
#include <QStandardItemModel>

#include "mnl/engine.h"
#include "mnl/ui/cost_panel.h"
#include "mnl/ui/layer_cost_chart.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/precision_choice.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

class TestPrecisionChoice : public QObject {
  Q_OBJECT

 private slots:
  void offersWhatThisCpuRuns();
  void checkSaysWhatTheFormatCosts();
  void windowRunsAndChecksInt8();
};

void TestPrecisionChoice::offersWhatThisCpuRuns() {
  PrecisionChoice choice;
  QCOMPARE(choice.precision(), Precision::Float32);
  QCOMPARE(choice.combo()->count(), 3);
  QSignalSpy changed(&choice, &PrecisionChoice::precisionChanged);
  for (const Precision format : {Precision::BFloat16, Precision::Int8}) {
    const std::string problem = Engine::cpuPrecisionProblem(format);
    const int row = choice.combo()->findText(QString::fromLatin1(nameOf(format)));
    QVERIFY(row > 0);
    const auto* model = static_cast<QStandardItemModel*>(choice.combo()->model());
    QCOMPARE(model->item(row)->isEnabled(), problem.empty());
    QCOMPARE(model->item(row)->toolTip(), QString::fromStdString(problem));
    QCOMPARE(choice.setPrecision(format), problem.empty());
    QCOMPARE(choice.precision(), problem.empty() ? format : choice.precision());
  }
  QVERIFY(choice.setPrecision(Precision::Float32));
  QCOMPARE(choice.precision(), Precision::Float32);
  QVERIFY(!choice.setPrecision(Precision::Float16));  // CUDA's, not listed here
  // One signal per change that happened.
  const int accepted = int(Engine::cpuPrecisionProblem(Precision::BFloat16).empty()) +
                       int(Engine::cpuPrecisionProblem(Precision::Int8).empty());
  QCOMPARE(changed.count(), accepted > 0 ? accepted + 1 : 0);
}

void TestPrecisionChoice::checkSaysWhatTheFormatCosts() {
  QVERIFY(checkText(std::nullopt).isEmpty());
  PrecisionCheck check;
  check.precision = Precision::Int8;
  check.every = 8;
  check.checked = 60;
  check.agreeing = 58;
  check.largestProbabilityDifference = 0.0412;
  check.layerErrors = {{"conv0", 0.0}, {"dw1", 0.011}, {"pw13", 0.153}, {"dw13", 0.07}};
  QCOMPARE(checkText(check),
           QString("int8: fp32's top-1 on 58 of 60 checked frames \u00b7 largest probability "
                   "difference 0.04 \u00b7 most lost at pw13 (15 %)"));
}

void TestPrecisionChoice::windowRunsAndChecksInt8() {
  if (const std::string problem = Engine::cpuPrecisionProblem(Precision::Int8); !problem.empty())
    QSKIP(problem.c_str());
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.5, 160));
  window.show();
  QTRY_VERIFY_WITH_TIMEOUT(window.shownResult(), 60'000);
  QVERIFY(!window.shownResult()->precisionCheck);
  QVERIFY(window.liveView()->precisionText().isEmpty());
  QComboBox* combo = window.liveView()->precision()->combo();
  combo->setCurrentIndex(combo->findText("int8"));  // as a person picks it
  QTRY_VERIFY_WITH_TIMEOUT(window.shownResult()->model.precision == Precision::Int8, 60'000);
  QVERIFY(window.shownResult()->precisionCheck);
  QCOMPARE(window.shownResult()->precisionCheck->agreeing, 1);  // the macaw, clear in fp32
  QVERIFY2(window.liveView()->precisionText().startsWith("int8: fp32's top-1 on 1 of 1"),
           qPrintable(window.liveView()->precisionText()));
  // Where it is lost: each convolution's error on the cost chart.
  QCOMPARE(window.costPanel()->layerChart()->layerErrorCount(), 27);
  combo->setCurrentIndex(combo->findText("fp32"));
  QTRY_VERIFY_WITH_TIMEOUT(window.shownResult()->model.precision == Precision::Float32, 60'000);
  QVERIFY(!window.shownResult()->precisionCheck);
  QVERIFY(window.liveView()->precisionText().isEmpty());
  QCOMPARE(window.costPanel()->layerChart()->layerErrorCount(), 0);
  window.shutDown();
}

QTEST_MAIN(TestPrecisionChoice)
#include "tst_precision_choice.moc"

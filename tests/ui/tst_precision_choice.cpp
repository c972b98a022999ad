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
#include "mnl/ui/tradeoff_chart.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

namespace {
// An int8 check as the engine reports it: 58 of 60 checked frames kept fp32's top-1.
PrecisionCheck int8Check() {
  PrecisionCheck check;
  check.precision = Precision::Int8;
  check.every = 8;
  check.checked = 60;
  check.agreeing = 58;
  check.sequence = 7;
  return check;
}
}  // namespace

class TestPrecisionChoice : public QObject {
  Q_OBJECT

 private slots:
  void offersWhatThisCpuRuns();
  void marksAnEmulatedFormat();
  void checkSaysWhatTheFormatCosts();
  void tradeoffChartSpansTheFlips();
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

// MNL_BF16_EMULATION=1: on an AVX-512 CPU without AVX512_BF16, bf16 is offered as emulated,
// its tooltip saying its time is not bf16's; where the CPU has it, or has no AVX-512, nothing
// changes.
void TestPrecisionChoice::marksAnEmulatedFormat() {
  qputenv("MNL_BF16_EMULATION", "1");
  const std::string note = Engine::cpuEmulationNote(Precision::BFloat16);
  const std::string problem = Engine::cpuPrecisionProblem(Precision::BFloat16);
  PrecisionChoice choice;
  qunsetenv("MNL_BF16_EMULATION");
  QVERIFY(note.empty() || problem.empty());  // emulated means offered
  QVERIFY(Engine::cpuEmulationNote(Precision::BFloat16).empty());  // only when asked
  QVERIFY(Engine::cpuEmulationNote(Precision::Int8).empty());
  const auto* model = static_cast<QStandardItemModel*>(choice.combo()->model());
  const QStandardItem* item = model->item(1);
  if (note.empty()) {
    QCOMPARE(item->text(), QString("bf16"));
    return;
  }
  qInfo("%s", note.c_str());
  QCOMPARE(item->text(), QString("bf16 (emulated)"));
  QCOMPARE(item->toolTip(), QString::fromStdString(note));
  QVERIFY(item->isEnabled());
  QVERIFY(choice.setPrecision(Precision::BFloat16));
}

void TestPrecisionChoice::checkSaysWhatTheFormatCosts() {
  QVERIFY(checkText(std::nullopt).isEmpty());
  PrecisionCheck check = int8Check();
  check.largestProbabilityDifference = 0.0412;
  check.largestLeadTurned = 0.0113;
  check.layerErrors = {{"conv0", 0.0}, {"dw1", 0.011}, {"pw13", 0.153}, {"dw13", 0.07}};
  QCOMPARE(checkText(check),
           QString("int8: fp32's top-1 on 58 of 60 checked frames (where they differ, fp32 led "
                   "int8's choice by at most 0.011) \u00b7 largest probability difference 0.04 "
                   "\u00b7 most lost at pw13 (15 %)"));
  // Every check agreeing: nothing turned, nothing to say about it.
  PrecisionCheck agreeing = check;
  agreeing.agreeing = agreeing.checked;
  agreeing.largestLeadTurned = 0;
  QVERIFY2(checkText(agreeing).startsWith("int8: fp32's top-1 on 60 of 60 checked frames "
                                          "\u00b7 largest probability difference 0.04"),
           qPrintable(checkText(agreeing)));
  // Once the source has calibrated int8's scales: what that found.
  check.calibratedOn = 8;
  check.finerLayers = 5;
  QVERIFY2(checkText(check).endsWith(" \u00b7 calibrated on 8 checked frames of this source: 5 "
                                     "layers finer than 0\u20136, biases corrected"),
           qPrintable(checkText(check)));
  check.finerLayers = 0;
  QVERIFY2(checkText(check).endsWith(" \u00b7 calibrated on 8 checked frames of this source: "
                                     "every layer reaches 6 (scales 0\u20136), biases corrected"),
           qPrintable(checkText(check)));
  // bf16 has no scales to calibrate, only the biases.
  check.precision = Precision::BFloat16;
  QVERIFY2(checkText(check).startsWith("bf16: fp32's top-1 on 58 of 60"),
           qPrintable(checkText(check)));
  QVERIFY2(checkText(check).endsWith(" \u00b7 calibrated on 8 checked frames of this source: "
                                     "biases corrected"),
           qPrintable(checkText(check)));
}

// The paper's trade-off chart with the format as its third axis: a bar around this setting as
// wide as the share of checked frames whose top-1 the format changed, either way.
void TestPrecisionChoice::tradeoffChartSpansTheFlips() {
  TradeoffChart chart;
  chart.setNetwork({0.5, 160, 1000, ConvMode::Separable});
  const QString fp32Caption = chart.caption();
  QVERIFY(!chart.formatSpread());
  PrecisionCheck check = int8Check();
  chart.setPrecisionCheck(check);
  QVERIFY(chart.formatSpread());
  QCOMPARE(*chart.formatSpread(), 100.0 * 2 / 60);
  QVERIFY2(chart.caption().startsWith(fp32Caption), qPrintable(chart.caption()));
  QVERIFY2(chart.caption().contains("int8 kept fp32's top-1 on 58 of 60 checked frames: on "
                                    "pictures that flip as often, its top-1 is within 3.3 points"),
           qPrintable(chart.caption()));
  chart.setNetwork({0.25, 128, 1000, ConvMode::Separable});  // moved: the bar goes along
  QCOMPARE(*chart.formatSpread(), 100.0 * 2 / 60);
  check.sequence = 8;
  check.agreeing = 60;
  chart.setPrecisionCheck(check);
  QCOMPARE(*chart.formatSpread(), 0.0);
  check.precision = Precision::Float32;  // fp32 checks nothing against itself
  chart.setPrecisionCheck(check);
  QVERIFY(!chart.formatSpread());
  chart.setPrecisionCheck(std::nullopt);
  QVERIFY(!chart.formatSpread());
  QVERIFY(!chart.caption().contains("kept"));
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
  // And what it may cost in accuracy on the paper's chart.
  QCOMPARE(window.costPanel()->tradeoffChart()->formatSpread(), std::optional<double>(0.0));
  combo->setCurrentIndex(combo->findText("fp32"));
  QTRY_VERIFY_WITH_TIMEOUT(window.shownResult()->model.precision == Precision::Float32, 60'000);
  QVERIFY(!window.shownResult()->precisionCheck);
  QVERIFY(window.liveView()->precisionText().isEmpty());
  QCOMPARE(window.costPanel()->layerChart()->layerErrorCount(), 0);
  QVERIFY(!window.costPanel()->tradeoffChart()->formatSpread());
  window.shutDown();
}

QTEST_MAIN(TestPrecisionChoice)
#include "tst_precision_choice.moc"

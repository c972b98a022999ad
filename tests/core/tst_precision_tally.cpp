// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::PrecisionTally: the counts of the window's live check of int8 or bf16 against fp32. One
// check at a time: which top-1 each network chose, the largest change of a probability and,
// where the top-1 differs, by how much fp32 preferred its own answer to the format's. Then the
// window of checks: only the last kPrecisionChecksKept count.
#include <QtTest>

#include <stdexcept>
#include <vector>

#include "mnl/precision_tally.h"

using mnl::PrecisionCheck;
using mnl::PrecisionTally;

class TestPrecisionTally : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void oneCheck_data();
  void oneCheck();
  void keepsTheLastChecks();
  void refusesUnequalClasses();
};

void TestPrecisionTally::oneCheck_data() {
  QTest::addColumn<QList<float>>("reduced");
  QTest::addColumn<QList<float>>("exact");
  QTest::addColumn<bool>("agrees");
  QTest::addColumn<double>("difference");
  QTest::addColumn<double>("leadTurned");
  QTest::newRow("same top-1") << QList<float>{0.65f, 0.25f, 0.10f}
                              << QList<float>{0.70f, 0.20f, 0.10f} << true << 0.05 << 0.0;
  // The shape of a clip frame int8 turns at 0.25/128 (docs/benchmarks.md): fp32 at 0.166
  // against 0.165, the format the other way round (the other classes share the rest).
  QTest::newRow("near tie turned")
      << QList<float>{0.163f, 0.168f, 0.14f, 0.14f, 0.13f, 0.13f, 0.129f}
      << QList<float>{0.166f, 0.165f, 0.14f, 0.14f, 0.13f, 0.13f, 0.129f} << false << 0.003
      << 0.001;
  // The lead is over the class the format chose, not over fp32's second.
  QTest::newRow("clear answer turned to a third class")
      << QList<float>{0.30f, 0.30f, 0.40f} << QList<float>{0.50f, 0.30f, 0.20f} << false << 0.2
      << 0.3;
  // Equal probabilities: the first, as argmax takes it, in both networks.
  QTest::newRow("exact tie") << QList<float>{0.4f, 0.4f, 0.2f} << QList<float>{0.4f, 0.4f, 0.2f}
                             << true << 0.0 << 0.0;
}

void TestPrecisionTally::oneCheck() {
  QFETCH(QList<float>, reduced);
  QFETCH(QList<float>, exact);
  QFETCH(bool, agrees);
  QFETCH(double, difference);
  QFETCH(double, leadTurned);
  PrecisionTally tally;
  tally.add({reduced.data(), std::size_t(reduced.size())}, {exact.data(), std::size_t(exact.size())});
  PrecisionCheck check;
  tally.fill(check);
  QCOMPARE(check.checked, 1);
  QCOMPARE(check.agreeing, agrees ? 1 : 0);
  QVERIFY2(qAbs(check.largestProbabilityDifference - difference) < 1e-6,
           qPrintable(QString::number(check.largestProbabilityDifference)));
  QVERIFY2(qAbs(check.largestLeadTurned - leadTurned) < 1e-6,
           qPrintable(QString::number(check.largestLeadTurned)));
  // A turned top-1 needs each of the two classes' probabilities to move: the lead it overturned
  // is at most twice the largest change.
  QVERIFY(check.largestLeadTurned <= 2 * check.largestProbabilityDifference + 1e-9);
}

// 61 checks, the first a clear answer turned: once it leaves the window, every check counted
// agrees and nothing turned is left to report. clear() forgets them all.
void TestPrecisionTally::keepsTheLastChecks() {
  const std::vector<float> fp32{0.9f, 0.1f}, turned{0.2f, 0.8f}, kept{0.85f, 0.15f};
  PrecisionTally tally;
  tally.add(turned, fp32);
  PrecisionCheck check;
  for (int i = 1; i < mnl::kPrecisionChecksKept; ++i) tally.add(kept, fp32);
  tally.fill(check);
  QCOMPARE(check.checked, mnl::kPrecisionChecksKept);
  QCOMPARE(check.agreeing, mnl::kPrecisionChecksKept - 1);
  QVERIFY(qAbs(check.largestLeadTurned - 0.8) < 1e-6);
  QVERIFY(qAbs(check.largestProbabilityDifference - 0.7) < 1e-6);
  tally.add(kept, fp32);
  tally.fill(check);
  QCOMPARE(check.checked, mnl::kPrecisionChecksKept);
  QCOMPARE(check.agreeing, mnl::kPrecisionChecksKept);
  QCOMPARE(check.largestLeadTurned, 0.0);
  QVERIFY(qAbs(check.largestProbabilityDifference - 0.05) < 1e-6);
  tally.clear();
  tally.fill(check);
  QCOMPARE(check.checked, 0);
  QCOMPARE(check.agreeing, 0);
}

void TestPrecisionTally::refusesUnequalClasses() {
  const std::vector<float> two{0.5f, 0.5f}, three{0.2f, 0.3f, 0.5f}, none;
  PrecisionTally tally;
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tally.add(two, three));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, tally.add(none, none));
}

QTEST_APPLESS_MAIN(TestPrecisionTally)
#include "tst_precision_tally.moc"

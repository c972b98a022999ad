// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::teach::holdOut: the same share of every class held out, at least one where a class can
// spare it, never a whole class, one seed one split.
#include <QtTest>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "mnl/teach/holdout_split.h"

using mnl::teach::holdOut;

namespace {

std::vector<int> labelsOf(const QList<int>& perClass) {
  std::vector<int> labels;
  for (int c = 0; c < perClass.size(); ++c) labels.insert(labels.end(), perClass[c], c);
  return labels;
}

}  // namespace

class TestHoldoutSplit : public QObject {
  Q_OBJECT

 private slots:
  void countsPerClass_data();
  void countsPerClass();
  void oneSeedOneSplit();
  void refusesWhatCannotBeSplit();
};

void TestHoldoutSplit::countsPerClass_data() {
  QTest::addColumn<QList<int>>("perClass");
  QTest::addColumn<double>("fraction");
  QTest::addColumn<QList<int>>("heldOut");
  // 15 % of 20 is 3; of 10, 1.5 rounds to 2; of 7, 1.05 rounds to 1.
  QTest::newRow("Teachable Machine's 15 %") << QList<int>{20, 10, 7} << 0.15
                                            << QList<int>{3, 2, 1};
  // Too few for 15 % still gives one, so that every class is judged.
  QTest::newRow("at least one") << QList<int>{2, 3, 4} << 0.15 << QList<int>{1, 1, 1};
  // A class of one example must learn from it: nothing held out.
  QTest::newRow("a class of one") << QList<int>{1, 5} << 0.15 << QList<int>{0, 1};
  // Never the whole class, however large the share.
  QTest::newRow("never all") << QList<int>{2, 4} << 0.9 << QList<int>{1, 3};
  QTest::newRow("none asked") << QList<int>{5, 5} << 0.0 << QList<int>{0, 0};
  QTest::newRow("half") << QList<int>{40, 40} << 0.5 << QList<int>{20, 20};
}

void TestHoldoutSplit::countsPerClass() {
  QFETCH(QList<int>, perClass);
  QFETCH(double, fraction);
  QFETCH(QList<int>, heldOut);
  const std::vector<int> labels = labelsOf(perClass);
  const std::vector<bool> out = holdOut(labels, static_cast<int>(perClass.size()), fraction, 7);
  QCOMPARE(out.size(), labels.size());
  for (int c = 0; c < perClass.size(); ++c) {
    int count = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) count += labels[i] == c && out[i];
    QCOMPARE(count, heldOut[c]);
  }
}

void TestHoldoutSplit::oneSeedOneSplit() {
  const std::vector<int> labels = labelsOf({30, 30, 30});
  const std::vector<bool> a = holdOut(labels, 3, 0.15, 1);
  QVERIFY(a == holdOut(labels, 3, 0.15, 1));
  QVERIFY(a != holdOut(labels, 3, 0.15, 2));
  // The labels may come in any order: the same examples of each class are chosen by their
  // position among that class's examples, so interleaving changes which indices, not how many.
  std::vector<int> interleaved;
  for (int i = 0; i < 30; ++i) interleaved.insert(interleaved.end(), {0, 1, 2});
  const std::vector<bool> b = holdOut(interleaved, 3, 0.15, 1);
  QCOMPARE(std::count(b.begin(), b.end(), true), std::count(a.begin(), a.end(), true));
}

void TestHoldoutSplit::refusesWhatCannotBeSplit() {
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, holdOut({0, 1}, 2, 1.0, 1));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, holdOut({0, 1}, 2, -0.1, 1));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, holdOut({0, 2}, 2, 0.15, 1));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, holdOut({-1}, 2, 0.15, 1));
}

QTEST_APPLESS_MAIN(TestHoldoutSplit)
#include "tst_holdout_split.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::teach::evaluate and rankClasses: top-1, top-5, per-class accuracy and the confusion
// matrix worked out by hand for small cases, and the cells' examples.
#include <QtTest>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "mnl/teach/evaluation.h"

using mnl::teach::evaluate;
using mnl::teach::Evaluation;
using mnl::teach::kOtherClass;
using mnl::teach::rankClasses;

class TestEvaluation : public QObject {
  Q_OBJECT

 private slots:
  void ranking_data();
  void ranking();
  void handWorkedCase();
  void predictionsOutsideTheClasses();
  void classWithoutExamples();
  void refusesMismatchedInput();
};

void TestEvaluation::ranking_data() {
  QTest::addColumn<QList<float>>("scores");
  QTest::addColumn<int>("count");
  QTest::addColumn<QList<int>>("expected");
  QTest::newRow("descending") << QList<float>{0.1f, 0.7f, 0.2f} << 3 << QList<int>{1, 2, 0};
  QTest::newRow("first two") << QList<float>{0.1f, 0.7f, 0.2f} << 2 << QList<int>{1, 2};
  QTest::newRow("more than there are") << QList<float>{0.4f, 0.6f} << 5 << QList<int>{1, 0};
  QTest::newRow("ties: lower index first") << QList<float>{0.5f, 0.5f, 0.0f} << 2
                                           << QList<int>{0, 1};
}

void TestEvaluation::ranking() {
  QFETCH(QList<float>, scores);
  QFETCH(int, count);
  QFETCH(QList<int>, expected);
  const std::vector<float> s(scores.begin(), scores.end());
  const std::vector<int> ranked = rankClasses(s, count);
  QCOMPARE(QList<int>(ranked.begin(), ranked.end()), expected);
}

void TestEvaluation::handWorkedCase() {
  // Three classes; six examples: a a a b b c.
  // a: right, right, taken for b (b second, a third: in the top 5)
  // b: right, taken for c (b nowhere in its ranking)
  // c: taken for a
  const Evaluation e = evaluate({"a", "b", "c"}, {0, 0, 0, 1, 1, 2},
                                {{0, 1}, {0, 2}, {1, 2, 0}, {1, 0}, {2, 0}, {0, 1, 2}});
  QCOMPARE(e.examples(), 6);
  QCOMPARE(e.correct(), 3);
  QCOMPARE(e.top1(), 0.5);
  QCOMPARE(e.top5(), 5.0 / 6.0);
  const std::vector<std::vector<int>> confusion{{2, 1, 0, 0}, {0, 1, 1, 0}, {1, 0, 0, 0}};
  QVERIFY(e.confusion == confusion);
  QCOMPARE(e.count(0), 3);
  QCOMPARE(e.accuracy(0), 2.0 / 3.0);
  QCOMPARE(e.accuracy(1), 0.5);
  QCOMPARE(e.accuracy(2), 0.0);
  QVERIFY(e.examplesIn(0, 1) == std::vector<int>{2});
  QVERIFY(e.examplesIn(0, 0) == (std::vector<int>{0, 1}));
  QVERIFY(e.examplesIn(2, 2).empty());
  // Every example sits in exactly one cell.
  int total = 0;
  for (const auto& row : e.confusion)
    for (int cell : row) total += cell;
  QCOMPARE(total, e.examples());
}

void TestEvaluation::predictionsOutsideTheClasses() {
  // An ImageNet model on a folder of two of its classes: a prediction of a third class goes to
  // the last column and never counts as right; top-5 still finds the true class behind it.
  const Evaluation e = evaluate({"tabby", "macaw"}, {0, 1, 1},
                                {{0}, {kOtherClass, 1}, {kOtherClass, kOtherClass}});
  QCOMPARE(e.correct(), 1);
  QCOMPARE(e.confusion[1][2], 2);
  QCOMPARE(e.top5(), 2.0 / 3.0);
  QVERIFY(e.examplesIn(1, kOtherClass) == (std::vector<int>{1, 2}));
}

void TestEvaluation::classWithoutExamples() {
  const Evaluation e = evaluate({"a", "b"}, {0}, {{0, 1}});
  QCOMPARE(e.accuracy(0), 1.0);
  QVERIFY(std::isnan(e.accuracy(1)));
  QVERIFY(std::isnan(evaluate({"a"}, {}, {}).top1()));
}

void TestEvaluation::refusesMismatchedInput() {
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, evaluate({"a"}, {0, 0}, {{0}}));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, evaluate({"a"}, {1}, {{0}}));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, evaluate({"a"}, {0}, {{}}));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, evaluate({"a"}, {0}, {{3}}));
}

QTEST_APPLESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"

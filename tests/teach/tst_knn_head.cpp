// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::teach::KnnHead: cosine neighbours on embeddings made by hand, where the answer is known,
// and the choice of k on held-out examples.
#include <QtTest>

#include <numeric>
#include <stdexcept>
#include <vector>

#include "mnl/teach/evaluation.h"
#include "mnl/teach/knn_head.h"

using mnl::teach::chooseKnnHead;
using mnl::teach::EmbeddingTable;
using mnl::teach::KnnHead;
using mnl::teach::knnCandidates;

namespace {

EmbeddingTable table(const std::vector<std::vector<float>>& rows, const std::vector<int>& labels) {
  EmbeddingTable t{static_cast<int>(rows.front().size()), {}, {}};
  for (std::size_t i = 0; i < rows.size(); ++i) t.append(rows[i], labels[i]);
  return t;
}

}  // namespace

class TestKnnHead : public QObject {
  Q_OBJECT

 private slots:
  void nearestByAngleNotLength();
  void votesOfTheKNearest();
  void kChosenOnHeldOut();
  void candidates_data();
  void candidates();
  void refusesWhatCannotBeFitted();
};

void TestKnnHead::nearestByAngleNotLength() {
  // Class 0 points along x, class 1 along y. A long vector near y is class 1 even though a
  // class-0 example is nearer in Euclidean distance.
  const KnnHead head(table({{1, 0}, {0, 10}}, {0, 1}), 2, 1);
  const std::vector<float> scores = head.scores(std::vector<float>{1.5f, 2.0f});
  QCOMPARE(scores.size(), std::size_t(2));
  QCOMPARE(mnl::teach::rankClasses(scores, 1).front(), 1);
  QCOMPARE(std::accumulate(scores.begin(), scores.end(), 0.0f), 1.0f);
  QCOMPARE(scores[0], 0.0f);
}

void TestKnnHead::votesOfTheKNearest() {
  // Two examples of class 0 straight ahead, three of class 1 at 90°: with k = 1 or 2, class 0;
  // with k = 5, three votes of weight 1/2 (cosine 0) against two of weight 1: 1.5 vs 2.
  const EmbeddingTable examples =
      table({{1, 0}, {1, 0}, {0, 1}, {0, 1}, {0, 1}}, {0, 0, 1, 1, 1});
  const std::vector<float> query{1, 0};
  QCOMPARE(KnnHead(examples, 2, 1).scores(query)[0], 1.0f);
  const std::vector<float> five = KnnHead(examples, 2, 5).scores(query);
  QCOMPARE(five[0], 2.0f / 3.5f);
  QCOMPARE(five[1], 1.5f / 3.5f);
  // k larger than the examples counts them all.
  QVERIFY(KnnHead(examples, 2, 21).scores(query) == five);
}

void TestKnnHead::kChosenOnHeldOut() {
  // A single mislabelled example of class 1 sits right on class 0's cluster: k = 1 follows it,
  // a larger k outvotes it. The held-out example near there is class 0, so k > 1 wins.
  const EmbeddingTable taught = table(
      {{1, 0.01f}, {1, 0.02f}, {1, 0.03f}, {1, 0.0f}, {0.02f, 1}, {0.01f, 1}, {0, 1}},
      {1, 0, 0, 0, 1, 1, 1});
  const EmbeddingTable heldOut = table({{1, 0.011f}}, {0});
  QCOMPARE(KnnHead(taught, 2, 1).scores(heldOut.row(0))[1], 1.0f);
  const KnnHead chosen = chooseKnnHead(taught, heldOut, 2);
  QCOMPARE(chosen.k(), 3);  // the smallest that gets it right
  QCOMPARE(chooseKnnHead(taught, EmbeddingTable{2, {}, {}}, 2).k(), 1);
}

void TestKnnHead::candidates_data() {
  QTest::addColumn<int>("examples");
  QTest::addColumn<QList<int>>("expected");
  QTest::newRow("one") << 1 << QList<int>{1};
  QTest::newRow("six") << 6 << QList<int>{1, 3, 5};
  QTest::newRow("many") << 1000 << QList<int>{1, 3, 5, 7, 9, 15, 21};
}

void TestKnnHead::candidates() {
  QFETCH(int, examples);
  QFETCH(QList<int>, expected);
  const std::vector<int> k = knnCandidates(examples);
  QCOMPARE(QList<int>(k.begin(), k.end()), expected);
}

void TestKnnHead::refusesWhatCannotBeFitted() {
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, KnnHead(EmbeddingTable{2, {}, {}}, 2, 1));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, KnnHead(table({{1, 0}}, {0}), 2, 0));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, KnnHead(table({{1, 0}}, {2}), 2, 1));
}

QTEST_APPLESS_MAIN(TestKnnHead)
#include "tst_knn_head.moc"

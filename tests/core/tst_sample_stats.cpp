// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::summarize: the one definition of mean, median and p90 behind every timing the project
// reports (bench, the per-layer pass, the status bar, the app's self-measurement).
#include <QtTest>

#include "mnl/sample_stats.h"

using mnl::SampleStats;

class TestSampleStats : public QObject {
  Q_OBJECT

 private slots:
  void summary_data();
  void summary();
};

void TestSampleStats::summary_data() {
  QTest::addColumn<QList<double>>("samples");
  QTest::addColumn<QList<double>>("expected");  // count, mean, min, median, p90, max
  QTest::newRow("none") << QList<double>{} << QList<double>{0, 0, 0, 0, 0, 0};
  QTest::newRow("one") << QList<double>{4.5} << QList<double>{1, 4.5, 4.5, 4.5, 4.5, 4.5};
  // Unsorted input; an even count takes the upper median.
  QTest::newRow("four, unsorted") << QList<double>{3, 1, 4, 2}
                                  << QList<double>{4, 2.5, 1, 3, 4, 4};
  // Ten values 1…10: p90 is sorted[9] = 10; median sorted[5] = 6.
  QTest::newRow("ten") << QList<double>{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}
                       << QList<double>{10, 5.5, 1, 6, 10, 10};
  // Twenty values 1…20: p90 is sorted[18] = 19, one slow outlier does not move the median.
  QList<double> twenty;
  for (int i = 1; i <= 19; ++i) twenty << i;
  twenty << 1000;
  QTest::newRow("twenty with an outlier") << twenty << QList<double>{20, 59.5, 1, 11, 19, 1000};
}

void TestSampleStats::summary() {
  QFETCH(QList<double>, samples);
  QFETCH(QList<double>, expected);
  const SampleStats s = mnl::summarize({samples.begin(), samples.end()});
  QCOMPARE(double(s.count), expected[0]);
  QCOMPARE(s.mean, expected[1]);
  QCOMPARE(s.min, expected[2]);
  QCOMPARE(s.median, expected[3]);
  QCOMPARE(s.p90, expected[4]);
  QCOMPARE(s.max, expected[5]);
}

QTEST_APPLESS_MAIN(TestSampleStats)
#include "tst_sample_stats.moc"

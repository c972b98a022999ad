// SPDX-License-Identifier: GPL-3.0-or-later
// The torch-free half of the latency sweep (latency_sweep.h) on made-up rows: the budget
// choice, the interleaved order, the fitted line, the JSON and CSV forms and the cache key.
// No time is measured here.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <functional>
#include <set>

#include "mnl/cost_model.h"
#include "mnl/latency_sweep.h"

using namespace mnl;

namespace {

SweepRow timed(double alpha, int resolution, double medianMs) {
  SweepRow row = costedRow({alpha, resolution, 1000, ConvMode::Separable});
  row.samples = 10;
  row.medianMs = medianMs;
  row.p90Ms = medianMs * 1.1;
  row.imagesPerS = 1000 / medianMs;
  return row;
}

SweepResult madeUp() {
  SweepResult result;
  result.machine.name = "Made-up CPU (R) 9000 @ 3.0GHz";
  result.machine.isa = "AVX512";
  result.machine.threads = 2;
  result.machine.iterations = 10;
  result.machine.libtorch = "2.9.0";
  result.machine.version = "1.2.3";
  result.rows = {timed(1.0, 224, 20), timed(0.5, 160, 5), timed(0.25, 128, 2),
                 timed(0.6, 224, 4)};  // 0.6: no published top-1
  return result;
}

}  // namespace

class TestLatencySweep : public QObject {
  Q_OBJECT

 private slots:
  void paperGridIsTheSixteenCheckpoints();
  void interleavedOrderCoversEveryPoint_data();
  void interleavedOrderCoversEveryPoint();
  void interleavedOrderAlternates();
  void publishedTop1();
  void budgetChoosesMostAccurateThatFits();
  void budgetTiesGoToTheFaster();
  void budgetNothingFits();
  void budgetFromFps();
  void fittedLine();
  void jsonColumns();
  void jsonRoundTrip();
  void csvColumns();
  void cacheKey();
};

void TestLatencySweep::paperGridIsTheSixteenCheckpoints() {
  const SweepGrid grid = paperSweepGrid();
  QCOMPARE(grid.size(), std::size_t{16});
  for (std::size_t i = 0; i < grid.size(); ++i)
    QVERIFY2(mnl::publishedTop1(grid.point(i)).has_value(), qPrintable(QString::number(i)));
  QCOMPARE(grid.point(0).alpha, 1.0);
  QCOMPARE(grid.point(0).resolution, 224);
  QCOMPARE(grid.point(15).alpha, 0.25);
  QCOMPARE(grid.point(15).resolution, 128);
}

void TestLatencySweep::interleavedOrderCoversEveryPoint_data() {
  QTest::addColumn<int>("alphas");
  QTest::addColumn<int>("resolutions");
  QTest::newRow("4x4") << 4 << 4;
  QTest::newRow("2x2") << 2 << 2;
  QTest::newRow("3x5") << 3 << 5;
  QTest::newRow("5x2") << 5 << 2;
  QTest::newRow("1x4") << 1 << 4;
  QTest::newRow("4x1") << 4 << 1;
}

void TestLatencySweep::interleavedOrderCoversEveryPoint() {
  QFETCH(int, alphas);
  QFETCH(int, resolutions);
  for (int round = 0; round < 3; ++round) {
    const std::vector<std::size_t> order = interleavedOrder(alphas, resolutions, round);
    QCOMPARE(order.size(), std::size_t(alphas * resolutions));
    const std::set<std::size_t> seen(order.begin(), order.end());
    QCOMPARE(seen.size(), order.size());
    QCOMPARE(*seen.rbegin(), std::size_t(alphas * resolutions - 1));
    // Not all of one α, then the next: consecutive points never share an α, and on the
    // paper's square grid never a resolution either.
    for (std::size_t k = 1; k < order.size(); ++k) {
      const std::size_t a0 = order[k - 1] / resolutions, a1 = order[k] / resolutions;
      const std::size_t r0 = order[k - 1] % resolutions, r1 = order[k] % resolutions;
      if (alphas > 1) QVERIFY2(a0 != a1, qPrintable(QStringLiteral("same alpha at step %1").arg(k)));
      if (alphas == 4 && resolutions == 4)
        QVERIFY2(r0 != r1, qPrintable(QStringLiteral("same resolution at step %1").arg(k)));
    }
  }
}

void TestLatencySweep::interleavedOrderAlternates() {
  const std::vector<std::size_t> even = interleavedOrder(4, 4, 0);
  const std::vector<std::size_t> odd = interleavedOrder(4, 4, 1);
  QCOMPARE(std::vector<std::size_t>(even.rbegin(), even.rend()), odd);
  // The first four points of a round are on a diagonal: four α's, four resolutions.
  QCOMPARE(std::vector<std::size_t>(even.begin(), even.begin() + 4),
           (std::vector<std::size_t>{0, 5, 10, 15}));
}

void TestLatencySweep::publishedTop1() {
  QCOMPARE(mnl::publishedTop1({1.0, 224, 1000, ConvMode::Separable}).value_or(0), 70.9);
  QCOMPARE(mnl::publishedTop1({0.25, 128, 1000, ConvMode::Separable}).value_or(0), 41.5);
  QCOMPARE(mnl::publishedTop1({1.0, 224, 1000, ConvMode::Standard}).value_or(0), 71.7);
  QVERIFY(!mnl::publishedTop1({0.6, 224, 1000, ConvMode::Separable}));
  QVERIFY(!mnl::publishedTop1({1.0, 208, 1000, ConvMode::Separable}));
  QVERIFY(!mnl::publishedTop1({0.5, 160, 1000, ConvMode::Standard}));
  QVERIFY(!mnl::publishedTop1({1.0, 224, 10, ConvMode::Separable}));
}

void TestLatencySweep::budgetChoosesMostAccurateThatFits() {
  const std::vector<SweepRow> rows = madeUp().rows;
  QCOMPARE(chooseForBudget(rows, LatencyBudget::fromMs(100)), std::optional<std::size_t>(0));
  QCOMPARE(chooseForBudget(rows, LatencyBudget::fromMs(20)), std::optional<std::size_t>(0));
  QCOMPARE(chooseForBudget(rows, LatencyBudget::fromMs(19.9)), std::optional<std::size_t>(1));
  // 0.6/224 fits 4 ms but has no published top-1: not a choice.
  QCOMPARE(chooseForBudget(rows, LatencyBudget::fromMs(4.5)), std::optional<std::size_t>(2));
}

void TestLatencySweep::budgetTiesGoToTheFaster() {
  std::vector<SweepRow> rows = {timed(0.5, 192, 9), timed(0.5, 224, 8), timed(1.0, 128, 7)};
  rows[0].top1 = rows[1].top1 = rows[2].top1 = 60.0;
  QCOMPARE(chooseForBudget(rows, LatencyBudget::fromMs(10)), std::optional<std::size_t>(2));
  QCOMPARE(chooseForBudget(rows, LatencyBudget::fromMs(6.9)), std::nullopt);
  rows[0].top1 = 60.1;  // more accurate wins over faster
  QCOMPARE(chooseForBudget(rows, LatencyBudget::fromMs(10)), std::optional<std::size_t>(0));
}

void TestLatencySweep::budgetNothingFits() {
  std::vector<SweepRow> rows = madeUp().rows;
  QCOMPARE(chooseForBudget(rows, LatencyBudget::fromMs(1.99)), std::nullopt);
  QCOMPARE(chooseForBudget({}, LatencyBudget::fromMs(100)), std::nullopt);
  rows[2].samples = 0;  // a point a stopped sweep never timed is no choice
  rows[2].medianMs = 0;
  QCOMPARE(chooseForBudget(rows, LatencyBudget::fromMs(4.5)), std::nullopt);
  const QJsonObject json = QJsonDocument::fromJson(
      QByteArray::fromStdString(sweepJson(madeUp(), LatencyBudget::fromMs(1)))).object();
  QVERIFY(json["budget"].isObject());
  QVERIFY(json["budget"].toObject()["choice"].isNull());
  QCOMPARE(json["budget"].toObject()["ms"].toDouble(), 1.0);
}

void TestLatencySweep::budgetFromFps() {
  QCOMPARE(LatencyBudget::fromFps(30).ms, 1000.0 / 30);
  QCOMPARE(LatencyBudget::fromFps(30).fps.value_or(0), 30.0);
  QCOMPARE(LatencyBudget::fromFps(50, 4).ms, 80.0);  // a batch of 4 at 50 images per second
  QVERIFY(!LatencyBudget::fromMs(10).fps);
  // 200 FPS is 5 ms: 0.5/160 (exactly 5 ms) fits, 1.0/224 does not.
  QCOMPARE(chooseForBudget(madeUp().rows, LatencyBudget::fromFps(200)),
           std::optional<std::size_t>(1));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LatencyBudget::fromFps(0));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LatencyBudget::fromMs(-1));
}

void TestLatencySweep::fittedLine() {
  // Rows exactly on 1.5 ms + 0.02 ms per million mult-adds.
  std::vector<SweepRow> rows;
  for (const auto& [alpha, resolution] :
       std::vector<std::pair<double, int>>{{1.0, 224}, {0.5, 160}, {0.25, 128}, {0.75, 192}}) {
    SweepRow row = costedRow({alpha, resolution, 1000, ConvMode::Separable});
    row.samples = 1;
    row.medianMs = 1.5 + 0.02 * row.multAdds / 1e6;
    rows.push_back(row);
  }
  const auto fit = fitLatency(rows);
  QVERIFY(fit);
  QVERIFY(std::abs(fit->interceptMs - 1.5) < 1e-9);
  QVERIFY(std::abs(fit->msPerMillionMultAdds - 0.02) < 1e-12);
  QVERIFY(std::abs(fit->millionMultAddsPerMs() - 50) < 1e-6);
  QVERIFY(!fitLatency({rows[0]}));
  QVERIFY(!fitLatency({rows[0], rows[0]}));  // one mult-add count: no slope
}

void TestLatencySweep::jsonColumns() {
  const SweepResult result = madeUp();
  const QJsonObject json = QJsonDocument::fromJson(
      QByteArray::fromStdString(sweepJson(result, LatencyBudget::fromFps(100)))).object();
  const QJsonObject machine = json["machine"].toObject();
  for (const char* key : {"device", "name", "isa", "threads", "precision", "batch", "iterations",
                          "libtorch", "version"})
    QVERIFY2(machine.contains(key), key);
  QCOMPARE(machine["name"].toString(), QStringLiteral("Made-up CPU (R) 9000 @ 3.0GHz"));
  QCOMPARE(machine["threads"].toInt(), 2);
  QCOMPARE(json["complete"].toBool(), true);
  const QJsonArray points = json["points"].toArray();
  QCOMPARE(points.size(), 4);
  const QJsonObject first = points[0].toObject();
  QStringList keys = first.keys();
  keys.sort();
  QStringList expected;
  for (const std::string& c : sweepCsvColumns()) expected << QString::fromStdString(c);
  expected.sort();
  QCOMPARE(keys, expected);  // JSON and CSV carry the same columns
  const NetworkCost cost = computeCost({1.0, 224, 1000, ConvMode::Separable});
  QCOMPARE(first["mult_adds"].toInteger(), cost.multAdds);
  QCOMPARE(first["params"].toInteger(), cost.params);
  QCOMPARE(first["activation_bytes"].toInteger(), cost.activationBytes);
  QCOMPARE(first["median_ms"].toDouble(), 20.0);
  QCOMPARE(first["images_per_s"].toDouble(), 50.0);
  QCOMPARE(first["top1"].toDouble(), 70.9);
  QCOMPARE(first["top1_source"].toString(), QStringLiteral("paper"));
  QVERIFY(points[3].toObject()["top1"].isNull());
  QVERIFY(points[3].toObject()["top1_source"].isNull());
  // 100 FPS is 10 ms: 0.5/160 at 5 ms is the most accurate that fits.
  const QJsonObject budget = json["budget"].toObject();
  QCOMPARE(budget["ms"].toDouble(), 10.0);
  QCOMPARE(budget["fps"].toDouble(), 100.0);
  QCOMPARE(budget["choice"].toObject()["alpha"].toDouble(), 0.5);
  QCOMPARE(budget["choice"].toObject()["resolution"].toInt(), 160);
  // Without a budget option, "budget" is null.
  const QJsonObject none =
      QJsonDocument::fromJson(QByteArray::fromStdString(sweepJson(result, std::nullopt))).object();
  QVERIFY(none.contains("budget"));
  QVERIFY(none["budget"].isNull());
}

void TestLatencySweep::jsonRoundTrip() {
  SweepResult result = madeUp();
  result.complete = false;
  const SweepResult back = parseSweepJson(sweepJson(result, std::nullopt));
  QCOMPARE(back.machine.name, result.machine.name);
  QCOMPARE(back.machine.threads, 2);
  QCOMPARE(back.machine.version, std::string("1.2.3"));
  QCOMPARE(back.complete, false);
  QCOMPARE(back.rows.size(), result.rows.size());
  for (std::size_t i = 0; i < back.rows.size(); ++i) {
    QVERIFY(back.rows[i].network == result.rows[i].network);
    QCOMPARE(back.rows[i].medianMs, result.rows[i].medianMs);
    QCOMPARE(back.rows[i].p90Ms, result.rows[i].p90Ms);
    QCOMPARE(back.rows[i].samples, result.rows[i].samples);
    QCOMPARE(back.rows[i].multAdds, result.rows[i].multAdds);
    QCOMPARE(back.rows[i].top1, result.rows[i].top1);
  }
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSweepJson("{\"points\": []}"));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseSweepJson("not json"));
}

void TestLatencySweep::csvColumns() {
  const QStringList lines =
      QString::fromStdString(sweepCsv(madeUp())).split('\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 5);
  QCOMPARE(lines[0], QStringLiteral("alpha,resolution,conv,mult_adds,params,activation_bytes,"
                                    "samples,median_ms,p90_ms,images_per_s,top1,top1_source"));
  const QStringList first = lines[1].split(',');
  QCOMPARE(first.size(), 12);
  QCOMPARE(first[0], QStringLiteral("1"));
  QCOMPARE(first[1], QStringLiteral("224"));
  QCOMPARE(first[2], QStringLiteral("separable"));
  QCOMPARE(first[3].toLongLong(), computeCost({1.0, 224, 1000, ConvMode::Separable}).multAdds);
  QCOMPARE(first[7].toDouble(), 20.0);
  QCOMPARE(first[10], QStringLiteral("70.9"));
  QCOMPARE(first[11], QStringLiteral("paper"));
  const QStringList unpublished = lines[4].split(',');
  QCOMPARE(unpublished.size(), 12);
  QCOMPARE(unpublished[0], QStringLiteral("0.6"));
  QCOMPARE(unpublished[10], QString());
  QCOMPARE(unpublished[11], QString());
}

void TestLatencySweep::cacheKey() {
  MachineInfo m = madeUp().machine;
  const std::string key = sweepCacheKey(m);
  QCOMPARE(key, std::string("cpu-Made-up_CPU_R_9000_3.0GHz-2threads-fp32-batch1-v1.2.3-libtorch2.9.0"));
  for (const char c : key)
    QVERIFY(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.');
  // Each of device, threads, precision, batch and the two versions makes another key; the
  // number of runs asked for does not.
  const std::vector<std::pair<const char*, std::function<void(MachineInfo&)>>> changes = {
      {"threads", [](MachineInfo& o) { o.threads = 1; }},
      {"version", [](MachineInfo& o) { o.version = "1.2.4"; }},
      {"device", [](MachineInfo& o) { o.device = "cuda"; }},
      {"precision", [](MachineInfo& o) { o.precision = "fp16"; }},
      {"batch", [](MachineInfo& o) { o.batch = 8; }},
      {"libtorch", [](MachineInfo& o) { o.libtorch = "2.10.0"; }},
  };
  for (const auto& [what, change] : changes) {
    MachineInfo other = m;
    change(other);
    QVERIFY2(sweepCacheKey(other) != key, what);
  }
  MachineInfo other = m;
  other.iterations = 99;
  QCOMPARE(sweepCacheKey(other), key);
}

QTEST_GUILESS_MAIN(TestLatencySweep)
#include "tst_latency_sweep.moc"

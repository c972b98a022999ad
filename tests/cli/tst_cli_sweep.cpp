// SPDX-License-Identifier: GPL-3.0-or-later
// `mobilenet-lab-cli sweep` run as a process on a 2×2 grid with few runs: its points carry the
// figures of `cost`, positive latencies ordered as their arithmetic, the JSON and CSV shapes,
// the budget choice, the usage errors and a clean stop on Ctrl-C. No time is compared with a
// number: only the largest network with the smallest, whose arithmetic differs 40-fold.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <csignal>

#include "cli_process.h"

using namespace mnl::test;

namespace {

const QStringList kGrid{"sweep", "--alphas", "0.25,1.0", "--resolutions", "128,224", "--threads",
                        "1"};

QString name(const QJsonObject& point) {
  return QStringLiteral("%1/%2").arg(point["alpha"].toDouble()).arg(point["resolution"].toInt());
}

}  // namespace

class TestCliSweep : public QObject {
  Q_OBJECT

 private slots:
  void gridMatchesCostAndOrder();
  void csvHasEveryPoint();
  void budgetNothingFits();
  void budgetChoosesTheFormatToo();
  void formatTheCpuCannotRunIsLeftOut();
  void badArguments_data();
  void badArguments();
  void interruptPrintsWhatWasMeasured();
};

void TestCliSweep::gridMatchesCostAndOrder() {
  const Run run = cli(kGrid + QStringList{"--iters", "6", "--budget-ms", "100000", "--json"});
  QVERIFY2(run.exitCode == 0, run.err.constData());
  const QJsonObject json = QJsonDocument::fromJson(run.out).object();
  const QJsonObject machine = json["machine"].toObject();
  QCOMPARE(machine["device"].toString(), QStringLiteral("cpu"));
  QCOMPARE(machine["threads"].toInt(), 1);
  QVERIFY(!machine["name"].toString().isEmpty());
  QVERIFY(!machine["libtorch"].toString().isEmpty());
  QCOMPARE(json["complete"].toBool(), true);
  const QJsonArray points = json["points"].toArray();
  QCOMPARE(points.size(), 4);
  QHash<QString, double> median;
  for (const QJsonValue& value : points) {
    const QJsonObject p = value.toObject();
    const Run cost = cli({"cost", "--alpha", QString::number(p["alpha"].toDouble()), "--resolution",
                          QString::number(p["resolution"].toInt()), "--json"});
    QCOMPARE(cost.exitCode, 0);
    const QJsonObject c = QJsonDocument::fromJson(cost.out).object();
    QCOMPARE(p["mult_adds"].toInteger(), c["mult_adds"].toInteger());
    QCOMPARE(p["params"].toInteger(), c["params"].toInteger());
    QCOMPARE(p["activation_bytes"].toInteger(), c["activation_bytes"].toInteger());
    QCOMPARE(p["samples"].toInt(), 6);
    QVERIFY2(p["median_ms"].toDouble() > 0, qPrintable(name(p)));
    QVERIFY(p["p90_ms"].toDouble() >= p["median_ms"].toDouble());
    QVERIFY(std::abs(p["images_per_s"].toDouble() * p["median_ms"].toDouble() - 1000) < 1e-6);
    QCOMPARE(p["top1_source"].toString(), QStringLiteral("paper"));  // all four are published
    median[name(p)] = p["median_ms"].toDouble();
  }
  QCOMPARE(median.size(), 4);
  QVERIFY2(median["1/224"] > median["0.25/128"],
           qPrintable(QStringLiteral("1.0/224 %1 ms, 0.25/128 %2 ms")
                          .arg(median["1/224"])
                          .arg(median["0.25/128"])));
  // A budget nothing misses: the most accurate of the four, 1.0/224.
  const QJsonObject choice = json["budget"].toObject()["choice"].toObject();
  QCOMPARE(choice["alpha"].toDouble(), 1.0);
  QCOMPARE(choice["resolution"].toInt(), 224);
  QCOMPARE(choice["top1"].toDouble(), 70.9);
  // Progress went to stderr, nothing but the JSON to stdout.
  QVERIFY(run.err.contains("round"));
}

void TestCliSweep::csvHasEveryPoint() {
  const Run run = cli(kGrid + QStringList{"--iters", "2", "--csv"});
  QVERIFY2(run.exitCode == 0, run.err.constData());
  const QStringList lines = QString::fromUtf8(run.out).split('\n', Qt::SkipEmptyParts);
  QCOMPARE(lines.size(), 5);
  QCOMPARE(lines[0], QStringLiteral("alpha,resolution,conv,mult_adds,params,activation_bytes,"
                                    "samples,median_ms,p90_ms,images_per_s,top1,top1_source"));
  for (int i = 1; i < lines.size(); ++i) {
    const QStringList cells = lines[i].split(',');
    QCOMPARE(cells.size(), 12);
    QVERIFY(cells[7].toDouble() > 0);
    QCOMPARE(cells[11], QStringLiteral("paper"));
  }
}

void TestCliSweep::budgetNothingFits() {
  const Run run = cli(kGrid + QStringList{"--iters", "2", "--budget-fps", "1000000"});
  QCOMPARE(run.exitCode, 0);
  QVERIFY2(run.out.contains("1e+06 FPS") && run.out.contains("no measured network"),
           run.out.constData());
  const Run json = cli(kGrid + QStringList{"--iters", "2", "--budget-fps", "1000000", "--json"});
  QCOMPARE(json.exitCode, 0);
  const QJsonObject budget = QJsonDocument::fromJson(json.out).object()["budget"].toObject();
  QCOMPARE(budget["fps"].toDouble(), 1e6);
  QCOMPARE(budget["ms"].toDouble(), 1e-3);
  QVERIFY(budget.contains("choice"));
  QVERIFY(budget["choice"].isNull());
}

void TestCliSweep::badArguments_data() {
  QTest::addColumn<QStringList>("arguments");
  QTest::addColumn<QString>("message");
  QTest::newRow("alpha 0") << QStringList{"sweep", "--alphas", "0.5,0"} << "greater than 0";
  QTest::newRow("resolution 31") << QStringList{"sweep", "--resolutions", "31"}
                                 << "at least 32 pixels";
  QTest::newRow("budget 0 ms") << QStringList{"sweep", "--budget-ms", "0"} << "more than 0 ms";
  QTest::newRow("both budgets") << QStringList{"sweep", "--budget-ms", "10", "--budget-fps", "30"}
                                << "excludes";
  QTest::newRow("json and csv") << QStringList{"sweep", "--json", "--csv"} << "excludes";
  QTest::newRow("iters 0") << QStringList{"sweep", "--iters", "0"} << "--iters";
  QTest::newRow("unknown conv") << QStringList{"sweep", "--conv", "dilated"} << "'dilated'";
}

void TestCliSweep::badArguments() {
  QFETCH(QStringList, arguments);
  QFETCH(QString, message);
  const Run run = cli(arguments);
  QCOMPARE(run.exitCode, 2);
  QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
  QVERIFY(run.out.isEmpty());
}

// Several formats: each timed as `sweep --json` times one, and the budget's pick over all of
// them. With every network fitting, the most accurate (1.0/224) wins, in whichever format ran
// it faster; a CPU without int8's instructions runs fp32 for it and says so.
void TestCliSweep::budgetChoosesTheFormatToo() {
  const Run run = cli(kGrid + QStringList{"--iters", "4", "--precision", "fp32,int8",
                                          "--budget-ms", "100000", "--json"});
  QVERIFY2(run.exitCode == 0, run.err.constData());
  const QJsonObject json = QJsonDocument::fromJson(run.out).object();
  const QJsonArray formats = json["formats"].toArray();
  // A CPU without VNNI leaves int8 out (formatTheCpuCannotRunIsLeftOut).
  const bool int8Runs = !run.err.contains("int8 is left out");
  QCOMPARE(formats.size(), int8Runs ? 2 : 1);
  QCOMPARE(formats[0].toObject()["machine"].toObject()["precision"].toString(), QString("fp32"));
  const QString second =
      formats.last().toObject()["machine"].toObject()["precision"].toString();
  QCOMPARE(second, QString(int8Runs ? "int8" : "fp32"));
  double fastest = 1e9;
  for (const QJsonValue format : formats) {
    QCOMPARE(format.toObject()["points"].toArray().size(), 4);
    for (const QJsonValue point : format.toObject()["points"].toArray())
      if (name(point.toObject()) == "1/224")
        fastest = std::min(fastest, point.toObject()["median_ms"].toDouble());
  }
  const QJsonObject choice = json["budget"].toObject()["choice"].toObject();
  QCOMPARE(name(choice), QString("1/224"));
  QCOMPARE(choice["median_ms"].toDouble(), fastest);
  QVERIFY(choice["precision"].toString() == "fp32" || choice["precision"].toString() == second);
  // The table says the same, with the caveat when the pick is a reduced format.
  const Run table = cli(kGrid + QStringList{"--iters", "2", "--precision", "fp32,int8",
                                            "--budget-ms", "100000"});
  QVERIFY2(table.exitCode == 0, table.err.constData());
  QVERIFY2(table.out.contains("Budget 100000.00 ms a run: use 1/224 in"), table.out.constData());
  QCOMPARE(table.out.count("MobileNet v1 latency on"), int8Runs ? 2 : 1);
  const Run csv = cli(kGrid + QStringList{"--precision", "fp32,int8", "--csv"});
  QCOMPARE(csv.exitCode, 2);
  QVERIFY2(csv.err.contains("--csv takes one format at a time"), csv.err.constData());
}

// oneDNN told to use AVX2 alone (ONEDNN_MAX_CPU_ISA), as on a CPU without int8 dot products or
// bf16: asked beside fp32, those formats would be fp32 timed again; they are left out, with
// the reason. Alone, a format falls back to fp32 and says so, as in the window.
void TestCliSweep::formatTheCpuCannotRunIsLeftOut() {
  const QStringList small{"sweep", "--alphas", "0.25", "--resolutions", "128", "--threads", "1",
                          "--iters", "2"};
  const QStringList avx2{"ONEDNN_MAX_CPU_ISA=AVX2"};
  const Run run = cli(small + QStringList{"--precision", "fp32,int8,bf16", "--json"}, avx2);
  QVERIFY2(run.exitCode == 0, run.err.constData());
  const QJsonArray formats = QJsonDocument::fromJson(run.out).object()["formats"].toArray();
  QCOMPARE(formats.size(), 1);
  QCOMPARE(formats[0].toObject()["machine"].toObject()["precision"].toString(), QString("fp32"));
  QVERIFY2(run.err.contains("int8 needs int8 dot-product instructions"), run.err.constData());
  QVERIFY2(run.err.contains("fp32 is timed already, so int8 is left out"), run.err.constData());
  QVERIFY2(run.err.contains("fp32 is timed already, so bf16 is left out"), run.err.constData());
  // Without fp32 asked for, the first stand-in is timed (as fp32) and the second left out.
  const Run reduced = cli(small + QStringList{"--precision", "int8,bf16", "--json"}, avx2);
  QVERIFY2(reduced.exitCode == 0, reduced.err.constData());
  // The output has the shape of several formats, as asked, with the one that ran.
  const QJsonArray one = QJsonDocument::fromJson(reduced.out).object()["formats"].toArray();
  QCOMPARE(one.size(), 1);
  QCOMPARE(one[0].toObject()["machine"].toObject()["precision"].toString(), QString("fp32"));
  QVERIFY2(reduced.err.contains("int8 needs int8 dot-product instructions"),
           reduced.err.constData());
  QVERIFY2(reduced.err.contains("so bf16 is left out"), reduced.err.constData());
}

void TestCliSweep::interruptPrintsWhatWasMeasured() {
  QProcess process;
  // Far more runs than the test waits for: only Ctrl-C ends it.
  process.start(QStringLiteral(MNL_CLI),
                {"sweep", "--alphas", "0.25,0.5", "--resolutions", "128,160", "--iters",
                 "10000000", "--threads", "1", "--json"});
  QVERIFY(process.waitForStarted());
  QByteArray err;
  while (!err.contains("networks built") && process.state() == QProcess::Running) {
    process.waitForReadyRead(1000);
    err += process.readAllStandardError();
  }
  QVERIFY2(err.contains("networks built"), err.constData());
  QTest::qWait(500);  // a few runs of the first points
  QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
  QVERIFY(process.waitForFinished(60'000));
  QCOMPARE(process.exitStatus(), QProcess::NormalExit);
  QCOMPARE(process.exitCode(), 130);
  err += process.readAllStandardError();
  QVERIFY2(err.contains("interrupted"), err.constData());
  const QJsonObject json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
  QCOMPARE(json["complete"].toBool(true), false);
  const QJsonArray points = json["points"].toArray();
  QVERIFY(points.size() >= 1 && points.size() <= 4);
  for (const QJsonValue& p : points) {
    QVERIFY(p.toObject()["samples"].toInt() >= 1);
    QVERIFY(p.toObject()["median_ms"].toDouble() > 0);
  }
}

QTEST_GUILESS_MAIN(TestCliSweep)
#include "tst_cli_sweep.moc"

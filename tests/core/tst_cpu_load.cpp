// SPDX-License-Identifier: GPL-3.0-or-later
// How busy other programs keep the machine (mnl/cpu_load.h): /proc/stat's aggregate line, the
// thread count for a load, and a live sample with a spinning child process.
#include <QtTest>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <thread>

#include "mnl/cpu_load.h"

using namespace mnl;

class TestCpuLoad : public QObject {
  Q_OBJECT

 private slots:
  void parsesProcStat_data();
  void parsesProcStat();
  void threadsForLoad_data();
  void threadsForLoad();
  void seesAnotherProgramSpin();
};

void TestCpuLoad::parsesProcStat_data() {
  QTest::addColumn<QString>("text");
  QTest::addColumn<bool>("valid");
  QTest::addColumn<qlonglong>("busy");
  QTest::addColumn<qlonglong>("total");
  // user nice system idle iowait irq softirq steal guest guest_nice
  QTest::newRow("Linux 6") << "cpu  4705 150 1120 16250 520 0 30 7 0 0\n"
                              "cpu0 2300 70 560 8100 260 0 15 3 0 0\nintr 1 2 3\n"
                           << true << 6012LL << 22782LL;
  QTest::newRow("after other lines") << "intr 5\ncpu  10 0 5 100 0 0 0 0\n" << true << 15LL << 115LL;
  QTest::newRow("old kernel, four fields") << "cpu  10 2 3 50\n" << true << 15LL << 65LL;
  QTest::newRow("per-CPU lines only") << "cpu0 10 0 5 100 0 0 0 0\n" << false << 0LL << 0LL;
  QTest::newRow("empty") << "" << false << 0LL << 0LL;
  QTest::newRow("truncated") << "cpu  10 2\n" << false << 0LL << 0LL;
}

void TestCpuLoad::parsesProcStat() {
  QFETCH(QString, text);
  QFETCH(bool, valid);
  QFETCH(qlonglong, busy);
  QFETCH(qlonglong, total);
  const std::optional<MachineCpuTime> t = parseProcStat(text.toStdString());
  QCOMPARE(t.has_value(), valid);
  if (!valid) return;
  QCOMPARE(t->busy, busy);
  QCOMPARE(t->total, total);
}

void TestCpuLoad::threadsForLoad_data() {
  QTest::addColumn<int>("most");
  QTest::addColumn<int>("cores");
  QTest::addColumn<double>("elsewhere");
  QTest::addColumn<int>("threads");
  QTest::newRow("idle 2 cores") << 2 << 2 << 0.0 << 2;
  QTest::newRow("a little elsewhere") << 2 << 2 << 0.2 << 2;
  QTest::newRow("a third of a core elsewhere") << 2 << 2 << 0.3 << 1;
  QTest::newRow("two spinners on two cores") << 2 << 2 << 1.3 << 1;
  QTest::newRow("all cores elsewhere: still one") << 2 << 2 << 2.0 << 1;
  QTest::newRow("8 cores, 2 busy") << 7 << 8 << 2.0 << 6;
  QTest::newRow("capped by what was asked") << 3 << 8 << 0.0 << 3;
  QTest::newRow("asked for none") << 0 << 4 << 0.0 << 1;
  QTest::newRow("negative noise") << 2 << 2 << -0.1 << 2;
}

void TestCpuLoad::threadsForLoad() {
  QFETCH(int, most);
  QFETCH(int, cores);
  QFETCH(double, elsewhere);
  QFETCH(int, threads);
  QCOMPARE(mnl::threadsForLoad(most, cores, elsewhere), threads);
}

// A child process spinning a core is "elsewhere"; this process's own work is not.
void TestCpuLoad::seesAnotherProgramSpin() {
  CpuLoad load(std::chrono::milliseconds(300));
  QVERIFY(!load.coresBusyElsewhere().has_value());  // no interval yet
  QVERIFY(load.cores() >= 1);
  pid_t child = 0;
  const char* argv[] = {"sh", "-c", "while :; do :; done", nullptr};
  QCOMPARE(posix_spawnp(&child, "sh", nullptr, nullptr, const_cast<char**>(argv), environ), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  const std::optional<double> withChild = load.coresBusyElsewhere();
  kill(child, SIGKILL);
  waitpid(child, nullptr, 0);
  QVERIFY(withChild.has_value());
  QVERIFY2(*withChild >= 0.4, qPrintable(QString::number(*withChild)));
  QVERIFY(*withChild <= load.cores());
}

QTEST_GUILESS_MAIN(TestCpuLoad)
#include "tst_cpu_load.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// What the window reads back and what it writes (issue "nothing lost, nothing unbounded"):
// saved settings full of nonsense and damaged sweep caches are named and replaced by defaults,
// never trusted; a failed write leaves the file it would have replaced as it was; an exception
// that escapes an event handler is a message box, and the window goes on with its model.
// Its own main(): the window's GuardedApplication (app/gui) instead of Qt Test's application.
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <stdexcept>

#include "guarded_application.h"
#include "mnl/ui/app_settings.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/save_whole.h"
#include "mnl/ui/sweep_cache.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

namespace {

// Throws from its event handler, as a slot or paint with a bug would.
class Thrower : public QObject {
 public:
  bool event(QEvent* e) override {
    if (e->type() == QEvent::User) throw std::runtime_error("a bug in a handler");
    return QObject::event(e);
  }
};

QString writeFile(const QString& file, const QByteArray& bytes) {
  QFile out(file);
  if (out.open(QIODevice::WriteOnly)) out.write(bytes);
  return file;
}

}  // namespace

class TestReadBack : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void nonsenseSettings_data();
  void nonsenseSettings();
  void nonsenseSettingsInTheWindow();
  void damagedSweepCache_data();
  void damagedSweepCache();
  void failedWriteKeepsTheOldFile();
  void exceptionInAHandler();

 private:
  QTemporaryDir dir_;
};

void TestReadBack::initTestCase() {
  registerMetatypes();
  QVERIFY(dir_.isValid());
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("MobileNetLabTest"));
  QCoreApplication::setApplicationName(QStringLiteral("tst_read_back"));
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir_.path());
}

// One bad value at a time: it is named, the default is used, and the good values still load.
void TestReadBack::nonsenseSettings_data() {
  QTest::addColumn<QString>("key");
  QTest::addColumn<QVariant>("value");
  QTest::newRow("alpha banana") << "network/alpha" << QVariant("banana");
  QTest::newRow("alpha 7") << "network/alpha" << QVariant(7.0);
  QTest::newRow("alpha nan") << "network/alpha" << QVariant("nan");
  QTest::newRow("resolution 99999") << "network/resolution" << QVariant(99999);
  QTest::newRow("resolution 160.5") << "network/resolution" << QVariant(160.5);
  QTest::newRow("mode diagonal") << "network/mode" << QVariant("diagonal");
  QTest::newRow("layer nope") << "view/layer" << QVariant("nope");
  QTest::newRow("max pixels -5") << "source/maxPixels" << QVariant(-5);
  QTest::newRow("max pixels text") << "source/maxPixels" << QVariant("lots");
}

void TestReadBack::nonsenseSettings() {
  QFETCH(QString, key);
  QFETCH(QVariant, value);
  {
    QSettings store;
    store.clear();
    store.setValue(QStringLiteral("network/snap"), true);  // a good value beside the bad one
    store.setValue(key, value);
  }
  const AppSettings defaults;
  const AppSettings s = AppSettings::load();
  QCOMPARE(s.problems.size(), 1);
  QVERIFY2(s.problems.front().startsWith(key + " = "), qPrintable(s.problems.front()));
  QCOMPARE(s.network.alpha, defaults.network.alpha);
  QCOMPARE(s.network.resolution, defaults.network.resolution);
  QVERIFY(s.network.conv == defaults.network.conv);
  QCOMPARE(s.layer, defaults.layer);
  QCOMPARE(s.maxPixels, defaults.maxPixels);
  QVERIFY(s.snap);
}

// All of it at once, as the window starts: it runs on the defaults and says what it passed over.
void TestReadBack::nonsenseSettingsInTheWindow() {
  {
    QSettings store;
    store.clear();
    store.setValue(QStringLiteral("network/alpha"), QStringLiteral("banana"));
    store.setValue(QStringLiteral("network/resolution"), 99999);
    store.setValue(QStringLiteral("view/layer"), QStringLiteral("nope"));
  }
  WindowOptions options = test::launchOptions(test::testData("bird.bmp"));
  options.useSavedSettings = true;
  options.alpha.reset();
  options.resolution.reset();
  MainWindow window(options);
  window.show();
  QSignalSpy shown(&window, &MainWindow::resultShown);
  QVERIFY(shown.wait(60000));
  const QString warning = window.findChild<QLabel*>(QStringLiteral("warningLabel"))->toolTip();
  QVERIFY2(warning.contains(QStringLiteral("network/alpha = \"banana\"")), qPrintable(warning));
  QVERIFY2(warning.contains(QStringLiteral("network/resolution = \"99999\"")), qPrintable(warning));
  QVERIFY2(warning.contains(QStringLiteral("view/layer = \"nope\"")), qPrintable(warning));
}

// A cache file that is not a sweep this build wrote: not used, said in a sentence.
void TestReadBack::damagedSweepCache_data() {
  QTest::addColumn<QByteArray>("content");
  QTest::addColumn<QString>("problem");  // what the sentence contains
  QByteArray random(4096, '\0');
  for (int i = 0; i < random.size(); ++i) random[i] = char((i * 7919 + 13) % 256);
  SweepResult good;
  good.machine.device = "cpu";
  good.machine.name = "test";
  good.machine.threads = 1;
  SweepRow row;
  row.network.alpha = 0.5;
  row.network.resolution = 160;
  row.medianMs = 2;
  row.p90Ms = 3;
  row.imagesPerS = 500;
  good.rows.push_back(row);
  const QByteArray json = QByteArray::fromStdString(sweepJson(good, std::nullopt));
  QTest::newRow("random bytes") << random << "not a latency sweep";
  QTest::newRow("truncated") << json.left(json.size() / 2) << "not a latency sweep";
  QTest::newRow("empty") << QByteArray() << "not a latency sweep";
  QTest::newRow("from the future")
      << QByteArray(json).replace("\"format_version\": 1", "\"format_version\": 2")
      << "format version 2";
  QTest::newRow("foreign")
      << QByteArray(json).replace("mobilenet-lab latency sweep", "something else")
      << "its format is \"something else\"";
  QTest::newRow("negative time")
      << QByteArray(json).replace("\"median_ms\": 2.0", "\"median_ms\": -2.0")
      << "not ones a sweep measures";
  QTest::newRow("alpha 0") << QByteArray(json).replace("\"alpha\": 0.5", "\"alpha\": 0.0")
                             << "not one a sweep measures";
}

void TestReadBack::damagedSweepCache() {
  QFETCH(QByteArray, content);
  QFETCH(QString, problem);
  const QString file = writeFile(dir_.filePath("sweep.json"), content);
  QString said;
  QVERIFY(!loadCachedSweep(file, &said).has_value());
  QVERIFY2(said.contains(problem), qPrintable(said));
}

// QSaveFile's promise, as every export uses it: a write that fails half-way leaves the old file.
void TestReadBack::failedWriteKeepsTheOldFile() {
  const QString file = writeFile(dir_.filePath("chart.png"), "the old picture");
  QVERIFY(!saveWhole(file, [](QIODevice& out) {
    out.write("half of a new picture");
    return false;  // the encoder gave up (a full disk, say)
  }));
  QFile in(file);
  QVERIFY(in.open(QIODevice::ReadOnly));
  QCOMPARE(in.readAll(), QByteArray("the old picture"));
  QCOMPARE(QDir(dir_.path()).entryList(QDir::Files | QDir::Hidden).filter("chart").size(), 1);
  // A folder that does not exist: no file, and false.
  QVERIFY(!saveTextWhole("x", dir_.filePath("missing/out.csv")));
}

// An exception out of an event handler: caught, shown, and the window goes on.
void TestReadBack::exceptionInAHandler() {
  auto* app = qobject_cast<gui::GuardedApplication*>(QCoreApplication::instance());
  QVERIFY(app);
  WindowOptions options = test::launchOptions(test::testData("bird.bmp"));
  MainWindow window(options);
  window.show();
  QSignalSpy shown(&window, &MainWindow::resultShown);
  QVERIFY(shown.wait(60000));
  const QString model = window.findChild<QLabel*>(QStringLiteral("weightsLabel"))->text();
  Thrower thrower;
  QEvent event(QEvent::User);
  QCOMPARE(QCoreApplication::sendEvent(&thrower, &event), false);
  QCOMPARE(app->caught(), 1);
  QCOMPARE(app->lastError(), QString("a bug in a handler"));
  const auto boxShown = [] {
    for (QWidget* w : QApplication::topLevelWidgets())
      if (w->objectName() == QLatin1String("unexpectedErrorBox") && w->isVisible()) return true;
    return false;
  };
  QTRY_VERIFY(boxShown());
  // The window goes on with the model it had, and still answers the controls.
  QCOMPARE(window.findChild<QLabel*>(QStringLiteral("weightsLabel"))->text(), model);
  NetworkConfig half = window.controls()->network();
  half.alpha = 0.5;
  shown.clear();
  window.controls()->setNetwork(half);
  window.settleNow();
  QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QLabel*>(QStringLiteral("weightsLabel"))->text() != model,
                           60000);
}

int main(int argc, char** argv) {
  mnl::gui::GuardedApplication app(argc, argv);
  TestReadBack test;
  return QTest::qExec(&test, argc, argv);
}

#include "tst_read_back.moc"

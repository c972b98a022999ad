// SPDX-License-Identifier: GPL-3.0-or-later
// Settings persist between runs (α, resolution, mode, layer, source), and the three exports
// write what they say: the window as a PNG of the window's size, the feature grid as a PNG with
// one tile per shown channel, the cost table as CSV with the analytic totals.
#include <QFile>
#include <QImage>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QDockWidget>
#include <QtTest>

#include "mnl/cost_model.h"
#include "mnl/ui/feature_grid.h"
#include "mnl/ui/feature_map_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/multiplier_controls.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

class TestPersistenceExport : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void settingsPersist();
  void exports();

 private:
  QTemporaryDir dir_;
};

void TestPersistenceExport::initTestCase() {
  registerMetatypes();
  QVERIFY(dir_.isValid());
  // Settings go to a throw-away folder, never the user's.
  QStandardPaths::setTestModeEnabled(true);
  QCoreApplication::setOrganizationName(QStringLiteral("MobileNetLabTest"));
  QCoreApplication::setApplicationName(QStringLiteral("tst_persistence_export"));
  QSettings::setDefaultFormat(QSettings::IniFormat);
  QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir_.path());
  QSettings().clear();
}

void TestPersistenceExport::settingsPersist() {
  const QString photo = test::testData("bird.bmp");
  {
    WindowOptions options = test::launchOptions(photo);
    options.useSavedSettings = true;
    options.alpha.reset();
    options.resolution.reset();
    options.conv.reset();
    MainWindow window(options);
    window.show();
    QSignalSpy shown(&window, &MainWindow::resultShown);
    QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, 120'000);
    window.controls()->alphaSlider()->setValue(50);
    window.controls()->resolutionSlider()->setValue((160 - 96) / 16);
    window.controls()->standardButton()->click();
    window.featureMaps()->selectLayer("conv7");
    // The panels as this person arranged them: the totals closed, the trade-off a tab of the
    // cost charts.
    const QList<QDockWidget*> rooms = window.rooms();
    rooms[4]->close();
    window.tabifyDockWidget(rooms[2], rooms[3]);
    QVERIFY(window.close());
  }
  QSettings store;
  QCOMPARE(store.value(QStringLiteral("network/alpha")).toDouble(), 0.5);
  QCOMPARE(store.value(QStringLiteral("source/last")).toString(), photo);

  // The next run, with no options, starts where the last one stopped.
  WindowOptions options = test::launchOptions(QString());
  options.useSavedSettings = true;
  options.alpha.reset();
  options.resolution.reset();
  options.conv.reset();
  MainWindow window(options);
  const NetworkConfig network = window.controls()->network();
  QCOMPARE(network.alpha, 0.5);
  QCOMPARE(network.resolution, 160);
  QVERIFY(network.conv == ConvMode::Standard);
  QCOMPARE(QString::fromStdString(window.featureMaps()->layer()), QStringLiteral("conv7"));
  QTRY_VERIFY_WITH_TIMEOUT(window.currentSource() == photo, 60'000);
  const QList<QDockWidget*> rooms = window.rooms();
  QVERIFY(rooms[4]->isHidden());
  QVERIFY(window.tabifiedDockWidgets(rooms[2]).contains(rooms[3]));
  // View › Panels › Reset layout: every panel back, side by side.
  window.resetLayout();
  for (QDockWidget* room : rooms) QVERIFY2(!room->isHidden(), qPrintable(room->objectName()));
  QVERIFY(window.tabifiedDockWidgets(rooms[2]).isEmpty());
}

void TestPersistenceExport::exports() {
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.5, 160));
  window.resize(1400, 900);
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  window.featureMaps()->selectLayer("pw2");  // 64 channels at α 0.5: one full page
  QTRY_VERIFY_WITH_TIMEOUT(
      window.featureMaps()->grid()->maps() && window.featureMaps()->grid()->maps()->layer == "pw2",
      120'000);

  const QString windowPng = dir_.filePath(QStringLiteral("window.png"));
  QVERIFY(window.saveWindowPng(windowPng));
  const QImage shot(windowPng);
  QCOMPARE(shot.size(), window.size() * window.devicePixelRatio());

  const QString gridPng = dir_.filePath(QStringLiteral("grid.png"));
  QVERIFY(window.saveFeatureGridPng(gridPng));
  const QImage grid(gridPng);
  // 64 tiles of 64 px in an 8 × 8 grid with 1-pixel gaps.
  QCOMPARE(grid.size(), QSize(8 * 65 - 1, 8 * 65 - 1));

  const QString csvPath = dir_.filePath(QStringLiteral("cost.csv"));
  QVERIFY(window.saveCostCsv(csvPath));
  QFile csv(csvPath);
  QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
  const QStringList lines = QString::fromUtf8(csv.readAll()).trimmed().split(QLatin1Char('\n'));
  const NetworkCost cost = computeCost({0.5, 160, 1000, ConvMode::Separable});
  QCOMPARE(lines.size(), static_cast<int>(cost.layers.size()) + 3);
  QCOMPARE(lines.last().split(QLatin1Char(','))[6].toLongLong(), cost.multAdds);
  // conv0 at 160 px, α 0.5: 80 × 80 × 16 outputs, each 3 × 3 × 3 mult-adds.
  QVERIFY2(lines[2].startsWith(
               QStringLiteral("conv0,conv,3,2,160x160x3,80x80x16,%1,").arg(80 * 80 * 16 * 27)),
           qPrintable(lines[2]));
}

QTEST_MAIN(TestPersistenceExport)
#include "tst_persistence_export.moc"

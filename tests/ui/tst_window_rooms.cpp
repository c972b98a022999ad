// SPDX-License-Identifier: GPL-3.0-or-later
// The window's rooms on small screens: it opens no larger than the screen, its panels can go
// and come back (View › Panels), and at a laptop's sizes (down to 1280×720) nothing is drawn
// over anything else and no big number is cut. Below that the rooms' minimum heights add up to
// more than the screen; the window then needs panels closed from View › Panels.
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QScreen>
#include <QScrollArea>
#include <QSignalSpy>
#include <QtTest>

#include "mnl/ui/cost_panel.h"
#include "mnl/ui/frame_view.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/prediction_bars.h"
#include "mnl/ui/readout.h"
#include "mnl/ui/totals_panel.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

class TestWindowRooms : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() { registerMetatypes(); }
  void opensWithinTheScreen();
  void panelsCloseAndComeBack();
  void nothingOverlapsAtLaptopSizes_data();
  void nothingOverlapsAtLaptopSizes();
};

namespace {
QRect inWindow(const QWidget* widget) {
  return QRect(widget->mapTo(widget->window(), QPoint(0, 0)), widget->size());
}
}  // namespace

void TestWindowRooms::opensWithinTheScreen() {
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.25, 128));
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  const QRect screen = window.screen()->availableGeometry();
  QVERIFY2(screen.contains(window.geometry()),
           qPrintable(QStringLiteral("window %1×%2 at %3,%4 on a %5×%6 screen")
                          .arg(window.width())
                          .arg(window.height())
                          .arg(window.x())
                          .arg(window.y())
                          .arg(screen.width())
                          .arg(screen.height())));
}

void TestWindowRooms::panelsCloseAndComeBack() {
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.25, 128));
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  const QList<QDockWidget*> rooms = window.rooms();
  QCOMPARE(rooms.size(), 5);
  // View › Panels lists each room by its title, checked while it is shown.
  QMenu* panels = nullptr;
  for (QAction* menu : window.menuBar()->actions())
    if (menu->menu())
      for (QAction* item : menu->menu()->actions())
        if (item->menu() && item->text() == QStringLiteral("&Panels")) panels = item->menu();
  QVERIFY(panels);
  for (QDockWidget* room : rooms) {
    QVERIFY2(panels->actions().contains(room->toggleViewAction()), qPrintable(room->windowTitle()));
    QVERIFY(room->toggleViewAction()->isChecked());
  }
  rooms[1]->toggleViewAction()->trigger();  // the sliders' panel closed from the menu
  QVERIFY(rooms[1]->isHidden());
  QVERIFY(!rooms[1]->toggleViewAction()->isChecked());
  rooms[3]->setFloating(true);
  window.resetLayout();
  for (QDockWidget* room : rooms) {
    QVERIFY2(!room->isHidden() && !room->isFloating(), qPrintable(room->objectName()));
    QCOMPARE(window.dockWidgetArea(room), room == rooms[0] ? Qt::RightDockWidgetArea
                                                           : Qt::BottomDockWidgetArea);
  }
}

void TestWindowRooms::nothingOverlapsAtLaptopSizes_data() {
  QTest::addColumn<QSize>("size");
  QTest::newRow("1920×1080") << QSize(1920, 1080);
  QTest::newRow("1366×768") << QSize(1366, 768);
  QTest::newRow("1280×720") << QSize(1280, 720);
}

void TestWindowRooms::nothingOverlapsAtLaptopSizes() {
  QFETCH(QSize, size);
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.25, 128));
  window.setWindowState(Qt::WindowNoState);
  window.resize(size);
  window.resetLayout();
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QTRY_VERIFY_WITH_TIMEOUT(window.resultsShown() > 0, 60'000);
  QTest::qWait(50);  // layouts settle
  QVERIFY2(window.width() <= size.width() && window.height() <= size.height(),
           qPrintable(QStringLiteral("asked %1×%2, got %3×%4")
                          .arg(size.width())
                          .arg(size.height())
                          .arg(window.width())
                          .arg(window.height())));
  // The live view: picture, speed line and predictions apart.
  LiveView* live = window.liveView();
  const QRect picture = inWindow(live->frameView());
  const QRect predictions = inWindow(live->predictions());
  const QRect speed = inWindow(live->findChild<QLabel*>(QStringLiteral("speedLabel")));
  QVERIFY2(!picture.intersects(predictions) && !picture.intersects(speed) &&
               !speed.intersects(predictions),
           qPrintable(QStringLiteral("picture %1,%2 %3×%4")
                          .arg(picture.x())
                          .arg(picture.y())
                          .arg(picture.width())
                          .arg(picture.height())));
  QVERIFY2(picture.height() >= 120, qPrintable(QString::number(picture.height())));
  // The big numbers: each whole in its readout (the totals room scrolls rather than cut them).
  TotalsPanel* totals = window.costPanel()->totals();
  for (Readout* readout : {totals->multAdds(), totals->parameters(), totals->activations(),
                           totals->latency(), totals->fps()}) {
    const auto labels = readout->findChildren<QLabel*>();
    for (QLabel* label : labels)
      QVERIFY2(label->width() >= label->minimumSizeHint().width(),
               qPrintable(readout->value() + QStringLiteral(": ") + label->text()));
  }
}

QTEST_MAIN(TestWindowRooms)
#include "tst_window_rooms.moc"

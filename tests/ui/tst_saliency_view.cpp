// SPDX-License-Identifier: GPL-3.0-or-later
// The saliency overlay in the window (offscreen): it appears over the crop when asked for,
// follows the class clicked in the prediction list and goes back to the top-1 on a second
// click, is in the saved window and saliency files, and Grad-CAM at the most costly layer does
// not stall the frame loop.
#include <QtTest>

#include <QComboBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>

#include "mnl/ui/frame_view.h"
#include "mnl/ui/inference_thread.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/prediction_bars.h"
#include "mnl/ui/saliency_controls.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

namespace {

// Mean absolute difference of two pictures of the same size inside `area`, per channel.
double difference(const QImage& a, const QImage& b, const QRect& area) {
  double sum = 0;
  int n = 0;
  for (int y = area.top(); y <= area.bottom(); y += 4)
    for (int x = area.left(); x <= area.right(); x += 4, ++n)
      sum += std::abs(qRed(a.pixel(x, y)) - qRed(b.pixel(x, y))) +
             std::abs(qGreen(a.pixel(x, y)) - qGreen(b.pixel(x, y))) +
             std::abs(qBlue(a.pixel(x, y)) - qBlue(b.pixel(x, y)));
  return n ? sum / (3.0 * n) : 0;
}

}  // namespace

class TestSaliencyView : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void overlayFollowsTheClickedClass();
  void gradCamDoesNotStallTheFrameLoop();
};

void TestSaliencyView::overlayFollowsTheClickedClass() {
  MainWindow window(test::launchOptions(test::testData("parrot.jpg"), 0.5, 160));
  window.show();
  FrameView* view = window.liveView()->frameView();
  PredictionBars* bars = window.liveView()->predictions();
  QTRY_VERIFY_WITH_TIMEOUT(window.shownResult() != nullptr, 120'000);
  QVERIFY(!view->saliency());  // off by default
  QTRY_VERIFY_WITH_TIMEOUT(!view->image().isNull(), 10'000);
  const QImage plain = view->grab().toImage();

  window.liveView()->saliency()->setMethod(SaliencyMethod::Cam);
  QTRY_VERIFY_WITH_TIMEOUT(view->saliency().has_value(), 60'000);
  const int top1 = window.shownResult()->top.front().index;
  QCOMPARE(view->saliency()->classIndex, top1);
  QCOMPARE(view->saliency()->layer, std::string("pw13"));
  QCOMPARE(bars->chosenClass(), -1);
  // The overlay is drawn: the crop (the whole of this square-ish frame's centre) changed.
  const QImage tinted = view->grab().toImage();
  const QRect middle(view->width() / 2 - 40, view->height() / 2 - 40, 80, 80);
  QVERIFY2(difference(plain, tinted, middle) > 10,
           qPrintable(QString::number(difference(plain, tinted, middle))));

  // Click the second row: its class is explained, and the row stays marked.
  const int second = window.shownResult()->top.at(1).index;
  QTest::mouseClick(bars, Qt::LeftButton, {}, bars->rowRect(1).center());
  QCOMPARE(bars->chosenClass(), second);
  QTRY_COMPARE_WITH_TIMEOUT(view->saliency()->classIndex, second, 60'000);
  QCOMPARE(QString::fromStdString(view->saliency()->label),
           QString::fromStdString(window.shownResult()->top.at(1).label));
  QCOMPARE(bars->chosenClass(), second);

  // The window PNG has the overlay; the saliency map is saved as PNG and CSV.
  QTemporaryDir dir;
  QVERIFY(window.saveWindowPng(dir.filePath("window.png")));
  const QImage saved = QImage(dir.filePath("window.png"))
                           .copy(QRect(view->mapTo(&window, QPoint(0, 0)), view->size()))
                           .convertToFormat(plain.format());
  QVERIFY2(difference(plain, saved, middle) > 10,
           qPrintable(QString::number(difference(plain, saved, middle))));
  QVERIFY(window.saveSaliencyMap(dir.filePath("map.png")));
  QCOMPARE(QImage(dir.filePath("map.png")).size(), QSize(160, 160));
  QFile csv(dir.filePath("map.csv"));
  QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
  const QList<QByteArray> rows = csv.readAll().trimmed().split('\n');
  QCOMPARE(rows.size(), 160);
  QCOMPARE(rows.front().split(',').size(), 160);

  // Clicking the marked row again: back to the top-1.
  int row = 0;
  while (window.shownResult()->top.at(std::size_t(row)).index != second) ++row;
  QTest::mouseClick(bars, Qt::LeftButton, {}, bars->rowRect(row).center());
  QCOMPARE(bars->chosenClass(), -1);
  QTRY_COMPARE_WITH_TIMEOUT(view->saliency()->classIndex, top1, 60'000);

  window.liveView()->saliency()->setMethod(SaliencyMethod::Off);
  QTRY_VERIFY_WITH_TIMEOUT(!view->saliency().has_value(), 60'000);
}

// The demo clip with the network alone, then with Grad-CAM at conv0 (a backward pass through
// the whole network): frames shown per second stay within a third (plus slack for a shared
// machine), and the status bar says how often the map updates.
void TestSaliencyView::gradCamDoesNotStallTheFrameLoop() {
  MainWindow window(
      test::launchOptions(QStringLiteral(MNL_RESOURCES_DIR "/demo/demo.avi"), 0.5, 160));
  window.show();
  QTRY_VERIFY_WITH_TIMEOUT(window.resultsShown() >= 10, 120'000);
  const auto rate = [&window] {
    const int before = window.resultsShown();
    QElapsedTimer clock;
    clock.start();
    QTest::qWait(4000);
    return (window.resultsShown() - before) * 1000.0 / clock.elapsed();
  };
  const double alone = rate();
  QVERIFY(window.liveView()->saliency()->apply(QStringLiteral("gradcam:conv0")));
  QTRY_VERIFY_WITH_TIMEOUT(window.liveView()->frameView()->saliency().has_value(), 60'000);
  QTest::qWait(1000);  // the pacer learns what a map costs
  const double explained = rate();
  const QString line = window.liveView()->saliency()->rateLabel()->text();
  qInfo("frames shown per second: network alone %.1f, with Grad-CAM at conv0 %.1f; \"%s\"", alone,
        explained, qPrintable(line));
  QVERIFY2(explained >= alone * 2.0 / 3.0 * 0.85,
           qPrintable(QString("%1 → %2 frames/s").arg(alone).arg(explained)));
  QVERIFY2(line.contains("Grad-CAM at conv0 updates every"), qPrintable(line));
  QCOMPARE(window.liveView()->frameView()->saliency()->layer, std::string("conv0"));
}

QTEST_MAIN(TestSaliencyView)
#include "tst_saliency_view.moc"

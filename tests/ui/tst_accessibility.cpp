// SPDX-License-Identifier: GPL-3.0-or-later
// The window works from the keyboard and speaks to a screen reader: the feature grid takes the
// focus, moves with the arrow keys, zooms with Enter and pages with Page Up/Down; the
// prediction rows take the focus and read "top 1: macaw, 90 %"; every control and readout of
// the real window has an accessible name and description; every chart offers "Save as…"; the
// About box names the weights' licence and the versions the program runs on.
#include <QAbstractButton>
#include <QAbstractSlider>
#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>
#include <QTabBar>
#include <QtTest>
#include <qcustomplot.h>

#include "mnl/architecture.h"
#include "mnl/libtorch_info.h"
#include "mnl/media/opencv_version.h"
#include "mnl/ui/channel_detail.h"
#include "mnl/ui/chart_export.h"
#include "mnl/ui/feature_grid.h"
#include "mnl/ui/feature_map_view.h"
#include "mnl/ui/guide_text.h"
#include "mnl/ui/live_view.h"
#include "mnl/ui/main_window.h"
#include "mnl/ui/metatypes.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/prediction_bars.h"
#include "mnl/ui/readout.h"
#include "mnl/ui/separable_comparison.h"
#include "mnl/ui/status_bar.h"
#include "window_fixture.h"

using namespace mnl;
using namespace mnl::ui;

namespace {
// One page of `layer`: channel 0 the most active (the grid opens on it), `count` channels.
std::shared_ptr<const InferenceResult> featurePage(const std::string& layer, int first, int count) {
  auto result = std::make_shared<InferenceResult>();
  FeatureMaps maps;
  maps.layer = layer;
  for (const LayerSpec& spec : buildLayers(NetworkConfig{}))
    if (spec.name == layer) maps.shape = spec.output;
  maps.firstChannel = first;
  maps.side = 4;
  for (int c = 0; c < count; ++c) {
    ChannelStats s;
    s.min = 0;
    s.max = 6.0f - c * 0.05f;
    s.mean = 3.0f - c * 0.02f;
    maps.stats.push_back(s);
    for (int i = 0; i < 16; ++i) maps.values.push_back(static_cast<float>((i + c) % 7));
  }
  maps.layerMin = 0;
  maps.layerMax = 6;
  result->featureMaps = maps;
  result->model.trained = true;
  return result;
}

int columnsOf(const FeatureGrid* grid) {
  int columns = 0;
  while (columns < grid->tileCount() && grid->tileRect(columns).top() == grid->tileRect(0).top())
    ++columns;
  return columns;
}

// What a person reaches with the keyboard or the mouse, and what the code marks as a readout
// (a Readout, or a label it names because it shows a value).
bool needsAccessibleText(const QWidget* w) {
  return w->focusPolicy() != Qt::NoFocus || qobject_cast<const QAbstractButton*>(w) ||
         qobject_cast<const QAbstractSlider*>(w) || qobject_cast<const QComboBox*>(w) ||
         qobject_cast<const QTabBar*>(w) || qobject_cast<const Readout*>(w) ||
         (qobject_cast<const QLabel*>(w) && !w->objectName().isEmpty());
}
}  // namespace

class TestAccessibility : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void gridMovesWithTheKeyboard();
  void focusMarkIsVisible();
  void predictionRowsTakeFocus();
  void everyControlAndReadoutIsNamed();
  void namesFollowValues();
  void everyChartCanBeSaved();
  void aboutNamesLicencesAndVersions();
};

void TestAccessibility::initTestCase() {
  registerMetatypes();
}

void TestAccessibility::gridMovesWithTheKeyboard() {
  FeatureMapView view;
  view.resize(900, 600);
  view.selectLayer("pw2");
  QCOMPARE(view.layerChannels(), 128);  // two pages of 64
  QSignalSpy requests(&view, &FeatureMapView::requestChanged);
  view.setResult(featurePage("pw2", 0, 64));
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  // Focus goes to an active window only: on a loaded machine activation can come after the
  // window is exposed.
  view.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&view));
  FeatureGrid* grid = view.grid();
  QVERIFY(grid->focusPolicy() & Qt::TabFocus);
  grid->setFocus();
  QTRY_VERIFY(grid->hasFocus());
  QCOMPARE(grid->tileCount(), 64);
  QCOMPARE(grid->selectedChannel(), 0);
  QCOMPARE(grid->currentChannel(), 0);
  const int columns = columnsOf(grid);
  QVERIFY(columns > 1 && columns < 64);

  QTest::keyClick(grid, Qt::Key_Right);
  QCOMPARE(grid->currentChannel(), 1);
  QTest::keyClick(grid, Qt::Key_Down);
  QCOMPARE(grid->currentChannel(), 1 + columns);
  QTest::keyClick(grid, Qt::Key_Left);
  QCOMPARE(grid->currentChannel(), columns);
  QTest::keyClick(grid, Qt::Key_Up);
  QCOMPARE(grid->currentChannel(), 0);
  QTest::keyClick(grid, Qt::Key_Up);  // the top edge: stays
  QCOMPARE(grid->currentChannel(), 0);
  QTest::keyClick(grid, Qt::Key_Down);
  QTest::keyClick(grid, Qt::Key_Right);
  QTest::keyClick(grid, Qt::Key_Right);
  const int marked = columns + 2;
  QCOMPARE(grid->currentChannel(), marked);
  QCOMPARE(view.detail()->channel(), 0);  // moving the mark zooms nothing yet
  QVERIFY2(grid->accessibleName().contains(QStringLiteral("pw2 channel %1 of 128").arg(marked)),
           qPrintable(grid->accessibleName()));

  QTest::keyClick(grid, Qt::Key_Return);
  QCOMPARE(view.detail()->channel(), marked);
  QCOMPARE(grid->selectedChannel(), marked);
  QVERIFY(grid->accessibleName().contains(QStringLiteral("enlarged")));
  QTest::keyClick(grid, Qt::Key_End);
  QCOMPARE(grid->currentChannel(), 63);
  QTest::keyClick(grid, Qt::Key_Right);  // the last tile: stays
  QCOMPARE(grid->currentChannel(), 63);
  QTest::keyClick(grid, Qt::Key_Home);
  QCOMPARE(grid->currentChannel(), 0);

  requests.clear();
  QTest::keyClick(grid, Qt::Key_PageDown);
  QCOMPARE(view.page(), 1);
  QCOMPARE(requests.size(), 1);
  QCOMPARE(requests.front().front().value<FeatureMapRequest>().firstChannel, 64);
  // The second page's maps arrive: the mark starts on the channel shown enlarged.
  view.setResult(featurePage("pw2", 64, 64));
  QCOMPARE(grid->selectedChannel(), 64);
  QCOMPARE(grid->currentChannel(), 64);
  QTest::keyClick(grid, Qt::Key_Right);
  QCOMPARE(grid->currentChannel(), 65);
  QTest::keyClick(grid, Qt::Key_PageDown);  // the last page: stays
  QCOMPARE(view.page(), 1);
  QTest::keyClick(grid, Qt::Key_PageUp);
  QCOMPARE(view.page(), 0);
}

void TestAccessibility::focusMarkIsVisible() {
  FeatureMapView view;
  view.resize(900, 600);
  view.selectLayer("pw1");
  view.setResult(featurePage("pw1", 0, 64));
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
  view.activateWindow();
  QVERIFY(QTest::qWaitForWindowActive(&view));
  FeatureGrid* grid = view.grid();
  grid->setFocus();
  QTRY_VERIFY(grid->hasFocus());
  QTest::keyClick(grid, Qt::Key_Right);
  const QRect tile = grid->tileRect(1);
  const QImage focused = grid->grab().toImage().copy(tile);
  view.layerPicker()->setFocus();
  QTRY_VERIFY(!grid->hasFocus());
  const QImage unfocused = grid->grab().toImage().copy(tile);
  int differing = 0;
  for (int y = 0; y < tile.height(); ++y)
    for (int x = 0; x < tile.width(); ++x)
      if (focused.pixel(x, y) != unfocused.pixel(x, y)) ++differing;
  // A frame all round the tile, a few pixels wide.
  QVERIFY2(differing > tile.width() * 2, qPrintable(QString::number(differing)));
}

void TestAccessibility::predictionRowsTakeFocus() {
  PredictionBars bars;
  QVERIFY(bars.focusPolicy() & Qt::TabFocus);
  auto result = std::make_shared<InferenceResult>();
  result->model.trained = true;
  result->top = {{89, "macaw", 0.987f}, {90, "lorikeet", 0.011f}, {88, "toucan", 0.001f}};
  bars.setResult(result);
  QCOMPARE(bars.accessibleName(), QStringLiteral("top 1: macaw, 99 %"));
  QVERIFY(bars.accessibleDescription().contains(QStringLiteral("top 2: lorikeet, 1.1 %")));
  QTest::keyClick(&bars, Qt::Key_Down);
  QCOMPARE(bars.currentRow(), 1);
  QCOMPARE(bars.accessibleName(), QStringLiteral("top 2: lorikeet, 1.1 %"));
  QTest::keyClick(&bars, Qt::Key_End);
  QCOMPARE(bars.currentRow(), 2);  // three rows
  QTest::keyClick(&bars, Qt::Key_Home);
  QCOMPARE(bars.currentRow(), 0);
}

void TestAccessibility::everyControlAndReadoutIsNamed() {
  MainWindow window(test::launchOptions(test::testData("parrot.jpg")));
  window.show();
  QVERIFY(QTest::qWaitForWindowExposed(&window));
  QTRY_VERIFY_WITH_TIMEOUT(window.resultsShown() > 0, 60000);
  QStringList missing;
  int checked = 0;
  for (QWidget* w : window.findChildren<QWidget*>()) {
    // Widgets hidden themselves (not inside a hidden tab page) are out of reach: the tab bar's
    // scroll buttons and the menu bar's overflow button while everything fits.
    if (w->window() != &window || w->isHidden() || !needsAccessibleText(w)) continue;
    ++checked;
    QString what;
    if (w->accessibleName().trimmed().isEmpty()) what += QStringLiteral(" name");
    if (w->accessibleDescription().trimmed().isEmpty()) what += QStringLiteral(" description");
    if (!what.isEmpty())
      missing << QStringLiteral("%1 '%2' (parent %3): no%4")
                     .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                          w->parentWidget() ? w->parentWidget()->objectName() : QString(), what);
  }
  QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("\n") + missing.join(QLatin1Char('\n'))));
  QVERIFY(checked > 30);  // the walk did reach the window's controls

  // What a screen reader says for the live readouts.
  auto* bars = window.liveView()->findChild<PredictionBars*>();
  QVERIFY(bars);
  QVERIFY2(bars->accessibleName().startsWith(QStringLiteral("top 1: %1, ").arg(bars->topLabel())),
           qPrintable(bars->accessibleName()));
  QVERIFY(bars->accessibleName().endsWith(QStringLiteral(" %")));
  QTRY_VERIFY(window.statusLine()->findChild<QLabel*>(QStringLiteral("deviceLabel"))
                  ->accessibleName()
                  .startsWith(QStringLiteral("device: CPU")));
}

void TestAccessibility::namesFollowValues() {
  MultiplierControls controls;
  QCOMPARE(controls.alphaSlider()->accessibleName(),
           QStringLiteral("width multiplier \u03b1, 1.00"));
  controls.alphaSlider()->setValue(50);
  QCOMPARE(controls.alphaSlider()->accessibleName(),
           QStringLiteral("width multiplier \u03b1, 0.50"));
  QVERIFY(!controls.alphaSlider()->accessibleDescription().isEmpty());
  QCOMPARE(controls.resolutionSlider()->accessibleName(),
           QStringLiteral("input size, 224 pixels, \u03c1 1.000"));
  auto* hint = controls.findChild<QLabel*>(QStringLiteral("weightsHint"));
  QVERIFY(hint->accessibleName().contains(QStringLiteral("trained weights")));
  controls.alphaSlider()->setValue(60);  // no trained weights at 0.6: said in words
  QVERIFY2(hint->accessibleName().contains(QStringLiteral("random")),
           qPrintable(hint->accessibleName()));
}

void TestAccessibility::everyChartCanBeSaved() {
  MainWindow window(test::launchOptions(test::testData("parrot.jpg")));
  const QList<QCustomPlot*> plots = window.findChildren<QCustomPlot*>();
  // Layer cost, latency share, rolling latency, trade-off; the "Your machine" view's two.
  QCOMPARE(plots.size(), 6);
  for (QCustomPlot* plot : plots) QVERIFY2(hasSaveMenu(plot), qPrintable(plot->accessibleName()));
  auto* comparison = window.findChild<SeparableComparison*>();
  QVERIFY(comparison);
  QVERIFY(hasSaveMenu(comparison));
}

void TestAccessibility::aboutNamesLicencesAndVersions() {
  MainWindow window(test::launchOptions(test::testData("parrot.jpg")));
  QTRY_VERIFY_WITH_TIMEOUT(window.statusLine()->deviceText().startsWith(QStringLiteral("CPU")),
                           60000);
  const AboutVersions versions = window.aboutVersions();
  QCOMPARE(versions.qt, QString::fromLatin1(qVersion()));
  QVERIFY(
      QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+")).match(versions.openCv).hasMatch());
  QVERIFY(QRegularExpression(QStringLiteral("^\\d+\\.\\d+\\.\\d+"))
              .match(versions.libTorch)
              .hasMatch());
  QCOMPARE(versions.openCv, QString::fromStdString(openCvVersion()));
  QCOMPARE(versions.libTorch, QString::fromStdString(libTorchInfo().version));
  const QString html = aboutHtml(versions);
  for (const QString& expected :
       {QStringLiteral("GPL-3.0-or-later"), QStringLiteral("Apache-2.0"),
        QStringLiteral("google-coral/test_data"), QStringLiteral("Qt ") + versions.qt,
        QStringLiteral("OpenCV ") + versions.openCv,
        QStringLiteral("LibTorch ") + versions.libTorch, QStringLiteral("device: CPU")})
    QVERIFY2(html.contains(expected), qPrintable(expected));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"

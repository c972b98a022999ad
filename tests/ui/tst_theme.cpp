// SPDX-License-Identifier: GPL-3.0-or-later
// The window follows the palette: in a dark palette the charts' backgrounds and the prediction
// bars take the palette's colours (sampled from grabbed pixels), and a palette switch while the
// widgets are on screen re-colours them. Every chart saves as PNG, SVG and PDF.
#include <QApplication>
#include <QFile>
#include <QSignalSpy>
#include <QStyleFactory>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <qcustomplot.h>

#include "mnl/cost_model.h"
#include "mnl/ui/chart_export.h"
#include "mnl/ui/latency_share_chart.h"
#include "mnl/ui/multiplier_controls.h"
#include "mnl/ui/layer_cost_chart.h"
#include "mnl/ui/prediction_bars.h"
#include "mnl/ui/rolling_chart.h"
#include "mnl/ui/separable_comparison.h"
#include "mnl/ui/theme.h"
#include "mnl/ui/tradeoff_chart.h"
#include "theme_fixture.h"

using namespace mnl;
using namespace mnl::ui;

namespace {
// Channels within `tolerance` of each other (antialiasing, premultiplication).
bool near(QColor a, QColor b, int tolerance = 2) {
  return std::abs(a.red() - b.red()) <= tolerance && std::abs(a.green() - b.green()) <= tolerance &&
         std::abs(a.blue() - b.blue()) <= tolerance;
}

QString show(QColor c) {
  return c.name();
}

std::shared_ptr<const InferenceResult> predictions(bool trained) {
  auto result = std::make_shared<InferenceResult>();
  result->model.trained = trained;
  result->model.weights = "test";
  result->top = {{89, "macaw", 0.9f},
                 {90, "lorikeet", 0.05f},
                 {88, "toucan", 0.02f},
                 {92, "bee eater", 0.01f},
                 {130, "flamingo", 0.005f}};
  return result;
}

QImage grabbed(QWidget* widget) {
  return widget->grab().toImage().convertToFormat(QImage::Format_RGB32);
}
}  // namespace

class TestTheme : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanup();
  void darkDetectedFromWindowColour();
  void chartBackgroundAndBarsInDarkPalette();
  void predictionBarsInDarkPalette();
  void untrainedNoticeInDarkPalette();
  void paletteSwitchWhileShownRecolours();
  void weightsHintFollowsTheTheme();
  void chartsSaveAsPngSvgPdf();

 private:
  QPalette light_;
};

void TestTheme::initTestCase() {
  // Fusion draws with the palette it is given, as on a desktop that sets one.
  QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
  light_ = QApplication::style()->standardPalette();
  QApplication::setPalette(light_);
}

void TestTheme::cleanup() {
  QApplication::setPalette(light_);
}

void TestTheme::darkDetectedFromWindowColour() {
  QVERIFY(!isDark(light_));
  QVERIFY(isDark(test::darkPalette()));
  // The same hue, a paler shade on dark: the series are not the light theme's.
  const Theme dark = themeFor(test::darkPalette()), light = themeFor(light_);
  QVERIFY(dark.dark);
  QVERIFY(!light.dark);
  QVERIFY(dark.pointwise.lightness() > light.pointwise.lightness());
  QCOMPARE(dark.base, QColor(0x2a, 0x2a, 0x2a));
  QCOMPARE(dark.topBar, QColor(0x2a, 0x82, 0xda));
}

void TestTheme::chartBackgroundAndBarsInDarkPalette() {
  QApplication::setPalette(test::darkPalette());
  LayerCostChart chart;
  chart.resize(800, 500);
  chart.setNetwork(NetworkConfig{});
  chart.show();
  QVERIFY(QTest::qWaitForWindowExposed(&chart));
  auto* plot = chart.findChild<QCustomPlot*>();
  QVERIFY(plot);
  plot->replot();
  const QImage image = grabbed(plot);
  const QColor base = test::darkPalette().color(QPalette::Base);
  QVERIFY2(near(image.pixelColor(image.width() - 3, image.height() - 3), base),
           qPrintable(show(image.pixelColor(image.width() - 3, image.height() - 3))));
  // The costliest layer's mult-add bar, half way up.
  const NetworkCost cost = computeCost(NetworkConfig{});
  std::size_t top = 0;
  for (std::size_t i = 0; i < cost.layers.size(); ++i)
    if (cost.layers[i].multAdds > cost.layers[top].multAdds) top = i;
  QVERIFY(cost.layers[top].layer.type == LayerType::Pointwise);
  QCPAxisRect* rect = plot->axisRect(0);
  const int x =
      static_cast<int>(rect->axis(QCPAxis::atBottom)->coordToPixel(static_cast<double>(top)));
  const int y = static_cast<int>(
      rect->axis(QCPAxis::atLeft)->coordToPixel(cost.layers[top].multAdds / 1e6 / 2));
  const QColor bar = image.pixelColor(x, y);
  const Theme dark = themeFor(test::darkPalette());
  QVERIFY2(near(bar, dark.pointwise), qPrintable(show(bar)));
  QVERIFY(!near(bar, themeFor(light_).pointwise, 20));
  // The layer names under the lower rect are tick labels in the palette's text colour: light
  // pixels on the dark background.
  bool lightText = false;
  QCPAxisRect* lower = plot->axisRect(1);
  for (int yy = lower->bottom() + 4; yy < lower->bottom() + 30 && yy < image.height(); ++yy)
    for (int xx = lower->left(); xx < lower->right(); ++xx)
      lightText = lightText || image.pixelColor(xx, yy).lightness() > 180;
  QVERIFY(lightText);
}

void TestTheme::predictionBarsInDarkPalette() {
  QApplication::setPalette(test::darkPalette());
  PredictionBars bars;
  bars.resize(420, bars.sizeHint().height());
  bars.setResult(predictions(true));
  bars.show();
  QVERIFY(QTest::qWaitForWindowExposed(&bars));
  const QImage image = grabbed(&bars);
  const QFontMetrics metrics = bars.fontMetrics();
  const int rowHeight = metrics.height() + 6;
  const int labelWidth =
      std::min(bars.width() / 2, metrics.horizontalAdvance(QLatin1Char('m')) * 16);
  const QColor topBar = image.pixelColor(labelWidth + 4, 2 + rowHeight / 2);
  QVERIFY2(near(topBar, QColor(0x2a, 0x82, 0xda)), qPrintable(show(topBar)));
  const QColor secondBar = image.pixelColor(labelWidth + 1, 2 + rowHeight + rowHeight / 2);
  QVERIFY2(near(secondBar, themeFor(test::darkPalette()).otherBars), qPrintable(show(secondBar)));
  // The empty part of the last row's track: the palette's alternate base, not white.
  const int percentWidth = metrics.horizontalAdvance(QStringLiteral("100.0 %")) + 6;
  const int trackEnd = bars.width() - percentWidth - 12;
  const QColor track = image.pixelColor(trackEnd - 4, 2 + 4 * rowHeight + rowHeight / 2);
  QVERIFY2(near(track, QColor(0x42, 0x42, 0x42)), qPrintable(show(track)));
  // The widget background is the window's.
  QVERIFY(near(image.pixelColor(bars.width() - 1, bars.height() - 1), QColor(0x35, 0x35, 0x35)));
}

void TestTheme::untrainedNoticeInDarkPalette() {
  QApplication::setPalette(test::darkPalette());
  PredictionBars bars;
  bars.resize(420, bars.sizeHint().height());
  bars.setResult(predictions(false));
  QVERIFY(bars.showsUntrainedNotice());
  const QImage image = grabbed(&bars);
  const QColor background = image.pixelColor(2, 2);
  QVERIFY2(background.lightness() < 90, qPrintable(show(background)));  // not the light cream
  QCOMPARE(bars.accessibleName(),
           QStringLiteral("predictions: untrained weights, labels mean nothing"));
}

void TestTheme::paletteSwitchWhileShownRecolours() {
  TradeoffChart chart;
  SeparableComparison comparison;
  chart.resize(600, 400);
  comparison.resize(400, 130);
  chart.show();
  comparison.show();
  QVERIFY(QTest::qWaitForWindowExposed(&chart));
  auto* plot = chart.findChild<QCustomPlot*>();
  plot->replot();
  const QPoint corner(plot->width() - 2, 2);
  QVERIFY(near(grabbed(plot).pixelColor(corner), light_.color(QPalette::Base)));
  const QColor lightBar = grabbed(&comparison).pixelColor(comparison.width() - 60, 40);

  QApplication::setPalette(test::darkPalette());
  // The charts replot on the next turn of the event loop (a queued replot).
  QTRY_VERIFY(near(grabbed(plot).pixelColor(corner), QColor(0x2a, 0x2a, 0x2a)));
  const Theme dark = themeFor(test::darkPalette());
  // The standard-conv bar of the separable/standard comparison (its longest) now in the dark
  // theme's shade.
  const QImage after = grabbed(&comparison);
  bool found = false;
  for (int y = 0; y < after.height() && !found; ++y)
    found = near(after.pixelColor(comparison.width() / 2, y), dark.conv);
  QVERIFY2(found, qPrintable(show(lightBar)));

  QApplication::setPalette(light_);
  QTRY_VERIFY(near(grabbed(plot).pixelColor(corner), light_.color(QPalette::Base)));
}

// The weights hint under the sliders says trained, random or "your model" in the theme's
// colours, in either palette, before and after a user model (no style sheet of its own).
void TestTheme::weightsHintFollowsTheTheme() {
  MultiplierControls controls;
  auto* hint = controls.findChild<QLabel*>(QStringLiteral("weightsHint"));
  QVERIFY(hint);
  const auto colour = [&] { return hint->palette().color(QPalette::WindowText); };
  const Theme light = themeFor(light_);
  QCOMPARE(colour(), light.good);  // 1.0/224: trained
  controls.lockToUserModel({0.5, 160, 10, ConvMode::Separable}, QStringLiteral("mine.pth"));
  QCOMPARE(colour(), light.accent);
  QVERIFY(hint->styleSheet().isEmpty());
  QApplication::setPalette(test::darkPalette());
  QTRY_COMPARE(colour(), themeFor(test::darkPalette()).accent);
  controls.unlock();
  controls.alphaSlider()->setValue(60);  // no trained weights at 0.6
  QCOMPARE(colour(), themeFor(test::darkPalette()).bad);
  QApplication::setPalette(light_);
  QTRY_COMPARE(colour(), light.bad);
}

void TestTheme::chartsSaveAsPngSvgPdf() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  LayerCostChart layers;
  LatencyShareChart latency;
  RollingChart rolling;
  TradeoffChart tradeoff;
  SeparableComparison comparison;
  rolling.addSample(10, 20, 30);
  const QList<QWidget*> charts = {
      layers.findChild<QCustomPlot*>(), latency.findChild<QCustomPlot*>(),
      rolling.findChild<QCustomPlot*>(), tradeoff.findChild<QCustomPlot*>(), &comparison};
  int n = 0;
  for (QWidget* chart : charts) {
    QVERIFY(chart);
    QVERIFY2(hasSaveMenu(chart), qPrintable(chart->objectName()));
    chart->resize(480, 320);
    const QString stem = dir.filePath(QStringLiteral("chart%1").arg(n++));
    for (const char* suffix : {".png", ".svg", ".pdf"}) {
      const QString file = stem + QLatin1String(suffix);
      QVERIFY2(saveChart(chart, file), qPrintable(file));
      QVERIFY2(QFileInfo(file).size() > 200, qPrintable(file));
    }
    const QImage png(stem + QStringLiteral(".png"));
    QCOMPARE(png.size(), QSize(480, 320));  // the offscreen screen's ratio is 1
    // Not a blank image: the chart drew something besides its background.
    QSet<QRgb> colours;
    for (int y = 0; y < png.height(); y += 4)
      for (int x = 0; x < png.width(); x += 4) colours.insert(png.pixel(x, y));
    QVERIFY(colours.size() > 3);
    QFile svgFile(stem + QStringLiteral(".svg"));
    QVERIFY(svgFile.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svgFile);
    int elements = 0;
    while (!xml.atEnd())
      if (xml.readNext() == QXmlStreamReader::StartElement) ++elements;
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(elements > 10);
    QVERIFY(QSvgRenderer(stem + QStringLiteral(".svg")).isValid());
    QFile pdf(stem + QStringLiteral(".pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
  }
  QVERIFY(!saveChart(&comparison, dir.filePath(QStringLiteral("chart.txt"))));
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"

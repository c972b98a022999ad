// SPDX-License-Identifier: GPL-3.0-or-later
// At a device pixel ratio of 2 the camera frame and the feature maps are drawn sharp: the frame
// is resampled once to device pixels (a one-pixel checkerboard shown at its own device size
// keeps every pixel), and the maps are scaled without smoothing (a tile holds only the map's
// own colours, no blends between neighbouring activations).
#include <QApplication>
#include <QtTest>

#include "mnl/ui/color_map.h"
#include "mnl/ui/feature_grid.h"
#include "mnl/ui/frame_view.h"

using namespace mnl;
using namespace mnl::ui;

class TestHighDpi : public QObject {
  Q_OBJECT

 private slots:
  void screenIsAtRatioTwo();
  void frameKeepsEveryDevicePixel();
  void mapsStaySquares();
};

void TestHighDpi::screenIsAtRatioTwo() {
  QWidget probe;
  QCOMPARE(probe.devicePixelRatioF(), 2.0);
}

void TestHighDpi::frameKeepsEveryDevicePixel() {
  // 400×400 device pixels = 200×200 logical: the widget shows the frame at exactly its size.
  constexpr int side = 400;
  auto pixels = std::make_shared<std::vector<std::uint8_t>>(side * side * 3);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x)
      for (int c = 0; c < 3; ++c)
        (*pixels)[static_cast<std::size_t>((y * side + x) * 3 + c)] = (x + y) % 2 ? 255 : 0;
  Frame frame;
  frame.width = frame.height = side;
  frame.bgr = pixels;
  FrameView view;
  view.resize(side / 2, side / 2);
  view.setFrame(frame, CropMode::FullFrame, 224);
  const QImage shot = view.grab().toImage().convertToFormat(QImage::Format_RGB32);
  QCOMPARE(shot.size(), QSize(side, side));
  // The top half (the caption sits at the bottom): every pixel black or white as in the frame.
  int kept = 0, total = 0;
  for (int y = 0; y < side / 2; ++y)
    for (int x = 0; x < side; ++x, ++total)
      if (qGray(shot.pixel(x, y)) == ((x + y) % 2 ? 255 : 0)) ++kept;
  QVERIFY2(kept > total * 99 / 100, qPrintable(QStringLiteral("%1 of %2").arg(kept).arg(total)));
}

void TestHighDpi::mapsStaySquares() {
  auto result = std::make_shared<InferenceResult>();
  FeatureMaps maps;
  maps.layer = "conv0";
  maps.side = 4;
  maps.stats.resize(1);
  maps.stats[0].max = 15;
  for (int i = 0; i < 16; ++i) maps.values.push_back(static_cast<float>(i));
  result->featureMaps = maps;
  FeatureGrid grid;
  grid.resize(200, 200);
  grid.setResult(result);
  QCOMPARE(grid.tileCount(), 1);
  QSet<QRgb> mapColours;
  for (int i = 0; i < 16; ++i) mapColours.insert(viridis(i / 15.0f) | 0xff000000u);
  const QImage shot = grid.grab().toImage().convertToFormat(QImage::Format_RGB32);
  const QRect tile = grid.tileRect(0);
  QVERIFY(tile.width() >= 100);
  int foreign = 0;
  for (int y = tile.top() * 2; y < (tile.bottom() + 1) * 2; ++y)
    for (int x = tile.left() * 2; x < (tile.right() + 1) * 2; ++x)
      if (!mapColours.contains(shot.pixel(x, y))) ++foreign;
  QCOMPARE(foreign, 0);
}

int main(int argc, char** argv) {
  // Before the application exists: Qt reads the scale factor once.
  qputenv("QT_SCALE_FACTOR", "2");
  QApplication app(argc, argv);
  TestHighDpi test;
  return QTest::qExec(&test, argc, argv);
}

#include "tst_high_dpi.moc"

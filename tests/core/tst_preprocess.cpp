// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::preprocess: exact values on tiny synthetic images (crop, channel order, scaling, bilinear
// weights), and agreement with OpenCV's INTER_LINEAR resize on real photos.
#include <QtTest>

#include <random>

#include "mnl/crop_rect.h"
#include "preprocess_probe.h"

using namespace mnl;

Q_DECLARE_METATYPE(mnl::CropMode)

namespace {

// Packs BGR triples row by row; `padding` junk bytes (0xEE) end each row, as in a cv::Mat ROI.
probe::BgrPixels image(int width, int height, const QList<int>& bgr, int padding = 0) {
  probe::BgrPixels pixels;
  pixels.width = width;
  pixels.height = height;
  pixels.stride = 3 * width + padding;
  pixels.bytes.assign(static_cast<std::size_t>(pixels.stride) * height, 0xEE);
  for (int y = 0; y < height; ++y)
    for (int i = 0; i < 3 * width; ++i)
      pixels.bytes[y * pixels.stride + i] = static_cast<std::uint8_t>(bgr.at(y * 3 * width + i));
  return pixels;
}

// The 4×2 test card: pixel (x, y) is B = 32x + 8y, G = B + 64, R = B + 128.
QList<int> card4x2() {
  QList<int> bgr;
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x)
      bgr << 32 * x + 8 * y << 64 + 32 * x + 8 * y << 128 + 32 * x + 8 * y;
  return bgr;
}

// Bytes from a fixed-seed generator, `padding` bytes of junk after each row.
probe::BgrPixels noise(int width, int height, int padding, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> level(0, 255);
  QList<int> bgr;
  for (int i = 0; i < 3 * width * height; ++i) bgr << level(random);
  return image(width, height, bgr, padding);
}

QString photo(const char* name) { return QStringLiteral(MNL_TEST_DATA_DIR "/") + name; }

Preprocessing settings(int size, CropMode crop, double offset = 128, double divisor = 128) {
  return {size, crop, {offset, divisor}};
}

}  // namespace

class TestPreprocess : public QObject {
  Q_OBJECT

 private slots:
  void cropRect_data();
  void cropRect();
  void exactValues_data();
  void exactValues();
  void constantStaysConstant_data();
  void constantStaysConstant();
  void batchMatchesSingles();
  void rejectsBadInput_data();
  void rejectsBadInput();
  void agreesWithOpenCv_data();
  void agreesWithOpenCv();
  void fusedKernelArithmetic_data();
  void fusedKernelArithmetic();
  void cudaMatchesCpu_data();
  void cudaMatchesCpu();
  void cudaFusedMatchesAten();
};

void TestPreprocess::cropRect_data() {
  QTest::addColumn<int>("width");
  QTest::addColumn<int>("height");
  QTest::addColumn<CropMode>("mode");
  QTest::addColumn<QList<int>>("expected");  // x, y, width, height
  const CropMode square = CropMode::CenterSquare;
  QTest::newRow("4x2 landscape") << 4 << 2 << square << QList<int>{1, 0, 2, 2};
  QTest::newRow("2x4 portrait") << 2 << 4 << square << QList<int>{0, 1, 2, 2};
  QTest::newRow("5x2 odd leftover goes right") << 5 << 2 << square << QList<int>{1, 0, 2, 2};
  QTest::newRow("720p") << 1280 << 720 << square << QList<int>{280, 0, 720, 720};
  QTest::newRow("square unchanged") << 3 << 3 << square << QList<int>{0, 0, 3, 3};
  QTest::newRow("full frame") << 4 << 2 << CropMode::FullFrame << QList<int>{0, 0, 4, 2};
}

void TestPreprocess::cropRect() {
  QFETCH(int, width);
  QFETCH(int, height);
  QFETCH(CropMode, mode);
  QFETCH(QList<int>, expected);
  const CropRect r = mnl::cropRect(width, height, mode);
  QCOMPARE((QList<int>{r.x, r.y, r.width, r.height}), expected);
}

// Expected values are the R, G, B planes of the [1, 3, S, S] tensor, worked out by hand.
void TestPreprocess::exactValues_data() {
  QTest::addColumn<int>("width");
  QTest::addColumn<int>("height");
  QTest::addColumn<QList<int>>("bgr");
  QTest::addColumn<int>("padding");
  QTest::addColumn<int>("size");
  QTest::addColumn<CropMode>("crop");
  QTest::addColumn<double>("offset");
  QTest::addColumn<double>("divisor");
  QTest::addColumn<QList<double>>("expected");
  const CropMode square = CropMode::CenterSquare;

  // Centre square of the card = columns 1 and 2; R plane 160 192 / 168 200, G 96 128 / 104 136,
  // B 32 64 / 40 72; (x − 128) / 128 is exact in binary.
  const QList<double> cardCentre{0.25,  0.5,  0.3125, 0.5625,  -0.25, 0,    -0.1875,
                                 0.0625, -0.75, -0.5, -0.6875, -0.4375};
  QTest::newRow("4x2 centre square, RGB, (x-128)/128")
      << 4 << 2 << card4x2() << 0 << 2 << square << 128.0 << 128.0 << cardCentre;
  QTest::newRow("row stride with padding bytes")
      << 4 << 2 << card4x2() << 5 << 2 << square << 128.0 << 128.0 << cardCentre;
  // Full frame, 4 → 2 columns, antialiased: each output column is a triangle filter two input
  // pixels wide. Output 0 is centred at x = 1 and weighs the columns at 0.5, 1.5, 2.5 by
  // ¾, ¾, ¼ (normalised by 1¾); output 1 at x = 3 weighs columns 1, 2, 3 by ¼, ¾, ¾. A row
  // a, a+32, a+64, a+96 becomes a + 40/1.75 and a + 128/1.75 (22.86 and 73.14), rounded to
  // whole levels as PIL's 8-bit resize does: a + 23 and a + 73; the rows keep their scale.
  QList<double> halved;
  for (const double first : {128.0, 136.0, 64.0, 72.0, 0.0, 8.0})  // R, G, B; rows 0 and 1
    halved << (first + 23 - 128) / 128 << (first + 73 - 128) / 128;
  QTest::newRow("4x2 full frame halves the columns")
      << 4 << 2 << card4x2() << 0 << 2 << CropMode::FullFrame << 128.0 << 128.0 << halved;
  // Portrait 1×3: the centre square is the middle pixel.
  QTest::newRow("1x3 portrait picks the middle row")
      << 1 << 3 << QList<int>{1, 2, 3, 10, 20, 30, 100, 200, 250} << 0 << 1 << square << 0.0
      << 1.0 << QList<double>{30, 20, 10};
  QTest::newRow("Keras scaling (x-127.5)/127.5")
      << 1 << 1 << QList<int>{0, 255, 51} << 0 << 1 << square << 127.5 << 127.5
      << QList<double>{-0.6, 1, -1};
  // 2×2 → 4×4, align_corners=false: each axis samples the source at −0.25 (clamped to 0), 0.25,
  // 0.75 and 1.25 (clamped to 1), so a row a b becomes a, ¾a+¼b, ¼a+¾b, b.
  const QList<double> upscaled{0,  16,  48,  64,  32,  48,  80,  96,
                               96, 112, 144, 160, 128, 144, 176, 192};
  QTest::newRow("2x2 to 4x4 bilinear")
      << 2 << 2 << QList<int>{0, 0, 0, 64, 64, 64, 128, 128, 128, 192, 192, 192} << 0 << 4
      << square << 0.0 << 1.0 << upscaled + upscaled + upscaled;
}

void TestPreprocess::exactValues() {
  QFETCH(int, width);
  QFETCH(int, height);
  QFETCH(QList<int>, bgr);
  QFETCH(int, padding);
  QFETCH(int, size);
  QFETCH(CropMode, crop);
  QFETCH(double, offset);
  QFETCH(double, divisor);
  QFETCH(QList<double>, expected);
  const probe::TensorData out = probe::preprocessed(image(width, height, bgr, padding),
                                                    settings(size, crop, offset, divisor));
  QCOMPARE(out.sizes, (std::vector<std::int64_t>{1, 3, size, size}));
  QCOMPARE(out.device, std::string("cpu"));
  QCOMPARE(out.values.size(), std::size_t(expected.size()));
  for (qsizetype i = 0; i < expected.size(); ++i)
    QVERIFY2(qFuzzyCompare(1.0f + out.values[i], 1.0f + float(expected[i])),
             qPrintable(QString("value %1: %2, expected %3")
                            .arg(i)
                            .arg(out.values[i])
                            .arg(expected[i])));
}

void TestPreprocess::constantStaysConstant_data() {
  QTest::addColumn<int>("width");
  QTest::addColumn<int>("height");
  QTest::addColumn<int>("size");
  QTest::addColumn<CropMode>("crop");
  QTest::newRow("7x5 down to 3") << 7 << 5 << 3 << CropMode::CenterSquare;
  QTest::newRow("7x5 up to 9") << 7 << 5 << 9 << CropMode::CenterSquare;
  QTest::newRow("7x5 full frame to 224") << 7 << 5 << 224 << CropMode::FullFrame;
  QTest::newRow("640x480 to 128") << 640 << 480 << 128 << CropMode::CenterSquare;
}

void TestPreprocess::constantStaysConstant() {
  QFETCH(int, width);
  QFETCH(int, height);
  QFETCH(int, size);
  QFETCH(CropMode, crop);
  QList<int> bgr;
  for (int i = 0; i < width * height; ++i) bgr << 10 << 20 << 30;
  const probe::TensorData out =
      probe::preprocessed(image(width, height, bgr), settings(size, crop, 0, 1));
  QCOMPARE(out.sizes, (std::vector<std::int64_t>{1, 3, size, size}));
  const std::size_t plane = std::size_t(size) * size;
  for (std::size_t i = 0; i < out.values.size(); ++i)
    QCOMPARE(out.values[i], i < plane ? 30.0f : i < 2 * plane ? 20.0f : 10.0f);
}

void TestPreprocess::batchMatchesSingles() {
  const probe::BgrPixels card = image(4, 2, card4x2(), 3);
  QList<int> grey;
  for (int i = 0; i < 6 * 6; ++i) grey << i * 7 % 256 << i * 5 % 256 << i * 3 % 256;
  const probe::BgrPixels other = image(6, 6, grey);
  const Preprocessing p = settings(3, CropMode::CenterSquare);

  const probe::TensorData batch = probe::preprocessedBatch({card, other}, p);
  QCOMPARE(batch.sizes, (std::vector<std::int64_t>{2, 3, 3, 3}));
  const probe::TensorData first = probe::preprocessed(card, p);
  const probe::TensorData second = probe::preprocessed(other, p);
  QCOMPARE(std::vector<float>(batch.values.begin(), batch.values.begin() + 27), first.values);
  QCOMPARE(std::vector<float>(batch.values.begin() + 27, batch.values.end()), second.values);
}

void TestPreprocess::rejectsBadInput_data() {
  QTest::addColumn<int>("width");
  QTest::addColumn<int>("height");
  QTest::addColumn<int>("stride");
  QTest::addColumn<int>("size");
  QTest::addColumn<QString>("message");
  QTest::newRow("no pixels") << 0 << 0 << 0 << 224 << "preprocess: the image has no pixels";
  QTest::newRow("zero width") << 0 << 2 << 12 << 224 << "preprocess: empty image (0x2)";
  QTest::newRow("stride too short")
      << 4 << 2 << 11 << 224 << "preprocess: row stride 11 is shorter than a row of 4 BGR pixels";
  QTest::newRow("input size 0") << 4 << 2 << 12 << 0 << "preprocess: input size 0 is not positive";
}

void TestPreprocess::rejectsBadInput() {
  QFETCH(int, width);
  QFETCH(int, height);
  QFETCH(int, stride);
  QFETCH(int, size);
  QFETCH(QString, message);
  probe::BgrPixels pixels;
  pixels.width = width;
  pixels.height = height;
  pixels.stride = stride;
  pixels.bytes.assign(std::size_t(stride) * std::max(height, 0), 0);
  const std::string error = probe::preprocessError(pixels, settings(size, CropMode::CenterSquare));
  QCOMPARE(QString::fromStdString(error), message);
}

// Enlarging, antialiasing changes nothing and the resize is OpenCV's INTER_LINEAR sampling:
// OpenCV works in 11-bit fixed point and rounds to uint8, ours stays in float, so they may
// differ by rounding, never by sampling. (Shrinking, ours antialiases like PIL, which is what
// the reference answers of tests/data/expected_top1.tsv were made with; OpenCV does not.)
void TestPreprocess::agreesWithOpenCv_data() {
  QTest::addColumn<QString>("photo");
  QTest::addColumn<int>("size");
  QTest::addColumn<CropMode>("crop");
  QTest::addColumn<int>("shrinkTo");
  const CropMode square = CropMode::CenterSquare;
  QTest::newRow("grace_hopper.bmp centre, 150 wide up to 224")
      << photo("grace_hopper.bmp") << 224 << square << 150;
  QTest::newRow("parrot.jpg centre, 120 wide up to 160")
      << photo("parrot.jpg") << 160 << square << 120;
}

void TestPreprocess::agreesWithOpenCv() {
  if (!probe::haveOpenCv()) QSKIP("built without OpenCV");
  QFETCH(QString, photo);
  QFETCH(int, size);
  QFETCH(CropMode, crop);
  QFETCH(int, shrinkTo);
  const probe::Agreement a =
      probe::agreementWithOpenCv(photo.toStdString(), settings(size, crop), shrinkTo);
  QCOMPARE(a.values, std::size_t(3) * size * size);
  qInfo("%s: mean |diff| %.4f, max %.4f grey levels", qPrintable(photo), a.meanAbs, a.maxAbs);
  QVERIFY2(a.meanAbs < 1.0, qPrintable(QString::number(a.meanAbs)));  // 1/255 of the range
  QVERIFY2(a.maxAbs <= 1.0, qPrintable(QString::number(a.maxAbs)));
}

// The fused CUDA kernel's per-pixel code, run on the CPU: the weights are ATen's (same values
// as its float antialiased resize to 1e-3 of a level, before rounding), and once rounded it is
// at most one level from the CPU path, which rounds in 8-bit fixed point. Shrinking (a camera
// frame to the network), enlarging (a small picture), odd sizes, full frames, row padding.
void TestPreprocess::fusedKernelArithmetic_data() {
  QTest::addColumn<int>("width");
  QTest::addColumn<int>("height");
  QTest::addColumn<int>("padding");
  QTest::addColumn<CropMode>("crop");
  QTest::addColumn<int>("side");
  QTest::addColumn<QString>("photo");  // empty: noise of width × height
  const CropMode square = CropMode::CenterSquare, full = CropMode::FullFrame;
  QTest::newRow("cat_720p.jpg to 224") << 0 << 0 << 0 << square << 224 << photo("cat_720p.jpg");
  QTest::newRow("640x480 to 160") << 640 << 480 << 0 << square << 160 << QString();
  QTest::newRow("1280x720 to 224") << 1280 << 720 << 0 << square << 224 << QString();
  QTest::newRow("333x251 full to 128, padded rows") << 333 << 251 << 5 << full << 128 << QString();
  QTest::newRow("60x40 enlarged to 224") << 60 << 40 << 0 << square << 224 << QString();
  QTest::newRow("37x53 full enlarged to 96") << 37 << 53 << 3 << full << 96 << QString();
  QTest::newRow("160x160 unchanged") << 160 << 160 << 0 << square << 160 << QString();
  QTest::newRow("1x1 to 32") << 1 << 1 << 0 << square << 32 << QString();
}

void TestPreprocess::fusedKernelArithmetic() {
  QFETCH(int, width);
  QFETCH(int, height);
  QFETCH(int, padding);
  QFETCH(CropMode, crop);
  QFETCH(int, side);
  QFETCH(QString, photo);
  if (!photo.isEmpty() && !probe::haveOpenCv()) QSKIP("no OpenCV to decode the photo");
  const probe::FusedAgreement a = probe::fusedReferenceAgreement(
      photo.isEmpty() ? noise(width, height, padding, 7) : probe::photoPixels(photo.toStdString()),
      settings(side, crop));
  const QString text = QString("raw vs ATen %1, rounded vs CPU %2 (fraction off %3)")
                           .arg(a.rawVsAtenFloat)
                           .arg(a.roundedVsCpu)
                           .arg(a.fractionOffCpu);
  qInfo("%s", qPrintable(text));
  QVERIFY2(a.rawVsAtenFloat >= 0 && a.rawVsAtenFloat < 1e-3, qPrintable(text));
  QVERIFY2(a.roundedVsCpu <= 1.0 + 1e-4, qPrintable(text));
  QVERIFY2(a.fractionOffCpu < 0.25, qPrintable(text));
}

void TestPreprocess::cudaMatchesCpu_data() {
  QTest::addColumn<bool>("fused");
  QTest::newRow("fused kernel") << true;
  QTest::newRow("ATen operators") << false;
}

void TestPreprocess::cudaMatchesCpu() {
  QFETCH(bool, fused);
  if (!probe::haveCuda() || !probe::haveOpenCv()) QSKIP("no CUDA device (or no OpenCV)");
  const probe::DeviceDifference diff = probe::cudaCpuDifference(
      photo("cat_720p.jpg").toStdString(), settings(224, CropMode::CenterSquare), fused);
  const QString text = QString("max %1, fraction off %2").arg(diff.max).arg(diff.fractionOff);
  // At most one level apart ((x − offset) / divisor: 1/divisor): float against 8-bit fixed
  // point, as fusedKernelArithmetic measures on the CPU (about 10% of the values of this photo).
  QVERIFY2(diff.max <= 1.0 / 128 + 1e-4, qPrintable(text));
  QVERIFY2(diff.fractionOff >= 0 && diff.fractionOff < 0.25, qPrintable(text));
}

void TestPreprocess::cudaFusedMatchesAten() {
  if (!probe::haveCuda() || !probe::haveOpenCv()) QSKIP("no CUDA device (or no OpenCV)");
  const probe::DeviceDifference diff = probe::cudaFusedAtenDifference(
      photo("cat_720p.jpg").toStdString(), settings(224, CropMode::CenterSquare));
  const QString text = QString("max %1, fraction off %2").arg(diff.max).arg(diff.fractionOff);
  // The same float arithmetic in another order: only a value within float error of a half
  // level may round the other way.
  QVERIFY2(diff.max <= 1.0 / 128 + 1e-4, qPrintable(text));
  QVERIFY2(diff.fractionOff >= 0 && diff.fractionOff < 1e-3, qPrintable(text));
}

QTEST_APPLESS_MAIN(TestPreprocess)
#include "tst_preprocess.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// mnl::preprocess: exact values on tiny synthetic images (crop, channel order, scaling, bilinear
// weights), and agreement with OpenCV's INTER_LINEAR resize on real photos.
// Built with QT_NO_KEYWORDS (Q_SLOTS), so it includes torch and asserts on tensors directly.
#include <QtTest>
#include <torch/torch.h>

#include <random>
#include <stdexcept>

#include "mnl/crop_rect.h"
#include "mnl/preprocess.h"

#ifdef MNL_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
constexpr bool kHaveOpenCv = true;
#else
constexpr bool kHaveOpenCv = false;
#endif

using namespace mnl;

Q_DECLARE_METATYPE(mnl::CropMode)

namespace {

// BGR bytes, rows of `stride` bytes, and the view of them that preprocess reads.
struct BgrPixels {
  std::vector<std::uint8_t> bytes;
  int width = 0;
  int height = 0;
  std::ptrdiff_t stride = 0;

  BgrImageView view() const {
    return {bytes.empty() ? nullptr : bytes.data(), width, height, stride};
  }
};

// Packs BGR triples row by row; `padding` junk bytes (0xEE) end each row, as in a cv::Mat ROI.
BgrPixels image(int width, int height, const QList<int>& bgr, int padding = 0) {
  BgrPixels pixels;
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
BgrPixels noise(int width, int height, int padding, unsigned seed) {
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

#ifdef MNL_HAVE_OPENCV
// A photo decoded by OpenCV, optionally shrunk first (INTER_AREA) to `shrinkTo` pixels wide.
cv::Mat decode(const QString& photo, int shrinkTo = 0) {
  cv::Mat bgr = cv::imread(photo.toStdString(), cv::IMREAD_COLOR);
  if (bgr.empty()) throw std::runtime_error("cannot decode " + photo.toStdString());
  if (shrinkTo > 0) {
    cv::Mat small;
    cv::resize(bgr, small, {shrinkTo, bgr.rows * shrinkTo / bgr.cols}, 0, 0, cv::INTER_AREA);
    bgr = small;
  }
  return bgr;
}

BgrImageView matView(const cv::Mat& bgr) {
  return {bgr.data, bgr.cols, bgr.rows, static_cast<std::ptrdiff_t>(bgr.step[0])};
}
#endif

// A photo as BGR pixels (none without OpenCV: the tests that need one skip).
BgrPixels photoPixels(const QString& photo) {
  BgrPixels pixels;
#ifdef MNL_HAVE_OPENCV
  const cv::Mat bgr = decode(photo);
  pixels.width = bgr.cols;
  pixels.height = bgr.rows;
  pixels.stride = static_cast<std::ptrdiff_t>(bgr.step[0]);
  pixels.bytes.assign(bgr.data, bgr.data + bgr.step[0] * bgr.rows);
#else
  (void)photo;
#endif
  return pixels;
}

double maxOf(const torch::Tensor& t) { return t.max().item<double>(); }

// The fraction of the values of `t` above `threshold`.
double fractionAbove(const torch::Tensor& t, double threshold) {
  return (t > threshold).to(torch::kDouble).mean().item<double>();
}

}  // namespace

class TestPreprocess : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void cropRect_data();
  void cropRect();
  void exactValues_data();
  void exactValues();
  void constantStaysConstant_data();
  void constantStaysConstant();
  void batchMatchesSingles();
  void perChannelScaling();
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
  const BgrPixels pixels = image(width, height, bgr, padding);
  const torch::Tensor out = preprocess(pixels.view(), settings(size, crop, offset, divisor));
  QCOMPARE(out.sizes().vec(), (std::vector<std::int64_t>{1, 3, size, size}));
  QVERIFY(out.device().is_cpu());
  const torch::Tensor values = out.flatten();
  QCOMPARE(values.numel(), expected.size());
  for (qsizetype i = 0; i < expected.size(); ++i) {
    const float value = values[i].item<float>();
    QVERIFY2(qFuzzyCompare(1.0f + value, 1.0f + float(expected[i])),
             qPrintable(QString("value %1: %2, expected %3").arg(i).arg(value).arg(expected[i])));
  }
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
  const torch::Tensor out = preprocess(image(width, height, bgr).view(), settings(size, crop, 0, 1));
  QCOMPARE(out.sizes().vec(), (std::vector<std::int64_t>{1, 3, size, size}));
  // R, G, B planes, each its channel's level everywhere (to QCOMPARE's float tolerance).
  const auto constant = [&](int channel, float level) {
    return torch::allclose(out[0][channel], torch::full({size, size}, level), 1e-5, 0);
  };
  QVERIFY(constant(0, 30.0f));
  QVERIFY(constant(1, 20.0f));
  QVERIFY(constant(2, 10.0f));
}

void TestPreprocess::batchMatchesSingles() {
  const BgrPixels card = image(4, 2, card4x2(), 3);
  QList<int> grey;
  for (int i = 0; i < 6 * 6; ++i) grey << i * 7 % 256 << i * 5 % 256 << i * 3 % 256;
  const BgrPixels other = image(6, 6, grey);
  const Preprocessing p = settings(3, CropMode::CenterSquare);

  const torch::Tensor batch = preprocessBatch({card.view(), other.view()}, p);
  QCOMPARE(batch.sizes().vec(), (std::vector<std::int64_t>{2, 3, 3, 3}));
  QVERIFY(torch::equal(batch[0], preprocess(card.view(), p)[0]));
  QVERIFY(torch::equal(batch[1], preprocess(other.view(), p)[0]));
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
  BgrPixels pixels;
  pixels.width = width;
  pixels.height = height;
  pixels.stride = stride;
  pixels.bytes.assign(std::size_t(stride) * std::max(height, 0), 0);
  QString error;
  try {
    preprocess(pixels.view(), settings(size, CropMode::CenterSquare));
  } catch (const std::invalid_argument& e) {
    error = e.what();
  }
  QCOMPARE(error, message);
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
#ifndef MNL_HAVE_OPENCV
  QSKIP("built without OpenCV");
#else
  QFETCH(QString, photo);
  QFETCH(int, size);
  QFETCH(CropMode, crop);
  QFETCH(int, shrinkTo);
  const Preprocessing p = settings(size, crop);
  const cv::Mat bgr = decode(photo, shrinkTo);  // small enough that the network's resize enlarges
  // The classic OpenCV pipeline: crop, cv::resize INTER_LINEAR, BGR → RGB, the same scaling.
  const CropRect r = mnl::cropRect(bgr.cols, bgr.rows, crop);
  cv::Mat reference;
  cv::resize(bgr(cv::Rect(r.x, r.y, r.width, r.height)), reference, {size, size}, 0, 0,
             cv::INTER_LINEAR);
  cv::cvtColor(reference, reference, cv::COLOR_BGR2RGB);
  reference.convertTo(reference, CV_32FC3, 1.0 / p.scaling.divisor[0],
                      -p.scaling.offset[0] / p.scaling.divisor[0]);

  const torch::Tensor ours = preprocess(matView(bgr), p);
  const torch::Tensor theirs =
      torch::from_blob(reference.data, {1, size, size, 3}, torch::kFloat).permute({0, 3, 1, 2});
  // In grey levels (0…255): one level is 1/divisor after the scaling.
  const torch::Tensor diff = (ours - theirs).abs() * p.scaling.divisor[0];
  QCOMPARE(diff.numel(), std::int64_t{3} * size * size);
  const double meanAbs = diff.mean().item<double>(), maxAbs = maxOf(diff);
  qInfo("%s: mean |diff| %.4f, max %.4f grey levels", qPrintable(photo), meanAbs, maxAbs);
  QVERIFY2(meanAbs < 1.0, qPrintable(QString::number(meanAbs)));  // 1/255 of the range
  QVERIFY2(maxAbs <= 1.0, qPrintable(QString::number(maxAbs)));
#endif
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
  if (!photo.isEmpty() && !kHaveOpenCv) QSKIP("no OpenCV to decode the photo");
  const BgrPixels pixels = photo.isEmpty() ? noise(width, height, padding, 7) : photoPixels(photo);
  const Preprocessing p = settings(side, crop);
  namespace F = torch::nn::functional;
  // In grey levels (0…255), where rounding is judged.
  const auto levels = [&](const torch::Tensor& scaled) {
    return scaled * p.scaling.divisor[0] + p.scaling.offset[0];
  };
  // ATen's float antialiased resize of the crop, in RGB order, not rounded.
  const CropRect r = mnl::cropRect(pixels.width, pixels.height, crop);
  const torch::Tensor cropped =
      torch::from_blob(const_cast<std::uint8_t*>(pixels.bytes.data()) + r.y * pixels.stride + 3 * r.x,
                       {r.height, r.width, 3}, {pixels.stride, 3, 1}, torch::kUInt8)
          .flip(2)
          .permute({2, 0, 1})
          .unsqueeze(0)
          .to(torch::kFloat);
  const torch::Tensor aten = F::interpolate(cropped, F::InterpolateFuncOptions()
                                                         .size(std::vector<int64_t>{side, side})
                                                         .mode(torch::kBilinear)
                                                         .align_corners(false)
                                                         .antialias(true));
  const torch::Tensor raw = levels(fusedPreprocessReference(pixels.view(), p, /*round=*/false));
  const torch::Tensor rounded = levels(fusedPreprocessReference(pixels.view(), p));
  const torch::Tensor cpu = levels(preprocess(pixels.view(), p));  // 8-bit fixed point

  const double rawVsAten = maxOf((raw - aten).abs());
  const double roundedVsCpu = maxOf((rounded - cpu).abs());
  const double fractionOffCpu = fractionAbove((rounded - cpu).abs(), 1e-3);
  const QString text = QString("raw vs ATen %1, rounded vs CPU %2 (fraction off %3)")
                           .arg(rawVsAten)
                           .arg(roundedVsCpu)
                           .arg(fractionOffCpu);
  qInfo("%s", qPrintable(text));
  QVERIFY2(rawVsAten < 1e-3, qPrintable(text));
  QVERIFY2(roundedVsCpu <= 1.0 + 1e-4, qPrintable(text));
  QVERIFY2(fractionOffCpu < 0.25, qPrintable(text));
}

void TestPreprocess::cudaMatchesCpu_data() {
  QTest::addColumn<bool>("fused");
  QTest::newRow("fused kernel") << true;
  QTest::newRow("ATen operators") << false;
}

void TestPreprocess::cudaMatchesCpu() {
  QFETCH(bool, fused);
  if (!torch::cuda::is_available() || !kHaveOpenCv) QSKIP("no CUDA device (or no OpenCV)");
  const BgrPixels cat = photoPixels(photo("cat_720p.jpg"));
  const Preprocessing p = settings(224, CropMode::CenterSquare);
  const torch::Tensor cpu = preprocess(cat.view(), p);
  const torch::Tensor cuda =
      preprocess(cat.view(), p, torch::kCUDA, fused ? GpuPreprocessing::Fused : GpuPreprocessing::Aten);
  const torch::Tensor diff = (cpu - cuda.cpu()).abs();
  const double max = maxOf(diff), fractionOff = fractionAbove(diff, 1e-4);
  const QString text = QString("max %1, fraction off %2").arg(max).arg(fractionOff);
  // At most one level apart ((x − offset) / divisor: 1/divisor): float against 8-bit fixed
  // point, as fusedKernelArithmetic measures on the CPU (about 10% of the values of this photo).
  QVERIFY2(max <= 1.0 / 128 + 1e-4, qPrintable(text));
  QVERIFY2(fractionOff < 0.25, qPrintable(text));
}

void TestPreprocess::cudaFusedMatchesAten() {
  if (!torch::cuda::is_available() || !kHaveOpenCv) QSKIP("no CUDA device (or no OpenCV)");
  const BgrPixels cat = photoPixels(photo("cat_720p.jpg"));
  const Preprocessing p = settings(224, CropMode::CenterSquare);
  const torch::Tensor fused = preprocess(cat.view(), p, torch::kCUDA, GpuPreprocessing::Fused);
  const torch::Tensor aten = preprocess(cat.view(), p, torch::kCUDA, GpuPreprocessing::Aten);
  const torch::Tensor diff = (fused - aten).abs().cpu();
  const double max = maxOf(diff), fractionOff = fractionAbove(diff, 1e-4);
  const QString text = QString("max %1, fraction off %2").arg(max).arg(fractionOff);
  // The same float arithmetic in another order: only a value within float error of a half
  // level may round the other way.
  QVERIFY2(max <= 1.0 / 128 + 1e-4, qPrintable(text));
  QVERIFY2(fractionOff < 1e-3, qPrintable(text));
}

// torchvision's normalisation (PyTorch checkpoints): each channel its own offset and divisor,
// (x/255 − mean) / std, on the network's RGB order (the image is BGR).
void TestPreprocess::perChannelScaling() {
  // B = 10, G = 130, R = 250 everywhere.
  QList<int> bgr;
  for (int i = 0; i < 6 * 5; ++i) bgr << 10 << 130 << 250;
  const BgrPixels pixels = image(6, 5, bgr);
  Preprocessing p;
  p.inputSize = 4;
  p.crop = CropMode::FullFrame;
  p.scaling = kImageNetScaling;
  const torch::Tensor out = preprocess(pixels.view(), p);
  const double expected[3] = {(250 / 255.0 - 0.485) / 0.229, (130 / 255.0 - 0.456) / 0.224,
                              (10 / 255.0 - 0.406) / 0.225};
  for (int c = 0; c < 3; ++c) {
    QCOMPARE(out[0][c].min().item<double>(), out[0][c].max().item<double>());
    QVERIFY(std::abs(out[0][c][0][0].item<double>() - expected[c]) < 1e-5);
  }
  QCOMPARE(describeScaling(p.scaling), std::string("ImageNet mean/std"));
  QCOMPARE(describeScaling(InputScaling{128, 128}), std::string("(x - 128) / 128"));
}

QTEST_APPLESS_MAIN(TestPreprocess)
#include "tst_preprocess.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
// How a channel's weights are coded in the reduced formats (weight_coding.h).
// int8WeightScale: weights an 8-bit file gave (TFLite's uint8 codes, any zero point) keep their
// grid and are coded exactly; weights that need more than 127 codes on it, or lie on no grid
// (float training), get largest / 127. int8CodingShift: what that rounding moves a channel's
// expected output by, which the bias takes back. bf16WeightScale: the same grid kept with codes
// up to 256 (each a bf16), else 1: the weights themselves.
#include <QtTest>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "mnl/weight_coding.h"

using namespace mnl;

class TestWeightCoding : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void scaleOfAChannel_data();
  void scaleOfAChannel();
  void bf16ScaleOfAChannel_data();
  void bf16ScaleOfAChannel();
  void roundsToBf16_data();
  void roundsToBf16();
  void bf16CodingShift();
  void codesAnInt8Layer();
  void codesABf16Layer();
  void layerSizesMustFit();
  void codingShift_data();
  void codingShift();
  void codingShiftNeedsSizesThatDivide();
};

namespace {
// Weights as a TFLite file's dequantisation makes them, in float32: scale × (code − zero point).
std::vector<float> fromCodes(float scale, int zeroPoint, const std::vector<int>& codes) {
  std::vector<float> values;
  for (int code : codes) values.push_back(scale * float(code - zeroPoint));
  return values;
}

std::vector<int> codeRange(int first, int last) {
  std::vector<int> codes;
  for (int c = first; c <= last; c += 7) codes.push_back(c);
  codes.push_back(last);
  return codes;
}
}  // namespace

void TestWeightCoding::scaleOfAChannel_data() {
  QTest::addColumn<std::vector<float>>("weights");
  QTest::addColumn<double>("expected");
  QTest::addColumn<bool>("exact");  // every weight a whole number of that scale
  // The bundled 1.0/224 pw13's tensor scale and zero point, one channel's codes in reach.
  QTest::newRow("uint8 codes, zero point 95") << fromCodes(0.018048152f, 95, codeRange(1, 222))
                                              << 0.018048152 << true;
  // dw1 of the bundled 0.25/128 (zero point 204): a channel whose codes stay within 127 of it.
  QTest::newRow("zero point 204, codes 80 to 255")
      << fromCodes(0.08940034f, 204, codeRange(80, 255)) << 0.08940034 << true;
  // Its codes 0…255 need 204 steps below zero: the grid cannot be kept in s8.
  QTest::newRow("zero point 204, codes 0 to 255")
      << fromCodes(0.08940034f, 204, codeRange(0, 255)) << 0.08940034 * 204 / 127 << false;
  // Nine depthwise weights that happen to use only even codes: every one a whole number of
  // twice the file's step, which codes them exactly with room to spare.
  QTest::newRow("even codes only")
      << fromCodes(0.05f, 0, {-40, -20, 2, 6, 10, 12, 30, 44, -8}) << 0.1 << true;
  std::mt19937 random(7);
  std::normal_distribution<float> normal(0.f, 0.05f);
  std::vector<float> trained(288);
  for (float& w : trained) w = normal(random);
  float largest = 0;
  for (float w : trained) largest = std::max(largest, std::abs(w));
  QTest::newRow("float training, no grid") << trained << double(largest) / 127 << false;
  QTest::newRow("one weight: its own step") << std::vector<float>{-0.3f} << 0.3 << true;
  QTest::newRow("all zero") << std::vector<float>(9, 0.f) << 1.0 << false;
}

void TestWeightCoding::scaleOfAChannel() {
  QFETCH(std::vector<float>, weights);
  QFETCH(double, expected);
  QFETCH(bool, exact);
  const double scale = int8WeightScale(weights.data(), weights.size());
  QVERIFY2(std::abs(scale - expected) < 1e-6 * expected,
           qPrintable(QString("%1, expected %2").arg(scale, 0, 'g', 9).arg(expected, 0, 'g', 9)));
  double worst = 0;
  for (float w : weights) {
    QVERIFY(std::abs(w / scale) <= 127 + 1e-3);
    worst = std::max(worst, std::abs(w / scale - std::round(w / scale)));
  }
  if (exact) QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
}

void TestWeightCoding::bf16ScaleOfAChannel_data() {
  QTest::addColumn<std::vector<float>>("weights");
  QTest::addColumn<double>("expected");
  QTest::newRow("uint8 codes, zero point 95") << fromCodes(0.018048152f, 95, codeRange(1, 222))
                                              << 0.018048152;
  // Past int8's reach (204 steps below zero), within bf16's.
  QTest::newRow("zero point 204, codes 0 to 255")
      << fromCodes(0.08940034f, 204, codeRange(0, 255)) << 0.08940034;
  // 300 steps: whole numbers past 256 are not all bf16s.
  QTest::newRow("codes 0 to 300") << fromCodes(0.01f, 0, codeRange(0, 300)) << 1.0;
  std::mt19937 random(7);
  std::normal_distribution<float> normal(0.f, 0.05f);
  std::vector<float> trained(288);
  for (float& w : trained) w = normal(random);
  QTest::newRow("float training, no grid") << trained << 1.0;
  QTest::newRow("all zero") << std::vector<float>(9, 0.f) << 1.0;
}

// The codes bf16 stores (weight / scale) are exact: bf16's 8 significant bits hold them.
void TestWeightCoding::bf16ScaleOfAChannel() {
  QFETCH(std::vector<float>, weights);
  QFETCH(double, expected);
  const double scale = bf16WeightScale(weights.data(), weights.size());
  // The step comes from differences of float32 weights: off by their rounding (~1e-6).
  QVERIFY2(std::abs(scale - expected) < 1e-5 * expected,
           qPrintable(QString("%1, expected %2").arg(scale, 0, 'g', 9).arg(expected, 0, 'g', 9)));
  if (scale == 1) return;
  for (float w : weights) {
    const double code = w / scale;
    QVERIFY(std::abs(code) <= 256 + 1e-3);
    QVERIFY2(std::abs(code - std::round(code)) < 1e-3, qPrintable(QString::number(code)));
  }
}

// bf16 keeps 8 significant bits (7 stored): near 1 its step is 2^-7, from 256 to 512 it is 2.
// Halfway between two, the one whose last bit is 0 wins (what oneDNN's reorders do).
void TestWeightCoding::roundsToBf16_data() {
  QTest::addColumn<float>("value");
  QTest::addColumn<float>("expected");
  QTest::newRow("1 is a bf16") << 1.f << 1.f;
  QTest::newRow("whole numbers up to 256") << 203.f << 203.f;
  QTest::newRow("a little above 1: down") << 1.003f << 1.f;
  QTest::newRow("a little below 1 + 2^-7: up") << 1.007f << 1.0078125f;
  QTest::newRow("halfway, to the even 1") << 1.00390625f << 1.f;              // 1 + 2^-8
  QTest::newRow("halfway, to the even 1 + 2^-6") << 1.01171875f << 1.015625f;  // 1 + 3·2^-8
  QTest::newRow("257: halfway, to the even 256") << 257.f << 256.f;
  QTest::newRow("259: halfway, to the even 260") << 259.f << 260.f;
  QTest::newRow("negative") << -1.007f << -1.0078125f;
  QTest::newRow("zero") << 0.f << 0.f;
}

void TestWeightCoding::roundsToBf16() {
  QFETCH(float, value);
  QFETCH(float, expected);
  QCOMPARE(roundToBf16(value), expected);
}

// On its grid a channel loses nothing (every code a bf16); off it, each weight's rounding times
// the mean of the input it multiplies.
void TestWeightCoding::bf16CodingShift() {
  const std::vector<float> onGrid = fromCodes(0.08940034f, 204, codeRange(0, 255));
  const float step = bf16WeightScale(onGrid.data(), onGrid.size());
  // (The step, found from float32 differences, is off by about 1e-6 of itself: so are codes.)
  const std::vector<float> threes(onGrid.size(), 3.f);
  const double kept = std::abs(mnl::bf16CodingShift(onGrid, step, threes));
  const double rounded = std::abs(mnl::bf16CodingShift(onGrid, 1.f, threes));  // no grid kept
  QVERIFY2(kept < 1e-3 && rounded > 10 * kept,
           qPrintable(QString("%1 on the grid, %2 rounded").arg(kept).arg(rounded)));
  // 1.003 → 1 (off by 0.003), 3 exact, 1.007 → 1.0078125 (off by −0.0008125); scale 1.
  const std::vector<float> trained{1.003f, 3.f, 1.007f};
  const double expected = 0.003 * 2 + 0 * 5 + (1.007 - 1.0078125) * 4;
  const std::vector<float> means{2.f, 5.f, 4.f}, one{2.f}, two{1.f, 2.f};
  QVERIFY(std::abs(mnl::bf16CodingShift(trained, 1.f, means) - expected) < 1e-6);
  // A depthwise channel: one mean for its three weights.
  QVERIFY(std::abs(mnl::bf16CodingShift(trained, 1.f, one) - 2 * (0.003 - 0.0008125)) < 1e-6);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, mnl::bf16CodingShift(trained, 1.f, two));
}

// A pointwise layer of two output channels over two inputs, int8: channel 0 on a grid of 1
// (codes 1 and −2), channel 1 on none (largest 1.27 → step 0.01, 0.333 → 33, off by 0.003).
// The bias goes to units of the int32 sum; the output scale takes that sum to u8 codes.
void TestWeightCoding::codesAnInt8Layer() {
  const std::vector<float> weights{1.f, -2.f, 1.27f, 0.333f}, bias{0.5f, 0.1f}, means{2.f, 10.f};
  const float inScale = 6.f / 255, outScale = 3.f / 255;
  const Int8Coding plain = codeInt8(weights, bias, false, inScale, outScale, {});
  QCOMPARE(plain.codes, (std::vector<std::int8_t>{1, -2, 127, 33}));
  QVERIFY(std::abs(plain.bias[0] - 0.5 / inScale) < 1e-4);
  QVERIFY(std::abs(plain.bias[1] - 0.1 / (inScale * 0.01)) < 1e-3);
  QVERIFY(std::abs(plain.outputScales[0] - inScale / outScale) < 1e-6);
  QVERIFY(std::abs(plain.outputScales[1] - inScale * 0.01 / outScale) < 1e-6);
  // With the inputs' means: channel 1's rounding, 0.003 × 10, comes back into its bias.
  const Int8Coding corrected = codeInt8(weights, bias, false, inScale, outScale, means);
  QCOMPARE(corrected.codes, plain.codes);
  QVERIFY(std::abs(corrected.bias[0] - plain.bias[0]) < 1e-4);
  QVERIFY(std::abs(corrected.bias[1] - (0.1 + 0.003 * 10) / (inScale * 0.01)) < 1e-2);
}

// bf16: a layer whose channels lie on one grid goes as whole codes with that one step, applied
// after the sum, and its biases divided by it; channels on grids of their own keep a step each;
// a float-trained layer goes as it is, its rounding taken off the bias where the means are
// given (a depthwise layer: one mean per channel).
void TestWeightCoding::codesABf16Layer() {
  const std::vector<float> onGrid = fromCodes(0.25f, 0, {-40, -20, 2, 6, 10, 12, 30, 44, -8, 3});
  const std::vector<float> bias{1.f, 2.f};
  // Channel 0's codes are all even (its own step would be 0.5): one step still serves both.
  const Bf16Coding coded = codeBf16(onGrid, bias, false, {});
  QCOMPARE(coded.scales, (std::vector<float>{0.25f}));
  QCOMPARE(coded.codes, (std::vector<float>{-40, -20, 2, 6, 10, 12, 30, 44, -8, 3}));
  QCOMPARE(coded.bias, (std::vector<float>{4.f, 8.f}));
  // Steps of 0.5 and 0.3: the first is no whole number of the second, so one each.
  std::vector<float> twoGrids = fromCodes(0.25f, 0, {-40, -20, 2, 6, 10});
  for (const float code : {12.f, 30.f, 44.f, -8.f, 3.f}) twoGrids.push_back(code * 0.3f);
  const Bf16Coding perChannel = codeBf16(twoGrids, bias, false, {});
  QCOMPARE(perChannel.scales, (std::vector<float>{0.5f, 0.3f}));
  for (std::size_t i = 0; i < perChannel.codes.size(); ++i)
    QCOMPARE(perChannel.codes[i], std::round(perChannel.codes[i]));
  QCOMPARE(perChannel.bias, (std::vector<float>{2.f, 2.f / 0.3f}));
  // 256 steps is the most bf16 holds whole: at 300 the layer goes per channel.
  const std::vector<float> wide = fromCodes(0.25f, 0, {300, 2, 4, 6, 8, 1, 3, 5, 7, 9});
  QCOMPARE(codeBf16(wide, bias, false, {}).scales.size(), std::size_t(2));
  const std::vector<float> trained{1.003f, 3.f, 1.007f, 0.5f}, means{2.f, 4.f};
  const Bf16Coding asItIs = codeBf16(trained, bias, true, {});
  QVERIFY(asItIs.codes.empty() && asItIs.scales.empty());
  QCOMPARE(asItIs.bias, bias);
  const Bf16Coding corrected = codeBf16(trained, bias, true, means);
  QVERIFY(std::abs(corrected.bias[0] - (1 + 2 * 0.003)) < 1e-6);
  QVERIFY(std::abs(corrected.bias[1] - (2 + 4 * (1.007 - 1.0078125))) < 1e-6);
}

void TestWeightCoding::layerSizesMustFit() {
  const std::vector<float> weights(6, 0.1f), two(2, 0.f), four(4, 0.f), three(3, 0.f);
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, codeInt8(weights, four, false, 1, 1, {}));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, codeBf16(weights, four, false, {}));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, codeBf16(weights, {}, false, {}));
  // A depthwise layer's means: one per channel.
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, codeBf16(weights, two, true, three));
  QVERIFY_THROWS_NO_EXCEPTION(codeBf16(weights, two, true, two));
  QVERIFY_THROWS_NO_EXCEPTION(codeInt8(weights, three, false, 1, 1, two));
}

// Four weights coded at a step of 0.25: 0.5 → 2 (exact), −0.26 → −1 (off by −0.01),
// 0.1 → 0 (0.1), 0.9 → 4 (−0.1).
void TestWeightCoding::codingShift_data() {
  QTest::addColumn<std::vector<float>>("means");
  QTest::addColumn<double>("expected");
  // A pointwise layer's channel: each weight multiplies an input channel of its own.
  QTest::newRow("one mean per weight") << std::vector<float>{1, 2, 3, 4} << -0.02 + 0.3 - 0.4;
  // A 2 × 1 kernel over two input channels: each mean is shared by a pair of weights.
  QTest::newRow("one mean per two weights") << std::vector<float>{1, 2} << -0.01 + 0.0;
  // A depthwise channel: one input channel under its whole kernel.
  QTest::newRow("one mean for all") << std::vector<float>{2} << 2 * (-0.01 + 0.1 - 0.1);
  QTest::newRow("inputs that are all zero") << std::vector<float>{0, 0, 0, 0} << 0.0;
}

void TestWeightCoding::codingShift() {
  QFETCH(std::vector<float>, means);
  QFETCH(double, expected);
  const std::vector<float> weights{0.5f, -0.26f, 0.1f, 0.9f};
  const std::vector<std::int8_t> codes{2, -1, 0, 4};
  QVERIFY(std::abs(int8CodingShift(weights, codes, 0.25f, means) - expected) < 1e-6);
}

void TestWeightCoding::codingShiftNeedsSizesThatDivide() {
  const std::vector<float> weights(6, 0.1f), three(3, 1.f), four(4, 1.f);
  const std::vector<std::int8_t> codes(6, 1), fewer(5, 1);
  QVERIFY_THROWS_NO_EXCEPTION(int8CodingShift(weights, codes, 0.1f, three));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, int8CodingShift(weights, codes, 0.1f, four));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, int8CodingShift(weights, fewer, 0.1f, three));
  QVERIFY_THROWS_EXCEPTION(std::invalid_argument, int8CodingShift(weights, codes, 0.1f, {}));
}

QTEST_GUILESS_MAIN(TestWeightCoding)
#include "tst_weight_coding.moc"

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One output pixel of the network's input, from the crop's 8-bit BGR bytes: the antialiased
// bilinear resize ATen does for interpolate(mode=bilinear, align_corners=false,
// antialias=true) (PIL's triangle filter, as wide as the scale when shrinking), rounded to a
// whole level as the CPU path is, then scaled. Plain C++ that nvcc also compiles for the GPU:
// the CUDA kernel calls it once per output pixel, and the CPU reference the tests check against
// ATen is the same code.
// No torch, no CUDA headers: included by a .cu file and by ordinary C++.

#include <math.h>  // fabsf, rintf: the names nvcc and g++ both know
#include <cstddef>
#include <cstdint>

#if defined(__CUDACC__)
#define MNL_HOST_DEVICE __host__ __device__
#else
#define MNL_HOST_DEVICE
#endif

namespace mnl::fused {

// The source pixels an output coordinate reads along one axis, with ATen's weights
// (aten/src/ATen/native/UpSample.h, the antialiased "aa" weights): centre scale·(i + ½),
// support max(scale, 1), triangle filter squeezed by the scale when shrinking.
struct AxisTaps {
  int first = 0;    // first source index
  int count = 0;    // source indices first … first + count − 1
  float center = 0;
  float inverseScale = 1;
  float total = 0;  // sum of the weights, which normalises them

  MNL_HOST_DEVICE static float triangle(float x) {
    x = fabsf(x);
    return x < 1.0f ? 1.0f - x : 0.0f;
  }
  MNL_HOST_DEVICE float weight(int k) const {  // unnormalised, k in [0, count)
    return triangle((static_cast<float>(k + first) - center + 0.5f) * inverseScale);
  }
  MNL_HOST_DEVICE static AxisTaps of(int out, int inSize, int outSize) {
    AxisTaps t;
    const float scale = static_cast<float>(inSize) / static_cast<float>(outSize);
    const float support = scale >= 1.0f ? scale : 1.0f;
    t.center = scale * (static_cast<float>(out) + 0.5f);
    t.inverseScale = scale >= 1.0f ? 1.0f / scale : 1.0f;
    const int low = static_cast<int>(t.center - support + 0.5f);
    const int high = static_cast<int>(t.center + support + 0.5f);
    t.first = low > 0 ? low : 0;
    t.count = (high < inSize ? high : inSize) - t.first;
    for (int k = 0; k < t.count; ++k) t.total += t.weight(k);
    return t;
  }
};

struct Geometry {
  const std::uint8_t* crop = nullptr;  // the crop's first byte: pixel (0, 0), channel B
  int width = 0, height = 0;           // the crop's size
  std::ptrdiff_t rowStride = 0;        // bytes from one crop row to the next
  int side = 0;                        // output side
  float offset[3] = {0, 0, 0};         // value = (level − offset[c]) / divisor[c], RGB order
  float divisor[3] = {1, 1, 1};
  bool round = true;                   // round to whole levels (false: the raw filter, for tests)
};

// Writes output pixel (x, y): R, G, B to out[0], out[planeStride], out[2 · planeStride].
MNL_HOST_DEVICE inline void outputPixel(const Geometry& g, int x, int y, float* out,
                                        std::ptrdiff_t planeStride) {
  const AxisTaps tx = AxisTaps::of(x, g.width, g.side);
  const AxisTaps ty = AxisTaps::of(y, g.height, g.side);
  float b = 0, gr = 0, r = 0;
  for (int j = 0; j < ty.count; ++j) {
    const std::uint8_t* row = g.crop + static_cast<std::ptrdiff_t>(ty.first + j) * g.rowStride;
    float rb = 0, rg = 0, rr = 0;
    for (int i = 0; i < tx.count; ++i) {
      const std::uint8_t* p = row + 3 * (tx.first + i);
      const float w = tx.weight(i);
      rb += w * p[0];
      rg += w * p[1];
      rr += w * p[2];
    }
    const float w = ty.weight(j);
    b += w * rb;
    gr += w * rg;
    r += w * rr;
  }
  const float norm = 1.0f / (tx.total * ty.total);
  const float levels[3] = {r * norm, gr * norm, b * norm};
  for (int c = 0; c < 3; ++c) {
    // rintf rounds half to even, as torch.round does on the CPU path.
    const float level = g.round ? rintf(levels[c]) : levels[c];
    out[c * planeStride] = (level - g.offset[c]) / g.divisor[c];
  }
}

}  // namespace mnl::fused

// SPDX-License-Identifier: GPL-3.0-or-later
#include "fused_preprocess_kernel.h"

#include <cuda_runtime.h>

namespace mnl::fused {
namespace {

// One thread per output pixel. Neighbouring threads read neighbouring source columns, and the
// source rows a block touches stay in L1/L2: a 720×720 crop is 1.5 MB.
__global__ void preprocessKernel(Geometry geometry, float* out) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x;
  const int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= geometry.side || y >= geometry.side) return;
  const std::ptrdiff_t plane = static_cast<std::ptrdiff_t>(geometry.side) * geometry.side;
  outputPixel(geometry, x, y, out + static_cast<std::ptrdiff_t>(y) * geometry.side + x, plane);
}

}  // namespace

int launchPreprocess(const Geometry& geometry, float* out, CUstream_st* stream) {
  (void)cudaGetLastError();  // an earlier, unrelated error must not be reported as this launch's
  const dim3 block(32, 8);
  const dim3 grid((geometry.side + block.x - 1) / block.x, (geometry.side + block.y - 1) / block.y);
  preprocessKernel<<<grid, block, 0, stream>>>(geometry, out);
  return static_cast<int>(cudaGetLastError());
}

}  // namespace mnl::fused

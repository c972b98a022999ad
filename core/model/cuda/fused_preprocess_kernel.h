// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The fused preprocessing kernel's launcher: crop bytes on the GPU in, the network's float
// input out, in one kernel (ATen takes about eight: a copy per channel plane, two resize passes,
// a rounding and two arithmetic steps). Defined in fused_preprocess_kernel.cu; part of the CUDA
// back end (libmnl-cuda.so). No torch and no CUDA headers.

#include "mnl/fused_preprocess_filter.h"

struct CUstream_st;  // what cudaStream_t points to

namespace mnl::fused {

// Writes float [3, side, side] (R, G, B planes) to `out`, all on the GPU, queued on `stream`.
// Returns the launch's cudaError_t as an int (0: queued).
int launchPreprocess(const Geometry& geometry, float* out, CUstream_st* stream);

}  // namespace mnl::fused

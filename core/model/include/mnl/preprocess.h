// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// From a decoded camera or file frame to the tensor the network takes: BGR → RGB, crop, bilinear
// resize, scale. Runs on every video frame, so it reads the caller's pixels in place; on the CPU
// the full-size image is touched only by the resize, which reads the bytes themselves.
// Torch header: a translation unit that also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <torch/types.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "mnl/crop_rect.h"
#include "mnl/frame.h"
#include "mnl/input_convention.h"

namespace mnl {

// 8-bit BGR pixels owned by someone else (a cv::Mat, an mnl::Frame): pixel (x, y) channel c is
// data[y * stride + 3 * x + c]. Must stay valid until preprocess() returns.
struct BgrImageView {
  const std::uint8_t* data = nullptr;
  int width = 0;
  int height = 0;
  std::ptrdiff_t stride = 0;  // bytes from one row to the next, ≥ 3 × width
};

// How preprocess() works on a CUDA device. Fused: this project's one kernel
// (fused_preprocess_kernel.cu: crop, resize, round and scale in one pass, where ATen launches
// about eight kernels), when the build has it, else ATen; Aten: ATen's operators. Both upload
// only the crop's bytes, from pinned memory, without blocking. On the CPU both mean the same
// ATen 8-bit path. The two GPU paths agree to float rounding.
enum class GpuPreprocessing { Fused, Aten };

// Whether the fused kernel can run (the CUDA back end is loaded, mnl/cuda_backend.h) and it has
// not failed to start; after a failure preprocess() uses ATen's operators.
bool fusedPreprocessingAvailable();

// A packed mnl::Frame as a view (its stride is 3 × width).
BgrImageView viewOf(const Frame& frame);

// One image → float [1, 3, S, S] on `device`, S = preprocessing.inputSize, channels R, G, B,
// values (pixel − offset) / divisor. The resize is torch's bilinear with align_corners=false and
// antialiasing: shrinking, a triangle filter as wide as the scale (PIL's bilinear), which the
// reference answers of the pretrained models were made with (without it a 720p frame shrunk to
// 160 aliases and probabilities moved by up to 0.36); enlarging, OpenCV's INTER_LINEAR
// sampling (half-pixel centres, edges clamped). Resized values are rounded to whole levels
// (0…255) before scaling, as PIL's 8-bit resize does.
// On CUDA only the crop's rows are uploaded, as bytes; the conversion and the resize run there.
// Throws std::invalid_argument for an empty image, a null pointer, a stride below 3 × width or
// an inputSize below 1.
torch::Tensor preprocess(const BgrImageView& image, const Preprocessing& preprocessing,
                         const torch::Device& device = torch::kCPU,
                         GpuPreprocessing gpu = GpuPreprocessing::Fused);
torch::Tensor preprocess(const Frame& frame, const Preprocessing& preprocessing,
                         const torch::Device& device = torch::kCPU,
                         GpuPreprocessing gpu = GpuPreprocessing::Fused);

// The fused kernel's arithmetic run on the CPU, one pixel at a time (the same code the kernel
// runs): float [1, 3, S, S]. With `round` false, the filter's levels are not rounded before
// scaling, which is what ATen's float resize gives. For tests; slow.
torch::Tensor fusedPreprocessReference(const BgrImageView& image,
                                       const Preprocessing& preprocessing, bool round = true);

// Several images (of any sizes) → float [N, 3, S, S], image i in row i, each exactly as
// preprocess() would make it. Throws std::invalid_argument for an empty list.
torch::Tensor preprocessBatch(const std::vector<BgrImageView>& images,
                              const Preprocessing& preprocessing,
                              const torch::Device& device = torch::kCPU,
                              GpuPreprocessing gpu = GpuPreprocessing::Fused);

}  // namespace mnl

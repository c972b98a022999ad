// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/preprocess.h"

#include <torch/nn/functional/upsampling.h>
#include <torch/torch.h>

#include <atomic>
#include <cstring>
#include <stdexcept>
#include <string>

#include "mnl/cuda_backend.h"
#include "mnl/fused_preprocess_filter.h"

namespace mnl {
namespace F = torch::nn::functional;

namespace {

void check(const BgrImageView& image) {
  if (!image.data) throw std::invalid_argument("preprocess: the image has no pixels");
  if (image.width < 1 || image.height < 1)
    throw std::invalid_argument("preprocess: empty image (" + std::to_string(image.width) + "x" +
                                std::to_string(image.height) + ")");
  if (image.stride < 3 * static_cast<std::ptrdiff_t>(image.width))
    throw std::invalid_argument("preprocess: row stride " + std::to_string(image.stride) +
                                " is shorter than a row of " + std::to_string(image.width) +
                                " BGR pixels");
}

void check(const Preprocessing& preprocessing) {
  if (preprocessing.inputSize < 1)
    throw std::invalid_argument("preprocess: input size " +
                                std::to_string(preprocessing.inputSize) + " is not positive");
  for (double divisor : preprocessing.scaling.divisor)
    if (divisor == 0) throw std::invalid_argument("preprocess: a scaling divisor is 0");
}

// The crop as uint8 [h, w, 3] (BGR) on `device`. On the CPU it is a view of the caller's
// pixels. For a GPU its rows are packed into pinned (page-locked) host memory and copied up
// without blocking: the copy engine reads pinned memory directly, where a copy from the
// caller's pageable memory is staged by the driver and holds this thread until it is done.
// LibTorch's pinned allocator keeps the block until the copy has finished with it.
torch::Tensor cropBytes(const BgrImageView& image, const CropRect& r, const torch::Device& device) {
  const std::uint8_t* first = image.data + r.y * image.stride + 3 * r.x;
  const std::vector<int64_t> sizes{r.height, r.width, 3};
  if (device.is_cpu()) {
    // from_blob wants a mutable pointer; nothing here writes through it.
    return torch::from_blob(const_cast<std::uint8_t*>(first), sizes,
                            {image.stride, 3, 1}, torch::kUInt8);
  }
  torch::Tensor staged =
      torch::empty(sizes, torch::TensorOptions().dtype(torch::kUInt8).pinned_memory(true));
  std::uint8_t* to = staged.data_ptr<std::uint8_t>();
  const std::size_t rowBytes = 3 * static_cast<std::size_t>(r.width);
  for (int y = 0; y < r.height; ++y)
    std::memcpy(to + y * rowBytes, first + y * image.stride, rowBytes);
  return staged.to(device, /*non_blocking=*/true);
}

fused::Geometry geometryOf(const std::uint8_t* crop, const CropRect& r, std::ptrdiff_t rowStride,
                           const Preprocessing& preprocessing, bool round) {
  fused::Geometry g;
  g.crop = crop;
  g.width = r.width;
  g.height = r.height;
  g.rowStride = rowStride;
  g.side = preprocessing.inputSize;
  for (int c = 0; c < 3; ++c) {
    g.offset[c] = static_cast<float>(preprocessing.scaling.offset[c]);
    g.divisor[c] = static_cast<float>(preprocessing.scaling.divisor[c]);
  }
  g.round = round;
  return g;
}

// Set when the kernel would not start (a GPU it has no code for, say): ATen's operators from
// then on, for the whole process.
std::atomic<bool> fusedKernelFailed{false};

// The crop's bytes go up, and one kernel of ours writes the network's input.
torch::Tensor fusedOnGpu(const BgrImageView& image, const CropRect& r,
                         const Preprocessing& preprocessing, const torch::Device& device) {
  const torch::Tensor bytes = cropBytes(image, r, device);  // packed: row stride 3 × width
  const int64_t side = preprocessing.inputSize;
  torch::Tensor out =
      torch::empty({1, 3, side, side}, torch::TensorOptions().dtype(torch::kFloat).device(device));
  const fused::Geometry g =
      geometryOf(bytes.data_ptr<std::uint8_t>(), r, 3 * static_cast<std::ptrdiff_t>(r.width),
                 preprocessing, /*round=*/true);
  const int error = cudaBackend()->launchFusedPreprocess(g, out.data_ptr<float>(), device.index());
  if (error != 0)
    throw std::runtime_error("the fused preprocessing kernel did not start (CUDA error " +
                             std::to_string(error) + ")");
  return out;
}

// uint8 BGR [h, w, 3] → float RGB [1, 3, S, S], not yet scaled, with integer values (see
// preprocess.h).
torch::Tensor resizedRgb(const BgrImageView& image, const CropRect& r,
                         const Preprocessing& preprocessing, const torch::Device& device) {
  const int64_t side = preprocessing.inputSize;
  const auto floats = torch::TensorOptions().dtype(torch::kFloat).device(device);
  torch::Tensor rgb = torch::empty({1, 3, side, side}, floats);
  const bool identity = r.height == side && r.width == side;  // bilinear at scale 1
  const auto options = F::InterpolateFuncOptions()
                           .size(std::vector<int64_t>{side, side})
                           .mode(torch::kBilinear)
                           .align_corners(false)
                           .antialias(true);
  if (device.is_cpu()) {
    // The crop as uint8 [1, 3, h, w] in channels-last order: a view of the caller's bytes.
    // ATen resizes that layout with its vectorised 8-bit kernel (PIL-SIMD's, which torchvision
    // uses), several times faster than its float kernel (docs/benchmarks.md), rounding to whole
    // levels as PIL does. The channels swap on the small result.
    const torch::Tensor bgr = cropBytes(image, r, device).permute({2, 0, 1}).unsqueeze(0);
    const torch::Tensor resized = identity ? bgr : F::interpolate(bgr, options);
    for (int c = 0; c < 3; ++c) rgb[0][c].copy_(resized[0][2 - c]);
    return rgb;
  }
  // On a GPU the float kernel, rounded to whole levels like the CPU's: the two agree to float
  // rounding (but for values within float error of a half level).
  const torch::Tensor bgr = cropBytes(image, r, device);
  torch::Tensor full = torch::empty({1, 3, r.height, r.width}, floats);
  for (int c = 0; c < 3; ++c) full[0][c].copy_(bgr.select(2, 2 - c));
  if (identity) return full;
  return F::interpolate(full, options).round_();
}

// In place, on the small tensor: (x − offset) / divisor, in that order so that (x − 128) / 128
// is exact; per channel where the offsets or divisors differ (torchvision's mean and std).
torch::Tensor scaled(torch::Tensor pixels, const InputScaling& scaling) {
  if (scaling.uniform()) return pixels.sub_(scaling.offset[0]).div_(scaling.divisor[0]);
  for (int c = 0; c < 3; ++c)
    pixels.select(1, c).sub_(scaling.offset[c]).div_(scaling.divisor[c]);
  return pixels;
}

// One image, all the way: float [1, 3, S, S], scaled.
torch::Tensor preprocessOne(const BgrImageView& image, const Preprocessing& preprocessing,
                            const torch::Device& device, GpuPreprocessing gpu) {
  check(image);
  const CropRect r = cropRect(image.width, image.height, preprocessing.crop);
  if (device.is_cuda() && gpu == GpuPreprocessing::Fused && fusedPreprocessingAvailable()) {
    try {
      return fusedOnGpu(image, r, preprocessing, device);
    } catch (const std::runtime_error&) {
      fusedKernelFailed = true;  // the same result, by ATen's operators
    }
  }
  return scaled(resizedRgb(image, r, preprocessing, device), preprocessing.scaling);
}

}  // namespace

BgrImageView viewOf(const Frame& frame) {
  const std::size_t needed = static_cast<std::size_t>(std::max(frame.width, 0)) *
                             static_cast<std::size_t>(std::max(frame.height, 0)) * 3;
  if (!frame.bgr || frame.bgr->size() < needed)
    throw std::invalid_argument("preprocess: the frame holds fewer bytes than " +
                                std::to_string(frame.width) + "x" + std::to_string(frame.height) +
                                " BGR pixels");
  return {frame.bgr->data(), frame.width, frame.height,
          3 * static_cast<std::ptrdiff_t>(frame.width)};
}

bool fusedPreprocessingAvailable() { return cudaBackend() && !fusedKernelFailed.load(); }

torch::Tensor preprocess(const BgrImageView& image, const Preprocessing& preprocessing,
                         const torch::Device& device, GpuPreprocessing gpu) {
  check(preprocessing);
  torch::NoGradGuard noGrad;
  return preprocessOne(image, preprocessing, device, gpu);
}

torch::Tensor preprocess(const Frame& frame, const Preprocessing& preprocessing,
                         const torch::Device& device, GpuPreprocessing gpu) {
  return preprocess(viewOf(frame), preprocessing, device, gpu);
}

torch::Tensor preprocessBatch(const std::vector<BgrImageView>& images,
                              const Preprocessing& preprocessing, const torch::Device& device,
                              GpuPreprocessing gpu) {
  check(preprocessing);
  if (images.empty()) throw std::invalid_argument("preprocess: no images in the batch");
  torch::NoGradGuard noGrad;
  std::vector<torch::Tensor> rows;
  rows.reserve(images.size());
  for (const BgrImageView& image : images)
    rows.push_back(preprocessOne(image, preprocessing, device, gpu));
  return torch::cat(rows, 0);
}

torch::Tensor fusedPreprocessReference(const BgrImageView& image,
                                       const Preprocessing& preprocessing, bool round) {
  check(preprocessing);
  check(image);
  const CropRect r = cropRect(image.width, image.height, preprocessing.crop);
  const int side = preprocessing.inputSize;
  torch::Tensor out = torch::empty({1, 3, side, side}, torch::kFloat);
  const fused::Geometry g = geometryOf(image.data + r.y * image.stride + 3 * r.x, r, image.stride,
                                       preprocessing, round);
  float* planes = out.data_ptr<float>();
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x)
      fused::outputPixel(g, x, y, planes + static_cast<std::ptrdiff_t>(y) * side + x,
                         static_cast<std::ptrdiff_t>(side) * side);
  return out;
}

}  // namespace mnl

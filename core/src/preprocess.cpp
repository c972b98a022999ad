// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/preprocess.h"

#include <torch/nn/functional/upsampling.h>
#include <torch/torch.h>

#include <stdexcept>
#include <string>

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
  if (preprocessing.scaling.divisor == 0)
    throw std::invalid_argument("preprocess: the scaling divisor is 0");
}

// The crop as uint8 [h, w, 3] (BGR) on `device`. On the CPU it is a view of the caller's
// pixels; for a GPU the bytes from the crop's first pixel to its last are one contiguous span of
// the image, so they go up in a single copy and the columns outside the crop are cut there.
torch::Tensor cropBytes(const BgrImageView& image, const CropRect& r, const torch::Device& device) {
  // from_blob wants a mutable pointer; nothing here writes through it.
  auto* first = const_cast<std::uint8_t*>(image.data + r.y * image.stride + 3 * r.x);
  const std::vector<int64_t> sizes{r.height, r.width, 3};
  const std::vector<int64_t> strides{image.stride, 3, 1};
  if (device.is_cpu()) return torch::from_blob(first, sizes, strides, torch::kUInt8);
  const int64_t span = (r.height - 1) * image.stride + 3 * r.width;
  return torch::from_blob(first, {span}, torch::kUInt8).to(device).as_strided(sizes, strides);
}

// uint8 BGR [h, w, 3] → float RGB [1, 3, S, S], not yet scaled, with integer values (see
// preprocess.h).
torch::Tensor resizedRgb(const BgrImageView& image, const Preprocessing& preprocessing,
                         const torch::Device& device) {
  check(image);
  const CropRect r = cropRect(image.width, image.height, preprocessing.crop);
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
    // uses), six times faster than the float kernel on a 640×480 frame (1.28 → 0.21 ms to 160,
    // one thread), rounding to whole levels as PIL does. The channels swap on the small result.
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
// is exact.
torch::Tensor scaled(torch::Tensor pixels, const InputScaling& scaling) {
  return pixels.sub_(scaling.offset).div_(scaling.divisor);
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

torch::Tensor preprocess(const BgrImageView& image, const Preprocessing& preprocessing,
                         const torch::Device& device) {
  check(preprocessing);
  torch::NoGradGuard noGrad;
  return scaled(resizedRgb(image, preprocessing, device), preprocessing.scaling);
}

torch::Tensor preprocess(const Frame& frame, const Preprocessing& preprocessing,
                         const torch::Device& device) {
  return preprocess(viewOf(frame), preprocessing, device);
}

torch::Tensor preprocessBatch(const std::vector<BgrImageView>& images,
                              const Preprocessing& preprocessing, const torch::Device& device) {
  check(preprocessing);
  if (images.empty()) throw std::invalid_argument("preprocess: no images in the batch");
  torch::NoGradGuard noGrad;
  std::vector<torch::Tensor> rows;
  rows.reserve(images.size());
  for (const BgrImageView& image : images) rows.push_back(resizedRgb(image, preprocessing, device));
  return scaled(torch::cat(rows, 0), preprocessing.scaling);
}

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#include "preprocess_probe.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "mnl/preprocess.h"

#ifdef MNL_HAVE_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#endif

namespace mnl::probe {
namespace {

BgrImageView view(const BgrPixels& image) {
  return {image.bytes.empty() ? nullptr : image.bytes.data(), image.width, image.height,
          image.stride};
}

TensorData toData(const torch::Tensor& tensor) {
  TensorData data;
  data.device = tensor.device().str();
  data.sizes = tensor.sizes().vec();
  const torch::Tensor host = tensor.to(torch::kCPU).contiguous();
  data.values.assign(host.data_ptr<float>(), host.data_ptr<float>() + host.numel());
  return data;
}

#ifdef MNL_HAVE_OPENCV
cv::Mat decode(const std::string& photo, int shrinkTo) {
  cv::Mat bgr = cv::imread(photo, cv::IMREAD_COLOR);
  if (bgr.empty()) throw std::runtime_error("cannot decode " + photo);
  if (shrinkTo > 0) {
    cv::Mat small;
    cv::resize(bgr, small, {shrinkTo, bgr.rows * shrinkTo / bgr.cols}, 0, 0, cv::INTER_AREA);
    bgr = small;
  }
  return bgr;
}

BgrImageView view(const cv::Mat& bgr) {
  return {bgr.data, bgr.cols, bgr.rows, static_cast<std::ptrdiff_t>(bgr.step[0])};
}
#endif

}  // namespace

TensorData preprocessed(const BgrPixels& image, const Preprocessing& preprocessing,
                        const std::string& device) {
  return toData(preprocess(view(image), preprocessing, torch::Device(device)));
}

TensorData preprocessedBatch(const std::vector<BgrPixels>& images,
                             const Preprocessing& preprocessing) {
  std::vector<BgrImageView> views;
  for (const BgrPixels& image : images) views.push_back(view(image));
  return toData(preprocessBatch(views, preprocessing));
}

std::string preprocessError(const BgrPixels& image, const Preprocessing& preprocessing) {
  try {
    preprocess(view(image), preprocessing);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return {};
}

bool haveCuda() { return torch::cuda::is_available(); }

FusedAgreement fusedReferenceAgreement(const BgrPixels& image, const Preprocessing& preprocessing) {
  namespace F = torch::nn::functional;
  const BgrImageView v = view(image);
  const double offset = preprocessing.scaling.offset, divisor = preprocessing.scaling.divisor;
  const auto levels = [&](const torch::Tensor& scaled) { return scaled * divisor + offset; };
  // ATen's float antialiased resize of the crop, in RGB order, unrounded.
  const CropRect r = cropRect(image.width, image.height, preprocessing.crop);
  const torch::Tensor crop =
      torch::from_blob(const_cast<std::uint8_t*>(image.bytes.data()) + r.y * image.stride + 3 * r.x,
                       {r.height, r.width, 3}, {image.stride, 3, 1}, torch::kUInt8)
          .flip(2)
          .permute({2, 0, 1})
          .unsqueeze(0)
          .to(torch::kFloat);
  const int64_t side = preprocessing.inputSize;
  const torch::Tensor aten = F::interpolate(crop, F::InterpolateFuncOptions()
                                                      .size(std::vector<int64_t>{side, side})
                                                      .mode(torch::kBilinear)
                                                      .align_corners(false)
                                                      .antialias(true));
  FusedAgreement result;
  const torch::Tensor raw = levels(fusedPreprocessReference(v, preprocessing, /*round=*/false));
  result.rawVsAtenFloat = (raw - aten).abs().max().item<double>();
  const torch::Tensor rounded = levels(fusedPreprocessReference(v, preprocessing));
  const torch::Tensor cpu = levels(preprocess(v, preprocessing));
  const torch::Tensor difference = (rounded - cpu).abs();
  result.roundedVsCpu = difference.max().item<double>();
  result.fractionOffCpu = (difference > 1e-3).to(torch::kDouble).mean().item<double>();
  return result;
}

#ifdef MNL_HAVE_OPENCV
bool haveOpenCv() { return true; }

Agreement agreementWithOpenCv(const std::string& photo, const Preprocessing& preprocessing,
                              int shrinkTo) {
  const cv::Mat bgr = decode(photo, shrinkTo);
  const CropRect r = cropRect(bgr.cols, bgr.rows, preprocessing.crop);
  cv::Mat reference;
  cv::resize(bgr(cv::Rect(r.x, r.y, r.width, r.height)), reference,
             {preprocessing.inputSize, preprocessing.inputSize}, 0, 0, cv::INTER_LINEAR);
  cv::cvtColor(reference, reference, cv::COLOR_BGR2RGB);
  reference.convertTo(reference, CV_32FC3, 1.0 / preprocessing.scaling.divisor,
                      -preprocessing.scaling.offset / preprocessing.scaling.divisor);

  const torch::Tensor ours = preprocess(view(bgr), preprocessing);  // [1, 3, S, S]
  const torch::Tensor theirs =
      torch::from_blob(reference.data, {1, reference.rows, reference.cols, 3}, torch::kFloat)
          .permute({0, 3, 1, 2});
  // Back to pixel units: one OpenCV grey level is 1/divisor here.
  const torch::Tensor diff = (ours - theirs).abs() * preprocessing.scaling.divisor;
  return {diff.mean().item<double>(), diff.max().item<double>(),
          static_cast<std::size_t>(diff.numel())};
}

DeviceDifference cudaCpuDifference(const std::string& photo, const Preprocessing& preprocessing,
                                   bool fused) {
  const cv::Mat bgr = decode(photo, 0);
  const torch::Tensor cpu = preprocess(view(bgr), preprocessing);
  const torch::Tensor cuda =
      preprocess(view(bgr), preprocessing, torch::kCUDA,
                 fused ? GpuPreprocessing::Fused : GpuPreprocessing::Aten)
          .to(torch::kCPU);
  const torch::Tensor diff = (cpu - cuda).abs();
  return {diff.max().item<double>(), (diff > 1e-4).to(torch::kDouble).mean().item<double>()};
}

DeviceDifference cudaFusedAtenDifference(const std::string& photo,
                                         const Preprocessing& preprocessing) {
  const cv::Mat bgr = decode(photo, 0);
  const torch::Tensor fused =
      preprocess(view(bgr), preprocessing, torch::kCUDA, GpuPreprocessing::Fused);
  const torch::Tensor aten =
      preprocess(view(bgr), preprocessing, torch::kCUDA, GpuPreprocessing::Aten);
  const torch::Tensor diff = (fused - aten).abs().to(torch::kCPU);
  return {diff.max().item<double>(), (diff > 1e-4).to(torch::kDouble).mean().item<double>()};
}

BgrPixels photoPixels(const std::string& photo) {
  const cv::Mat bgr = decode(photo, 0);
  BgrPixels pixels;
  pixels.width = bgr.cols;
  pixels.height = bgr.rows;
  pixels.stride = static_cast<std::ptrdiff_t>(bgr.step[0]);
  pixels.bytes.assign(bgr.data, bgr.data + bgr.step[0] * bgr.rows);
  return pixels;
}
#else
bool haveOpenCv() { return false; }
BgrPixels photoPixels(const std::string&) { return {}; }
DeviceDifference cudaFusedAtenDifference(const std::string&, const Preprocessing&) { return {}; }
Agreement agreementWithOpenCv(const std::string&, const Preprocessing&, int) { return {}; }
DeviceDifference cudaCpuDifference(const std::string&, const Preprocessing&, bool) { return {}; }
#endif

}  // namespace mnl::probe

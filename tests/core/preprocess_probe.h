// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// mnl::preprocess as plain data for tst_preprocess (Qt Test translation units must not include
// torch headers), and OpenCV's resize as the reference it is held against.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mnl/input_convention.h"

namespace mnl::probe {

struct BgrPixels {
  std::vector<std::uint8_t> bytes;  // rows of `stride` bytes, BGR
  int width = 0;
  int height = 0;
  std::ptrdiff_t stride = 0;
};

struct TensorData {
  std::vector<std::int64_t> sizes;  // N, C, H, W
  std::vector<float> values;        // row-major
  std::string device;               // where the tensor was, "cpu" or "cuda:0"
};

// mnl::preprocess(image, preprocessing, device) copied back to the host.
TensorData preprocessed(const BgrPixels& image, const Preprocessing& preprocessing,
                        const std::string& device = "cpu");
// mnl::preprocessBatch(images, preprocessing) copied back to the host.
TensorData preprocessedBatch(const std::vector<BgrPixels>& images,
                             const Preprocessing& preprocessing);
// The message of the std::invalid_argument preprocess throws, or "" when it does not throw.
std::string preprocessError(const BgrPixels& image, const Preprocessing& preprocessing);

bool haveOpenCv();
// A photo decoded by OpenCV (empty without OpenCV).
BgrPixels photoPixels(const std::string& photo);
bool haveCuda();

// Decodes `photo` with OpenCV, optionally shrinks it first (INTER_AREA) to shrinkTo pixels wide
// so that the network's resize is an upscale, then compares mnl::preprocess with the classic
// OpenCV pipeline (crop, cv::resize INTER_LINEAR, BGR → RGB) in pixel units (0…255).
struct Agreement {
  double meanAbs = 0;
  double maxAbs = 0;
  std::size_t values = 0;
};
Agreement agreementWithOpenCv(const std::string& photo, const Preprocessing& preprocessing,
                              int shrinkTo = 0);

// mnl::preprocess of `photo` on the CUDA device against the CPU: the largest absolute
// difference, and the fraction of values that differ by more than 1e-4 (both round to whole
// levels, the CPU in fixed point, the GPU in float: a value within float error of a half level
// may round the other way).
struct DeviceDifference {
  double max = -1;
  double fractionOff = -1;
};
// `fused`: this project's kernel (the default on CUDA), else ATen's operators on the GPU.
// Both compute in float where the CPU computes in 8-bit fixed point: about a tenth of the values
// round one level apart (measured with the kernel's code on the CPU, fusedReferenceAgreement).
DeviceDifference cudaCpuDifference(const std::string& photo, const Preprocessing& preprocessing,
                                   bool fused = true);

// On CUDA, the fused kernel against ATen's operators: the same float arithmetic.
DeviceDifference cudaFusedAtenDifference(const std::string& photo,
                                         const Preprocessing& preprocessing);

// The fused CUDA kernel's arithmetic, run on the CPU (mnl::fusedPreprocessReference), against:
// - ATen's float antialiased resize of the same crop, before rounding (largest difference in
//   levels, 0…255);
// - mnl::preprocess on the CPU, which resizes in 8-bit fixed point (largest difference in levels,
//   and the fraction of values that differ at all).
struct FusedAgreement {
  double rawVsAtenFloat = -1;
  double roundedVsCpu = -1;
  double fractionOffCpu = -1;
};
FusedAgreement fusedReferenceAgreement(const BgrPixels& image, const Preprocessing& preprocessing);

}  // namespace mnl::probe

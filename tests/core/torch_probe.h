// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the core tests need from a real LibTorch model, as plain data. Qt Test translation units
// include this header instead of torch's (Qt's `slots`/`signals` macros break torch headers).

#include <cstdint>
#include <string>
#include <vector>

#include "mnl/architecture.h"

namespace mnl::probe {

struct TapShape {
  std::string name;
  std::vector<int64_t> sizes;  // N, C, H, W (N, C for fc)
};

// Runs one random image through a freshly built model and reports every layer's output shape.
std::vector<TapShape> layerOutputShapes(const NetworkConfig& config, PaddingMode padding);

// Sum of numel() over the model's parameters().
long long parameterCount(const NetworkConfig& config);

// conv0 on an all-ones image of side×side, with weights that average the 3×3×3 window and BN
// made the identity: channel 0's output at its four corners (top-left, top-right, bottom-left,
// bottom-right) is the fraction of each window inside the image, which shows where the
// padding went.
std::vector<float> conv0Corners(int side, PaddingMode padding);

// Logits from forward(images) and from forward(images, taps): must be the same tensor values.
bool tapsLeaveLogitsUnchanged(const NetworkConfig& config);

// Largest absolute difference between the logits (and the given layer's output) of a model in
// eval mode and the same model with batch norm folded (InferenceNetwork), on random images,
// with non-trivial BN statistics.
struct FoldingError {
  double logits = 0;
  double tap = 0;
  double logitScale = 0;  // largest |logit|, to judge the error against
};
FoldingError foldingError(const NetworkConfig& config, PaddingMode padding, const std::string& tap);

// One folded network (CPU, random weights) run on batches of random images of the given sizes,
// one after another, with `tap` kept; each batch's logits and tap output compared with those of
// its images run alone. The largest difference, relative to the largest |logit| (or |tap|).
// `budgetImages` > 0 sets RuntimeOptions::cpuBatchBytes to that many images' largest layer, so
// larger batches run in sub-batches.
struct BatchError {
  double logits = 0;
  double tap = 0;
};
BatchError batchVersusSingleError(const NetworkConfig& config, const std::vector<int>& batches,
                                  const std::string& tap, int budgetImages);

// Minor page faults of the process per forward of the folded network (CPU, random weights) on a
// batch, over `runs` runs after three warm-up runs.
double minorFaultsPerRun(const NetworkConfig& config, int batch, int runs);

// Whether this build's allocator is glibc's (an AddressSanitizer build replaces it).
bool glibcAllocator();

// Whether InferenceNetwork runs each CPU layer as one fused oneDNN convolution + ReLU6.
bool cpuLayersAreFused();

// Returns the exception message a forward with this tap name raises, or "" if none.
std::string tapError(const std::string& name);

}  // namespace mnl::probe

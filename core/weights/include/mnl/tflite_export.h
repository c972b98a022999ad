// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A MobileNet v1 written as a TFLite model (FlatBuffers, schema version 3), so that a network
// trained or taught here runs on a phone or a microcontroller board with LiteRT: float32
// weights, each batch norm folded into its convolution's weights and bias, TensorFlow's SAME
// padding (what TFLite's SAME is), ReLU6 fused, then the average pool, the logits as a 1×1
// convolution, a reshape and softmax: the layout of the TFLite models this app reads, which
// readTfLite (weight_set.h) reads back. The input is what the model was trained with: 8-bit
// RGB pixels [1, side, side, 3] dequantised in the graph, (x − offset) / divisor, where the
// offset is a whole number (the TFLite models' 128); float [−1, 1] for (x − 127.5) / 127.5.
// No torch and no Qt here.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mnl/weight_set.h"

namespace mnl {

// Throws WeightsError for what TFLite's graph above cannot hold: standard (not separable)
// convolutions, or an input scaling that is not one offset and divisor for all three channels
// with a whole offset or 127.5 (torchvision's per-channel normalisation).
std::vector<std::uint8_t> tfliteModelBytes(const WeightSet& weights,
                                           const std::string& description);

// The same, written whole or not at all; with the labels, one a line, in `labelsFile` when
// given (how TFLite models carry them beside). Throws WeightsError.
void writeTfLite(const WeightSet& weights, const std::filesystem::path& file,
                 const std::filesystem::path& labelsFile = {});

}  // namespace mnl

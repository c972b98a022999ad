// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Putting imported weights into a model, and the app's own weights format for any model
// (α, resolution, classes, conv mode, padding): a LibTorch archive of the model's named
// parameters and buffers plus an "mnl_metadata" JSON entry. docs/weights-format.md describes
// it; readNativeWeights (weight_set.h) reads it back. Torch header: a translation unit that
// also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <filesystem>
#include <string>
#include <vector>

#include "mnl/mobilenet_v1.h"
#include "mnl/input_convention.h"
#include "mnl/weight_set.h"

namespace mnl {

// Copies every tensor of `weights` into the model's parameter or buffer of that name. The
// model must be built for the same α, classes and conv mode (any resolution): every name and
// shape is checked, and a mismatch throws WeightsError naming `source`.
void applyWeights(MobileNetV1& model, const WeightSet& weights,
                  const std::filesystem::path& source);

// Writes the model (any device) with its configuration, the input scaling its weights expect
// and, when given, one label per class. Throws WeightsError when the file cannot be written.
void saveWeights(MobileNetV1& model, const std::filesystem::path& file,
                 const InputScaling& scaling, const std::vector<std::string>& labels = {});

// The model's parameters and buffers as a WeightSet (BatchNorm's counters aside), with its
// configuration, input scaling and labels: what the torch-free writers (tflite_export.h) take.
WeightSet weightSetOf(const MobileNetV1& model, const InputScaling& scaling,
                      const std::vector<std::string>& labels = {});

// The identifier in the metadata entry, and the format version this build writes and reads.
inline constexpr const char* kNativeFormatName = "mobilenet-lab-weights";
inline constexpr int kNativeFormatVersion = 1;

}  // namespace mnl

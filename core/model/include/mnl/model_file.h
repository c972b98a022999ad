// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Writing a model in the format its file name asks for, the one place that chooses:
//   FILE.tflite  a float TFLite model for LiteRT (tflite_export.h)
//   FILE.pth     a state dict of the seed notebook's PyTorch class (notebook_export.h)
//   anything else this app's own format (native_weights.h), labels and scaling inside
// Each gets its labels, one a line, in FILE.labels.txt beside it (the ImageNet models' 1001
// included): the first two formats cannot carry them, and a labels file is what other tools
// read. Torch header.

#include <filesystem>
#include <string>
#include <vector>

#include "mnl/input_convention.h"
#include "mnl/mobilenet_v1.h"

namespace mnl {

// "TFLite", "the notebook's state dict" or "MobileNet Lab": what saveModelFile writes for `file`.
std::string modelFileKind(const std::filesystem::path& file);

// The labels file written beside the model: FILE with .labels.txt.
std::filesystem::path labelsFileBeside(const std::filesystem::path& file);

// Throws WeightsError when the format cannot hold the model or the file cannot be written.
void saveModelFile(const MobileNetV1& model, const std::filesystem::path& file,
                   const InputScaling& scaling, const std::vector<std::string>& labels);

}  // namespace mnl

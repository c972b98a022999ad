// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A model written as a state dict of the seed notebook's PyTorch MobileNet, which the notebook
// loads with `model.load_state_dict(torch.load(FILE))` (its fc sized to the classes:
// MobileNet(num_classes=N)) and trains on: for a network whose backbone came from the notebook
// (notebook_layout.h). Written by LibTorch's pickle_save, the format torch.save writes and
// torch.load reads. Torch header.

#include <filesystem>

#include "mnl/mobilenet_v1.h"

namespace mnl {

// Convolution biases are written as zero and every batch norm restated for PyTorch's ε
// (γ' = γ·√(var + 1e−5)/√(var + 1e−3)), so the notebook's network computes what this one does.
// Throws WeightsError for a network the notebook's class cannot be: standard convolutions, or
// TensorFlow's SAME padding (the bundled models': the notebook pads symmetrically, and its
// answers would differ), and when the file cannot be written. Written whole or not at all.
void saveNotebookStateDict(const MobileNetV1& model, const std::filesystem::path& file);

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A taught model to take away: the backbone with the trained head as its classifier — a
// MobileNet v1 of the taught classes, which this app opens again as "your own model".
// No torch and no Qt here.

#include <filesystem>
#include <string>
#include <vector>

#include "mnl/teach/embedder.h"
#include "mnl/teach/linear_head.h"

namespace mnl::teach {

// Writes it in the app's own format (native_weights.h: the labels and the input scaling
// inside), or as a TFLite model when `file` ends in .tflite (tflite_export.h: for LiteRT; the
// labels in FILE.labels.txt beside it, e.g. taught.labels.txt), whole or not at all. Throws WeightsError when the backbone cannot be read or the
// file cannot be written, std::invalid_argument when the head does not fit the backbone or
// the labels do not fit the head.
void saveTaughtModel(const BackboneRequest& backbone, const LinearHead& head,
                     const std::vector<std::string>& labels, const std::filesystem::path& file);

}  // namespace mnl::teach

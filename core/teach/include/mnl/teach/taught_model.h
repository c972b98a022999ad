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

// Writes it in the format the file's name asks for (model_file.h: this app's, TFLite for
// LiteRT, or the notebook's state dict, the last two with FILE.labels.txt), whole or not at all. Throws WeightsError when the backbone cannot be read or the
// file cannot be written, std::invalid_argument when the head does not fit the backbone or
// the labels do not fit the head.
void saveTaughtModel(const BackboneRequest& backbone, const LinearHead& head,
                     const std::vector<std::string>& labels, const std::filesystem::path& file);

}  // namespace mnl::teach

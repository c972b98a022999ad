// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Keras .h5 reader proper, on HDF5's C library. It runs only inside the helper program
// mobilenet-lab-keras-h5-reader (core/weights/tools/), never in the app: HDF5 1.10 can crash on a
// damaged file, and a crash there must stay the helper's. The app calls readKerasH5
// (weight_set.h), which starts the helper.

#include <filesystem>

#include "mnl/weight_set.h"

namespace mnl {

// Reads the file in the calling process. Throws WeightsError naming the file; may crash on
// damaged HDF5 metadata.
WeightSet readKerasH5InThisProcess(const std::filesystem::path& file);

}  // namespace mnl

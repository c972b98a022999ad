// SPDX-License-Identifier: GPL-3.0-or-later
// readWeightsFile: the one place that names every format reader. Kept apart from the helpers of
// weight_set.cpp so that a program with one reader only (the Keras reader program of
// core/weights/tools/, the fuzz targets) links those helpers without the other readers.
#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

namespace mnl {

WeightSet readWeightsFile(const std::filesystem::path& file,
                          const std::optional<std::filesystem::path>& headFile) {
  const WeightsFormat format = detectWeightsFormat(file);
  if (headFile && format != WeightsFormat::TfLite)
    throw WeightsError(quoted(*headFile) +
                       ": a head file only completes a TFLite model split in two, but " +
                       quoted(file) + " is not a TFLite model");
  switch (format) {
    case WeightsFormat::TfLite: return readTfLite(file, headFile);
    case WeightsFormat::KerasH5: return readKerasH5(file);
    case WeightsFormat::Native: return readNativeWeights(file);
    case WeightsFormat::PyTorch: return readPyTorchCheckpoint(file);
    case WeightsFormat::Safetensors: return readSafetensors(file);
  }
  throw WeightsError(quoted(file) + ": unknown weights format");
}

}  // namespace mnl

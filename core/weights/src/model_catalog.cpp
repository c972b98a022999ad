// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/model_catalog.h"

#include <cmath>
#include <cstdlib>
#include <vector>

#include "mnl/install_layout.h"

namespace mnl {
namespace {

constexpr double kAlphaTolerance = 1e-6;

const std::vector<BundledModel>& catalog() {
  static const std::vector<BundledModel> models = [] {
    std::vector<BundledModel> list{
        {0.25, 128, "mobilenet_v1_0.25_128_quant.tflite", "", 1001},
#ifdef MNL_WITH_HDF5
        {0.25, 224, "mobilenet_v1_0.25_224.h5", "", 1000},
#endif
        {0.5, 160, "mobilenet_v1_0.5_160_quant.tflite", "", 1001},
        {0.75, 192, "mobilenet_v1_0.75_192_quant.tflite", "", 1001},
        {1.0, 224, "mobilenet_v1_1.0_224_quant_embedding_extractor.tflite",
         "mobilenet_quant_v1_224_head_layers.tflite", 1001},
    };
    return list;
  }();
  return models;
}

}  // namespace

std::span<const BundledModel> bundledModels() { return catalog(); }

std::optional<BundledModel> bundledModelFor(double alpha, int resolution, ConvMode conv) {
  if (conv != ConvMode::Separable) return std::nullopt;
  std::optional<BundledModel> best;
  for (const BundledModel& model : catalog()) {
    if (!(std::abs(model.alpha - alpha) <= kAlphaTolerance)) continue;
    if (!best || std::abs(model.nativeResolution - resolution) <
                     std::abs(best->nativeResolution - resolution))
      best = model;
  }
  return best;
}

std::filesystem::path defaultResourcesDir() {
  if (const char* fromEnv = std::getenv("MOBILENET_LAB_RESOURCES"); fromEnv && *fromEnv)
    return fromEnv;
  if (auto found = findBesideProgram(relativeResourcesDir(), kLabelsFile)) return *found;
  // Not found: name the installed layout's place, so a message about a missing file says where
  // it was looked for.
  if (const auto program = runningProgram())
    return (program->parent_path() / relativeResourcesDir()).lexically_normal();
  return "resources";
}

int nativeResolution(double alpha) {
  for (const BundledModel& model : bundledModels())
    if (std::abs(model.alpha - alpha) < 1e-6) return model.nativeResolution;
  return 224;
}

}  // namespace mnl

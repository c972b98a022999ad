// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pretrained models shipped in resources/ and which one serves a requested network.
// No torch and no Qt here: the UI includes this header to tell trained from untrained choices.

#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "mnl/architecture.h"

namespace mnl {

struct BundledModel {
  double alpha;
  int nativeResolution;  // the input size it was trained at
  std::string file;      // in the resources folder
  std::string headFile;  // empty unless the model is split into body + head files
  int classes;           // 1001 (TFLite, 0 = background) or 1000 (Keras)
};

// Every bundled model. The Keras .h5 model is listed only when core was built with HDF5
// (MNL_WITH_HDF5), since nothing else could read it.
std::span<const BundledModel> bundledModels();

// The bundled model for this network: for α within 1e-6 of 0.25, 0.5, 0.75 or 1.0 in separable
// mode, the model of that α at ANY resolution (global average pooling lets a net run at other
// sizes). Where two exist for one α, the one whose native size is nearest the requested
// resolution (the first listed on a tie). Otherwise nullopt: no trained weights.
std::optional<BundledModel> bundledModelFor(double alpha, int resolution, ConvMode conv);

// The input size the bundled model of this α was trained at (the first listed: the TFLite
// model where a Keras one also exists, 128 for 0.25), else the paper's 224.
int nativeResolution(double alpha);

// The folder holding the bundled weights and labels: $MOBILENET_LAB_RESOURCES when set, else
// the one beside the running program: <prefix>/share/mobilenet-lab when installed, the build
// tree's share/mobilenet-lab (a link to resources/) when run from there (install_layout.h).
std::filesystem::path defaultResourcesDir();

// The labels file in the resources folder: 1001 lines, line 0 "background".
inline constexpr const char* kLabelsFile = "imagenet_labels_1001.txt";
// ImageNet's WordNet ids (n01440764 …), one a line, in the labels' order without background:
// the folder names of ILSVRC-2012's own training and validation sets.
inline constexpr const char* kWordNetIdsFile = "imagenet_wnids_1000.txt";

}  // namespace mnl

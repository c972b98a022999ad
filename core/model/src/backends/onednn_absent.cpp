// SPDX-License-Identifier: GPL-3.0-or-later
// A build without the system's oneDNN (MNL_WITH_ONEDNN off): no oneDNN back end, and the CPU
// runs every layer through LibTorch (libtorch_layers.cpp).
#include "backend.h"

namespace mnl::backends {

std::unique_ptr<Backend> makeOneDnn(std::shared_ptr<const FoldedNetwork>, Precision,
                                    std::vector<float>, std::vector<std::vector<float>>) {
  return nullptr;
}

std::string oneDnnVersion() { return {}; }

bool oneDnnEmulated(Precision) { return false; }

std::string oneDnnUnsupported(Precision precision) {
  if (precision == Precision::Float32) return {};
  return "this build has no direct oneDNN path, which bf16 and int8 run on";
}

}  // namespace mnl::backends

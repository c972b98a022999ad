// SPDX-License-Identifier: GPL-3.0-or-later
// A build without the system's oneDNN (MNL_WITH_ONEDNN off): no oneDNN back end, and the CPU
// runs every layer through LibTorch (libtorch_layers.cpp).
#include "backend.h"

namespace mnl::backends {

std::unique_ptr<Backend> makeOneDnn(std::shared_ptr<const FoldedNetwork>) { return nullptr; }

std::string oneDnnVersion() { return {}; }

}  // namespace mnl::backends

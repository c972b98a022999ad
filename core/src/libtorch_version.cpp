// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/libtorch_version.h"

#include <torch/version.h>

namespace mnl {

std::string libTorchVersion() {
  return TORCH_VERSION;
}

}  // namespace mnl

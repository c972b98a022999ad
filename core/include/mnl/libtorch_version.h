// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The LibTorch the core was built against, for the About box and --version: a torch-free
// declaration, so the Qt front end can show it without including a torch header.

#include <string>

namespace mnl {

std::string libTorchVersion();  // "2.15.0"

}  // namespace mnl

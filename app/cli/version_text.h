// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What `mobilenet-lab-cli --version` prints: this program's version, the LibTorch it runs on
// (its version, whether it has CUDA, the folder it was loaded from: an installed copy uses the
// LibTorch it was built against, README "Installing") and whether a GPU is there now.

#include <string>

namespace mnl::cli {

std::string versionText();

}  // namespace mnl::cli

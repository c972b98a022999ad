// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which LibTorch this process runs on, and whether it sees a GPU: for --version and the About
// box. An installed program finds LibTorch through the RUNPATH it was linked with (the LibTorch
// it was built against, README "Installing"), so the folder it was actually loaded from is
// worth showing. No torch header here: the UI may include it.

#include <filesystem>
#include <string>

namespace mnl {

struct LibTorchInfo {
  std::string version;             // "2.15.0", from the headers this program was built with
  bool builtWithCuda = false;      // the CUDA back end is loaded (LibTorch's CUDA half with it)
  std::string cudaBackend;         // what became of it: "loaded from …", "no NVIDIA driver" …
  int cudaDevices = 0;             // GPUs LibTorch sees now (0 without CUDA)
  std::string firstDeviceName;     // the first GPU's name, empty without one
  std::filesystem::path libraryDir;  // the folder of the LibTorch library loaded; empty if unknown
};

LibTorchInfo libTorchInfo();

}  // namespace mnl

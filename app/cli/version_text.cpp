// SPDX-License-Identifier: GPL-3.0-or-later
#include "version_text.h"

#include "mnl/libtorch_info.h"
#include "mnl/model_catalog.h"
#include "mnl/version.h"

namespace mnl::cli {

std::string versionText() {
  const LibTorchInfo torch = libTorchInfo();
  std::string text = std::string("mobilenet-lab-cli ") + kVersion + "\n";
  text += "LibTorch " + torch.version;
  text += ", loaded from " + (torch.libraryDir.empty() ? std::string("an unknown folder")
                                                       : torch.libraryDir.string()) + "\n";
  if (!torch.builtWithCuda)
    text += "CUDA: not available (" + torch.cudaBackend + ")\n";
  else if (torch.cudaDevices == 0)
    text += "CUDA: not available (no GPU found)\n";
  else
    text += "CUDA: available, " + std::to_string(torch.cudaDevices) + " GPU" +
            (torch.cudaDevices > 1 ? "s" : "") + " (" + torch.firstDeviceName + ")\n";
  text += "Resources: " + defaultResourcesDir().string();
  return text;
}

}  // namespace mnl::cli

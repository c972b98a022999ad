// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/libtorch_info.h"

#include <link.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <cstdlib>
#include <memory>
#include <string_view>

#include "mnl/cuda_backend.h"

namespace mnl {

LibTorchInfo libTorchInfo() {
  LibTorchInfo info;
  info.version = TORCH_VERSION;
  info.cudaBackend = cudaBackendStatus();
  if (const CudaBackend* backend = cudaBackend()) {
    info.builtWithCuda = true;
    info.cudaDevices = static_cast<int>(torch::cuda::device_count());
    if (info.cudaDevices > 0) info.firstDeviceName = backend->deviceName(0);
  }
  // The folder of the libc10 this process loaded (every LibTorch program loads it).
  std::string loaded;
  ::dl_iterate_phdr(
      [](dl_phdr_info* object, std::size_t, void* out) -> int {
        const std::string_view name = object->dlpi_name ? object->dlpi_name : "";
        const std::size_t slash = name.rfind('/');
        if (slash == std::string_view::npos || name.substr(slash + 1) != "libc10.so") return 0;
        *static_cast<std::string*>(out) = std::string(name);
        return 1;
      },
      &loaded);
  if (!loaded.empty()) {
    std::unique_ptr<char, decltype(&std::free)> real(::realpath(loaded.c_str(), nullptr),
                                                     &std::free);
    info.libraryDir = std::filesystem::path(real ? real.get() : loaded).parent_path();
  }
  return info;
}

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/cuda_backend.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <optional>

#include "mnl/install_layout.h"

#ifndef MNL_RELATIVE_PLUGIN_DIR
#define MNL_RELATIVE_PLUGIN_DIR "../lib/mobilenet-lab"
#endif

namespace mnl {
namespace {

constexpr const char* kPluginFile = "libmnl-cuda.so";
constexpr const char* kEntryPoint = "mnl_cuda_backend";

struct Loaded {
  const CudaBackend* backend = nullptr;
  std::string status;
};

Loaded load() {
  const char* mode = std::getenv("MNL_CUDA_BACKEND");
  const bool force = mode && std::strcmp(mode, "force") == 0;
  if (mode && std::strcmp(mode, "off") == 0) return {nullptr, "turned off (MNL_CUDA_BACKEND=off)"};
  // Without NVIDIA's driver no GPU can run: loading LibTorch's CUDA half would only cost memory
  // and start-up time.
  if (!force) {
    void* driver = ::dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL);
    if (!driver) return {nullptr, "no NVIDIA driver (libcuda.so.1)"};
    ::dlclose(driver);
  }
  const std::optional<std::filesystem::path> dir =
      findBesideProgram(MNL_RELATIVE_PLUGIN_DIR, kPluginFile);
  if (!dir) return {nullptr, std::string("this build has no CUDA back end (") + kPluginFile + ")"};
  const std::string file = (*dir / kPluginFile).string();
  void* plugin = ::dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!plugin) {
    const char* error = ::dlerror();
    return {nullptr, "the CUDA back end did not load: " + std::string(error ? error : file)};
  }
  using Entry = const CudaBackend* (*)();
  const auto entry = reinterpret_cast<Entry>(::dlsym(plugin, kEntryPoint));
  if (!entry) return {nullptr, file + " has no " + kEntryPoint};
  return {entry(), "loaded from " + file};  // never unloaded: LibTorch keeps its CUDA hooks
}

const Loaded& loaded() {
  static const Loaded once = load();
  return once;
}

// Loaded before main() runs, not when first asked for: ATen asks for its CUDA hooks once per
// process (a call_once in getCUDAHooks()), so any CUDA query made before LibTorch's CUDA half is
// in the process (torch::manual_seed makes one) would hide the GPU for the rest of its life.
// Every program that can choose CUDA links this file through chooseDevice().
[[maybe_unused]] const bool loadedAtStart = (loaded(), true);

}  // namespace

const CudaBackend* cudaBackend() { return loaded().backend; }
const std::string& cudaBackendStatus() { return loaded().status; }

}  // namespace mnl

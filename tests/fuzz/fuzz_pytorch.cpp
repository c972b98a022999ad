// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the PyTorch checkpoint reader (core/src/pytorch_import.cpp: its zip reader
// and restricted unpickler). The reader is torch-free, so this builds from its
// sources alone with clang's -fsanitize=fuzzer,address,undefined (scripts/fuzz.sh,
// tests/fuzz/CMakeLists.txt). A damaged file must end in a WeightsError: any other exception, a
// crash, a hang or undefined behaviour is a finding.
#include <cstddef>
#include <cstdint>
#include <span>

#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

namespace mnl {
// weight_set.cpp's readWeightsFile names the other readers; they are never called from here,
// and pulling them in would bring LibTorch (native weights) and HDF5 along.
WeightSet readKerasH5(const std::filesystem::path&) { throw WeightsError("not in this target"); }
WeightSet readNativeWeights(const std::filesystem::path&) {
  throw WeightsError("not in this target");
}
WeightSet readTfLite(const std::filesystem::path&, const std::optional<std::filesystem::path>&) {
  throw WeightsError("not in this target");
}
}  // namespace mnl

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const mnl::WeightSet set = mnl::readPyTorchCheckpointBytes(std::span<const std::uint8_t>(data, size), "fuzz.pth");
    // What the loader relies on next: every tensor holds as many values as its shape says.
    for (const auto& [name, tensor] : set.tensors) {
      std::size_t count = 1;
      for (std::int64_t side : tensor.shape) count *= static_cast<std::size_t>(side);
      if (count != tensor.values.size()) __builtin_trap();
    }
  } catch (const mnl::WeightsError&) {
    // The expected answer to a damaged file.
  }
  return 0;
}

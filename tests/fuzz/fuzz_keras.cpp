// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the Keras .h5 reader (core/src/keras_import.cpp). The reader takes a
// path and reads the file in a forked child (HDF5 can crash on damaged metadata), so each input
// is written to a temporary file first: this finds what goes wrong in the parent (the pipe
// protocol, the checks after it) and inputs that make the child hang. A crash of HDF5 inside
// the child is the reader's documented answer (a WeightsError), not a finding; an
// AddressSanitizer report from the child is printed to stderr, and scripts/fuzz.sh fails on it.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "mnl/weight_set.h"
#include "mnl/weights_error.h"

namespace mnl {
// weight_set.cpp's readWeightsFile names the other readers; never called from here.
WeightSet readTfLite(const std::filesystem::path&, const std::optional<std::filesystem::path>&) {
  throw WeightsError("not in this target");
}
WeightSet readNativeWeights(const std::filesystem::path&) {
  throw WeightsError("not in this target");
}
}  // namespace mnl

namespace {

// One file per fuzzing process, rewritten for each input.
std::filesystem::path inputPath() {
  static const std::filesystem::path path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::filesystem::path(dir && *dir ? dir : "/tmp") /
           ("mnl-fuzz-keras-" + std::to_string(::getpid()) + ".h5");
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::filesystem::path path = inputPath();
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) std::abort();
  if (size && std::fwrite(data, 1, size, out) != size) std::abort();
  std::fclose(out);
  try {
    const mnl::WeightSet set = mnl::readKerasH5(path);
    for (const auto& [name, tensor] : set.tensors) {
      std::size_t count = 1;
      for (std::int64_t side : tensor.shape) count *= static_cast<std::size_t>(side);
      if (count != tensor.values.size()) __builtin_trap();
    }
  } catch (const mnl::WeightsError&) {
  }
  std::filesystem::remove(path);
  return 0;
}

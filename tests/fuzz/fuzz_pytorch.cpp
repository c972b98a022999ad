// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the PyTorch checkpoint reader (core/weights/src/pytorch_import.cpp: its zip reader
// and restricted unpickler). The reader is torch-free, so this builds from its
// sources alone with clang's -fsanitize=fuzzer,address,undefined (scripts/fuzz.sh,
// tests/fuzz/CMakeLists.txt). A damaged file must end in a WeightsError: any other exception, a
// crash, a hang or undefined behaviour is a finding.
#include <cstddef>
#include <cstdint>
#include <span>

#include "weights_reader_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  checkWeightsReader([&] {
    return mnl::readPyTorchCheckpointBytes(std::span<const std::uint8_t>(data, size), "fuzz.pth");
  });
  return 0;
}

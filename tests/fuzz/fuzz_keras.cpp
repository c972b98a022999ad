// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the Keras .h5 reader. readKerasH5 (core/weights/src/keras_import.cpp) takes a
// path and has the reader program mobilenet-lab-keras-h5-reader read the file with HDF5 (which
// can crash on damaged metadata), so each input is written to a temporary file first. libFuzzer
// sees this process's coverage: starting the reader, its time limit, and the checks of its
// answer. The reader is built with UBSan and the C++ library's bounds checks
// (tests/fuzz/CMakeLists.txt), and a report it prints fails the run (run_fuzz.sh); HDF5 crashing
// on damaged metadata is what the reader program exists to contain: a WeightsError here.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "weights_reader_check.h"

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
  checkWeightsReader([&] { return mnl::readKerasH5(path); });
  std::filesystem::remove(path);
  return 0;
}

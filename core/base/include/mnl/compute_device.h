// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which device the network runs on and in which number format, as plain names: what the
// command lines parse and the status bar shows. No torch and no Qt here (torch_device.h turns
// a choice into a torch::Device).

#include <string>

namespace mnl {

enum class DeviceKind { Cpu, Cuda };

// The number format the network computes in. Float16 halves the memory traffic and runs on a
// GPU's tensor cores; it is a CUDA option (the CPU has no fast half-precision convolution, and
// runs Float32 instead, with a notice). docs/benchmarks.md gives what it changes in top-1 and
// probabilities on the test photos. BFloat16 and Int8 are CPU formats of the direct oneDNN
// path (onednn_network.h): only where the CPU has instructions for them (AVX512_BF16 or AMX;
// AVX-512 VNNI or AVX-VNNI), refused elsewhere with the reason.
enum class Precision { Float32, Float16, BFloat16, Int8 };

// BFloat16 and Int8: the CPU's reduced formats, checked against float32 while they run and
// served by calibration (int8's scales, both formats' bias correction).
constexpr bool isCpuReduced(Precision precision) {
  return precision == Precision::BFloat16 || precision == Precision::Int8;
}

struct DeviceInfo {
  DeviceKind kind = DeviceKind::Cpu;
  std::string name;  // "NVIDIA H100 80GB HBM3", or "CPU"
  int threads = 1;   // CPU threads used by intra-op parallelism
  Precision precision = Precision::Float32;
  std::string notice;  // why the requested device is not the one in use, in words; or empty
  std::string describe() const;  // "CUDA: NVIDIA H100 …, FP16" or "CPU, 2 threads"
};

// Parses "cpu" or "cuda" (any case); throws std::invalid_argument with a sentence otherwise.
DeviceKind parseDeviceKind(const std::string& name);
const char* nameOf(DeviceKind kind);  // "cpu", "cuda"

// Parses "fp32" or "fp16" (any case); throws std::invalid_argument with a sentence otherwise.
Precision parsePrecision(const std::string& name);
const char* nameOf(Precision precision);  // "fp32", "fp16", "bf16", "int8"

// True when LibTorch sees a usable CUDA device (defined with the torch half of the core).
bool cudaAvailable();

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/compute_device.h"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace mnl {

namespace {
std::string lowered(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}
}  // namespace

std::string DeviceInfo::describe() const {
  if (kind == DeviceKind::Cuda)
    return "CUDA: " + name + (precision == Precision::Float16 ? ", FP16" : ", FP32");
  std::string text = "CPU, " + std::to_string(threads) + (threads == 1 ? " thread" : " threads");
  if (isCpuReduced(precision))
    text += std::string(", ") + (precision == Precision::Int8 ? "INT8" : "BF16");
  return text;
}

DeviceKind parseDeviceKind(const std::string& name) {
  const std::string key = lowered(name);
  if (key == "cpu") return DeviceKind::Cpu;
  if (key == "cuda") return DeviceKind::Cuda;
  throw std::invalid_argument("the device must be 'cpu' or 'cuda', not '" + name + "'");
}

const char* nameOf(DeviceKind kind) {
  return kind == DeviceKind::Cuda ? "cuda" : "cpu";
}

Precision parsePrecision(const std::string& name) {
  const std::string key = lowered(name);
  if (key == "fp32") return Precision::Float32;
  if (key == "fp16") return Precision::Float16;
  if (key == "bf16") return Precision::BFloat16;
  if (key == "int8") return Precision::Int8;
  throw std::invalid_argument("the precision must be 'fp32', 'fp16', 'bf16' or 'int8', not '" +
                              name + "'");
}

const char* nameOf(Precision precision) {
  switch (precision) {
    case Precision::Float16: return "fp16";
    case Precision::BFloat16: return "bf16";
    case Precision::Int8: return "int8";
    case Precision::Float32: break;
  }
  return "fp32";
}

}  // namespace mnl

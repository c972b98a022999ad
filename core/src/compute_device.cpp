// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/compute_device.h"

#include <ATen/Context.h>
#include <torch/cuda.h>

#include <stdexcept>

namespace mnl {

DeviceChoice chooseDevice(DeviceKind requested) {
  DeviceChoice choice;
  if (requested != DeviceKind::Cuda) return choice;
  if (!torch::cuda::is_available()) {
    choice.notice = "no CUDA device found; running on the CPU";
    return choice;
  }
  at::globalContext().setAllowTF32CuDNN(false);
  at::globalContext().setAllowTF32CuBLAS(false);
  choice.device = torch::Device(torch::kCUDA, 0);
  return choice;
}

DeviceKind parseDeviceKind(const std::string& name) {
  if (name == "cpu") return DeviceKind::Cpu;
  if (name == "cuda") return DeviceKind::Cuda;
  throw std::invalid_argument("the device must be 'cpu' or 'cuda', not '" + name + "'");
}

Precision parsePrecision(const std::string& name) {
  if (name == "fp32") return Precision::Float32;
  if (name == "fp16") return Precision::Float16;
  throw std::invalid_argument("the precision must be 'fp32' or 'fp16', not '" + name + "'");
}

const char* nameOf(Precision precision) {
  return precision == Precision::Float16 ? "fp16" : "fp32";
}

torch::ScalarType scalarTypeOf(Precision precision) {
  return precision == Precision::Float16 ? torch::kHalf : torch::kFloat;
}

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.has_index() ? device.index() : 0);
}

}  // namespace mnl

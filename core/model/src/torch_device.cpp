// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/torch_device.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include "mnl/cuda_backend.h"

namespace mnl {

void useCpuThreads(int threads) {
  if (threads > 0 && at::get_num_threads() != threads) at::set_num_threads(threads);
}

// LibTorch sees a GPU only once its CUDA half is in the process: through the CUDA back end.
bool cudaAvailable() { return cudaBackend() && torch::cuda::is_available(); }

DeviceChoice chooseDevice(DeviceKind requested) {
  DeviceChoice choice;
  if (requested != DeviceKind::Cuda) return choice;
  if (!cudaAvailable()) {
    choice.notice = "no CUDA device found; running on the CPU";
    return choice;
  }
  at::globalContext().setAllowTF32CuDNN(false);
  at::globalContext().setAllowTF32CuBLAS(false);
  choice.device = torch::Device(torch::kCUDA, 0);
  return choice;
}

torch::ScalarType scalarTypeOf(Precision precision) {
  return precision == Precision::Float16 ? torch::kHalf : torch::kFloat;
}

void synchronize(const torch::Device& device) {
  if (device.is_cuda()) torch::cuda::synchronize(device.has_index() ? device.index() : 0);
}

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
// libmnl-cuda.so: the CUDA back end (mnl/cuda_backend.h). The only code of the project that
// includes LibTorch's CUDA headers and links its CUDA half; the programs load it at start-up
// where NVIDIA's driver is installed (core/model/src/cuda_backend.cpp). It calls nothing of mnl_core:
// it uses the types the interface names and LibTorch, which the program already has loaded.
#include <ATen/cuda/CUDAContext.h>
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include <atomic>
#include <stdexcept>
#include <string>

#include "fused_preprocess_kernel.h"
#include "mnl/cuda_backend.h"

namespace mnl {
namespace {

// Set by the first failed recording, for the whole process: a recording that fails half-way can
// leave the caching allocator and the CUDA runtime in a state another recording should not meet
// (LibTorch releases the private memory pool of a capture that ended normally only).
std::atomic<bool> recordingFailed{false};

class CudaGraphPass final : public RecordedPass {
 public:
  CudaGraphPass(const CudaBackend::Pass& pass, const torch::Tensor& example) {
    if (recordingFailed.load())
      throw std::runtime_error("CUDA graphs are off: an earlier recording failed");
    const c10::cuda::CUDAGuard deviceGuard(example.device());
    {
      // A normal tensor even when the caller is in inference mode, so that replay() may copy
      // into it whatever mode its caller is in.
      const c10::InferenceMode normalTensors(false);
      input_ = example.clone();
    }
    // Recording is not allowed on the default stream; the side stream must first see every
    // write the current stream has queued (the clone above).
    c10::cuda::getCurrentCUDAStream().synchronize();
    c10::cuda::CUDAStream side = c10::cuda::getStreamFromPool();
    {
      const c10::cuda::CUDAStreamGuard streamGuard(side);
      for (int i = 0; i < 2; ++i) pass(input_);
      side.synchronize();
      // Thread-local mode: a call on another thread that is unsafe during a recording (a
      // cudaMalloc by the GUI's own GPU use, say) does not spoil this one.
      graph_.capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
      try {
        output_ = pass(input_);
      } catch (...) {
        // End the recording, whatever it holds, so the stream is usable again; clear the error
        // it left, so that the direct runs that follow do not report it as theirs.
        recordingFailed = true;
        try {
          graph_.capture_end();
        } catch (...) {
        }
        (void)cudaGetLastError();
        throw;
      }
      try {
        graph_.capture_end();  // throws if the recording was invalidated
      } catch (...) {
        recordingFailed = true;
        (void)cudaGetLastError();
        throw;
      }
    }
    c10::cuda::getCurrentCUDAStream().synchronize();
  }

  ForwardResult replay(const torch::Tensor& input) override {
    const c10::cuda::CUDAGuard deviceGuard(input_.device());
    input_.copy_(input, /*non_blocking=*/true);
    graph_.replay();
    ForwardResult result;
    result.logits = output_.logits.clone();
    for (const auto& [name, tensor] : output_.taps) result.taps.emplace_back(name, tensor.clone());
    return result;
  }

 private:
  at::cuda::CUDAGraph graph_;
  torch::Tensor input_;    // the graph reads this memory on every replay
  ForwardResult output_;   // and writes these
};

class LibTorchCudaBackend final : public CudaBackend {
 public:
  std::string deviceName(int device) const override {
    return at::cuda::getDeviceProperties(device)->name;
  }

  std::string deviceArchitecture(int device) const override {
    const cudaDeviceProp* props = at::cuda::getDeviceProperties(device);
    return "sm_" + std::to_string(props->major) + std::to_string(props->minor);
  }

  bool graphsSupported() const override { return !recordingFailed.load(); }

  std::unique_ptr<RecordedPass> record(const Pass& pass,
                                       const torch::Tensor& example) const override {
    return std::make_unique<CudaGraphPass>(pass, example);
  }

  int launchFusedPreprocess(const fused::Geometry& geometry, float* out,
                            int device) const override {
    return fused::launchPreprocess(geometry, out,
                                   c10::cuda::getCurrentCUDAStream(device).stream());
  }
};

}  // namespace
}  // namespace mnl

extern "C" __attribute__((visibility("default"))) const mnl::CudaBackend* mnl_cuda_backend() {
  static const mnl::LibTorchCudaBackend backend;
  return &backend;
}

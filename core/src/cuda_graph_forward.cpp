// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/cuda_graph_forward.h"

#include <atomic>
#include <stdexcept>
#include <utility>

#if defined(MNL_WITH_CUDA)
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

namespace mnl {

#if defined(MNL_WITH_CUDA)

namespace {
// Set by the first failed recording, for the whole process: a recording that fails half-way can
// leave the caching allocator and the CUDA runtime in a state another recording should not meet
// (LibTorch releases the private memory pool of a capture that ended normally only).
std::atomic<bool> recordingFailed{false};
}  // namespace

struct CudaGraphForward::Impl {
  at::cuda::CUDAGraph graph;
  torch::Tensor input;    // the graph reads this memory on every replay
  ForwardResult output;   // and writes these
};

bool CudaGraphForward::supported() { return !recordingFailed.load(); }

CudaGraphForward::CudaGraphForward(const Pass& pass, const torch::Tensor& example)
    : impl_(std::make_unique<Impl>()) {
  if (!example.is_cuda()) throw std::runtime_error("CUDA graphs need an input on a CUDA device");
  if (recordingFailed.load())
    throw std::runtime_error("CUDA graphs are off: an earlier recording failed");
  const c10::cuda::CUDAGuard deviceGuard(example.device());
  {
    // A normal tensor even when the caller is in inference mode, so that replay() may copy
    // into it whatever mode its caller is in.
    const c10::InferenceMode normalTensors(false);
    impl_->input = example.clone();
  }
  // Recording is not allowed on the default stream; the side stream must first see every
  // write the current stream has queued (the clone above).
  c10::cuda::getCurrentCUDAStream().synchronize();
  c10::cuda::CUDAStream side = c10::cuda::getStreamFromPool();
  {
    const c10::cuda::CUDAStreamGuard streamGuard(side);
    for (int i = 0; i < 2; ++i) pass(impl_->input);
    side.synchronize();
    // Thread-local mode: a call on another thread that is unsafe during a recording (a
    // cudaMalloc by the GUI's own GPU use, say) does not spoil this one.
    impl_->graph.capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
    try {
      impl_->output = pass(impl_->input);
    } catch (...) {
      // End the recording, whatever it holds, so the stream is usable again; clear the error
      // it left, so that the direct runs that follow do not report it as theirs.
      recordingFailed = true;
      try {
        impl_->graph.capture_end();
      } catch (...) {
      }
      (void)cudaGetLastError();
      throw;
    }
    try {
      impl_->graph.capture_end();  // throws if the recording was invalidated
    } catch (...) {
      recordingFailed = true;
      (void)cudaGetLastError();
      throw;
    }
  }
  c10::cuda::getCurrentCUDAStream().synchronize();
}

ForwardResult CudaGraphForward::replay(const torch::Tensor& input) {
  const c10::cuda::CUDAGuard deviceGuard(impl_->input.device());
  impl_->input.copy_(input, /*non_blocking=*/true);
  impl_->graph.replay();
  ForwardResult result;
  result.logits = impl_->output.logits.clone();
  for (const auto& [name, tensor] : impl_->output.taps) result.taps.emplace_back(name, tensor.clone());
  return result;
}

#else  // LibTorch without CUDA: nothing to record.

struct CudaGraphForward::Impl {};

bool CudaGraphForward::supported() { return false; }

CudaGraphForward::CudaGraphForward(const Pass&, const torch::Tensor&) {
  throw std::runtime_error("this build has no CUDA graphs (LibTorch without CUDA)");
}

ForwardResult CudaGraphForward::replay(const torch::Tensor&) {
  throw std::logic_error("CudaGraphForward::replay without a recording");
}

#endif

CudaGraphForward::~CudaGraphForward() = default;

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What CUDA adds to the core, behind one small interface: the GPU's name, a forward pass
// recorded as a CUDA graph, and this project's fused preprocessing kernel. It lives in a plugin,
// libmnl-cuda.so (core/model/cuda/), the only part of the project that links LibTorch's CUDA half.
// The programs link LibTorch's CPU half alone and load the plugin at start-up where NVIDIA's
// driver is installed: a CPU machine never maps the CUDA libraries, and a machine without a CUDA
// toolkit builds everything else (cmake/LibTorch.cmake).
// Torch header: a translation unit that also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <torch/types.h>

#include <functional>
#include <memory>
#include <string>

#include "mnl/mobilenet_v1.h"

namespace mnl {

namespace fused {
struct Geometry;
}

// A forward pass recorded once and replayed (CudaGraphForward).
class RecordedPass {
 public:
  virtual ~RecordedPass() = default;
  // Copies `input` into the recording's input, replays it and returns copies of its outputs.
  virtual ForwardResult replay(const torch::Tensor& input) = 0;
};

class CudaBackend {
 public:
  using Pass = std::function<ForwardResult(const torch::Tensor&)>;
  virtual ~CudaBackend() = default;

  virtual std::string deviceName(int device) const = 0;
  // "sm_90": the device's compute capability, the GPU's "ISA" in the sweep's records.
  virtual std::string deviceArchitecture(int device) const = 0;

  // Whether a recording may be tried: none has failed in this process (after one, none is).
  virtual bool graphsSupported() const = 0;
  // Runs `pass` twice on a copy of `example` (CUDA libraries allocate their workspaces on
  // first use, which a recording may not do), then records it. Throws std::runtime_error when
  // the recording fails.
  virtual std::unique_ptr<RecordedPass> record(const Pass& pass,
                                               const torch::Tensor& example) const = 0;

  // Queues the fused preprocessing kernel on the device's current stream: float [3, side, side]
  // to `out`. Returns the launch's cudaError_t as an int (0: queued).
  virtual int launchFusedPreprocess(const fused::Geometry& geometry, float* out,
                                    int device) const = 0;
};

// The plugin's back end, loaded once per process; nullptr without one, and then
// cudaBackendStatus() says why (no driver, a build without the plugin, a load that failed).
// MNL_CUDA_BACKEND=off never loads it; =force loads it even without a driver (the tests use
// it to check the plugin itself on a machine with no GPU).
const CudaBackend* cudaBackend();
const std::string& cudaBackendStatus();

}  // namespace mnl

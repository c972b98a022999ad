// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A forward pass recorded once as a CUDA graph and then replayed. At batch 1 the GPU spends
// more time waiting for kernel launches (about 35 per pass: convolutions, pads, pooling, the
// classifier) than computing them; a replay submits the whole pass with one call. A graph is
// fixed to one input shape, dtype and set of kept layers, so the network keeps one per
// (batch, taps) it has seen (and one network per (α, size) is built anyway).
// Torch header: a translation unit that also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <torch/types.h>

#include <functional>
#include <memory>

#include "mnl/mobilenet_v1.h"

namespace mnl {

class CudaGraphForward {
 public:
  using Pass = std::function<ForwardResult(const torch::Tensor&)>;

  // Whether this process can record CUDA graphs (the CUDA back end is loaded, mnl/cuda_backend.h)
  // and no recording has failed in it (after one, none is tried again).
  static bool supported();

  // Runs `pass` twice on a copy of `example` (CUDA libraries allocate their workspaces on first
  // use, which a recording may not do), then records it. `example` must be on a CUDA device.
  // Throws std::runtime_error when this process has no CUDA back end or the recording fails;
  // the caller then runs the pass directly.
  CudaGraphForward(const Pass& pass, const torch::Tensor& example);
  ~CudaGraphForward();
  CudaGraphForward(const CudaGraphForward&) = delete;
  CudaGraphForward& operator=(const CudaGraphForward&) = delete;

  // Copies `input` (same shape and dtype as the example) into the graph's input, replays it,
  // and returns copies of its outputs: the graph's own are overwritten by the next replay.
  ForwardResult replay(const torch::Tensor& input);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mnl

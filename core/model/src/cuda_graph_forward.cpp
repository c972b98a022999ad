// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/cuda_graph_forward.h"

#include <stdexcept>

#include "mnl/cuda_backend.h"

namespace mnl {

struct CudaGraphForward::Impl {
  std::unique_ptr<RecordedPass> recorded;
};

bool CudaGraphForward::supported() {
  const CudaBackend* backend = cudaBackend();
  return backend && backend->graphsSupported();
}

CudaGraphForward::CudaGraphForward(const Pass& pass, const torch::Tensor& example)
    : impl_(std::make_unique<Impl>()) {
  if (!example.is_cuda()) throw std::runtime_error("CUDA graphs need an input on a CUDA device");
  const CudaBackend* backend = cudaBackend();
  if (!backend) throw std::runtime_error("no CUDA graphs: " + cudaBackendStatus());
  impl_->recorded = backend->record(pass, example);
}

ForwardResult CudaGraphForward::replay(const torch::Tensor& input) {
  return impl_->recorded->replay(input);
}

CudaGraphForward::~CudaGraphForward() = default;

}  // namespace mnl

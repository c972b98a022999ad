// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/linear_head.h"

#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/linear.h>
#include <torch/optim/adam.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace mnl::teach {
namespace {

torch::Tensor features(const EmbeddingTable& table) {
  return torch::from_blob(const_cast<float*>(table.values.data()),
                          {table.rows(), table.dimensions}, torch::kFloat32)
      .clone();
}

torch::Tensor targets(const EmbeddingTable& table) {
  return torch::tensor(table.labels, torch::kLong);
}

std::vector<float> values(const torch::Tensor& tensor) {
  const torch::Tensor flat = tensor.detach().contiguous().to(torch::kFloat32).view(-1);
  return {flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel()};
}

}  // namespace

std::vector<float> LinearHead::probabilities(std::span<const float> embedding) const {
  std::vector<double> logits(static_cast<std::size_t>(classes));
  for (int c = 0; c < classes; ++c) {
    double sum = bias[static_cast<std::size_t>(c)];
    const float* w = weight.data() + static_cast<std::size_t>(c) * dimensions;
    for (int d = 0; d < dimensions; ++d) sum += static_cast<double>(w[d]) * embedding[d];
    logits[static_cast<std::size_t>(c)] = sum;
  }
  const double top = *std::max_element(logits.begin(), logits.end());
  double total = 0;
  for (double& l : logits) total += (l = std::exp(l - top));
  std::vector<float> result;
  for (double l : logits) result.push_back(static_cast<float>(l / total));
  return result;
}

TrainedHead trainLinearHead(const EmbeddingTable& taught, const EmbeddingTable& heldOut,
                            int classes, const HeadTraining& training,
                            const std::function<bool(const TrainingProgress&)>& progress) {
  if (taught.rows() == 0) throw std::invalid_argument("no examples to learn from");
  if (classes < 2) throw std::invalid_argument("a head needs at least two classes");
  for (const EmbeddingTable* table : {&taught, &heldOut})
    for (int label : table->labels)
      if (label < 0 || label >= classes)
        throw std::invalid_argument("an example's label is outside the classes");

  // Whatever the caller's mode (an inference thread may be in InferenceMode), training needs
  // autograd: tensors made here are ordinary ones, gradients on for the steps alone.
  c10::InferenceMode autogradAllowed(false);
  torch::NoGradGuard noGradOutside;
  torch::manual_seed(training.seed);
  const torch::Tensor x = features(taught);
  const torch::Tensor mean = x.mean(0);
  // A value that never changes (a channel ReLU6 keeps at 0 for every example) divides by 1.
  const torch::Tensor spread = x.std(0, /*unbiased=*/false);
  const torch::Tensor scale = torch::where(spread < 1e-6, torch::ones_like(spread), spread);
  const torch::Tensor xs = (x - mean) / scale;
  const torch::Tensor y = targets(taught);
  const bool judged = heldOut.rows() > 0;
  const torch::Tensor hx = judged ? (features(heldOut) - mean) / scale : torch::Tensor();
  const torch::Tensor hy = judged ? targets(heldOut) : torch::Tensor();

  torch::nn::Linear layer(taught.dimensions, classes);
  torch::optim::Adam optimiser(
      layer->parameters(),
      torch::optim::AdamOptions(training.learningRate).weight_decay(training.weightDecay));
  namespace F = torch::nn::functional;

  TrainedHead result;
  double bestLoss = std::numeric_limits<double>::infinity();
  torch::Tensor bestWeight = layer->weight.detach().clone();
  torch::Tensor bestBias = layer->bias.detach().clone();
  int sinceBest = 0;
  for (int epoch = 1; epoch <= training.maxEpochs; ++epoch) {
    double taughtLoss = 0;
    {
      torch::AutoGradMode enable(true);
      optimiser.zero_grad();
      const torch::Tensor loss = F::cross_entropy(layer->forward(xs), y);
      loss.backward();
      optimiser.step();
      taughtLoss = loss.item<double>();
    }
    TrainingProgress step{epoch, training.maxEpochs, taughtLoss,
                          std::numeric_limits<double>::quiet_NaN(), 0.0};
    if (judged) {
      const torch::Tensor logits = layer->forward(hx);
      step.heldOutLoss = F::cross_entropy(logits, hy).item<double>();
      step.heldOutAccuracy = logits.argmax(1).eq(hy).to(torch::kDouble).mean().item<double>();
    }
    result.epochs = epoch;
    const double judgedLoss = judged ? step.heldOutLoss : step.taughtLoss;
    if (judgedLoss < bestLoss) {
      bestLoss = judgedLoss;
      bestWeight = layer->weight.detach().clone();
      bestBias = layer->bias.detach().clone();
      result.bestEpoch = epoch;
      sinceBest = 0;
    } else {
      ++sinceBest;
    }
    if (progress && !progress(step)) {
      result.cancelled = true;
      break;
    }
    if (judged && sinceBest >= training.patience) break;
  }
  // Folding the standardisation in: W·((e − μ)/σ) + b = (W/σ)·e + (b − (W/σ)·μ).
  const torch::Tensor weight = bestWeight / scale;
  const torch::Tensor bias = bestBias - weight.matmul(mean);
  result.head = {classes, taught.dimensions, values(weight), values(bias)};
  return result;
}

}  // namespace mnl::teach

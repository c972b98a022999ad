// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Computes the saliency maps of saliency.h from a forward pass's output at the chosen layer.
//
// CAM needs the last convolution's output and the classifier's weights, nothing more. Grad-CAM
// needs d logit / d activations, and the folded network (inference_network.h) cannot give it:
// on the CPU each layer is one oneDNN call on weights reordered into an opaque blocked layout,
// an operator without a derivative in autograd, and it runs under InferenceMode. Writing a
// backward for it would mean a hand-written convolution backward per layer type. The
// training-form model (mobilenet_v1.h) holds the same weights and is differentiable as it is,
// so Grad-CAM runs the folded network's forward as usual, takes the chosen layer's output
// from it (the two forms agree to float rounding) and runs only the layers after it again,
// in training form with autograd, then back: what that costs is in docs/benchmarks.md.
// Torch header: a translation unit that also includes Qt needs QT_NO_KEYWORDS (docs/architecture.md).

#include <torch/types.h>

#include <string>

#include "mnl/mobilenet_v1.h"
#include "mnl/saliency.h"

namespace mnl {

// `layerOutput`: the output of `layer` for one image, [1, C, h, w] in any precision and memory
// format, on the model's device (from MobileNetV1 or InferenceNetwork with that layer tapped).
// Cam: `layer` must be the last convolution. The map's method, layer, class, size, values,
// peak, emptiness and cost are filled; label, crop, inputSize and frameSequence are the
// caller's. Throws std::invalid_argument for a layer the model has not, or a class out of
// range. Safe to call inside or outside InferenceMode.
SaliencyMap saliencyMap(SaliencyMethod method, MobileNetV1 model, const std::string& layer,
                        const torch::Tensor& layerOutput, int classIndex);

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/input_convention.h"

#include <cstdio>
#include <stdexcept>

namespace mnl {

InputScaling scalingFor(Normalization normalization) {
  return normalization == Normalization::ImageNet ? kImageNetScaling : InputScaling{127.5, 127.5};
}

std::string_view toString(Normalization normalization) {
  return normalization == Normalization::ImageNet ? "imagenet" : "minus-one-to-one";
}

Normalization parseNormalization(std::string_view text) {
  if (text == "imagenet") return Normalization::ImageNet;
  if (text == "minus-one-to-one") return Normalization::MinusOneToOne;
  throw std::invalid_argument("expected 'imagenet' or 'minus-one-to-one', not '" +
                              std::string(text) + "'");
}

std::string describeScaling(const InputScaling& scaling) {
  if (scaling == kImageNetScaling) return "ImageNet mean/std";
  if (scaling == InputScaling{127.5, 127.5}) return "[-1, 1]";
  char text[96];
  if (scaling.uniform())
    std::snprintf(text, sizeof text, "(x - %g) / %g", scaling.offset[0], scaling.divisor[0]);
  else
    std::snprintf(text, sizeof text, "(x - [%g, %g, %g]) / [%g, %g, %g]", scaling.offset[0],
                  scaling.offset[1], scaling.offset[2], scaling.divisor[0], scaling.divisor[1],
                  scaling.divisor[2]);
  return text;
}

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How a model wants its input: a property of the loaded model, not a global constant.
// No torch and no Qt here: the UI and the capture code include it.

#include <array>
#include <string>
#include <string_view>

namespace mnl {

enum class CropMode { CenterSquare, FullFrame };

struct InputScaling {
  // real = (pixel − offset[c]) / divisor[c] for RGB channel c, pixel values in 0…255.
  // TFLite uint8 models: (x − 128) / 128; the Keras model: (x − 127.5) / 127.5, the same for
  // every channel. torchvision's normalisation (PyTorch checkpoints) differs per channel.
  std::array<double, 3> offset{127.5, 127.5, 127.5};
  std::array<double, 3> divisor{127.5, 127.5, 127.5};

  constexpr InputScaling() = default;
  constexpr InputScaling(double offsetAll, double divisorAll)
      : offset{offsetAll, offsetAll, offsetAll}, divisor{divisorAll, divisorAll, divisorAll} {}
  constexpr InputScaling(const std::array<double, 3>& offsets,
                         const std::array<double, 3>& divisors)
      : offset(offsets), divisor(divisors) {}
  // One offset and divisor for all three channels.
  constexpr bool uniform() const {
    return offset[0] == offset[1] && offset[1] == offset[2] && divisor[0] == divisor[1] &&
           divisor[1] == divisor[2];
  }
  bool operator==(const InputScaling&) const = default;
};

// The two conventions a person can choose between (--normalize, the window's menu).
enum class Normalization {
  MinusOneToOne,  // (x − 127.5) / 127.5: TensorFlow's MobileNets
  ImageNet,       // x / 255, then ImageNet mean 0.485/0.456/0.406 and std 0.229/0.224/0.225
};

// torchvision's Normalize(mean, std) after ToTensor, as one offset/divisor per channel:
// (x/255 − mean) / std = (x − 255·mean) / (255·std).
inline constexpr InputScaling kImageNetScaling{{255 * 0.485, 255 * 0.456, 255 * 0.406},
                                               {255 * 0.229, 255 * 0.224, 255 * 0.225}};

InputScaling scalingFor(Normalization normalization);
// "imagenet", "minus-one-to-one".
std::string_view toString(Normalization normalization);
// Parses the words toString gives; throws std::invalid_argument otherwise.
Normalization parseNormalization(std::string_view text);
// For the status bar: "ImageNet mean/std", "[−1, 1]", or "(x − 128) / 128".
std::string describeScaling(const InputScaling& scaling);

struct Preprocessing {
  int inputSize = 224;  // side of the square the network sees
  CropMode crop = CropMode::CenterSquare;
  InputScaling scaling;
};

}  // namespace mnl

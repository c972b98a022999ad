// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How a model wants its input: a property of the loaded model, not a global constant.
// No torch and no Qt here: the UI and the capture code include it.

namespace mnl {

enum class CropMode { CenterSquare, FullFrame };

struct InputScaling {
  // real = (pixel − offset) / divisor, per RGB channel value in 0…255.
  // TFLite uint8 models: (x − 128) / 128; the Keras model: (x − 127.5) / 127.5.
  double offset = 127.5;
  double divisor = 127.5;
};

struct Preprocessing {
  int inputSize = 224;  // side of the square the network sees
  CropMode crop = CropMode::CenterSquare;
  InputScaling scaling;
};

}  // namespace mnl

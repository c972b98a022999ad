// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which part of a frame the network sees. No torch and no Qt here: the UI draws this rectangle
// over the video, and mnl::preprocess cuts the same one.

#include <algorithm>

#include "mnl/input_convention.h"

namespace mnl {

struct CropRect {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
  bool operator==(const CropRect&) const = default;
};

// CenterSquare: the largest centred square (an odd leftover pixel goes right/bottom);
// FullFrame: the whole image (resized without keeping its aspect ratio).
inline CropRect cropRect(int width, int height, CropMode mode) {
  if (mode == CropMode::FullFrame) return {0, 0, width, height};
  const int side = std::min(width, height);
  return {(width - side) / 2, (height - side) / 2, side, side};
}

}  // namespace mnl

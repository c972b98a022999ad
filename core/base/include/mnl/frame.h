// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One decoded picture as it travels from a frame source to the network: immutable once made,
// shared between threads by pointer. No torch, no Qt and no OpenCV here.

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace mnl {

// 8-bit BGR, rows packed (OpenCV's CV_8UC3 with a continuous buffer).
struct Frame {
  int width = 0;
  int height = 0;
  std::shared_ptr<const std::vector<std::uint8_t>> bgr;  // width × height × 3 bytes
  std::int64_t sequence = 0;  // increases with each captured frame of a source
  std::chrono::steady_clock::time_point captured{};
};

}  // namespace mnl

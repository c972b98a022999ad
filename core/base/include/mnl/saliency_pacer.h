// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How often a live view can afford Grad-CAM. It costs a backward pass through the layers after
// the chosen one (at an early layer, more than the forward pass itself), so it runs on every
// N-th frame, N the smallest that keeps the frame rate at least two thirds of what the network
// alone reaches: forward + map / N ≤ 1.5 × forward. Frames in between show the last map.
// No torch and no Qt here.

namespace mnl {

class SaliencyPacer {
 public:
  // The most a frame's time may grow, on average, for its map: a frame rate down by a third
  // at most.
  static constexpr double kAllowedSlowdown = 1.5;

  // A new request (another class, layer or method): the next frame computes one at once, so
  // a click is answered on the frame after it.
  void restart();
  // Called once per frame, before its pass: whether this frame computes a map.
  bool due();
  // What the last frame's forward pass cost, and, when it computed a map, what that cost.
  void recordForward(double milliseconds);
  void recordMap(double milliseconds);
  // Frames per map now (1: every frame).
  int interval() const;

 private:
  double forwardMs_ = 0;  // running means (exponential: they follow a new network quickly)
  double mapMs_ = 0;
  int sinceLast_ = 0;  // frames since the last map
  bool restart_ = true;
};

}  // namespace mnl

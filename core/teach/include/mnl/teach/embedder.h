// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The frozen backbone of transfer learning: MobileNet v1 up to its global average pool, giving
// each picture the 1024·α values its classifier would see. The heads learn from these. The
// interface is torch-free (the window's library may link it); LibTorch stays inside.
// Not thread-safe: one thread uses an Embedder.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "mnl/architecture.h"
#include "mnl/frame.h"
#include "mnl/input_convention.h"

namespace mnl::teach {

// Which backbone: a bundled model (α, resolution, conv mode of `network`; a resolution of 0 is
// the bundled model's own) or a user's weights file, whose α and conv mode win.
struct BackboneRequest {
  NetworkConfig network;  // classes are ignored: the head's
  std::filesystem::path weightsFile;   // empty: the bundled weights for α
  std::filesystem::path resourcesDir;  // empty: the installed resources
  CropMode crop = CropMode::CenterSquare;
  bool operator==(const BackboneRequest&) const = default;
};

class Embedder {
 public:
  // Loads the backbone. Throws WeightsError for weights that cannot be read or none trained
  // for the request (a random backbone teaches nothing), std::invalid_argument for an invalid
  // network.
  explicit Embedder(const BackboneRequest& request);
  ~Embedder();
  Embedder(const Embedder&) = delete;
  Embedder& operator=(const Embedder&) = delete;

  int dimensions() const;                 // values per embedding: pw13's channels
  const NetworkConfig& network() const;   // as loaded: α of the weights, the resolution used
  const std::string& weightsDescription() const;  // "mobilenet_v1_0.25_128_quant.tflite (bundled)"

  // Row i (dimensions() values) is frames[i]'s embedding, preprocessed as the live view is.
  // All frames go through the network as one batch: the caller chooses the batch's size.
  std::vector<float> embed(const std::vector<Frame>& frames);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mnl::teach

// SPDX-License-Identifier: GPL-3.0-or-later
#include "calibrate_command.h"

#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "command.h"
#include "input_frames.h"
#include "mnl/activation_calibration.h"
#include "mnl/inference_network.h"
#include "model_options.h"
#include "precision_options.h"

namespace mnl::cli {
namespace {

struct CalibrateOptions {
  std::vector<std::string> inputs;
  ModelOptions model;
  InputOptions input;
  int frames = kCalibrationFrames;
  std::string crop = "center";
  std::string out;
};

void run(const CalibrateOptions& o) {
  if (o.frames < 1) throw UsageError("--frames must be at least 1");
  if (o.input.every < 1) throw UsageError("--every must be at least 1");
  const ModelRequest request = modelRequest(o.model);
  const LoadedModel loaded = loadRequestedModel(request);
  Preprocessing preprocessing = loaded.preprocessing;
  preprocessing.crop = parseCrop(o.crop);
  const torch::Tensor frames = calibrationFramesOf(o.inputs, o.input, preprocessing, o.frames);
  if (!frames.defined()) throw InputError("no picture of the inputs could be read");
  torch::InferenceMode inference;
  const InferenceNetwork float32(loaded.model, request.device);
  ActivationCalibration calibration = calibrateActivations(float32, frames.to(request.device));
  calibration.network = loaded.network;
  calibration.weights = loaded.weightsDescription;
  try {
    saveCalibration(o.out, calibration);
  } catch (const std::exception& e) {
    throw InputError(e.what());
  }
  std::printf("Calibrated %s (alpha %g, %d px) on %d frames: largest outputs %.2f to %.2f; "
              "wrote %s\n",
              loaded.weightsDescription.c_str(), loaded.network.alpha, loaded.network.resolution,
              calibration.frames,
              *std::min_element(calibration.maxima.begin(), calibration.maxima.end()),
              *std::max_element(calibration.maxima.begin(), calibration.maxima.end()),
              o.out.c_str());
}

}  // namespace

void addCalibrateCommand(CLI::App& app) {
  auto o = std::make_shared<CalibrateOptions>();
  CLI::App* cmd = app.add_subcommand(
      "calibrate", "Measure int8's activation scales on real pictures and write them to a file "
                   "(--precision int8 --calibration FILE)");
  cmd->add_option("inputs", o->inputs, "Images, videos or folders")->required();
  addModelOptions(cmd, o->model, "Calibrate");
  cmd->add_option("--frames", o->frames, "Pictures to calibrate on")->capture_default_str();
  cmd->add_option("--every", o->input.every, "Every N-th frame of a video")->capture_default_str();
  addMaxPixelsOption(cmd, o->input.maxPixels);
  cmd->add_option("--crop", o->crop, "center (largest centred square) or full (stretched)")
      ->capture_default_str();
  cmd->add_option("--out,-o", o->out, "The calibration file (JSON)")->required();
  cmd->callback([o] { run(*o); });
}

}  // namespace mnl::cli

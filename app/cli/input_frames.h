// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pictures `classify` reads from its INPUT arguments. Built with OpenCV (mnl_media): images,
// videos and folders of images. Without it (a machine with LibTorch alone): images and
// folders of images, decoded by stb_image. No torch and no Qt here.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace mnl::cli {

// How INPUT is read: which frames of a video, and the most pixels an image or a video frame may
// declare before it is refused undecoded (an image bomb; --max-pixels).
struct InputOptions {
  int every = 1;
  std::int64_t maxPixels = 50'000'000;
};

// --max-pixels for a command that reads INPUT.
void addMaxPixelsOption(CLI::App* command, std::int64_t& maxPixels);

struct InputFrame {
  std::string input;                  // the file it came from (a folder's image, not the folder)
  std::optional<std::int64_t> frame;  // frame number within a video; empty for images
  // 8-bit BGR pixels, valid only during the visit.
  const std::uint8_t* bgr = nullptr;
  int width = 0;
  int height = 0;
  std::ptrdiff_t stride = 0;
};

// Reads one INPUT (image, video or folder) and hands each picture to `visit`: every image of a
// folder, in name order; frames 0, every, 2·every… of a video. Every problem (a missing or
// undecodable file, a folder's junk file, a damaged video, a camera, a picture above the pixel
// limit) goes to `problem` as a message naming the file. Returns how many problems there were.
int readInput(const std::string& input, const InputOptions& options,
              const std::function<void(const InputFrame&)>& visit,
              const std::function<void(const std::string&)>& problem);

// What this build reads, for --help.
const char* readableInputs();

// Every INPUT in turn (readInput), each problem said on stderr as "mobilenet-lab-cli: …".
// Returns how many problems there were.
int readInputs(const std::vector<std::string>& inputs, const InputOptions& options,
               const std::function<void(const InputFrame&)>& visit);

// After the results are out: InputError "N inputs could not be read (see above)" if N > 0.
void failOnUnreadInputs(int problems);

// "\n<input>[, frame N]\n" on stdout: what heads a picture's results in text output.
void printInputHeading(const InputFrame& frame);

}  // namespace mnl::cli

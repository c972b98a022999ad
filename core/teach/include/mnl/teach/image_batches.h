// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The files of a folder of examples (image_folder.h) decoded a batch at a time and forgotten
// once visited, so that a pass over ten thousand photos holds one batch of them. Files that
// cannot be used (not an image after all, truncated, an image bomb above the pixel limit) are
// skipped, each said in one line naming it. No torch and no Qt here.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "mnl/frame.h"
#include "mnl/teach/image_folder.h"

namespace mnl::teach {

// One image file decoded as the sources decode it (media's ImageSource: the pixel limit read
// from the header first, large photos shrunk); nullopt with `problem` set to one line naming
// the file when it cannot be used.
std::optional<Frame> decodeImageFile(const std::filesystem::path& file, std::int64_t maxPixels,
                                     std::string& problem);

struct ImageBatchOptions {
  std::int64_t maxPixels = 50'000'000;  // per image, from its header (media's image_header.h)
  int batch = 16;
};

struct ImageBatch {
  std::vector<Frame> frames;
  std::vector<const LabelledFile*> files;  // the file and class of each frame
  int done = 0;   // files of the folder handled so far, this batch's included
  int total = 0;  // files of the folder
};

// Visits the folder's files in order, a batch at a time; `visit` returns false to stop.
// `problem` gets one line for each file skipped. Returns how many were skipped.
int readImageBatches(const ImageFolder& folder, const ImageBatchOptions& options,
                     const std::function<bool(const ImageBatch&)>& visit,
                     const std::function<void(const std::string&)>& problem);

}  // namespace mnl::teach

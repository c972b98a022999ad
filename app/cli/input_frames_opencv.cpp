// SPDX-License-Identifier: GPL-3.0-or-later
// INPUT through the app's frame sources (OpenCV).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "input_frames.h"
#include "mnl/media/open_source.h"
#include "mnl/media/source_spec.h"

namespace mnl::cli {

const char* readableInputs() { return "images, videos and folders of images"; }

int readInput(const std::string& input, const InputOptions& options,
              const std::function<void(const InputFrame&)>& visit,
              const std::function<void(const std::string&)>& problem) {
  std::error_code error;
  if (input.starts_with("/dev/video")) {  // a device, which isCameraSpec would open
    problem(input + ": classify reads files; use the desktop app for cameras");
    return 1;
  }
  if (!std::filesystem::exists(input, error)) {
    problem(input + ": no such file or folder");
    return 1;
  }
  // makeSource reads a bare number as a camera index; here it is a file of that name.
  SourceOptions sourceOptions;
  sourceOptions.maxPixels = options.maxPixels;
  const auto source = makeSource(isCameraSpec(input) ? "./" + input : input, sourceOptions);
  if (const SourceResult opened = source->open(); !opened.ok()) {
    problem(opened.message);
    return 1;
  }
  const bool video = source->kind() == SourceKind::VideoFile;
  int problems = 0;
  cv::Mat bgr;
  for (;;) {
    const SourceResult r = source->read(bgr);
    if (r.status == SourceStatus::EndOfStream) break;
    if (!r.ok()) {
      problem(r.message);
      ++problems;
      if (r.status == SourceStatus::Skipped) continue;  // a folder goes on with the next file
      break;
    }
    if (video && r.index % options.every != 0) continue;
    visit({r.item, video ? std::optional(r.index) : std::nullopt, bgr.data, bgr.cols, bgr.rows,
           static_cast<std::ptrdiff_t>(bgr.step[0])});
  }
  return problems;
}

}  // namespace mnl::cli

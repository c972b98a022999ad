// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The failures every file-backed source reports the same way, checked before OpenCV is asked.

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <system_error>

#include "mnl/media/frame_source.h"

namespace mnl::detail {

// NotFound for a missing path, Undecodable for an empty file or a folder, Unavailable for one
// this user may not read (OpenCV would only say it cannot decode it); nullopt when the file is
// worth handing to a decoder.
inline std::optional<SourceResult> checkFile(const std::filesystem::path& file) {
  std::error_code error;
  const auto status = std::filesystem::status(file, error);
  const std::string name = file.string();
  if (!std::filesystem::exists(status))
    return SourceResult{SourceStatus::NotFound, name + ": no such file", name};
  if (std::filesystem::is_directory(status))
    return SourceResult{SourceStatus::Undecodable, name + " is a folder, not a file", name};
  if (std::filesystem::is_regular_file(status) && std::filesystem::file_size(file, error) == 0)
    return SourceResult{SourceStatus::Undecodable, name + " is empty (0 bytes)", name};
  if (!std::ifstream(file, std::ios::binary))
    return SourceResult{SourceStatus::Unavailable, name + " cannot be read (no permission?)", name};
  return std::nullopt;
}

// An image read for a source: `image` is 8-bit BGR (grey, 16-bit and RGBA converted), at most
// kMaxImageSide on its longer side; empty when OpenCV cannot decode it, or when the header
// declares more than the pixel limit, which `tooLarge` then says (the file, its size, the
// limit). image_source.cpp.
struct ReadImage {
  cv::Mat image;
  std::string tooLarge;
};
ReadImage readImage(const std::filesystem::path& file, std::int64_t maxPixels);

// "30000×30000 pixels (PNG) is above the limit of 50 megapixels; refused without decoding"
std::string tooLargeMessage(const std::string& what, std::int64_t width, std::int64_t height,
                            std::int64_t maxPixels);

}  // namespace mnl::detail

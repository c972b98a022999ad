// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The failures every file-backed source reports the same way, checked before OpenCV is asked.

#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

#include "mnl/media/frame_source.h"

namespace mnl::detail {

// NotFound for a missing path, Undecodable for an empty file or a folder; nullopt when the
// file is worth handing to a decoder.
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
  return std::nullopt;
}

}  // namespace mnl::detail

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/frame_source.h"

#include <memory>
#include <vector>

namespace mnl {

std::string_view toString(SourceStatus status) {
  switch (status) {
    case SourceStatus::Ok: return "ok";
    case SourceStatus::NotOpen: return "not open";
    case SourceStatus::EndOfStream: return "end of stream";
    case SourceStatus::NotFound: return "not found";
    case SourceStatus::Unavailable: return "unavailable";
    case SourceStatus::Disconnected: return "disconnected";
    case SourceStatus::Undecodable: return "undecodable";
    case SourceStatus::Skipped: return "skipped";
    case SourceStatus::TooLarge: return "too large";
  }
  return "unknown";
}

SourceResult FrameSource::remember(SourceResult result) {
  last_ = result;
  return result;
}

SourceResult FrameSource::read(Frame& frame) {
  SourceResult result = read(scratch_);
  if (!result.ok()) return result;
  // mnl::Frame is packed BGR: copy row by row in case the decoder handed out a padded view.
  auto bytes = std::make_shared<std::vector<std::uint8_t>>(scratch_.total() * 3);
  const std::size_t row = static_cast<std::size_t>(scratch_.cols) * 3;
  for (int y = 0; y < scratch_.rows; ++y)
    std::copy_n(scratch_.ptr<std::uint8_t>(y), row, bytes->data() + y * row);
  frame.width = scratch_.cols;
  frame.height = scratch_.rows;
  frame.bgr = std::move(bytes);
  frame.sequence = sequence_++;
  frame.captured = std::chrono::steady_clock::now();
  return result;
}

}  // namespace mnl

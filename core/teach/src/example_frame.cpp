// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/teach/example_frame.h"

#include <opencv2/core/mat.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

namespace mnl::teach {

Frame exampleFrame(const Frame& frame, int shorterSide) {
  const int shorter = std::min(frame.width, frame.height);
  if (!frame.bgr || shorter <= shorterSide) return frame;
  const double scale = static_cast<double>(shorterSide) / shorter;
  const int width = std::max(1, static_cast<int>(std::lround(frame.width * scale)));
  const int height = std::max(1, static_cast<int>(std::lround(frame.height * scale)));
  auto bytes = std::make_shared<std::vector<std::uint8_t>>(static_cast<std::size_t>(width) *
                                                           height * 3);
  const cv::Mat source(frame.height, frame.width, CV_8UC3,
                       const_cast<std::uint8_t*>(frame.bgr->data()));
  cv::Mat target(height, width, CV_8UC3, bytes->data());
  cv::resize(source, target, target.size(), 0, 0, cv::INTER_AREA);
  Frame shrunk = frame;
  shrunk.width = width;
  shrunk.height = height;
  shrunk.bgr = std::move(bytes);
  return shrunk;
}

}  // namespace mnl::teach

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A photo of tests/data as the frame sources would hand it on (OpenCV decodes it; tests only).

#include <QString>
#include <opencv2/imgcodecs.hpp>

#include <memory>
#include <vector>

#include "mnl/frame.h"

namespace mnl::test {

// An empty frame (width 0) if the photo cannot be read.
inline Frame loadFrame(const QString& name, std::int64_t sequence = 1) {
  const cv::Mat image = cv::imread(QString(MNL_TEST_DATA_DIR "/%1").arg(name).toStdString());
  Frame frame;
  if (image.empty()) return frame;
  frame.width = image.cols;
  frame.height = image.rows;
  const cv::Mat packed = image.isContinuous() ? image : image.clone();
  frame.bgr = std::make_shared<const std::vector<std::uint8_t>>(packed.datastart, packed.dataend);
  frame.sequence = sequence;
  return frame;
}

}  // namespace mnl::test

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/opencv_version.h"

#include <opencv2/core/utility.hpp>

namespace mnl {

std::string openCvVersion() {
  return cv::getVersionString();
}

}  // namespace mnl

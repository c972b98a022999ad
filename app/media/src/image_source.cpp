// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/image_source.h"

#include <opencv2/imgcodecs.hpp>

#include "file_check.h"

namespace mnl {

ImageSource::ImageSource(std::filesystem::path file, SourceOptions options)
    : file_(std::move(file)), options_(options) {}

SourceResult ImageSource::open() {
  image_.release();
  reads_ = 0;
  if (auto problem = detail::checkFile(file_)) return remember(*problem);
  image_ = cv::imread(file_.string(), cv::IMREAD_COLOR);
  if (image_.empty())
    return remember({SourceStatus::Undecodable,
                     file_.string() + " is not an image OpenCV can decode", file_.string()});
  return remember({SourceStatus::Ok, {}, file_.string()});
}

SourceResult ImageSource::read(cv::Mat& bgr) {
  if (image_.empty())
    return remember({SourceStatus::NotOpen, name() + " is not open", file_.string()});
  if (reads_ > 0 && !options_.loop)
    return remember({SourceStatus::EndOfStream, {}, file_.string(), reads_});
  // A copy, not a shared header: the caller may draw on its frame.
  image_.copyTo(bgr);
  return remember({SourceStatus::Ok, {}, file_.string(), reads_++});
}

SourceResult ImageSource::restart() {
  if (image_.empty()) return open();
  reads_ = 0;
  return remember({SourceStatus::Ok, {}, file_.string()});
}

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/image_source.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>

#include "file_check.h"

namespace mnl {

cv::Mat detail::readImage(const std::filesystem::path& file) {
  // IMREAD_COLOR without IMREAD_ANYDEPTH: OpenCV converts grey, RGBA and 16-bit to 8-bit BGR.
  // Above OpenCV's own limit (2^30 pixels, OPENCV_IO_MAX_IMAGE_PIXELS) it refuses to decode.
  cv::Mat image = cv::imread(file.string(), cv::IMREAD_COLOR);
  const int longer = std::max(image.cols, image.rows);
  if (longer <= kMaxImageSide) return image;
  // A huge photo is kept (and copied per frame) at a size the views can use: the network sees
  // at most 224 px of it, and a 16000² frame would cost 768 MB a copy.
  const double scale = double(kMaxImageSide) / longer;
  const cv::Size size(std::max(1, int(image.cols * scale + 0.5)),
                      std::max(1, int(image.rows * scale + 0.5)));
  cv::Mat shrunk;
  cv::resize(image, shrunk, size, 0, 0, cv::INTER_AREA);
  return shrunk;
}

ImageSource::ImageSource(std::filesystem::path file, SourceOptions options)
    : file_(std::move(file)), options_(options) {}

SourceResult ImageSource::open() {
  image_.release();
  reads_ = 0;
  if (auto problem = detail::checkFile(file_)) return remember(*problem);
  image_ = detail::readImage(file_);
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

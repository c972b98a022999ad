// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/image_source.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>

#include "mnl/media/image_header.h"

#include "file_check.h"

namespace mnl {

namespace {

// The scale JPEG's decoder applies as it decodes (1/2, 1/4, 1/8): cheaper than decoding it whole
// and shrinking, in time and in memory.
int jpegReduction(const ImageHeader& header, std::int64_t maxPixels) {
  const std::int64_t longer = std::max(header.width, header.height);
  int denominator = 1;
  // Under the limit, as long as the decoded image stays at least kMaxImageSide on its longer
  // side (the views' size, kept as before); over it, until it fits.
  while (denominator < 8 && longer / (denominator * 2) >= kMaxImageSide) denominator *= 2;
  while (denominator < 8 && header.pixels() / (denominator * denominator) > maxPixels)
    denominator *= 2;
  return header.pixels() / (denominator * denominator) > maxPixels ? 0 : denominator;
}

int reducedColorFlag(int denominator) {
  switch (denominator) {
    case 2: return cv::IMREAD_REDUCED_COLOR_2;
    case 4: return cv::IMREAD_REDUCED_COLOR_4;
    case 8: return cv::IMREAD_REDUCED_COLOR_8;
    default: return cv::IMREAD_COLOR;
  }
}

}  // namespace

std::string detail::tooLargeMessage(const std::string& what, std::int64_t width,
                                    std::int64_t height, std::int64_t maxPixels) {
  char limit[32];
  std::snprintf(limit, sizeof limit, "%.4g", double(maxPixels) / 1e6);
  return std::to_string(width) + "×" + std::to_string(height) + " pixels (" + what +
         ") is above the limit of " + limit + " megapixels; refused without decoding";
}

detail::ReadImage detail::readImage(const std::filesystem::path& file, std::int64_t maxPixels) {
  // The header first: a decoder allocates what it declares (2.7 GB for a 0.9 MB PNG of
  // 30000×30000) before it finds out anything else.
  int flags = cv::IMREAD_COLOR;
  if (const std::optional<ImageHeader> header = readImageHeader(file)) {
    // 0: over the limit, even at the smallest scale a decoder offers.
    const int reduction = header->format == "JPEG"          ? jpegReduction(*header, maxPixels)
                          : header->pixels() <= maxPixels ? 1
                                                          : 0;
    if (reduction == 0)
      return {{}, ": " + tooLargeMessage(header->format, header->width, header->height, maxPixels)};
    flags = reducedColorFlag(reduction);
  }
  // IMREAD_COLOR without IMREAD_ANYDEPTH: OpenCV converts grey, RGBA and 16-bit to 8-bit BGR.
  // A format without a header reader here (EXR, JPEG 2000, Sun raster) is bounded by OpenCV's
  // own limit (2^30 pixels, OPENCV_IO_MAX_IMAGE_PIXELS).
  cv::Mat image;
  try {
    image = cv::imread(file.string(), flags);
  } catch (const cv::Exception&) {
    return {};  // a decoder that gave up on the file
  }
  const int longer = std::max(image.cols, image.rows);
  if (longer <= kMaxImageSide) return {image, {}};
  // A huge photo is kept (and copied per frame) at a size the views can use: the network sees
  // at most 224 px of it, and a 16000² frame would cost 768 MB a copy.
  const double scale = double(kMaxImageSide) / longer;
  const cv::Size size(std::max(1, int(image.cols * scale + 0.5)),
                      std::max(1, int(image.rows * scale + 0.5)));
  cv::Mat shrunk;
  cv::resize(image, shrunk, size, 0, 0, cv::INTER_AREA);
  return {shrunk, {}};
}

ImageSource::ImageSource(std::filesystem::path file, SourceOptions options)
    : file_(std::move(file)), options_(options) {}

SourceResult ImageSource::open() {
  image_.release();
  reads_ = 0;
  if (auto problem = detail::checkFile(file_)) return remember(*problem);
  detail::ReadImage read = detail::readImage(file_, options_.maxPixels);
  if (!read.tooLarge.empty())
    return remember({SourceStatus::TooLarge, file_.string() + read.tooLarge, file_.string()});
  image_ = std::move(read.image);
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

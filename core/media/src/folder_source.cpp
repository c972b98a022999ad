// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/folder_source.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <system_error>

#include "file_check.h"

namespace mnl {

bool hasImageExtension(const std::filesystem::path& file) {
  // What Debian's OpenCV 4.6 imread decodes (GDAL aside).
  static constexpr std::array<std::string_view, 19> kExtensions{
      ".bmp", ".dib", ".jpg", ".jpeg", ".jpe", ".jp2", ".png", ".webp", ".pbm", ".pgm",
      ".ppm", ".pxm", ".pnm", ".pfm",  ".sr",  ".ras", ".tif", ".tiff", ".exr"};
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kExtensions.begin(), kExtensions.end(), ext) != kExtensions.end();
}

FolderSource::FolderSource(std::filesystem::path folder, SourceOptions options)
    : folder_(std::move(folder)), options_(options) {}

std::string FolderSource::name() const {
  const std::filesystem::path trimmed = folder_.has_filename() ? folder_ : folder_.parent_path();
  return trimmed.filename().string() + "/";
}

SourceResult FolderSource::open() {
  files_.clear();
  next_ = 0;
  const std::string where = folder_.string();
  std::error_code error;
  if (!std::filesystem::is_directory(folder_, error))
    return remember({SourceStatus::NotFound, where + ": no such folder", where});
  for (std::filesystem::directory_iterator it(folder_, error), end; !error && it != end;
       it.increment(error)) {
    const std::filesystem::path& path = it->path();
    if (path.filename().string().starts_with('.')) continue;  // hidden files, editor leftovers
    if (it->is_regular_file(error) && hasImageExtension(path)) files_.push_back(path);
  }
  if (error) return remember({SourceStatus::Unavailable, where + ": " + error.message(), where});
  std::sort(files_.begin(), files_.end());
  if (files_.empty())
    return remember(
        {SourceStatus::NotFound, where + ": no image files (.jpg, .png, .bmp…)", where});
  return remember({SourceStatus::Ok, {}, where});
}

SourceResult FolderSource::read(cv::Mat& bgr) {
  if (files_.empty())
    return remember({SourceStatus::NotOpen, name() + " is not open", folder_.string()});
  if (next_ >= files_.size()) {
    if (!options_.loop) return remember({SourceStatus::EndOfStream, {}, folder_.string()});
    next_ = 0;
  }
  const std::size_t index = next_++;
  const std::string file = files_[index].string();
  detail::ReadImage read = detail::readImage(files_[index], options_.maxPixels);
  if (!read.tooLarge.empty())
    return remember({SourceStatus::Skipped, file + read.tooLarge + "; skipped", file,
                     static_cast<std::int64_t>(index)});
  cv::Mat& image = read.image;
  if (image.empty())
    return remember({SourceStatus::Skipped, file + " is not an image OpenCV can decode; skipped",
                     file, static_cast<std::int64_t>(index)});
  bgr = image;
  size_ = bgr.size();
  return remember({SourceStatus::Ok, {}, file, static_cast<std::int64_t>(index)});
}

SourceResult FolderSource::restart() {
  if (files_.empty()) return open();
  next_ = 0;
  return remember({SourceStatus::Ok, {}, folder_.string()});
}

}  // namespace mnl

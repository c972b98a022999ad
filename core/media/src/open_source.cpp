// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/media/open_source.h"

#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <system_error>

#include "mnl/media/camera_source.h"
#include "mnl/media/folder_source.h"
#include "mnl/media/image_source.h"
#include "mnl/media/source_spec.h"
#include "mnl/media/video_file_source.h"

namespace mnl {

std::unique_ptr<FrameSource> makeSource(const std::string& spec, const SourceOptions& options) {
  if (isCameraSpec(spec)) {
    if (spec.starts_with("/dev/")) return std::make_unique<CameraSource>(spec, options);
    return std::make_unique<CameraSource>(*cameraIndex(spec), options);
  }

  std::error_code error;
  const std::filesystem::path path(spec);
  if (std::filesystem::is_directory(path, error))
    return std::make_unique<FolderSource>(path, options);
  // By content, not by name: a .jpg that holds junk is not an image. haveImageReader reads only
  // the file's signature; a missing or empty file goes to the video source, which reports it.
  bool image = false;
  if (std::filesystem::is_regular_file(path, error) &&
      std::filesystem::file_size(path, error) > 0) {
    try {
      image = cv::haveImageReader(spec);
    } catch (const cv::Exception&) {
    }
  }
  if (image) return std::make_unique<ImageSource>(path, options);
  return std::make_unique<VideoFileSource>(path, options);
}

std::unique_ptr<FrameSource> openSource(const std::string& spec, const SourceOptions& options) {
  std::unique_ptr<FrameSource> source = makeSource(spec, options);
  source->open();
  return source;
}

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One string — from a command line, a recent-files list or a Source menu — to the right source.

#include <memory>
#include <string>

#include "mnl/media/frame_source.h"

namespace mnl {

// "0", "2": a camera index; "/dev/video*": a camera device; a folder: FolderSource; a file whose
// content OpenCV recognises as an image: ImageSource; anything else: VideoFileSource (which
// reports a missing, empty or undecodable file when opened). Never null; does not open.
std::unique_ptr<FrameSource> makeSource(const std::string& spec, const SourceOptions& options = {});

// makeSource + open(): check lastResult() for whether it worked. Never null, never throws.
std::unique_ptr<FrameSource> openSource(const std::string& spec, const SourceOptions& options = {});

}  // namespace mnl

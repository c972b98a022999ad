// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What a source spec names, decided in one place for every caller (the source factory, the
// window's fall-back and its messages, the CLI): a camera by index ("0", "2"), a camera by
// device ("/dev/video2"), or a path. No OpenCV, no Qt, no torch here.

#include <optional>
#include <string_view>

namespace mnl {

// The index of a camera spec: "N" (one to four digits, nothing else: "-1" and "+1" are paths)
// or "/dev/videoN"; nullopt for anything else.
std::optional<int> cameraIndex(std::string_view spec);

// True for "N" and for any "/dev/video…" device path (one that is not /dev/videoN still names a
// camera device, just not by index).
bool isCameraSpec(std::string_view spec);

}  // namespace mnl

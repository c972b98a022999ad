// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Files written whole or not at all: the bytes go to a temporary file beside the target, are
// flushed to the disk (fsync), and the temporary is then renamed over the target, which POSIX
// makes atomic. A full disk, a write error or a kill at any moment leaves the target as it was
// (the old file, or none) and never a torn mix; a failure also removes the temporary.
// (The Qt front end does the same through QSaveFile.) No torch, no Qt.

#include <filesystem>
#include <string_view>

namespace mnl {

// Throws std::system_error naming the file and the system's reason ("No space left on device").
// A target that exists keeps its permissions; a new one gets 0666 less the umask.
void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes);

}  // namespace mnl

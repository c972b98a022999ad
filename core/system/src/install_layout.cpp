// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/install_layout.h"

#include <system_error>

#ifndef MNL_RELATIVE_RESOURCES_DIR
#define MNL_RELATIVE_RESOURCES_DIR "../share/mobilenet-lab"
#endif

namespace mnl {

std::optional<std::filesystem::path> runningProgram() {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error || self.empty()) return std::nullopt;
  return self;
}

std::filesystem::path relativeResourcesDir() { return MNL_RELATIVE_RESOURCES_DIR; }

std::optional<std::filesystem::path> findBesideProgram(const std::filesystem::path& relative,
                                                       const std::filesystem::path& marker) {
  const std::optional<std::filesystem::path> program = runningProgram();
  if (!program) return std::nullopt;
  std::filesystem::path dir = program->parent_path();
  for (int up = 0; up < 3; ++up, dir /= "..") {
    const std::filesystem::path candidate = (dir / relative).lexically_normal();
    std::error_code error;
    if (std::filesystem::exists(candidate / marker, error)) return candidate;
  }
  return std::nullopt;
}

}  // namespace mnl

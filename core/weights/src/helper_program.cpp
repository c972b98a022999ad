// SPDX-License-Identifier: GPL-3.0-or-later
#include "helper_program.h"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

namespace mnl {
namespace {

bool isExecutableFile(const std::filesystem::path& file) {
  std::error_code error;
  return std::filesystem::is_regular_file(file, error) && ::access(file.c_str(), X_OK) == 0;
}

}  // namespace

HelperSearch findHelperProgram(const std::string& name, const char* environmentVariable,
                               const std::filesystem::path& buildTreePath) {
  HelperSearch search;
  auto check = [&search](const std::filesystem::path& candidate) {
    search.tried.push_back(candidate);
    if (isExecutableFile(candidate)) search.found = candidate;
    return search.found.has_value();
  };
  if (const char* chosen = std::getenv(environmentVariable); chosen && *chosen) {
    check(chosen);
    return search;
  }
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error && self.has_parent_path()) {
    const std::filesystem::path folder = self.parent_path();
    if (check(folder / name)) return search;
    // ../libexec/mobilenet-lab as installed; one or two folders further up in the build tree,
    // whose programs sit in app/cli/, tests/core/… and whose helpers in <build>/libexec/
    // (cmake/Packaging.cmake), so no build path is compiled in.
    std::filesystem::path up = folder;
    for (int level = 0; level < 3; ++level, up /= "..")
      if (check((up / ".." / "libexec" / "mobilenet-lab" / name).lexically_normal()))
        return search;
  }
  if (!buildTreePath.empty()) check(buildTreePath);
  return search;
}

}  // namespace mnl

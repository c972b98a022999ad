// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where a helper program of the app is (core/weights/tools/: programs core starts for work that could
// crash). Looked for, in order:
//   1. the environment variable named by the caller, when set (then there only: an explicit
//      choice that is wrong must be reported, not passed over);
//   2. the folder of the running executable (a program built or unpacked next to its helpers);
//   3. ../libexec/mobilenet-lab/ from that folder (an installed bin/ + libexec/ layout), or
//      from one or two folders up: the build tree keeps it at <build>/libexec/mobilenet-lab/
//      and its programs and tests sit in <build>/app/cli/, <build>/tests/core/…;
//   4. buildTreePath, when the caller gives one.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace mnl {

struct HelperSearch {
  std::optional<std::filesystem::path> found;  // an executable file
  std::vector<std::filesystem::path> tried;    // in order, for the message when none is
};

HelperSearch findHelperProgram(const std::string& name, const char* environmentVariable,
                               const std::filesystem::path& buildTreePath);

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where the programs' own files are, found from where the running program is: an installed
// copy keeps them beside its bin/ folder (<prefix>/share/mobilenet-lab, GNU layout), so the
// whole prefix can move (a .deb under /usr, a prefix under $HOME, a copy elsewhere) and no
// path of the machine that built it is compiled in. The build tree mirrors that layout
// (<build>/share/mobilenet-lab is a link to the source's resources/), which is how programs
// and tests run from the build tree find them.

#include <filesystem>
#include <optional>

namespace mnl {

// The running program's file (/proc/self/exe, symlinks resolved); nullopt where the system
// does not say.
std::optional<std::filesystem::path> runningProgram();

// The resources folder relative to the programs' folder, as installed: "../share/mobilenet-lab"
// for the GNU layout (CMake computes it from GNUInstallDirs).
std::filesystem::path relativeResourcesDir();

// The first of <dir>/<relative>, <dir>/../<relative>, <dir>/../../<relative> (dir: the running
// program's folder) holding `marker`, normalised. The first is the installed layout; the
// others are the build tree, whose programs sit one or two folders below its root
// (app/cli/, tests/ui/). nullopt when none holds it.
std::optional<std::filesystem::path> findBesideProgram(const std::filesystem::path& relative,
                                                       const std::filesystem::path& marker);

}  // namespace mnl

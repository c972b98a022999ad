// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The OpenCV the frame sources run on (the library loaded at run time), for the About box:
// declared without OpenCV headers, so the Qt front end can show it.

#include <string>

namespace mnl {

std::string openCvVersion();  // "4.6.0"

}  // namespace mnl

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The window's thread policy lives in the core (the CLI's sweep uses it too).

#include "mnl/network_threads.h"

namespace mnl::ui {
using mnl::networkThreads;
}  // namespace mnl::ui

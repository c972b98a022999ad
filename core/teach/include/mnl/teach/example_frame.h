// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A frame kept as a taught example: shrunk so its shorter side is at most `shorterSide`
// pixels (area averaging), since the network never sees more than its input size of a frame
// (at most 224 here) and a 720p frame kept whole is 2.8 MB: a few hundred examples would be
// a gigabyte. No torch and no Qt here.

#include "mnl/frame.h"

namespace mnl::teach {

inline constexpr int kExampleShorterSide = 256;

// The frame itself (shared, not copied) when it is small enough already.
Frame exampleFrame(const Frame& frame, int shorterSide = kExampleShorterSide);

}  // namespace mnl::teach

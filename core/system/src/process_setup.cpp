// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/process_setup.h"

#include <cstdlib>

#include "mnl/heap_policy.h"

namespace mnl {

namespace detail {
void rememberArguments(char** argv);  // openmp_wait.cpp
}

void configureProcess(char** argv, const ProcessSetup& setup) {
  detail::rememberArguments(argv);
#ifdef __linux__
  // OpenCV's V4L2 backend waits 10 s for each frame of a stalled camera, reading this variable
  // once, at the first capture. Two seconds is plenty to call a camera gone; a value the user
  // set wins. Set here, before any thread: setenv beside threads that read the environment
  // is a data race.
  ::setenv("OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT", "2", 0);
#endif
  if (setup.keepLargeBlocksInHeap) keepLargeBlocksInHeap();
  if (setup.heapArenas) limitHeapArenas(*setup.heapArenas);
  if (setup.openMpWait && !openMpWaitAtStart().fromEnvironment)
    restartWithOpenMpWait(*setup.openMpWait);
}

}  // namespace mnl

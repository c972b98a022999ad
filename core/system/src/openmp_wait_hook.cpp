// SPDX-License-Identifier: GPL-3.0-or-later
// Linked into the programs that run the network (mnl_openmp_wait_hook): records how LibTorch's
// OpenMP threads will wait (openmp_wait.h) from the environment the program started with. The
// functions in a program's .preinit_array run before the constructor of any shared library;
// only a program (not a library) can have them.
#include "mnl/openmp_wait.h"

namespace {
void chooseOpenMpWait(int, char**, char** environment) {
  mnl::detail::chooseOpenMpWaitAtStart(environment);
}
}  // namespace

__attribute__((section(".preinit_array"), used)) static void (*const kChooseOpenMpWait)(
    int, char**, char**) = &chooseOpenMpWait;

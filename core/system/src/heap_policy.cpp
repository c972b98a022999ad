// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/heap_policy.h"

#include <cstdlib>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace mnl {

void keepLargeBlocksInHeap() {
#if defined(__GLIBC__)
  // glibc's upper limit for the threshold (half its 64 MiB arena heap); mallopt refuses more.
  constexpr int kLargest = 32 << 20;
  // Fixed, not glibc's adaptive threshold: setting the trim threshold below turns adaptation
  // off, which would leave the threshold at its 128 KiB start.
  mallopt(M_MMAP_THRESHOLD, kLargest);
  // Free space at the top of the heap is returned to the system only beyond this: a large
  // block freed at the end of a run must not be handed back just to be faulted in again.
  mallopt(M_TRIM_THRESHOLD, 4 * kLargest);
#endif
}

void limitHeapArenas(int arenas) {
#if defined(__GLIBC__)
  if (arenas > 0 && !std::getenv("MALLOC_ARENA_MAX")) mallopt(M_ARENA_MAX, arenas);
#else
  (void)arenas;
#endif
}

long long heapInUseBytes() {
#if defined(__GLIBC__)
  const struct mallinfo2 info = mallinfo2();
  return static_cast<long long>(info.uordblks + info.hblkhd);
#else
  return -1;
#endif
}

void returnFreedHeap() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}

}  // namespace mnl

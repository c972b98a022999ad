// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the process's heap treats large blocks. No torch header: any program may call it.

namespace mnl {

// Keeps blocks of up to 32 MiB (glibc's largest setting) in the heap when freed, for the next allocation to reuse,
// instead of glibc's default of mapping each large block fresh and unmapping it on free.
//
// Why: a batch's activations are large (1.0/224 batch 8: 25 MB for one layer's output), and
// LibTorch's CPU allocator does not cache. With glibc's defaults every layer of every run got
// new pages and faulted each of them in: `mobilenet-lab-cli bench --batch 8` at 1.0/224 took
// about 12,500 minor page faults (tst_mobilenet_v1 measures 12,512) and 25–30 ms of kernel time
// a run, 74–122 ms a run against 54–63 ms with this (docs/benchmarks.md). At batch 1 (the
// app's), glibc's adaptive threshold already reuses the blocks (no faults from run to run), so
// the app does not call it.
//
// Call once at the start of main(), before other threads allocate. Does nothing where the C
// library is not glibc. Memory freed this way stays resident until it is reused or returned
// by malloc_trim(0); a command-line run that ends soon does not mind.
void keepLargeBlocksInHeap();

}  // namespace mnl

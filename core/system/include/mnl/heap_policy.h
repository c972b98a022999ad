// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the process's heap treats large blocks. No torch header: any program may call it.

namespace mnl {

// Keeps blocks of up to 32 MiB (glibc's largest setting) in the heap when freed, for the next allocation to reuse,
// instead of glibc's default of mapping each large block fresh and unmapping it on free.
//
// Why: a batch's activations are large (tens of MB for one layer's output at 1.0/224 batch 8),
// and LibTorch's CPU allocator does not cache. With glibc's defaults every layer of every run
// got new pages and faulted each of them in, which cost a large share of a batch's time
// (docs/benchmarks.md; tst_mobilenet_v1 counts the faults). At batch 1 (the app's), glibc's
// adaptive threshold already reuses the blocks (no faults from run to run), so the app does not
// call it.
//
// Call once at the start of main(), before other threads allocate. Does nothing where the C
// library is not glibc. Memory freed this way stays resident until it is reused or returned
// by malloc_trim(0); a command-line run that ends soon does not mind.
void keepLargeBlocksInHeap();

// At most `arenas` malloc arenas for the whole process (glibc's M_ARENA_MAX; its default is
// eight per core), unless the person set MALLOC_ARENA_MAX. Why: the window's threads (capture,
// inference, sweep, OpenMP's) each allocate and free whole networks' worth of memory; in
// arenas of their own the freed pieces stay apart and the resident size wanders (soak, seed 2,
// 13 minutes: 405-467 MiB with two arenas against 414-525 MiB with glibc's default, malloc's
// bytes in use 206-207 MiB in both; no frame-rate cost measured: docs/reliability.md). Call
// first thing in main(), before other threads exist. Does nothing without glibc.
void limitHeapArenas(int arenas);

// Hands the heap's free memory back to the system (malloc_trim). After a network is let go its
// weights (megabytes, in pieces of every size) are free, but glibc keeps freed heap for reuse
// and a new α or size rarely fits the old holes: over a soak of random networks resident
// memory grew from 0.47 to 1.35 GiB, 0.72 GiB once trimmed (docs/reliability.md). About a
// millisecond; the engine calls it once per network built. Does nothing without glibc.
void returnFreedHeap();

// Bytes the program holds from malloc now (glibc's mallinfo2: in-use heap chunks plus mmapped
// blocks), -1 without glibc. Beside the resident size it tells a leak (this grows) from a
// fragmented heap (this stays, the resident size grows): the soak reports both.
long long heapInUseBytes();

}  // namespace mnl

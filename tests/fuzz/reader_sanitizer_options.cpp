// SPDX-License-Identifier: GPL-3.0-or-later
// Built into the fuzzing copy of the Keras reader program only. No leak check: the reader reads
// one file and exits, so memory it does not free goes with the process and cannot hurt the app,
// and LeakSanitizer's scan at exit was the larger part of each fuzzing run's time (the figures
// are in docs/reliability.md). AddressSanitizer's other checks stay on.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the tests that count memory use ask of the process: page faults so far, and whether the
// allocator is glibc's (a sanitizer build replaces it, and its quarantine touches fresh pages).
#include <sys/resource.h>

namespace mnl::test {

inline bool glibcAllocator() {
#if defined(__has_feature)  // clang
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(thread_sanitizer) || __has_feature(hwaddress_sanitizer)
  return false;
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)  // gcc
  return false;
#elif defined(__GLIBC__)
  return true;
#else
  return false;
#endif
}

inline long minorPageFaults() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

}  // namespace mnl::test

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fuzzes the weights readers with libFuzzer: builds tests/fuzz/ with clang++ into build-fuzz/
# (AddressSanitizer + UndefinedBehaviorSanitizer) and runs each target for SECONDS (default 60).
# The long run of docs/reliability.md: scripts/fuzz.sh 600   (10 minutes per target)
# Usage: scripts/fuzz.sh [SECONDS] [tflite|keras|pytorch|safetensors]...
# The pytorch and safetensors seeds are the checkpoints the test build writes
# (build/tests/core/pytorch_fixtures, or MNL_FUZZ_SEED_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}; shift || true
build=${MNL_FUZZ_BUILD_DIR:-build-fuzz}
cxx=${MNL_FUZZ_CXX:-$(command -v clang++ || command -v clang++-14 || true)}
[[ -n $cxx ]] || { echo "scripts/fuzz.sh: clang++ not found (libFuzzer is part of clang)" >&2; exit 1; }
cmake -S tests/fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
nice cmake --build "$build"
export MNL_FUZZ_SEED_DIR=${MNL_FUZZ_SEED_DIR:-$PWD/build/tests/core/pytorch_fixtures}
exec tests/fuzz/run_fuzz.sh "$build" "$seconds" "$@"

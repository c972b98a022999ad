#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing (scripts/setup.sh), then configures and builds in build/: everything,
# or only the targets named in MNL_TARGETS (scripts/run.sh builds the app alone).
# Extra arguments go to cmake (e.g. -DMNL_BUILD_GUI=OFF). ccache is used where installed.
set -euo pipefail
cd "$(dirname "$0")/.."
torch_args=$(scripts/setup.sh)
BUILD_DIR=${MNL_BUILD_DIR:-build}
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_CUDA_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" $torch_args "$@" >/dev/null
targets=()
for target in ${MNL_TARGETS:-}; do targets+=(--target "$target"); done
cmake --build "$BUILD_DIR" --parallel "${MNL_JOBS:-$(nproc)}" "${targets[@]}"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what is missing (scripts/setup.sh), then configures and builds everything in build/.
# Extra arguments go to cmake (e.g. -DMNL_BUILD_GUI=OFF).
set -euo pipefail
cd "$(dirname "$0")/.."
torch_args=$(scripts/setup.sh)
BUILD_DIR=${MNL_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release $torch_args "$@" >/dev/null
cmake --build "$BUILD_DIR" --parallel "${MNL_JOBS:-$(nproc)}"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The long soak (mobilenet-lab --soak): FRAMES results through the full pipeline with random
# α/ρ/layer/page changes every few frames and a switch between the demo clip, a folder of photos
# and a single photo every few seconds, frames as fast as they
# decode. Fails (exit 1) on a stall: no result on screen for 20 s while one is due. Prints the
# summary and writes the JSON report (resident memory every second). tests/ui/tst_soak.cpp is
# the short version in the test suite.
#   scripts/soak.sh [FRAMES] [SEED]      (defaults: 10000 frames, seed 1)
set -euo pipefail
cd "$(dirname "$0")/.."
frames=${1:-10000}
seed=${2:-1}
scripts/build.sh >/dev/null
mkdir -p docs/measurements
report=docs/measurements/soak-${frames}-seed${seed}.json
QT_QPA_PLATFORM=offscreen "${MNL_BUILD_DIR:-build}/app/gui/mobilenet-lab" \
  --alpha 0.5 --resolution 160 --soak "$frames" --seed "$seed" \
  --soak-source resources/demo/demo.avi --soak-source tests/data \
  --soak-source tests/data/parrot.jpg --report "$report" \
  2> >(grep -v -e propagateSizeHints -e XDG_RUNTIME_DIR >&2)
echo "wrote $report"

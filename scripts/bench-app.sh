#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The app measuring itself (mobilenet-lab --measure): the real window, threads, engine and demo
# clip, frames delivered as fast as they decode (a camera faster than the network). Prints
# frames shown per second, each stage's time per frame, the time from moving α/ρ to the new
# network's first result on screen, and resident memory; writes the JSON report.
#   scripts/bench-app.sh [SECONDS] [app arguments…]
# Defaults: 20 s at 0.5/160 with pw6's feature maps on screen. The 10-minute memory run:
#   scripts/bench-app.sh 600
# Run it on a quiet machine; results and commands are in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
scripts/build.sh >/dev/null
mkdir -p docs/measurements
report=docs/measurements/app-measure-${seconds}s.json
# Qt's offscreen platform paints into memory as a window system would: no display needed.
QT_QPA_PLATFORM=offscreen "${MNL_BUILD_DIR:-build}/app/gui/mobilenet-lab" \
  --alpha 0.5 --resolution 160 --layer pw6 "$@" --measure "$seconds" --report "$report" \
  2> >(grep -v -e propagateSizeHints -e XDG_RUNTIME_DIR >&2)
echo "wrote $report"

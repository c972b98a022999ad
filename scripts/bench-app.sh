#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The app measuring itself (mobilenet-lab --measure): the real window, threads, engine and demo
# clip as a camera faster than the network (app/gui/simulated_camera.h: the next frame is read
# as soon as the network has taken the last one). Prints
# frames shown per second, each stage's time per frame, the time from moving α/ρ to the new
# network's first result on screen, and resident memory; writes the JSON report.
#   scripts/bench-app.sh [--load N] [SECONDS] [app arguments…]
# Defaults: 20 s at 0.5/160 with pw6's feature maps on screen. The 10-minute memory run:
#   scripts/bench-app.sh 600
# --load N: the busy machine. Measures the app idle, then again with N programs each spinning
# one core (and once more idle, so that drift shows), and prints the loaded frame rate and
# network p90 against the idle ones. The goal of issue 17, on an N-core machine with
# --threads N: at least half the idle frame rate, and a network p90 under 3× the idle median.
# Run it on a quiet machine; results and commands are in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
load=0
if [[ ${1:-} == --load ]]; then load=$2; shift 2; fi
seconds=${1:-20}
shift || true
scripts/build.sh >/dev/null
mkdir -p docs/measurements

measure() {  # REPORT: one app run; the report is written to REPORT
  # Qt's offscreen platform paints into memory as a window system would: no display needed.
  QT_QPA_PLATFORM=offscreen "${MNL_BUILD_DIR:-build}/app/gui/mobilenet-lab" \
    --alpha 0.5 --resolution 160 --layer pw6 "${app_args[@]}" --measure "$seconds" --report "$1" \
    2> >(grep -v -e propagateSizeHints -e XDG_RUNTIME_DIR -e 'does not support raise' >&2)
}
app_args=("$@")

if ((load == 0)); then
  report=docs/measurements/app-measure-${seconds}s.json
  measure "$report"
  echo "wrote $report"
  exit 0
fi

spinners=()
stop_spinners() { ((${#spinners[@]})) && kill "${spinners[@]}" 2>/dev/null; spinners=(); }
trap stop_spinners EXIT
base=docs/measurements/app-measure-${seconds}s-load${load}
measure "$base-idle.json"
for ((i = 0; i < load; ++i)); do
  sh -c 'while :; do :; done' &
  spinners+=($!)
done
measure "$base-busy.json"
stop_spinners
measure "$base-idle-after.json"
python3 - "$base" "$load" <<'PY'
import json, sys
base, load = sys.argv[1], sys.argv[2]
runs = {name: json.load(open(f"{base}-{name}.json"))["steady"] for name in ("idle", "busy", "idle-after")}
for name, r in runs.items():
    f = r["forward_ms"]
    print(f"{name:10s} {r['fps']:6.1f} FPS shown, network median {f['median']:.2f} ms, p90 {f['p90']:.2f} ms")
# Idle: the mean of the runs before and after the loaded one.
idle_fps = (runs["idle"]["fps"] + runs["idle-after"]["fps"]) / 2
idle_median = (runs["idle"]["forward_ms"]["median"] + runs["idle-after"]["forward_ms"]["median"]) / 2
busy = runs["busy"]
print(f"with {load} spinning programs: {busy['fps'] / idle_fps:.2f} of the idle frame rate "
      f"(goal at least 0.5), network p90 {busy['forward_ms']['p90'] / idle_median:.2f}x the idle "
      f"median (goal under 3)")
PY
echo "wrote $base-{idle,busy,idle-after}.json"

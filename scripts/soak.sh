#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The long soak (mobilenet-lab --soak): results through the full pipeline with random
# α/ρ/layer/page changes every few frames and a switch between the demo clip, a folder of photos
# and a single photo every few seconds, frames as fast as they decode. Fails (exit 1) on a
# stall: no result on screen for 20 s while one is due. Prints the summary and writes the JSON
# report (resident memory every second). tests/ui/tst_soak.cpp is the short version in the
# test suite.
#   scripts/soak.sh [FRAMES] [SEED]         (defaults: 10000 frames, seed 1)
#   scripts/soak.sh --minutes M [SEED]      live classification for M minutes (an hour: 60),
#                                           then resident memory measured once a minute after
#                                           a fixed tour (see below), whether it
#                                           stayed within 5 % after the first minute, and its
#                                           chart (docs/measurements/soak-Mmin-seedS.svg)
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=""
if [[ ${1:-} == --minutes ]]; then
  minutes=${2:?usage: scripts/soak.sh --minutes M [SEED]}
  shift 2
fi
frames=${1:-10000}
seed=${2:-1}
[[ -n $minutes ]] && { seed=${1:-1}; frames=100000000; }
MNL_TARGETS=mobilenet-lab scripts/build.sh >/dev/null
mkdir -p docs/measurements
name=soak-${frames}-seed${seed}
[[ -n $minutes ]] && name=soak-${minutes}min-seed${seed}
# A measurement already there (committed, cited by docs/reliability.md) is kept: the new one
# gets the date in its name.
[[ -e docs/measurements/$name.json ]] && name=$name-$(date +%Y%m%d-%H%M)
report=docs/measurements/$name.json
limit=()
[[ -n $minutes ]] && limit=(--soak-seconds "$((minutes * 60))")
QT_QPA_PLATFORM=offscreen "${MNL_BUILD_DIR:-build}/app/gui/mobilenet-lab" \
  --alpha 0.5 --resolution 160 --soak "$frames" "${limit[@]}" --seed "$seed" \
  --soak-source resources/demo/demo.avi --soak-source tests/data \
  --soak-source tests/data/parrot.jpg --report "$report" \
  2> >(grep -v -e propagateSizeHints -e XDG_RUNTIME_DIR >&2)
echo "wrote $report"
[[ -n $minutes ]] || exit 0

# Minute by minute: once a minute the soak leaves its random walk for a fixed tour (the demo
# clip, conv0, the networks 0.25, 0.75, 1.0 and 0.5 at 160 px) and measures resident memory a
# second after it (MeterPlan::tour), so every measurement sees the window holding the same
# networks; flat when, after the first minute, each is within 5 % of the lowest.
python3 - "$report" "docs/measurements/$name.svg" <<'EOF'
import json, sys
report, chart = sys.argv[1], sys.argv[2]
data = json.load(open(report))
samples = data["rss_mib"]["samples"]
tours = data.get("rss_after_tour_mib", [])
heap = dict((t, mib) for t, mib in data.get("heap_in_use_after_tour_mib", []))
end = samples[-1][0]
print("minute  resident MiB after the tour  heap in use MiB   (every second: %.0f to %.0f MiB)"
      % (min(s[1] for s in samples), max(s[1] for s in samples)))
for t, mib in tours:
    print(f"{t / 60:6.1f}  {mib:8.1f}" + (f"  {heap[t]:8.1f}" if t in heap else ""))
after = [mib for t, mib in tours if t >= 60]
if not after:
    sys.exit("no measurement after the first minute")
low, high = min(after), max(after)
spread = (high - low) / low * 100
verdict = "flat" if spread <= 5 else "NOT flat"
print(f"after the first minute: {low:.1f} to {high:.1f} MiB, {spread:.1f} % apart: {verdict} (goal: within 5 %)")
# The chart: every second's resident memory (grey) and the measurements after each tour (dots).
w, h, pad = 720, 300, 50
top = max(s[1] for s in samples) * 1.1
def x(t): return pad + (w - 2 * pad) * t / max(end, 1)
def y(mib): return h - pad - (h - 2 * pad) * mib / top
points = " ".join(f"{x(t):.1f},{y(mib):.1f}" for t, mib in samples)
dots = "".join(f'<circle cx="{x(t):.1f}" cy="{y(mib):.1f}" r="3" fill="#d62728"/>' for t, mib in tours)
ticks = "".join(f'<text x="{pad - 8}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.0f}</text>'
                f'<line x1="{pad}" x2="{w - pad}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#ddd"/>'
                for v in [top * i / 5 for i in range(6)])
step = max(1, int(end // 60) // 12)
mticks = "".join(f'<text x="{x(60 * m):.1f}" y="{h - pad + 18}" text-anchor="middle">{m}</text>'
                 for m in range(0, int(end // 60) + 1, step))
title = (f"after the tours, past the first minute: {low:.0f} to {high:.0f} MiB, "
         f"{spread:.1f} % apart ({verdict})")
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
       f'font-family="sans-serif" font-size="12">',
       f'<rect width="{w}" height="{h}" fill="white"/>{ticks}{mticks}',
       f'<polyline fill="none" stroke="#aaa" stroke-width="1" points="{points}"/>{dots}',
       f'<text x="{w / 2}" y="{h - 10}" text-anchor="middle">minutes of live classification; '
       f'grey: every second, red: after each minute\'s fixed tour</text>',
       f'<text x="14" y="{h / 2}" text-anchor="middle" transform="rotate(-90 14 {h / 2})">'
       f'resident MiB</text>',
       f'<text x="{w / 2}" y="20" text-anchor="middle">{title}</text>', '</svg>']
open(chart, "w").write("\n".join(svg) + "\n")
print("wrote", chart)
sys.exit(0 if spread <= 5 else 1)
EOF

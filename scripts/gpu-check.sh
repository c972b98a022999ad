#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# GPU check, for a machine with CUDA and LibTorch but no Qt or OpenCV (the lent GPU machine):
#   1. builds core/ and mobilenet-lab-cli against the PyTorch installed there (python3),
#   2. classifies the .bmp test photos with every bundled model on the CPU and on CUDA and
#      checks the same top-1 and probabilities within 1e-3,
#   3. runs the benchmark (this project, PyTorch eager, torch.compile max-autotune) on CUDA.
# Writes its report to $OUT (default ./gpu-check-out): gpu-check.md plus logs. A few minutes.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/gpu-check-out}
mkdir -p "$OUT"
BUILD=${MNL_BUILD_DIR:-build-gpu}
PY=${PYTHON:-python3}
report="$OUT/gpu-check.md"
exec > >(tee "$OUT/gpu-check.log") 2>&1

echo "== machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
"$PY" -c 'import torch; print("PyTorch", torch.__version__, "CUDA", torch.version.cuda)'

echo "== build (core + CLI, no Qt, no OpenCV)"
start=$(date +%s)
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMNL_BUILD_GUI=OFF \
  -DMNL_BUILD_TESTS=OFF -DMNL_TORCH_PYTHON="$(command -v "$PY")" >"$OUT/cmake.log" 2>&1 \
  || { tail -40 "$OUT/cmake.log"; exit 1; }
cmake --build "$BUILD" --parallel "$(nproc)" --target mobilenet-lab-cli >"$OUT/build.log" 2>&1 \
  || { tail -40 "$OUT/build.log"; exit 1; }
echo "built in $(( $(date +%s) - start )) s"
CLI="$BUILD/app/cli/mobilenet-lab-cli"

echo "== CPU vs CUDA on the photos"
photos=(tests/data/*.bmp)
for alpha in 0.25 0.5 0.75 1.0; do
  for device in cpu cuda; do
    "$CLI" classify "${photos[@]}" --alpha "$alpha" --top 5 --device "$device" --json \
      >"$OUT/classify_${alpha}_${device}.json" || echo "classify failed: $alpha $device"
  done
done
"$PY" - "$OUT" <<'PYEOF' | tee "$OUT/compare.md"
import json, sys, os
out = sys.argv[1]
worst, mismatches, rows = 0.0, 0, 0
print("| α | photo | top-1 (CPU) | top-1 (CUDA) | max abs Δprob (top-5) |")
print("|---|---|---|---|---|")
for alpha in ["0.25", "0.5", "0.75", "1.0"]:
    cpu = json.load(open(os.path.join(out, f"classify_{alpha}_cpu.json")))
    gpu = json.load(open(os.path.join(out, f"classify_{alpha}_cuda.json")))
    for c, g in zip(cpu, gpu):
        gp = {t["index"]: t["prob"] for t in g["top"]}
        delta = max(abs(t["prob"] - gp.get(t["index"], 0.0)) for t in c["top"])
        worst = max(worst, delta)
        same = c["top"][0]["index"] == g["top"][0]["index"]
        mismatches += not same
        rows += 1
        print(f"| {alpha} | {os.path.basename(c['input'])} | {c['top'][0]['label']} "
              f"{c['top'][0]['prob']:.4f} | {g['top'][0]['label']} {g['top'][0]['prob']:.4f} | {delta:.2e} |")
ok = mismatches == 0 and worst < 1e-3
print(f"\n{rows} photo×model pairs: {mismatches} top-1 mismatches, largest probability difference "
      f"{worst:.2e} — {'PASS' if ok else 'FAIL'} (same top-1, |Δp| < 1e-3)")
PYEOF

echo "== benchmark on CUDA"
for cfg in "1.0 224 1" "1.0 224 8" "0.5 160 1" "0.5 160 8"; do
  set -- $cfg
  "$CLI" bench --alpha "$1" --resolution "$2" --batch "$3" --device cuda --iters 200 --json \
    >"$OUT/bench_${1}_${2}_b${3}.json"
  "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print(f\"ours {d['alpha']}/{d['resolution']} batch {d['batch']}: median {d['median_ms']:.3f} ms, p90 {d['p90_ms']:.3f} ms\")" \
    "$OUT/bench_${1}_${2}_b${3}.json"
done
timeout 200 "$PY" scripts/bench_peers.py --cli "$CLI" --device cuda --iters 200 --warmup 20 \
  --out "$OUT/peers.md" 2>"$OUT/peers.err" || echo "peers: exit $? (see peers.err)"

{
  echo "# GPU check — $(date -u +%F)"
  echo
  echo '```'
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  "$PY" -c 'import torch; print("PyTorch", torch.__version__, "CUDA", torch.version.cuda)'
  echo '```'
  echo
  echo "## CPU vs CUDA, bundled models, test photos"
  cat "$OUT/compare.md"
  echo
  echo "## Benchmark"
  cat "$OUT/peers.md" 2>/dev/null || echo "(peers did not finish)"
} >"$report"
echo "report: $report"

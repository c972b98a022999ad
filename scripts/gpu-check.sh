#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# GPU check, for a machine with CUDA and LibTorch but no Qt or OpenCV (the lent GPU machine):
#   1. builds core/ and mobilenet-lab-cli against the PyTorch installed there (python3), with
#      this project's CUDA kernel (falls back to a build without it, and says so);
#   2. classifies the .bmp test photos with every bundled model on the CPU (fp32) and on CUDA
#      in fp32 (same top-1, probabilities within 1e-3) and in fp16 (what changes);
#   3. times preprocessing (fused kernel against ATen's operators) and the layers, and checks
#      the fused kernel against the CPU;
#   4. runs the comparison (this project with and without CUDA graphs, PyTorch eager,
#      TorchScript, torch.compile max-autotune for 1.0/224 batch 1) in fp32 and fp16.
# Writes its report to $OUT (default ./gpu-check-out): gpu-check.md plus the raw files. About
# 6–8 minutes on an H100; each step writes its part as it ends, so a run cut short still reports.
# MNL_GPU_CHECK_DEVICE=cpu runs the same steps on the CPU (no GPU: to try the script itself).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/gpu-check-out}
mkdir -p "$OUT"
BUILD=${MNL_BUILD_DIR:-build-gpu}
PY=${PYTHON:-python3}
DEVICE=${MNL_GPU_CHECK_DEVICE:-cuda}
ITERS=${MNL_GPU_CHECK_ITERS:-200}
report="$OUT/gpu-check.md"
exec > >(tee "$OUT/gpu-check.log") 2>&1
step() { echo "== $* ($(date +%T))"; }

step "machine"
{
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null ||
    echo "no nvidia-smi: $(uname -m)"
  "$PY" -c 'import torch; print("PyTorch", torch.__version__, "CUDA", torch.version.cuda)'
  command -v nvcc >/dev/null && nvcc --version | tail -1
} | tee "$OUT/machine.txt"

step "build (core + CLI, no Qt, no OpenCV)"
start=$(date +%s)
kernels=ON
configure() {
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMNL_BUILD_GUI=OFF \
    -DMNL_BUILD_TESTS=OFF -DMNL_TORCH_PYTHON="$(command -v "$PY")" -DMNL_CUDA_KERNELS=$kernels "$@"
}
if ! { configure >"$OUT/cmake.log" 2>&1 &&
       cmake --build "$BUILD" --parallel "$(nproc)" --target mobilenet-lab-cli >"$OUT/build.log" 2>&1; }; then
  tail -30 "$OUT/cmake.log" "$OUT/build.log"
  echo "!! the build with the fused CUDA kernel failed; building without it"
  kernels=OFF
  configure >"$OUT/cmake-nokernels.log" 2>&1 || { tail -40 "$OUT/cmake-nokernels.log"; exit 1; }
  cmake --build "$BUILD" --parallel "$(nproc)" --target mobilenet-lab-cli >"$OUT/build-nokernels.log" 2>&1 ||
    { tail -40 "$OUT/build-nokernels.log"; exit 1; }
fi
echo "built in $(( $(date +%s) - start )) s, fused kernel: $kernels" | tee "$OUT/build.txt"
grep -c "warning" "$OUT"/build*.log | sed 's/^/compiler warnings: /' | tee -a "$OUT/build.txt"
CLI="$BUILD/app/cli/mobilenet-lab-cli"

step "classify: CPU fp32, $DEVICE fp32, $DEVICE fp16"
photos=(tests/data/*.bmp)
for alpha in 0.25 0.5 0.75 1.0; do
  "$CLI" classify "${photos[@]}" --alpha "$alpha" --top 5 --device cpu --json \
    >"$OUT/classify_${alpha}_cpu.json" || echo "classify failed: $alpha cpu"
  for precision in fp32 fp16; do
    "$CLI" classify "${photos[@]}" --alpha "$alpha" --top 5 --device "$DEVICE" \
      --precision "$precision" --json >"$OUT/classify_${alpha}_${DEVICE}_${precision}.json" ||
      echo "classify failed: $alpha $DEVICE $precision"
  done
done
"$PY" - "$OUT" "$DEVICE" <<'PYEOF' | tee "$OUT/compare.md"
import json, os, sys
out, device = sys.argv[1], sys.argv[2]

def short(label):  # "dragonfly, darning needle, …" → "dragonfly"
    return label.split(",")[0]

def table(precision, limit):
    worst, flips, rows = 0.0, 0, 0
    print(f"| α | photo | top-1, CPU fp32 | top-1, {device} {precision} | largest Δp (CPU top-5) |")
    print("|---|---|---|---|---|")
    for alpha in ["0.25", "0.5", "0.75", "1.0"]:
        try:
            cpu = json.load(open(os.path.join(out, f"classify_{alpha}_cpu.json")))
            gpu = json.load(open(os.path.join(out, f"classify_{alpha}_{device}_{precision}.json")))
        except (OSError, ValueError) as e:
            print(f"| {alpha} | (missing: {e}) | | | |")
            flips += 1
            continue
        for c, g in zip(cpu, gpu):
            gp = {t["index"]: t["prob"] for t in g["top"]}
            delta = max(abs(t["prob"] - gp.get(t["index"], 0.0)) for t in c["top"])
            worst = max(worst, delta)
            flips += c["top"][0]["index"] != g["top"][0]["index"]
            rows += 1
            print(f"| {alpha} | {os.path.basename(c['input'])} | {short(c['top'][0]['label'])} "
                  f"{c['top'][0]['prob']:.4f} | {short(g['top'][0]['label'])} {g['top'][0]['prob']:.4f} | {delta:.2e} |")
    verdict = ""
    if limit is not None:
        ok = flips == 0 and worst < limit
        verdict = f" — {'PASS' if ok else 'FAIL'} (same top-1, |Δp| < {limit:g})"
    print(f"\n{rows} photo×model pairs: {flips} top-1 changes, largest probability change "
          f"{worst:.2e}{verdict}\n")

print(f"### {device} fp32 against the CPU\n")
table("fp32", 1e-3)
print(f"### {device} fp16 against CPU fp32\n")
table("fp16", None)
PYEOF

step "preprocessing and layers, 1.0/224 batch 1"
for precision in fp32 fp16; do
  "$CLI" bench --device "$DEVICE" --alpha 1.0 --resolution 224 --precision "$precision" \
    --iters "$ITERS" --preprocess 1280x720 --json >"$OUT/bench_1.0_224_${precision}.json" ||
    echo "bench failed: $precision"
done
for layout in "fp32 on" "fp16 off"; do
  set -- $layout
  "$CLI" bench --device "$DEVICE" --alpha 1.0 --resolution 224 --precision "$1" \
    --channels-last "$2" --iters "$ITERS" --no-layers --json \
    >"$OUT/bench_1.0_224_$1_channels_last_$2.json" || echo "bench failed: $layout"
done
"$PY" - "$OUT" <<'PYEOF' | tee "$OUT/runtime.md"
import glob, json, os, sys
out = sys.argv[1]
print("| run | median ms | p90 ms | first runs (ms) | CUDA graphs | channels-last |")
print("|---|---|---|---|---|---|")
for path in sorted(glob.glob(os.path.join(out, "bench_1.0_224_*.json"))):
    try:
        d = json.load(open(path))
    except ValueError:
        continue
    name = os.path.basename(path)[len("bench_"):-len(".json")]
    warm = ", ".join(f"{w:.1f}" for w in d["warmup_ms"])
    graphs = "yes" if d["cuda_graphs"] else ("failed: " + d["graph_failure"][:80] if d["graph_failure"] else "no")
    print(f"| {name} | {d['median_ms']:.3f} | {d['p90_ms']:.3f} | {warm} | {graphs} | {d['channels_last']} |")
for precision in ["fp32", "fp16"]:
    try:
        d = json.load(open(os.path.join(out, f"bench_1.0_224_{precision}.json")))
    except (OSError, ValueError):
        continue
    pre = d.get("preprocess", {})
    print(f"\nPreprocessing a {pre.get('frame')} frame to 224 ({precision} run): " + ", ".join(
        f"{k[:-len('_median_ms')]} {v:.3f} ms (at most {pre[k[:-len('_median_ms')] + '_levels_from_cpu']:g} levels from the CPU)"
        for k, v in pre.items() if k.endswith("_median_ms")))
    layers = sorted(d["layers"], key=lambda l: -l["ms"])[:5]
    print(f"Slowest layers ({precision}, timer per layer): " +
          ", ".join(f"{l['name']} {l['ms']:.3f} ms" for l in layers))
PYEOF

step "comparison with PyTorch (torch.compile max-autotune for 1.0/224 batch 1 only)"
precisions=fp32,fp16 compile=max-autotune
[ "$DEVICE" = cuda ] || { precisions=fp32; compile=none; }
MNL_COMPILE_LIMIT_S=${MNL_COMPILE_LIMIT_S:-150} timeout 420 "$PY" scripts/bench_peers.py \
  --cli "$CLI" --device "$DEVICE" --iters "$ITERS" --warmup 20 --precisions "$precisions" \
  --compile "$compile" --compile-configs 1.0:224:1 --out "$OUT/peers.md" 2>"$OUT/peers.err" ||
  echo "peers: exit $? (see peers.err)"
tail -5 "$OUT/peers.err"

{
  echo "# GPU check — $(date -u +%F)"
  echo
  echo '```'
  cat "$OUT/machine.txt" "$OUT/build.txt"
  echo '```'
  echo
  echo "## Classification on the test photos"
  echo
  cat "$OUT/compare.md"
  echo "## Runtime options, 1.0/224 batch 1"
  echo
  cat "$OUT/runtime.md"
  echo
  echo "## Comparison"
  echo
  cat "$OUT/peers.md" 2>/dev/null || echo "(the comparison did not finish)"
} >"$report"
step "report: $report"

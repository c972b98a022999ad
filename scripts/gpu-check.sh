#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# GPU check, for a machine with CUDA and LibTorch (Qt and OpenCV not needed):
#   1. builds core/, mobilenet-lab-cli and the CUDA back end (libmnl-cuda.so, with this
#      project's CUDA kernel) against the PyTorch installed there (python3);
#   2. classifies the .bmp test photos with every bundled model on the CPU (fp32) and on CUDA
#      in fp32 (same top-1, probabilities within 1e-3) and in fp16 (what changes);
#   3. times preprocessing (fused kernel against ATen's operators) and the layers, and checks
#      the fused kernel against the CPU;
#   4. runs the comparison (this project with and without CUDA graphs, PyTorch eager,
#      TorchScript, torch.compile max-autotune for 1.0/224 batch 1) in fp32 and fp16.
# Writes three files to $OUT (default ./gpu-check-out):
# gpu-check.log as it goes (every table is printed there too, so a run cut short still
# reports), then gpu-check.md and raw.tgz (the JSON and logs of every step, from $RAW).
# About 5–8 minutes on an H100, most of it torch.compile tuning, which is capped.
# MNL_GPU_CHECK_DEVICE=cpu runs the same steps on the CPU (no GPU: to try the script itself).
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/gpu-check-out}
RAW=${RAW:-$(mktemp -d /tmp/gpu-check.XXXXXX)}
mkdir -p "$OUT" "$RAW"
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
} | tee "$RAW/machine.txt"

step "build (core + CLI + the CUDA back end, no Qt, no OpenCV)"
start=$(date +%s)
# MNL_CUDA=ON: the CUDA back end (libmnl-cuda.so, with the fused kernel) or a failed build.
# Without a GPU (MNL_GPU_CHECK_DEVICE=cpu) the plugin is still built where nvcc is found.
cuda=ON; [ "$DEVICE" = cpu ] && cuda=AUTO
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMNL_BUILD_GUI=OFF \
  -DMNL_BUILD_TESTS=OFF -DMNL_TORCH_PYTHON="$(command -v "$PY")" -DMNL_CUDA=$cuda \
  >"$RAW/cmake.log" 2>&1 || { tail -n 40 "$RAW/cmake.log"; exit 1; }
cmake --build "$BUILD" --parallel "$(nproc)" --target mobilenet-lab-cli >"$RAW/build.log" 2>&1 ||
  { tail -n 40 "$RAW/build.log"; exit 1; }
echo "built in $(( $(date +%s) - start )) s" | tee "$RAW/build.txt"
grep -c "warning" "$RAW"/build*.log | sed 's/^/compiler warnings: /' | tee -a "$RAW/build.txt"
CLI="$BUILD/app/cli/mobilenet-lab-cli"
"$CLI" --version | tee -a "$RAW/build.txt"  # says whether the CUDA back end loaded, and why not

step "classify: CPU fp32; $DEVICE fp32 and fp16 on the CPU's input; $DEVICE fp32 end to end"
# "cpu" input: preprocessed on the CPU, then copied up, so that only the network differs from
# the CPU run (the CPU resizes in 8-bit fixed point, the GPU in float: about a tenth of the
# input values are a level apart). "device" input: the whole GPU path, fused kernel included.
photos=(tests/data/*.bmp)
for alpha in 0.25 0.5 0.75 1.0; do
  "$CLI" classify "${photos[@]}" --alpha "$alpha" --top 5 --device cpu --json \
    >"$RAW/classify_${alpha}_cpu.json" || echo "classify failed: $alpha cpu"
  for run in "fp32 cpu" "fp16 cpu" "fp32 device"; do
    set -- $run
    "$CLI" classify "${photos[@]}" --alpha "$alpha" --top 5 --device "$DEVICE" \
      --precision "$1" --preprocess-on "$2" --json \
      >"$RAW/classify_${alpha}_${DEVICE}_$1_$2.json" || echo "classify failed: $alpha $DEVICE $run"
  done
done
"$PY" - "$RAW" "$DEVICE" <<'PYEOF' | tee "$RAW/compare.md"
import json, os, sys
out, device = sys.argv[1], sys.argv[2]

def short(label):  # "dragonfly, darning needle, …" → "dragonfly"
    return label.split(",")[0]

def table(variant, limit):
    worst, flips, rows = 0.0, 0, 0
    print(f"| α | photo | top-1, CPU fp32 | top-1, {device} {variant.replace('_', ', ')} input | largest Δp (CPU top-5) |")
    print("|---|---|---|---|---|")
    for alpha in ["0.25", "0.5", "0.75", "1.0"]:
        try:
            cpu = json.load(open(os.path.join(out, f"classify_{alpha}_cpu.json")))
            gpu = json.load(open(os.path.join(out, f"classify_{alpha}_{device}_{variant}.json")))
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

print(f"### {device} fp32 against the CPU, same input\n")
table("fp32_cpu", 1e-3)
print(f"### {device} fp16 against CPU fp32, same input\n")
table("fp16_cpu", None)
print(f"### {device} fp32 end to end (GPU preprocessing) against the CPU\n")
table("fp32_device", None)
PYEOF

step "preprocessing and layers, 1.0/224 batch 1"
"$CLI" bench --device "$DEVICE" --alpha 1.0 --resolution 224 --precision fp32 \
  --iters "$ITERS" --preprocess 1280x720 --json >"$RAW/bench_1.0_224_fp32.json" ||
  echo "bench failed: fp32"
"$CLI" bench --device "$DEVICE" --alpha 1.0 --resolution 224 --precision fp16 \
  --iters "$ITERS" --json >"$RAW/bench_1.0_224_fp16.json" || echo "bench failed: fp16"
for layout in "fp32 on" "fp16 off"; do
  set -- $layout
  "$CLI" bench --device "$DEVICE" --alpha 1.0 --resolution 224 --precision "$1" \
    --channels-last "$2" --iters "$ITERS" --no-layers --json \
    >"$RAW/bench_1.0_224_$1_channels_last_$2.json" || echo "bench failed: $layout"
done
"$PY" - "$RAW" <<'PYEOF' | tee "$RAW/runtime.md"
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
    pre = d.get("preprocess")
    if pre: print(f"\nPreprocessing a {pre.get('frame')} frame to 224 ({precision} run): " + ", ".join(
        f"{k[:-len('_median_ms')]} {v:.3f} ms (at most {pre[k[:-len('_median_ms')] + '_levels_from_cpu']:g} levels from the CPU)"
        for k, v in pre.items() if k.endswith("_median_ms")))
    layers = sorted(d["layers"], key=lambda l: -l["ms"])[:5]
    print(f"Slowest layers ({precision}, timer per layer): " +
          ", ".join(f"{l['name']} {l['ms']:.3f} ms" for l in layers))
PYEOF

step "comparison with PyTorch (torch.compile max-autotune: fp32, 1.0/224 batch 1 only)"
precisions=fp32,fp16 compile=max-autotune
[ "$DEVICE" = cuda ] || { precisions=fp32; compile=none; }
# max-autotune tunes for minutes; one compile, capped, and the whole step capped as well. One
# round per engine (bench-peers.sh times three), to keep the whole check within 15 minutes.
MNL_COMPILE_LIMIT_S=${MNL_COMPILE_LIMIT_S:-150} timeout 330 "$PY" scripts/bench_peers.py \
  --cli "$CLI" --device "$DEVICE" --iters 100 --warmup 20 --rounds 1 --precisions "$precisions" \
  --compile "$compile" --compile-configs 1.0:224:1 --compile-precisions fp32 \
  --out "$RAW/peers.md" 2>"$RAW/peers.err" || echo "peers: exit $? (see peers.err)"
tail -n 5 "$RAW/peers.err"
cat "$RAW/peers.md" 2>/dev/null

{
  echo "# GPU check — $(date -u +%F)"
  echo
  echo '```'
  cat "$RAW/machine.txt" "$RAW/build.txt"
  echo '```'
  echo
  echo "## Classification on the test photos"
  echo
  cat "$RAW/compare.md"
  echo "## Runtime options, 1.0/224 batch 1"
  echo
  cat "$RAW/runtime.md"
  echo
  echo "## Comparison"
  echo
  cat "$RAW/peers.md" 2>/dev/null || echo "(the comparison did not finish)"
} >"$report"
tar czf "$OUT/raw.tgz" -C "$RAW" . 2>/dev/null
step "report: $report (raw files: $OUT/raw.tgz)"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One command, one run: this project's core against PyTorch eager, TorchScript, torch.compile
# and ONNX Runtime on the CPU, same network and thread count, and writes docs/benchmarks.md.
# Run it on a quiet machine: anything else using the cores makes the numbers meaningless.
#   scripts/bench-peers.sh [--threads 2] [--iters 100]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=2 iters=100
while (($#)); do
  case "$1" in
    --threads) threads=$2; shift 2 ;;
    --iters) iters=$2; shift 2 ;;
    *) echo "usage: $0 [--threads N] [--iters N]" >&2; exit 2 ;;
  esac
done

torch_args=$(scripts/setup.sh)
python=${torch_args#-DMNL_TORCH_PYTHON=}
[ -x "$python" ] || python=python3
"$python" -c 'import onnxruntime, onnx' 2>/dev/null ||
  "$python" -m pip install -q --disable-pip-version-check onnxruntime==1.32.0 onnx onnxscript >&2

BUILD_DIR=${MNL_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release $torch_args >/dev/null
cmake --build "$BUILD_DIR" --target mobilenet-lab-cli >/dev/null

section=$(mktemp)
OMP_NUM_THREADS=$threads "$python" scripts/bench_peers.py --cli "$BUILD_DIR/app/cli/mobilenet-lab-cli" \
  --device cpu --threads "$threads" --iters "$iters" --warmup 10 --out "$section"
{
  cat docs/benchmarks.head.md
  echo
  cat "$section"
  echo
  cat docs/benchmarks.tail.md
} >docs/benchmarks.md
rm -f "$section"
echo "wrote docs/benchmarks.md"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One command, one run: this project's core against PyTorch eager, TorchScript, torch.compile,
# ONNX Runtime and OpenVINO on the CPU, same network and thread count. The table goes to
# docs/measurements/peers-cpu-<ISA>.md, one per kind of machine (AVX2, AVX-512, AMX: a speed
# holds for the ISA it was measured on), and docs/benchmarks.md is written again from
# docs/benchmarks.head.md, every such table, and docs/benchmarks.tail.md.
# Run it on a quiet machine: anything else using the cores makes the numbers meaningless.
#   scripts/bench-peers.sh [--threads 2] [--iters 100] [--rounds 3] [--grid | --agreement]
#                          [--engines eager,channels-last,torchscript,compile,onnxruntime,openvino]
# --engines …,onnxruntime-int8,openvino-int8 adds both in int8 (ONNX Runtime on a static QDQ
# model of the same export, OpenVINO on NNCF's quantisation of it), and this project's
# `bench --precision int8` beside them.
# --grid: the paper's 16 α × ρ points at batch 1, and 1.0/224 and 0.5/160 at batch 8 (its own
# table: docs/measurements/peers-cpu-<ISA>-grid.md).
# --agreement: no timing; what int8 costs each engine in accuracy instead, on the bundled trained
# networks (this project, LiteRT running the uint8 file, ONNX Runtime QDQ, OpenVINO with NNCF),
# each against its own fp32 on the test photos and the demo clip's frames
# (scripts/agreement_peers.py; docs/measurements/peers-cpu-<ISA>-int8-agreement.md).
# ONEDNN_MAX_CPU_ISA=AVX2 in the environment limits oneDNN (this project, PyTorch) to AVX2 on an
# AVX-512 machine, and the table says so; ONNX Runtime and OpenVINO pick their own kernels.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --assemble ]]; then  # docs/benchmarks.md from its parts, nothing measured
  {
    cat docs/benchmarks.head.md
    for table in docs/measurements/peers-cpu-*.md; do
      [[ -e $table ]] && { echo; cat "$table"; }
    done
    echo
    cat docs/benchmarks.tail.md
  } >docs/benchmarks.md
  exit 0
fi
threads=2 iters=100 rounds=3 configs=default engines=eager,channels-last,torchscript,compile,onnxruntime,openvino
while (($#)); do
  case "$1" in
    --threads) threads=$2; shift 2 ;;
    --iters) iters=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --grid) configs=grid; shift ;;
    --agreement) configs=agreement; shift ;;
    --engines) engines=$2; shift 2 ;;
    *) echo "usage: $0 [--threads N] [--iters N] [--rounds N] [--grid | --agreement]" \
         "[--engines LIST]" >&2
       exit 2 ;;
  esac
done

torch_args=$(scripts/setup.sh)
python=${torch_args#-DMNL_TORCH_PYTHON=}
[ -x "$python" ] || python=python3
"$python" -c 'import onnxruntime, onnx' 2>/dev/null ||
  "$python" -m pip install -q --disable-pip-version-check onnxruntime==1.31.1 onnx onnxscript >&2
"$python" -c 'import openvino' 2>/dev/null ||
  "$python" -m pip install -q --disable-pip-version-check openvino==2026.4.1 >&2
if [[ $engines == *openvino-int8* ]]; then
  "$python" -c 'import nncf' 2>/dev/null ||
    "$python" -m pip install -q --disable-pip-version-check nncf==3.4.0 >&2
fi
if [[ $configs == agreement ]]; then
  "$python" -c 'import nncf, cv2, ai_edge_litert' 2>/dev/null ||
    "$python" -m pip install -q --disable-pip-version-check nncf==3.4.0 \
      opencv-python-headless ai-edge-litert==2.3.0 >&2
fi

BUILD_DIR=${MNL_BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release $torch_args >/dev/null
cmake --build "$BUILD_DIR" --target mobilenet-lab-cli >/dev/null

mkdir -p docs/measurements
# The machine kind (the widest vector ISA oneDNN may use here) names the table.
isa=$("$python" scripts/bench_peers.py --machine-kind)
section=docs/measurements/peers-cpu-$isa.md
[[ $configs == grid ]] && section=docs/measurements/peers-cpu-$isa-grid.md
if [[ $configs == agreement ]]; then
  section=docs/measurements/peers-cpu-$isa-int8-agreement.md
  "$python" scripts/agreement_peers.py --cli "$BUILD_DIR/app/cli/mobilenet-lab-cli" --out "$section"
  scripts/bench-peers.sh --assemble
  echo "wrote $section and docs/benchmarks.md"
  exit 0
fi
[[ $configs == default ]] && config_args=() || config_args=(--configs "$configs")
OMP_NUM_THREADS=$threads "$python" scripts/bench_peers.py --cli "$BUILD_DIR/app/cli/mobilenet-lab-cli" \
  --device cpu --threads "$threads" --iters "$iters" --warmup 10 --rounds "$rounds" \
  --engines "$engines" "${config_args[@]}" --out "$section"
scripts/bench-peers.sh --assemble
echo "wrote $section and docs/benchmarks.md"

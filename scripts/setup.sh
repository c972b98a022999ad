#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what MobileNet Lab needs on a Debian 12 machine; safe to run again (it skips what is
# already there). Prints nothing else on stdout than the cmake arguments for LibTorch, so the
# other scripts can use it as: args=$(scripts/setup.sh)
#
#   - Debian packages: compiler, CMake, Ninja, Qt 6 (Widgets, PrintSupport, Svg, Test), QCustomPlot,
#     OpenCV, HDF5, FlatBuffers, CLI11, nlohmann-json, oneDNN (the CPU's direct path), Xvfb.
#   - LibTorch: PyTorch's own wheel from PyPI, in a private venv outside the source tree
#     ($MNL_CACHE_DIR, default ~/.cache/mobilenet-lab/torch-venv). A LibTorch you already have
#     wins: set Torch_DIR (…/share/cmake/Torch) or CMAKE_PREFIX_PATH and nothing is installed.
set -euo pipefail

log() { echo "setup: $*" >&2; }

PACKAGES=(
  build-essential cmake ninja-build python3 python3-venv
  qt6-base-dev libqt6opengl6-dev qt6-svg-dev libqcustomplot-dev libqcustomplot2.1-qt6
  libopencv-dev libhdf5-dev libflatbuffers-dev libcli11-dev nlohmann-json3-dev
  libdnnl-dev
  xvfb xauth
)
# The man pages are made by help2man; the tests validate the menu entry and the AppStream data.
PACKAGES+=(help2man desktop-file-utils appstream)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2
fi

if [ -n "${Torch_DIR:-}" ]; then
  log "using your LibTorch: Torch_DIR=$Torch_DIR"
  echo "-DTorch_DIR=$Torch_DIR"
  exit 0
fi
if [ -n "${CMAKE_PREFIX_PATH:-}" ] && ls "${CMAKE_PREFIX_PATH%%:*}"/share/cmake/Torch/TorchConfig.cmake >/dev/null 2>&1; then
  log "using your LibTorch from CMAKE_PREFIX_PATH=$CMAKE_PREFIX_PATH"
  echo "-DCMAKE_PREFIX_PATH=$CMAKE_PREFIX_PATH"
  exit 0
fi

CACHE_DIR=${MNL_CACHE_DIR:-$HOME/.cache/mobilenet-lab}
VENV=$CACHE_DIR/torch-venv
TORCH_SPEC=${MNL_TORCH_SPEC:-torch==2.15.0}
if ! "$VENV/bin/python" -c 'import torch' >/dev/null 2>&1; then
  log "installing LibTorch from PyPI ($TORCH_SPEC) into $VENV — about 5 GB, a few minutes, once"
  python3 -m venv "$VENV" >&2
  # On a terminal, pip's own progress bars (the download is gigabytes); quiet in a log.
  # stdout carries the cmake arguments, so pip writes to stderr either way.
  if [ -t 2 ]; then
    progress=(--progress-bar on)
  else
    progress=(-q --progress-bar off)
  fi
  "$VENV/bin/pip" install "${progress[@]}" --disable-pip-version-check "$TORCH_SPEC" >&2
fi
log "LibTorch $("$VENV/bin/python" -c 'import torch; print(torch.__version__)' 2>/dev/null) in $VENV"
echo "-DMNL_TORCH_PYTHON=$VENV/bin/python"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs what MobileNet Lab needs on a Debian 12 machine; safe to run again (it skips what is
# already there). Prints nothing else on stdout than the cmake arguments for LibTorch, so the
# other scripts can use it as: args=$(scripts/setup.sh)
#
#   - Debian packages: compiler, CMake, Ninja, Qt 6 (Widgets, PrintSupport, Svg, Test), QCustomPlot,
#     OpenCV, HDF5, FlatBuffers, CLI11, nlohmann-json, oneDNN (the CPU's direct path), Xvfb, and
#     what the tests use (help2man, the desktop-file validators, mmdebstrap).
#   - LibTorch: PyTorch's own wheel from PyPI, in a private venv outside the source tree
#     ($MNL_CACHE_DIR, default ~/.cache/mobilenet-lab/torch-venv). A LibTorch you already have
#     wins: set Torch_DIR (…/share/cmake/Torch) or CMAKE_PREFIX_PATH and nothing is installed.
#
# CPU or CUDA (MNL_CUDA=auto|on|off, default auto): the CUDA back end is built where a CUDA
# toolkit is installed (nvcc on PATH or in /usr/local/cuda). Without one, only what LibTorch's
# CPU half needs is installed: the torch wheel without its NVIDIA dependencies, plus the CUDA
# runtime and CUPTI, which the wheel's libtorch_cpu loads even on a CPU (about 550 MB instead of
# about 3.5 GB).
# --tests (scripts/test.sh): PyTorch must also import in Python, which writes the tests' golden
# outputs; the wheel's Python module loads its CUDA half, so that is the whole wheel with its
# NVIDIA libraries, GPU or not. And LiteRT (ai-edge-litert, with numpy), which runs the TFLite
# models this app exports in the tests (tests/teach/litert_probabilities.py).
#
# Exit codes: 0 done; 2 a wrong setting; 3 Debian's package servers could not be reached or a
# package could not be installed; 4 PyPI could not be reached or a wheel could not be installed.
set -euo pipefail

for_tests=no
for arg in "$@"; do
  case $arg in
    --tests) for_tests=yes ;;
    *) echo "usage: scripts/setup.sh [--tests]" >&2; exit 2 ;;
  esac
done

log() { echo "setup: $*" >&2; }
die() { local code=$1; shift; echo "setup: error: $*" >&2; exit "$code"; }

PACKAGES=(
  build-essential cmake ninja-build python3 python3-venv
  qt6-base-dev libqt6opengl6-dev qt6-svg-dev libqcustomplot-dev libqcustomplot2.1-qt6
  libopencv-dev libhdf5-dev libflatbuffers-dev libcli11-dev nlohmann-json3-dev
  libdnnl-dev
  # oneDNN's CMake config (libdnnl-dev) requires OpenCL's headers and loader, which Debian
  # only recommends.
  ocl-icd-opencl-dev
  xvfb xauth
)
# The man pages are made by help2man; the tests validate the menu entry and the AppStream data,
# configure the project in a bare Debian root (mmdebstrap) to catch a package missing here, and
# write an image bomb with zlib.
PACKAGES+=(help2man desktop-file-utils appstream mmdebstrap zlib1g-dev)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing ${#missing[@]} Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq >&2 ||
    die 3 "apt-get update failed: Debian's package servers could not be reached (network, proxy or /etc/apt/sources.list?). Needed: ${missing[*]}"
  # apt says how much it will fetch; ask it first, so the person knows before it starts.
  need=$(LC_ALL=C $SUDO apt-get install --no-install-recommends --assume-no "${missing[@]}" 2>/dev/null |
         sed -n 's/^Need to get \([0-9.,]* [kMG]*B\).*/\1/p' || true)
  log "downloading ${need:-what apt needs} from Debian's archive (a few minutes on a new machine)"
  quiet=(-qq); [ -t 2 ] && quiet=()  # on a terminal apt's own progress, in a log quiet
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${quiet[@]}" --no-install-recommends \
    "${missing[@]}" >&2 ||
    die 3 "apt-get could not install the Debian packages: ${missing[*]} (apt's message is above)"
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

# --- CPU or CUDA ----------------------------------------------------------------------------
toolkit=""
if command -v nvcc >/dev/null 2>&1; then toolkit=$(command -v nvcc)
elif [ -x /usr/local/cuda/bin/nvcc ]; then toolkit=/usr/local/cuda/bin/nvcc
fi
case "${MNL_CUDA:-auto}" in
  auto) cuda=off; [ -n "$toolkit" ] && cuda=on ;;
  on|ON|1|yes) cuda=on ;;
  off|OFF|0|no) cuda=off ;;
  *) die 2 "MNL_CUDA=${MNL_CUDA} is not one of auto, on, off" ;;
esac
if [ "$cuda" = on ] && [ -z "$toolkit" ]; then
  die 2 "MNL_CUDA=on needs a CUDA toolkit (nvcc on PATH or in /usr/local/cuda); README \"CPU or GPU\""
fi
if [ "$cuda" = off ] && [ -e /proc/driver/nvidia/version ] && [ "${MNL_CUDA:-auto}" = auto ]; then
  log "this machine has an NVIDIA driver but no CUDA toolkit: building for the CPU only." \
      "Install CUDA toolkit 13 and run again to build the CUDA back end (README \"CPU or GPU\")."
fi

# --- LibTorch from PyPI, into a private venv ------------------------------------------------
CACHE_DIR=${MNL_CACHE_DIR:-$HOME/.cache/mobilenet-lab}
VENV=$CACHE_DIR/torch-venv
TORCH_SPEC=${MNL_TORCH_SPEC:-torch==2.15.0}
PY="$VENV/bin/python"
progress=(-q --progress-bar off)  # stdout carries the cmake arguments: pip writes to stderr
[ -t 2 ] && progress=(--progress-bar on)
pip_install() {  # what, then pip's arguments
  local what=$1; shift
  "$PY" -m pip install "${progress[@]}" --disable-pip-version-check "$@" >&2 ||
    die 4 "pip could not install $what from PyPI (network, proxy, or a package the index lacks?)"
}
site() { "$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
has_torch() { [ -x "$PY" ] && [ -d "$(site)/torch/lib" ] && ls "$(site)"/torch-*.dist-info >/dev/null 2>&1; }
# The cuda-toolkit version the torch wheel names (its metadata, read without importing torch).
cuda_toolkit_version() {
  "$PY" -c 'import importlib.metadata as m, re
for r in m.requires("torch") or []:
    g = re.match(r"cuda-toolkit\[.*\]==([0-9.]+)", r)
    if g: print(g.group(1)); break'
}

full=no  # the wheel with all its dependencies
if [ "$cuda" = on ] || [ "$for_tests" = yes ]; then full=yes; fi
if ! has_torch; then
  [ -x "$PY" ] || python3 -m venv "$VENV" >&2 || die 4 "python3 -m venv $VENV failed"
  if [ "$full" = yes ]; then
    log "installing LibTorch with CUDA from PyPI ($TORCH_SPEC and NVIDIA's libraries) into $VENV:" \
        "about 3.5 GB to download, a few minutes, once"
    pip_install "$TORCH_SPEC" "$TORCH_SPEC"
  else
    log "installing LibTorch for the CPU from PyPI ($TORCH_SPEC without its NVIDIA libraries) into" \
        "$VENV: about 550 MB to download, 1.4 GB on disk, a minute or two, once"
    pip_install "$TORCH_SPEC" --no-deps "$TORCH_SPEC"
  fi
fi
# What libtorch_cpu itself loads (NEEDED) besides the wheel: the CUDA runtime and CUPTI.
if ! ls "$(site)"/nvidia/cu*/lib/libcudart.so.* "$(site)"/nvidia/cu*/lib/libcupti.so.* >/dev/null 2>&1; then
  version=$(cuda_toolkit_version)
  [ -n "$version" ] || die 4 "the installed torch names no cuda-toolkit version; reinstall: rm -rf $VENV"
  log "installing the CUDA runtime and CUPTI that libtorch_cpu loads (cuda-toolkit $version, about 15 MB)"
  # By name and without dependencies, as torch was: pip's resolver would otherwise complain
  # about the NVIDIA libraries torch names and the CPU set-up leaves out.
  pip_install "cuda-toolkit $version" --no-deps "cuda-toolkit==$version"
  mapfile -t runtime < <("$PY" -c 'import importlib.metadata as m, re
for r in m.requires("cuda-toolkit") or []:
    if re.search(r"extra == .(cudart|cupti).", r): print(r.split(";")[0].strip())')
  ((${#runtime[@]} == 2)) || die 4 "cuda-toolkit $version names no CUDA runtime and CUPTI"
  pip_install "the CUDA runtime and CUPTI (${runtime[*]})" --no-deps "${runtime[@]}"
fi
# A venv set up for the CPU that is now asked for CUDA or the tests: the rest of torch's
# dependencies.
if [ "$full" = yes ] && ! "$PY" -c 'import torch' >/dev/null 2>&1; then
  log "installing the rest of PyTorch (its NVIDIA libraries, for the CUDA back end or for the" \
      "tests' PyTorch in Python): about 3 GB, a few minutes, once"
  pip_install "$TORCH_SPEC with its NVIDIA libraries" "$TORCH_SPEC"
fi
# LiteRT for the tests: it runs the TFLite models the app exports (about 30 MB with numpy).
LITERT_SPEC=${MNL_LITERT_SPEC:-ai-edge-litert==2.3.0}
if [ "$for_tests" = yes ] && ! "$PY" -c 'import ai_edge_litert.interpreter' >/dev/null 2>&1; then
  log "installing LiteRT ($LITERT_SPEC) for the tests of the TFLite export"
  pip_install "$LITERT_SPEC" "$LITERT_SPEC"
fi
log "LibTorch $(basename "$(ls -d "$(site)"/torch-*.dist-info)" .dist-info | sed 's/^torch-//') in $VENV;" \
    "CUDA back end: $cuda${toolkit:+ (nvcc: $toolkit)}"
echo "-DMNL_TORCH_PYTHON=$PY -DMNL_CUDA=$(tr '[:lower:]' '[:upper:]' <<<"$cuda")"

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The README's test command: installs what is missing, builds, and runs every test with CTest;
# then builds core/, the CLI and their tests again with AddressSanitizer + UBSan (the `asan`
# preset, build-asan/) and runs those tests too. MNL_SANITIZERS=0 skips that second part (it
# roughly doubles the time: LibTorch's headers are compiled again, instrumented).
# Extra arguments go to cmake for the normal build.
set -euo pipefail
cd "$(dirname "$0")/.."
# The tests also need PyTorch in Python (their golden outputs): the whole wheel.
scripts/setup.sh --tests >/dev/null
scripts/build.sh "$@"
# Tests run side by side, one per core (those timing the machine are marked RUN_SERIAL).
ctest --test-dir "${MNL_BUILD_DIR:-build}" --output-on-failure --timeout 900 \
  --parallel "${MNL_JOBS:-$(nproc)}"

if [[ "${MNL_SANITIZERS:-1}" != 0 ]]; then
  echo "== the same core, CLI and media tests under AddressSanitizer + UBSan (build-asan/) =="
  # The CPU code only: the CUDA plugin cannot run without a GPU, and LibTorch's CUDA half and
  # NVIDIA's libraries it would load are not instrumented.
  torch_args=$(scripts/setup.sh | sed 's/-DMNL_CUDA=[A-Z]*//')
  launcher=()
  if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake --preset asan $torch_args -DMNL_CUDA=OFF "${launcher[@]}" >/dev/null
  cmake --build --preset asan --parallel "${MNL_JOBS:-$(nproc)}"
  ctest --preset asan --timeout 1800 --parallel "${MNL_JOBS:-$(nproc)}"
fi

#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the fuzz targets built in BIN_DIR: first every saved crashing input of
# tests/fuzz/regressions/ (each must now pass), then each target for SECONDS seconds from a seed
# corpus (symlinked, not copied): the bundled weights for tflite and keras; for pytorch and
# safetensors the checkpoints tests/core/make_pytorch_fixtures.py wrote into the build
# (MNL_FUZZ_SEED_DIR, default BIN_DIR/../core/pytorch_fixtures), those under 4 MiB. Fails on any crash, hang, leak,
# undefined behaviour or sanitizer report, also one printed by the Keras reader program
# that fuzz_keras starts for each input.
# Usage: run_fuzz.sh BIN_DIR SECONDS [TARGET...]
#   (targets: tflite keras pytorch safetensors; default all four)
# MNL_FUZZ_KEEP_CORPUS=1 keeps each target's corpus (BIN_DIR/run/TARGET-corpus) from the last
# run, so a long campaign can be run in pieces; by default each run starts from the seeds.
# Each run ends with the CPU time it used (the target and the programs it starts) and the
# corpus before and after, the figures docs/reliability.md records.
set -euo pipefail
bin=$(cd "$1" && pwd); seconds=$2; shift 2
targets=("$@"); [[ ${#targets[@]} -gt 0 ]] || targets=(tflite keras pytorch safetensors)
fixtures=${MNL_FUZZ_SEED_DIR:-$bin/../core/pytorch_fixtures}
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$bin/run"; mkdir -p "$work"
status=0

# Whether a log holds a sanitizer report that is a finding. libFuzzer's exit status covers the
# fuzzing process itself; this catches what the Keras reader program prints. A report whose
# first frames are in HDF5 (an uninstrumented library: ASan sees it only through malloc/memcpy)
# is HDF5 failing on a damaged file, which the reader program exists to contain: readKerasH5
# turns it into a WeightsError. Undefined behaviour is reported only in our own code, and so is
# a failed bounds check of the C++ library (the reader is built with _GLIBCXX_ASSERTIONS).
has_finding() {
  awk '/ERROR: AddressSanitizer|ERROR: LeakSanitizer/ { open = 5; hdf5 = 0; next }
       open > 0 { if (/libhdf5/) hdf5 = 1; if (--open == 0 && !hdf5) bad = 1 }
       /runtime error:|: Assertion .* failed/ { bad = 1 }
       END { if (open > 0 && !hdf5) bad = 1; exit bad ? 0 : 1 }' "$1"
}

# Sets `cpu` to the user + system seconds of every finished child of this script (the second
# line of bash's `times`, which must run in this shell, not in a $(...) subshell).
read_children_cpu() {
  times >"$work/$target.times"
  cpu=$(awk 'NR == 2 { total = 0
    for (i = 1; i <= 2; ++i) { split($i, t, /[ms]/); total += t[1] * 60 + t[2] }
    printf "%d", total }' "$work/$target.times")
}

for target in "${targets[@]}"; do
  exe="$bin/fuzz_$target"
  case $target in
    tflite) ext=tflite; seed_dir=$root/resources ;;
    keras) ext=h5; seed_dir=$root/resources ;;
    pytorch) ext=pth; seed_dir=$fixtures ;;
    safetensors) ext=safetensors; seed_dir=$fixtures ;;
    *) echo "unknown target $target"; exit 2 ;;
  esac
  if [[ ! -x $exe ]]; then echo "fuzz_$target: not built, skipped"; continue; fi
  log="$work/$target.log"; corpus="$work/$target-corpus"; seeds="$work/$target-seeds"
  [[ ${MNL_FUZZ_KEEP_CORPUS:-0} == 1 ]] || rm -rf "$corpus"
  rm -rf "$seeds"; mkdir -p "$corpus" "$seeds" "$work/$target-crashes"
  for f in "$seed_dir"/*."$ext"; do
    [[ -e $f && $(stat -c %s "$f") -le 4194304 ]] && ln -s "$f" "$seeds/"
  done

  regressions=("$root"/tests/fuzz/regressions/"$target"-*)
  if [[ -e ${regressions[0]} ]]; then
    echo "fuzz_$target: replaying ${#regressions[@]} regression input(s)"
    if ! "$exe" -timeout=60 "${regressions[@]}" >"$log.replay" 2>&1 ||
        has_finding "$log.replay"; then
      tail -n 40 "$log.replay"; echo "fuzz_$target: a regression input fails again"; status=1
    fi
  fi

  echo "fuzz_$target: fuzzing for $seconds s"
  corpus_before=$(find "$corpus" -type f | wc -l)
  read_children_cpu; cpu_before=$cpu
  # -timeout: one input taking longer is a hang (readKerasH5 stops the reader program after 60 s).
  # -rss_limit_mb: the readers must refuse absurd sizes, not allocate them. -max_len: libFuzzer
  # cuts inputs at 1 MiB by default, which would leave no bundled model whole (up to 3.2 MB).
  if ! "$exe" -max_total_time="$seconds" -timeout=90 -rss_limit_mb=2560 -max_len=4194304 \
      -print_final_stats=1 \
      -artifact_prefix="$work/$target-crashes/" "$corpus" "$seeds" >"$log" 2>&1 ||
      has_finding "$log"; then
    tail -n 60 "$log"; echo "fuzz_$target: FAILED (inputs in $work/$target-crashes/)"; status=1
  else
    grep -E 'stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs' "$log" | \
      sed "s/^/fuzz_$target: /"
  fi
  read_children_cpu
  echo "fuzz_$target: CPU $(( cpu - cpu_before )) s;" \
    "corpus $corpus_before -> $(find "$corpus" -type f | wc -l) inputs, $(du -sh "$corpus" | cut -f1)"
done
exit $status

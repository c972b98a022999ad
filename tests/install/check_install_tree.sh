#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: check_install_tree.sh BUILD SOURCE PHOTO GUI(ON|OFF) MAN(ON|OFF)
# Installs BUILD into a temporary prefix and moves the prefix elsewhere (a program that found
# its files through a path compiled in, or through the build tree, would still look there).
# Then: no path into SOURCE or BUILD in any installed program or man page, and the moved copy
# runs with both trees hidden — the CLI's --version, cost and classify, the app's scripted
# screenshot.
set -euo pipefail
build=$1 source=$2 photo=$3 gui=$4 man=$5
id=io.github.mobilenetlab.MobileNetLab
fail() { echo "FAIL: $*" >&2; exit 1; }

# The moved copy at work, run from $work with no override. Called in a mount namespace where
# SOURCE (and BUILD) are empty, where the system allows one.
run_installed() {
  local prefix=$1 work=$2
  cd "$work"
  unset MOBILENET_LAB_RESOURCES
  export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config
  mkdir -p "$HOME"
  local cli=$prefix/bin/mobilenet-lab-cli version out total
  version=$("$cli" --version)
  echo "$version"
  grep -qx "Resources: $prefix/share/mobilenet-lab" <<<"$version" ||
    fail "--version does not name the installed resources ($prefix/share/mobilenet-lab)"
  [[ $("$cli" -V) == "$version" ]] || fail "-V and --version differ"
  # LibTorch from the prefix (MNL_BUNDLE_LIBTORCH): the copy installed with the programs, not
  # the one they were built against.
  if compgen -G "$prefix/lib*/mobilenet-lab/libtorch_cpu.so" >/dev/null; then
    grep -qE "^LibTorch .*, loaded from $prefix/lib[^ ]*/mobilenet-lab$" <<<"$version" ||
      fail "LibTorch was not loaded from the installed prefix"
  fi

  "$cli" cost --alpha 0.5 --resolution 160 --csv > cost.csv
  total=$(grep '^total,' cost.csv | cut -d, -f7)
  [[ $total == $("$cli" cost --alpha 0.5 --resolution 160 --json |
                 python3 -c 'import json,sys; print(json.load(sys.stdin)["mult_adds"])') ]] ||
    fail "cost --csv total $total differs from --json"

  out=$("$cli" classify photo.jpg --alpha 1.0 --top 1 --device cpu)
  echo "$out"
  grep -q "(bundled)" <<<"$out" || fail "classify did not use the bundled weights"
  grep -q "macaw (89)" <<<"$out" || fail "classify of the parrot photo is not macaw"
  if [[ -x $prefix/libexec/mobilenet-lab/mobilenet-lab-keras-h5-reader ]]; then
    # The Keras model, read by the installed helper program (the build tree's is out of reach).
    out=$("$cli" classify photo.jpg --alpha 0.25 --resolution 224 --top 1 --device cpu)
    echo "$out"
    grep -q "mobilenet_v1_0.25_224.h5 (bundled)" <<<"$out" || fail "not the Keras model: $out"
    grep -q "macaw" <<<"$out" || fail "the Keras model through the installed reader: $out"
  fi

  if [[ $gui == ON ]]; then
    # No source given and no camera here: the app plays the installed demo clip.
    "$prefix/bin/mobilenet-lab" --no-saved-settings --device cpu --screenshot shot.png
    [[ $(stat -c %s shot.png) -gt 20000 ]] ||
      fail "the installed app's screenshot is missing or empty"
  fi
}

if [[ ${MNL_INSTALL_CHECK_PHASE:-} == run ]]; then
  [[ ! -e $source/resources ]] || fail "the source tree is not hidden"
  run_installed "$MNL_INSTALL_PREFIX" "$MNL_INSTALL_WORK"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/staged" >/dev/null
mv "$work/staged" "$work/moved"
prefix=$work/moved
cp "$photo" "$work/photo.jpg"

# The layout.
expect=(bin/mobilenet-lab-cli
        share/mobilenet-lab/imagenet_labels_1001.txt
        share/mobilenet-lab/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite
        share/mobilenet-lab/demo/demo.avi
        share/mobilenet-lab/NOTICE share/mobilenet-lab/LICENSE-Apache-2.0.txt
        share/mobilenet-lab/LICENSE-GPL-3.0-or-later.txt)
if [[ $gui == ON ]]; then
  expect+=(bin/mobilenet-lab share/applications/$id.desktop share/metainfo/$id.metainfo.xml
           share/icons/hicolor/scalable/apps/$id.svg share/icons/hicolor/16x16/apps/$id.png
           share/icons/hicolor/256x256/apps/$id.png)
fi
if [[ $man == ON ]]; then
  expect+=(share/man/man1/mobilenet-lab-cli.1)
  [[ $gui == ON ]] && expect+=(share/man/man1/mobilenet-lab.1)
fi
# The Keras .h5 reader, where this build has one, beside the programs as core looks for it.
for built in "$build"/libexec/mobilenet-lab/mobilenet-lab-keras-h5-reader \
             "$build"/core/weights/tools/mobilenet-lab-keras-h5-reader; do
  [[ -x $built ]] && expect+=(libexec/mobilenet-lab/mobilenet-lab-keras-h5-reader) && break
done
for file in "${expect[@]}"; do
  [[ -e $prefix/$file ]] || fail "not installed: $file"
done

# No path of this machine's source or build tree in what was installed (a RUNPATH to LibTorch
# where it is not bundled, outside both, is meant: README "Installing").
while IFS= read -r -d '' file; do
  for tree in "$source" "$build"; do
    if grep -qaF "$tree/" "$file"; then
      fail "$file names $tree: $(strings -a "$file" | grep -F "$tree/" | head -3 | tr '\n' ' ')"
    fi
  done
done < <(find "$prefix" -type f \( -path '*/bin/*' -o -path '*/libexec/*' -o -name '*.1' \) -print0)

if [[ $man == ON ]]; then
  # The man pages are made from --help: every option of it is in the page.
  for opt in $("$prefix/bin/mobilenet-lab-cli" cost --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    grep -qF -- "${opt//-/\\-}" "$prefix/share/man/man1/mobilenet-lab-cli.1" ||
      fail "mobilenet-lab-cli.1 lacks $opt"
  done
fi

# An empty tmpfs over the source tree (and the build tree, when it is elsewhere) in a mount
# namespace of this test's own: the installed copy cannot read anything there. (This script
# and the photo were copied out first.)
if unshare --mount --map-root-user true 2>/dev/null; then
  cp "$0" "$work/check.sh"
  MNL_INSTALL_CHECK_PHASE=run MNL_INSTALL_PREFIX=$prefix MNL_INSTALL_WORK=$work \
    unshare --mount --map-root-user bash -c '
      mount -t tmpfs none "$2" && { [[ $1 == "$2"/* ]] || mount -t tmpfs none "$1"; } &&
      exec bash "$0" "$@"' "$work/check.sh" "$build" "$source" "$photo" "$gui" "$man"
  echo "ran with $source hidden"
else
  echo "no mount namespace allowed here: ran with the source tree in place"
  run_installed "$prefix" "$work"
fi
echo "installed tree works from a moved prefix: $(du -sh "$prefix" | cut -f1) (du -sh)"

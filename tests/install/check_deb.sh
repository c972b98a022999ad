#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# usage: check_deb.sh BUILD DPKG_DEB GUI(ON|OFF) [BARE_DEBIAN_SCRIPT]
# cpack makes the .deb of the build; its control file depends on Debian's runtime packages of
# what the programs link (Qt 6, QCustomPlot, OpenCV, the C++ runtime) and it holds the programs,
# their data and the menu entry under /usr.
set -euo pipefail
build=$1 dpkg_deb=$2 gui=$3
fail() { echo "FAIL: $*" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" ||
  { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/mobilenet-lab_*.deb)
"$dpkg_deb" -I "$deb"
depends=$("$dpkg_deb" -f "$deb" Depends)
required=(libc6 'libstdc\+\+6')  # extended regular expressions
if [[ $gui == ON ]]; then
  required+=(libqt6core6 libqt6gui6 libqt6widgets6 qt6-qpa-plugins 'libqcustomplot2\.1-qt6'
             'libopencv-core[0-9.]+' 'libopencv-videoio[0-9.]+')
fi
for package in "${required[@]}"; do
  grep -Eq "(^|, )$package(,|$| )" <<<"$depends" || fail "Depends lacks $package: $depends"
done
contents=$("$dpkg_deb" -c "$deb")
for file in ./usr/bin/mobilenet-lab-cli ./usr/share/mobilenet-lab/imagenet_labels_1001.txt; do
  grep -qF " $file" <<<"$contents" || fail "the .deb lacks $file"
done
if [[ $gui == ON ]]; then
  for file in ./usr/bin/mobilenet-lab \
              ./usr/share/applications/io.github.mobilenetlab.MobileNetLab.desktop; do
    grep -qF " $file" <<<"$contents" || fail "the .deb lacks $file"
  done
fi
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes, Installed-Size $("$dpkg_deb" -f "$deb" Installed-Size) KiB"

# Then on a machine that never saw this build: a bare Debian 12 root (skipped where that cannot
# be made: not root, no mmdebstrap, no package servers).
if [[ -n ${4:-} ]]; then
  rc=0
  "$4" deb "$deb" || rc=$?
  if ((rc == 77)); then
    echo "bare-root install skipped (scripts/bare-debian.sh cannot run here)"
  elif ((rc != 0)); then
    fail "the .deb in a bare Debian 12 root"
  fi
fi

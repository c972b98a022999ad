#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# What a new user's machine does with this project, tried in a bare Debian 12 root (a minimal
# bookworm made by mmdebstrap, with nothing installed but git, python3 and python3-venv), so that
# a package this machine happens to have cannot hide a missing install step.
#
#   scripts/bare-debian.sh configure     the committed HEAD cloned into the root, then
#                                        scripts/setup.sh and CMake's configure (about 2 minutes)
#   scripts/bare-debian.sh commands      the README's two commands there, timed: scripts/run.sh
#                                        (with --screenshot, under Xvfb), then scripts/test.sh
#                                        (about an hour on 2 cores)
#   scripts/bare-debian.sh deb FILE.deb  apt installs the package (and only what it depends on),
#                                        mobilenet-lab-cli classifies a photo (top-1 "macaw"),
#                                        the window saves a screenshot under Xvfb, apt purges it
#                                        and none of its files or folders is left (2 minutes)
#
# Needs root (chroot, mounts), mmdebstrap (scripts/setup.sh installs it) and Debian's and PyPI's
# package servers. Exit codes: 0 passed, 1 failed, 77 cannot run here (not root, no mmdebstrap,
# no network): the tests take 77 as "skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
case $mode in
  configure|commands) ;;
  deb) deb=$(realpath "${2:?usage: scripts/bare-debian.sh deb FILE.deb}") ;;
  *) sed -n '5,20p' "$0" >&2; exit 2 ;;
esac
say() { echo "bare-debian: $*" >&2; }
[ "$(id -u)" -eq 0 ] || { say "needs root (chroot, mounts): skipped"; exit 77; }
command -v mmdebstrap >/dev/null || { say "needs mmdebstrap (apt-get install mmdebstrap): skipped"; exit 77; }

work=$(mktemp -d /tmp/mnl-bare-debian.XXXXXX)
root=$work/root
cleanup() {
  for m in "$root/dev/shm" "$root/proc"; do mountpoint -q "$m" 2>/dev/null && umount -l "$m"; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
start=$(date +%s)

say "making a minimal Debian 12 root"
if ! mmdebstrap --quiet --variant=minbase --include=ca-certificates,git,python3,python3-venv \
       bookworm "$root" >"$work/mmdebstrap.log" 2>&1; then
  tail -n 20 "$work/mmdebstrap.log" >&2
  grep -qiE "could not resolve|failed to fetch|temporary failure|connection" "$work/mmdebstrap.log" &&
    { say "Debian's package servers cannot be reached: skipped"; exit 77; }
  say "FAILED: mmdebstrap"; exit 1
fi
mount -t proc proc "$root/proc"
mkdir -p "$root/dev/shm" && mount -t tmpfs tmpfs "$root/dev/shm"
# The root reaches the package servers the way this machine does.
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
[ -f /etc/pip.conf ] && cp /etc/pip.conf "$root/etc/pip.conf"
cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    $(env | grep -E '^PIP_' | tr '\n' ' ') bash -c "$1"
}

case $mode in
configure)
  git clone -q . "$root/src"
  say "checking $(git -C "$root/src" log -1 --format='%h %s' | cut -c1-70)"
  if in_root 'cd /src && args=$(scripts/setup.sh) && cmake -S . -B build -G Ninja $args'; then
    say "PASSED: setup and configure in $(( $(date +%s) - start )) s on a bare Debian 12 root"
  else
    say "FAILED: setup or configure, after $(( $(date +%s) - start )) s on a bare Debian 12 root"
    exit 1
  fi
  ;;
commands)
  git clone -q . "$root/src"
  say "checking $(git -C "$root/src" log -1 --format='%h %s' | cut -c1-70)"
  step=$(date +%s)
  in_root 'cd /src && scripts/run.sh --no-saved-settings --screenshot /tmp/shot.png' ||
    { say "FAILED: scripts/run.sh after $(( $(date +%s) - step )) s"; exit 1; }
  say "scripts/run.sh: built the app from nothing and took its screenshot in $(( $(date +%s) - step )) s"
  [ -n "${MNL_BARE_SCREENSHOT:-}" ] && cp "$root/tmp/shot.png" "$MNL_BARE_SCREENSHOT"
  step=$(date +%s)
  in_root 'cd /src && CI=true scripts/test.sh' ||
    { say "FAILED: scripts/test.sh after $(( $(date +%s) - step )) s"; exit 1; }
  say "scripts/test.sh: passed in $(( $(date +%s) - step )) s"
  say "PASSED: the README's two commands in $(( $(date +%s) - start )) s on a bare Debian 12 root"
  ;;
deb)
  cp "$deb" "$root/tmp/" && cp tests/data/parrot.jpg "$root/tmp/parrot.jpg"
  name=$(basename "$deb")
  in_root 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xvfb xauth' \
    >"$work/xvfb.log" 2>&1 || { tail -n 20 "$work/xvfb.log" >&2; say "FAILED: installing Xvfb"; exit 1; }
  say "installing $name"
  in_root "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/$name" >"$work/install.log" 2>&1 ||
    { tail -n 30 "$work/install.log" >&2; say "FAILED: apt-get install ./$name"; exit 1; }
  in_root 'dpkg-query -L mobilenet-lab' >"$work/owned.txt"
  classified=$(in_root 'mobilenet-lab-cli classify /tmp/parrot.jpg --top 1 --json') ||
    { say "FAILED: mobilenet-lab-cli classify"; exit 1; }
  top1=$(python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["top"][0]["label"])' <<<"$classified")
  [ "$top1" = macaw ] || { say "FAILED: top-1 of parrot.jpg is '$top1', not macaw"; exit 1; }
  say "classify: parrot.jpg is a $top1"
  in_root 'cd /tmp && timeout 120 xvfb-run -a -s "-screen 0 1366x768x24" mobilenet-lab \
             --no-saved-settings --screenshot /tmp/shot.png' >"$work/window.log" 2>&1 ||
    { tail -n 20 "$work/window.log" >&2; say "FAILED: mobilenet-lab --screenshot"; exit 1; }
  size=$(stat -c %s "$root/tmp/shot.png" 2>/dev/null || echo 0)
  [ "$size" -gt 10000 ] || { say "FAILED: the screenshot is $size bytes"; exit 1; }
  say "window: a $size-byte screenshot at 1366x768"
  [ -n "${MNL_BARE_SCREENSHOT:-}" ] && cp "$root/tmp/shot.png" "$MNL_BARE_SCREENSHOT"
  in_root 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq mobilenet-lab &&
           DEBIAN_FRONTEND=noninteractive apt-get autoremove --purge -y -qq' >"$work/purge.log" 2>&1 ||
    { tail -n 20 "$work/purge.log" >&2; say "FAILED: apt-get purge"; exit 1; }
  # Nothing of the package is left: each of its files is gone, and each of its folders is gone
  # or belongs to another package (/usr/bin, /usr/share/icons/hicolor…).
  left=()
  while IFS= read -r path; do
    [[ -z $path || $path == /. ]] && continue
    if [[ -d $root$path && ! -L $root$path ]]; then
      in_root "dpkg-query -S '$path'" >/dev/null 2>&1 || left+=("$path/")
    elif [[ -e $root$path || -L $root$path ]]; then
      left+=("$path")
    fi
  done <"$work/owned.txt"
  if ((${#left[@]})); then
    printf '  %s\n' "${left[@]:0:20}" >&2
    say "FAILED: the purge left ${#left[@]} of the package's files or folders behind (above)"; exit 1
  fi
  say "PASSED: installed, classified, screenshot, purged with nothing left, in $(( $(date +%s) - start )) s"
  ;;
esac
